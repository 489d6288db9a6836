"""The learner's own pages: About me, My goals, My journal (plan and reflect)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from trellis.apps.growth import selectors, services
from trellis.apps.growth.models import Goal, JournalEntry
from trellis.lib import clock
from trellis.web.components.tests.learning_team import NOW, build_team, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def team() -> Any:
    with clock.frozen_at(NOW):
        yield build_team()


def test_about_me_saves_my_parts_and_leaves_unsent_fields_alone(team: Any) -> None:
    t = team
    services.update_profile(
        learner=t.learner, changed_by=t.advisor, changes={"strengths": "Kind"}, allowed_fields=["strengths"]
    )
    me = client_for(t.learner.user)
    response = me.post(
        reverse("learn:profile"),
        {
            "about_me": "I draw comics",
            "interests": "Drawing, Soccer",
            "working_styles_sent": "1",
            "working_styles": ["quiet"],
        },
    )
    assert response.status_code == 302
    values = selectors.profile_values(t.learner)
    assert (values["about_me"], values["interests"], values["working_styles"], values["strengths"]) == (
        "I draw comics",
        ["drawing", "soccer"],
        ["quiet"],
        "Kind",
    )
    page = me.get(reverse("learn:profile")).content.decode()
    assert 'value="drawing, soccer"' in page
    # The learner's profile feeds pathway suggestions as tags.
    assert selectors.profile_tags([t.learner.pk]) == {t.learner.pk: frozenset({"drawing", "soccer", "quiet"})}


def test_a_bad_interest_says_what_to_fix_and_saves_nothing(team: Any) -> None:
    t = team
    response = client_for(t.learner.user).post(
        reverse("learn:profile"), {"about_me": "Hi", "interests": "x" * 60}
    )
    text = response.content.decode()
    assert response.status_code == 200 and "Keep each one short (40 characters at most)" in text
    assert selectors.profile_values(t.learner)["about_me"] == ""


def test_drafting_a_goal_links_competencies_and_steps(team: Any) -> None:
    t = team
    me = client_for(t.learner.user)
    page = me.get(reverse("learn:goals")).content.decode()
    assert "6.RP.A.2" in page
    response = me.post(
        reverse("learn:goals"),
        {
            "title": "Use unit rates in recipes",
            "why": "I cook with my dad",
            "how_i_will_know": "I can scale a recipe",
            "due_on": "2026-05-01",
            "steps": "Watch the video\n\nTry a recipe\n",
            "competencies": [str(t.unit_rate.public_id)],
        },
    )
    goal = Goal.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/goals/{goal.public_id}/")
    assert [s.text for s in goal.steps.all()] == ["Watch the video", "Try a recipe"]
    assert list(goal.competencies.all()) == [t.unit_rate]


def test_a_bad_goal_says_which_field(team: Any) -> None:
    t = team
    me = client_for(t.learner.user)
    text = me.post(reverse("learn:goals"), {"title": "Ok", "due_on": "soon"}).content.decode()
    assert "Write the date as year-month-day" in text
    text = me.post(reverse("learn:goals"), {"title": "Ok", "competencies": ["not-a-uuid"]}).content.decode()
    assert "Choose competencies and habits from the list." in text
    assert not Goal.objects.exists()


def test_plan_then_reflect_on_the_journal_page(team: Any) -> None:
    t = team
    goal = services.draft_goal(learner=t.learner, drafted_by=t.learner.user, title="Read 20 minutes a day")
    services.agree_goal(goal=goal, agreed_by=t.advisor)
    me = client_for(t.learner.user)
    with clock.frozen_at(NOW):
        page = me.get(reverse("learn:journal")).content.decode()
        assert "Read 20 minutes a day" in page
        me.post(reverse("learn:journal-plan"), {"goal": [str(goal.public_id)], "own": "Finish poster\n"})
        me.post(
            reverse("learn:journal-reflect"),
            {
                "done": ["1"],
                "what_worked": "Reading after lunch",
                "what_didnt": "Noisy room",
                "next_steps": "Ask for the library",
                "mood": "4",
                "energy": "",
                "share": "yes",
            },
        )
        entry = JournalEntry.objects.get()
    assert [(i.text, i.done) for i in entry.plan_items.all()] == [
        ("Read 20 minutes a day", True),
        ("Finish poster", False),
    ]
    assert (entry.mood, entry.energy, entry.shared_with_guardians) == (4, None, True)


def test_a_bad_mood_is_refused_with_what_to_do(team: Any) -> None:
    t = team
    with clock.frozen_at(NOW):
        text = (
            client_for(t.learner.user)
            .post(reverse("learn:journal-reflect"), {"what_worked": "ok", "mood": "11"})
            .content.decode()
        )
    assert "Choose one of the five answers, or leave it empty." in text
    assert not JournalEntry.objects.exists()


def test_the_learners_pages_are_the_learners_only(team: Any) -> None:
    t = team
    for user in (t.advisor, t.guardian, t.teacher):
        for name in ("learn:profile", "learn:goals", "learn:journal"):
            assert client_for(user).get(reverse(name)).status_code == 404
