"""Practice, item by item: the right input for each interaction, instant feedback (htmx partial or a full
page after a redirect), hints one at a time, evidence from first tries only, and the summary."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from trellis.apps.evidence.models import Evidence
from trellis.apps.learning.models import HintReveal, PracticeAnswer, PracticeSession
from trellis.web.components.tests.classroom import Classroom, build_classroom, client_for

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture
def room() -> Classroom:
    return build_classroom()


@pytest.fixture
def learner_client(room: Classroom) -> Client:
    return client_for(room.learner.user)


def _start(client: Client, room: Classroom) -> PracticeSession:
    response = client.post(reverse("learn:practice-start", kwargs={"activity_id": room.practice.public_id}))
    session = PracticeSession.objects.get(learner=room.learner)
    assert response.status_code == 302
    assert response["Location"] == reverse("learn:practice", kwargs={"session_id": session.public_id})
    return session


def _page(client: Client, session: PracticeSession, item: Any = None) -> str:
    url = reverse("learn:practice", kwargs={"session_id": session.public_id})
    if item is not None:
        url += f"?item={item.public_id}"
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _answer_url(session: PracticeSession, item: Any) -> str:
    return reverse(
        "learn:practice-answer", kwargs={"session_id": session.public_id, "item_id": item.public_id}
    )


def _hint_url(session: PracticeSession, item: Any) -> str:
    return reverse("learn:practice-hint", kwargs={"session_id": session.public_id, "item_id": item.public_id})


def test_the_competency_page_offers_practice_to_the_learner_only(room: Classroom) -> None:
    url = reverse(
        "records:competency",
        kwargs={"learner_id": room.learner.public_id, "competency_id": room.unit_rate.public_id},
    )
    mine = client_for(room.learner.user).get(url).content.decode()
    assert "Practice this" in mine
    assert reverse("learn:practice-start", kwargs={"activity_id": room.practice.public_id}) in mine
    assert reverse("learn:activity", kwargs={"activity_id": room.task.public_id}) in mine
    teachers = client_for(room.teacher).get(url).content.decode()
    assert "Activities for this competency" in teachers and "Unit rates in sports" in teachers
    assert "learn/practice" not in teachers


def test_starting_twice_resumes_the_same_session(room: Classroom, learner_client: Client) -> None:
    first = _start(learner_client, room)
    again = learner_client.post(
        reverse("learn:practice-start", kwargs={"activity_id": room.practice.public_id})
    )
    assert again["Location"].endswith(f"/{first.public_id}/")
    assert PracticeSession.objects.count() == 1


def test_each_interaction_gets_its_own_input(room: Classroom, learner_client: Client) -> None:
    session = _start(learner_client, room)
    choice = _page(learner_client, session, room.items["choice"])
    assert choice.count('type="radio" ') == 2 and "<legend" in choice
    multiple = _page(learner_client, session, room.items["multiple_choice"])
    assert multiple.count('type="checkbox" ') == 3 and "Choose all that apply." in multiple
    text = _page(learner_client, session, room.items["text_entry"])
    assert 'type="text"' in text and "inputmode" not in text
    numeric = _page(learner_client, session, room.items["numeric_entry"])
    assert 'inputmode="decimal"' in numeric and "like 12, 2.5 or 3/4" in numeric
    ordering = _page(learner_client, session, room.items["ordering"])
    assert ordering.count("<select") == 3
    for place in (1, 2, 3):
        assert f'<label for="slot-{place}">Place {place}</label>' in ordering
    # Without a try yet, each place starts with the card listed there (never the answer's order).
    assert re.findall(r'<option value="(\w)" selected>', ordering) == ["a", "b", "c"]


def test_a_wrong_then_right_answer_without_javascript(room: Classroom, learner_client: Client) -> None:
    session = _start(learner_client, room)
    item = room.items["choice"]
    assert "Question 1 of 5" in _page(learner_client, session)
    wrong = learner_client.post(_answer_url(session, item), {"response": "b"})
    assert wrong.status_code == 302
    assert wrong["Location"].endswith(f"?item={item.public_id}#feedback")
    page = _page(learner_client, session, item)
    assert "Not quite" in page and "Price per card means dollars ÷ cards." in page
    assert "That is cards per dollar." in page  # the feedback for the choice picked
    assert 'value="b" checked' in page  # the learner's answer stays chosen
    assert Evidence.objects.filter(learner=room.learner, source="practice").count() == 1

    right = learner_client.post(_answer_url(session, item), {"response": "a"})
    assert right.status_code == 302
    page = _page(learner_client, session, item)
    assert "Correct" in page and "Yes: $2 ÷ 8 = $0.25." in page
    assert "Only your first try counts as evidence" in page
    assert "Next question" in page
    # The retry is practice, not evidence: still the one piece of evidence, and it says "not yet correct".
    evidence = Evidence.objects.get(learner=room.learner, source="practice")
    assert evidence.correct is False and evidence.competency == room.unit_rate
    assert PracticeAnswer.objects.filter(session=session).count() == 2


def test_check_with_htmx_swaps_the_item_card_and_the_progress(
    room: Classroom, learner_client: Client
) -> None:
    session = _start(learner_client, room)
    response = learner_client.post(
        _answer_url(session, room.items["choice"]), {"response": "a"}, headers=HTMX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and "<h1" not in html
    assert html.startswith('\n<section id="item-card"') or html.lstrip().startswith('<section id="item-card"')
    assert 'role="status" tabindex="-1" autofocus' in html and "Correct" in html
    assert 'id="progress"' in html and 'hx-swap-oob="true"' in html
    assert "right on the first try" in html
    nxt = re.search(r'href="[^"]+\?item=([0-9a-f-]+)">Next question', html)
    assert nxt is not None and nxt[1] == str(room.items["multiple_choice"].public_id)


def test_an_unreadable_answer_says_what_to_do_and_stores_nothing(
    room: Classroom, learner_client: Client
) -> None:
    session = _start(learner_client, room)
    numeric = room.items["numeric_entry"]
    page = learner_client.post(_answer_url(session, numeric), {"response": "twelve"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "<h1" in html and "Check your answer" in html
    assert "Enter a number, like 2.5, 3/4 or 1 1/2, without units or words." in html
    assert 'value="twelve"' in html
    partial = learner_client.post(_answer_url(session, room.items["choice"]), {}, headers=HTMX)
    assert "Choose an answer first." in partial.content.decode()
    assert not PracticeAnswer.objects.exists() and not Evidence.objects.filter(source="practice").exists()


def test_every_interaction_is_scored_from_the_form(room: Classroom, learner_client: Client) -> None:
    session = _start(learner_client, room)
    answers = {
        "multiple_choice": {"response": ["a", "c"]},
        "text_entry": {"response": " One. "},
        "numeric_entry": {"response": "4"},
        "ordering": {"response": ["c", "a", "b"]},
    }
    for name, data in answers.items():
        learner_client.post(_answer_url(session, room.items[name]), data)
    assert all(PracticeAnswer.objects.filter(session=session).values_list("correct", flat=True))
    assert PracticeAnswer.objects.filter(session=session).count() == 4
    partial = learner_client.post(
        _answer_url(session, room.items["ordering"]), {"response": ["a", "a", "b"]}, headers=HTMX
    )
    assert "Place every card once" in partial.content.decode()


def test_hints_come_one_at_a_time(room: Classroom, learner_client: Client) -> None:
    session = _start(learner_client, room)
    item = room.items["choice"]
    first = learner_client.post(_hint_url(session, item), headers=HTMX).content.decode()
    assert first.lstrip().startswith('<div id="hints"')
    assert "Divide the price by the number of cards." in first and "2 ÷ 8 = ?" not in first
    assert "Show another hint" in first and 'tabindex="-1" autofocus' in first
    plain = learner_client.post(_hint_url(session, item))
    assert plain.status_code == 302 and plain["Location"].endswith("#hints")
    page = _page(learner_client, session, item)
    assert "2 ÷ 8 = ?" in page and "every hint for this question" in page and "Show a" not in page
    learner_client.post(_hint_url(session, item))  # no more hints: nothing more is recorded
    assert HintReveal.objects.filter(session=session).count() == 2
    learner_client.post(_answer_url(session, item), {"response": "a"})
    assert PracticeAnswer.objects.get().hints_used == 2


def test_finishing_shows_the_summary_and_the_continuum_it_moved(
    room: Classroom, learner_client: Client
) -> None:
    continuum = reverse("records:continuum", kwargs={"learner_id": room.learner.public_id})
    before = learner_client.get(continuum).content.decode()
    assert re.search(r"Ready to learn</span>\s*<a [^>]*>\s*<span class=\"code\">6.RP.A.2", before)
    session = _start(learner_client, room)
    learner_client.post(_answer_url(session, room.items["choice"]), {"response": "a"})
    learner_client.post(_answer_url(session, room.items["numeric_entry"]), {"response": "5"})
    done = learner_client.post(reverse("learn:practice-finish", kwargs={"session_id": session.public_id}))
    assert done.status_code == 302
    summary = _page(learner_client, session)
    assert "You answered 2 of 5 questions, 1 right on the first try." in summary
    assert "Where this puts you on your continuum" in summary
    competency_url = reverse(
        "records:competency",
        kwargs={"learner_id": room.learner.public_id, "competency_id": room.unit_rate.public_id},
    )
    assert competency_url in summary and "In progress" in summary
    after = learner_client.get(continuum).content.decode()
    assert re.search(r"In progress</span>\s*<a [^>]*>\s*<span class=\"code\">6.RP.A.2", after)


def test_a_finished_session_takes_no_more_answers(room: Classroom, learner_client: Client) -> None:
    session = _start(learner_client, room)
    learner_client.post(reverse("learn:practice-finish", kwargs={"session_id": session.public_id}))
    plain = learner_client.post(_answer_url(session, room.items["choice"]), {"response": "a"}, follow=True)
    assert "This practice session has ended; start a new one." in plain.content.decode()
    htmx = learner_client.post(_answer_url(session, room.items["choice"]), {"response": "a"}, headers=HTMX)
    assert htmx["HX-Redirect"] == reverse("learn:practice", kwargs={"session_id": session.public_id})
    assert not PracticeAnswer.objects.exists()


def test_an_item_of_another_practice_set_is_not_found(room: Classroom, learner_client: Client) -> None:
    from trellis.apps.learning.services import add_item, create_activity

    other = create_activity(
        title="Percents", kind="practice_set", competencies=[room.percent], district=room.district
    )
    stranger = add_item(
        activity=other, interaction="numeric_entry", prompt="10% of 50?", correct={"value": 5, "tolerance": 0}
    )
    session = _start(learner_client, room)
    assert learner_client.post(_answer_url(session, stranger), {"response": "5"}).status_code == 404
    assert learner_client.post(_hint_url(session, stranger)).status_code == 404


def test_a_practice_set_of_another_district_cannot_be_started(
    room: Classroom, learner_client: Client
) -> None:
    from trellis.apps.frameworks.services import add_competency, create_framework, four_level_scale
    from trellis.apps.learning.services import create_activity
    from trellis.apps.rosters.models import District

    elsewhere = District.objects.create(name="Elsewhere")
    framework = create_framework(title="Theirs", scale=four_level_scale(elsewhere), district=elsewhere)
    theirs = create_activity(
        title="Their practice",
        kind="practice_set",
        competencies=[add_competency(framework=framework, human_code="X.1", statement="Theirs.")],
        district=elsewhere,
    )
    url = reverse("learn:practice-start", kwargs={"activity_id": theirs.public_id})
    assert learner_client.post(url).status_code == 404
    assert not PracticeSession.objects.exists()


def test_practice_pages_speak_spanish(room: Classroom, learner_client: Client) -> None:
    room.learner.user.language = "es"
    room.learner.user.save(update_fields=["language"])
    session = _start(learner_client, room)
    page = _page(learner_client, session)
    assert "Pregunta 1 de 5" in page and "Comprobar" in page and "Muéstrame una pista" in page


def test_the_growth_chart_draws_in_spanish(room: Classroom, learner_client: Client) -> None:
    """Numbers in the SVG are coordinates, not prose: a decimal comma would break the drawing."""
    from trellis.apps.evidence.services import record_evidence

    for level in (1.5, 2.25, 3.75):
        record_evidence(learner=room.learner, competency=room.unit_rate, source="observation", level=level)
    room.learner.user.language = "es"
    room.learner.user.save(update_fields=["language"])
    url = reverse(
        "records:competency",
        kwargs={"learner_id": room.learner.public_id, "competency_id": room.unit_rate.public_id},
    )
    page = learner_client.get(url).content.decode()
    svg = page[page.index("<svg") : page.index("</svg>")]
    dots = re.findall(r' c([xy])="([^"]*)"', svg)
    assert len(dots) == 2 * 3
    assert all(re.fullmatch(r"-?\d+(\.\d+)?", value) for _axis, value in dots), dots
