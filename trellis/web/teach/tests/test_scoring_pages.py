"""A teacher's evidence inbox: work from the section's learners, scoring it on the rubric (evidence that
moves the heatmap), returning it to revise, and asking classmates to review it."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trellis.apps.audit.models import AuditEvent
from trellis.apps.evidence.models import Evidence
from trellis.apps.learning.models import PeerReview, Submission
from trellis.apps.learning.services import assign_peer_review, submit_work
from trellis.web.components.tests.classroom import Classroom, build_classroom, client_for, make_learner

pytestmark = pytest.mark.django_db


@pytest.fixture
def room() -> Classroom:
    return build_classroom()


@pytest.fixture
def teacher_client(room: Classroom) -> Client:
    return client_for(room.teacher)


@pytest.fixture
def work(room: Classroom) -> Submission:
    return submit_work(activity=room.task, learner=room.learner, text="Bus A costs $2 per mile.")


def _score_url(room: Classroom, submission: Submission, name: str = "teach:score") -> str:
    return reverse(name, kwargs={"section_id": room.section.public_id, "submission_id": submission.public_id})


def _levels(room: Classroom, *values: int) -> dict[str, str]:
    criteria = list(room.rubric.criteria.order_by("position"))
    return {f"level-{c.public_id}": str(v) for c, v in zip(criteria, values, strict=False)}


def _levels_in_row(heatmap: str, name: str) -> list[float]:
    row = re.search(rf"{name}</a></th>(.*?)</tr>", heatmap, re.S)
    assert row is not None
    return [float(level) for level in re.findall(r'title="[^"]+">(\d\.\d)</span>', row[1])]


def test_the_inbox_lists_work_from_the_sections_learners_only(
    room: Classroom, teacher_client: Client, work: Submission
) -> None:
    submit_work(activity=room.task, learner=room.outsider, text="Not in this class")
    section_page = teacher_client.get(reverse("teach:section", kwargs={"section_id": room.section.public_id}))
    inbox_url = reverse("teach:inbox", kwargs={"section_id": room.section.public_id})
    assert f'href="{inbox_url}"' in section_page.content.decode()
    pathways_url = reverse("teach:pathways", kwargs={"section_id": room.section.public_id})
    assert f'href="{pathways_url}"' in section_page.content.decode()
    page = teacher_client.get(inbox_url).content.decode()
    assert "1 piece of work waiting" in page and "Ana Alvarez" in page and "Plan a class trip" in page
    assert "Cleo" not in page
    assert f'href="{_score_url(room, work)}">Score Ana Alvarez\'s work' in page
    assert AuditEvent.objects.filter(
        actor_id=room.teacher.pk, subject_id=room.learner.public_id, what="section-work"
    ).exists()


def test_the_inbox_runs_the_same_queries_for_more_work(
    room: Classroom, teacher_client: Client, work: Submission
) -> None:
    url = reverse("teach:inbox", kwargs={"section_id": room.section.public_id})
    with CaptureQueriesContext(connection) as one:
        teacher_client.get(url)
    extra = make_learner(room.school, "dee", "Dee", "Diaz")
    room.section.enrollments.create(user=extra.user, role="student")
    for learner in (room.classmate, extra):
        submit_work(activity=room.task, learner=learner, text="More work")
    with CaptureQueriesContext(connection) as three:
        page = teacher_client.get(url)
    assert "3 pieces of work waiting" in page.content.decode()
    assert len(three) == len(one)


def test_scoring_with_the_rubric_records_evidence_and_moves_the_heatmap(
    room: Classroom, teacher_client: Client, work: Submission
) -> None:
    heatmap_url = reverse("teach:mastery", kwargs={"section_id": room.section.public_id})
    assert _levels_in_row(teacher_client.get(heatmap_url).content.decode(), "Ana Alvarez") == []
    page = teacher_client.get(_score_url(room, work)).content.decode()
    assert "Bus A costs $2 per mile." in page and "Score with the rubric" in page
    assert page.count('type="radio"') == 12

    missing = teacher_client.post(_score_url(room, work), {**_levels(room, 4), "comment": "Great"})
    assert missing.status_code == 200
    html = missing.content.decode()
    assert "Choose a level for every criterion: Works with percents, Explains reasoning." in html
    assert 'value="4" checked' in html and ">Great</textarea>" in html
    assert not Evidence.objects.filter(source="rubric").exists()

    done = teacher_client.post(_score_url(room, work), {**_levels(room, 4, 3, 2), "comment": "Great rates."})
    assert done.status_code == 302
    assert done["Location"] == reverse("teach:inbox", kwargs={"section_id": room.section.public_id})
    work.refresh_from_db()
    assert (
        work.status == "scored"
        and work.teacher_comment == "Great rates."
        and work.reviewed_by == room.teacher
    )
    scored = {e.competency_id: e.level for e in Evidence.objects.filter(source="rubric")}
    assert scored == {room.unit_rate.pk: 4.0, room.percent.pk: 3.0}
    inbox = teacher_client.get(done["Location"]).content.decode()
    assert "Scored. The evidence is on Ana Alvarez&#x27;s continuum now." in inbox
    assert "Nothing is waiting to be scored." in inbox
    after = _levels_in_row(teacher_client.get(heatmap_url).content.decode(), "Ana Alvarez")
    assert len(after) == 2 and all(1.0 <= level <= 4.0 for level in after)
    again = teacher_client.get(_score_url(room, work)).content.decode()
    assert "Score with the rubric" not in again and "4 · Advanced" in again and "Great rates." in again
    # Every criterion's level is kept and shown, "Explains reasoning" (no competency, no evidence) included.
    shown = re.findall(r"<dt>([^<]+)</dt><dd>(\d)", again)
    assert shown == [("Uses unit rates", "4"), ("Works with percents", "3"), ("Explains reasoning", "2")]
    learner_page = client_for(room.learner.user).get(
        reverse("learn:submission", kwargs={"submission_id": work.public_id})
    )
    assert re.findall(r"<dt>([^<]+)</dt><dd>(\d)", learner_page.content.decode()) == shown


def test_returning_work_needs_a_comment(room: Classroom, teacher_client: Client, work: Submission) -> None:
    url = _score_url(room, work, "teach:return")
    empty = teacher_client.post(url, {"return_comment": "  "})
    assert empty.status_code == 200
    assert "Tell the learner what to revise." in empty.content.decode()
    work.refresh_from_db()
    assert work.status == "submitted"
    done = teacher_client.post(url, {"return_comment": "Add the museum tickets."})
    assert done.status_code == 302
    work.refresh_from_db()
    assert work.status == "returned" and work.teacher_comment == "Add the museum tickets."


def test_assigning_a_classmate_to_review(room: Classroom, teacher_client: Client, work: Submission) -> None:
    page = teacher_client.get(_score_url(room, work)).content.decode()
    options = re.findall(r'<option value="([0-9a-f-]+)"', page)
    assert options == [str(room.classmate.public_id)]  # the section's learners, not the author or others
    url = _score_url(room, work, "teach:assign-reviewer")
    outsider = teacher_client.post(url, {"reviewer": str(room.outsider.public_id)})
    assert "Choose a learner from this class to review the work." in outsider.content.decode()
    assert not PeerReview.objects.exists()
    done = teacher_client.post(
        url, {"reviewer": str(room.classmate.public_id), "anonymous": "on"}, follow=True
    )
    review = PeerReview.objects.get()
    assert (
        review.reviewer == room.classmate
        and review.anonymous_to_author
        and review.assigned_by == room.teacher
    )
    html = done.content.decode()
    assert "Ben Brooks will review this work." in html and "names hidden" in html
    assert "Everyone else in this class is already reviewing this work." in html


def test_a_reviewer_the_teacher_cannot_see_is_not_named(
    room: Classroom, teacher_client: Client, work: Submission
) -> None:
    assign_peer_review(submission=work, reviewer=room.outsider, assigned_by=room.principal)
    page = teacher_client.get(_score_url(room, work)).content.decode()
    assert "A learner from another class" in page and "Cleo" not in page
    principal = client_for(room.principal).get(_score_url(room, work)).content.decode()
    assert "Cleo Castro" in principal


def test_administrators_read_but_do_not_score(room: Classroom, work: Submission) -> None:
    client = client_for(room.principal)
    inbox = client.get(reverse("teach:inbox", kwargs={"section_id": room.section.public_id})).content.decode()
    assert "Open Ana Alvarez's work" in inbox
    page = client.get(_score_url(room, work)).content.decode()
    assert "Bus A costs $2 per mile." in page and "Score with the rubric" not in page
    assert "waiting for the class's teacher to score it" in page
    assert client.post(_score_url(room, work), _levels(room, 4, 4, 4)).status_code == 404
    assert client.post(_score_url(room, work, "teach:return"), {"return_comment": "x"}).status_code == 404
    work.refresh_from_db()
    assert work.status == "submitted"


def test_work_by_a_learner_outside_the_section_is_not_found(room: Classroom, teacher_client: Client) -> None:
    outside = submit_work(activity=room.task, learner=room.outsider, text="Not in this class")
    assert teacher_client.get(_score_url(room, outside)).status_code == 404
    assert teacher_client.post(_score_url(room, outside), _levels(room, 4, 4, 4)).status_code == 404
    assert not Evidence.objects.filter(source="rubric").exists()


def test_work_of_a_learner_who_left_the_section_is_not_found(
    room: Classroom, teacher_client: Client, work: Submission
) -> None:
    import datetime as dt

    from trellis.lib import clock

    room.section.enrollments.filter(user=room.learner.user).update(
        end_date=clock.today() - dt.timedelta(days=1)
    )
    assert teacher_client.get(_score_url(room, work)).status_code == 404
