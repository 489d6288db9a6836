"""Handing in work, seeing what became of it, self-assessing on the rubric, and reviewing a classmate's
work: the flows, the messages a learner reads when something is missing, and what stays hidden."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from trellis.apps.evidence.assessment import score_submission
from trellis.apps.evidence.models import Evidence
from trellis.apps.learning.models import PeerReview, Submission
from trellis.apps.learning.services import assign_peer_review, return_submission, submit_work
from trellis.web.components.tests.classroom import Classroom, build_classroom, client_for

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def room() -> Classroom:
    return build_classroom()


@pytest.fixture
def learner_client(room: Classroom) -> Client:
    return client_for(room.learner.user)


def _levels(room: Classroom, *values: int) -> dict[str, str]:
    criteria = list(room.rubric.criteria.order_by("position"))
    return {f"level-{c.public_id}": str(v) for c, v in zip(criteria, values, strict=False)}


def _activity_url(room: Classroom) -> str:
    return reverse("learn:activity", kwargs={"activity_id": room.task.public_id})


def test_the_task_page_shows_what_to_do_and_the_rubric(room: Classroom, learner_client: Client) -> None:
    page = learner_client.get(_activity_url(room)).content.decode()
    assert "Compare two bus companies." in page
    assert "Rubric: Trip budget rubric" in page and "Uses unit rates" in page
    assert 'enctype="multipart/form-data"' in page and 'type="file"' in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, "text", "Add your work: write it, paste a link, or upload a file."),
        ({"link": "javascript:alert(1)"}, "link", "Enter a full web address starting with https://"),
        (
            {"file": ("page.html", b"<html><script>alert(1)</script></html>")},
            "file",
            "Trellis can&#x27;t take .html files.",
        ),
        ({"file": ("fake.pdf", b"not really a pdf")}, "file", "contents don&#x27;t match its .pdf name"),
    ],
)
def test_handing_in_explains_what_to_fix(
    room: Classroom, learner_client: Client, data: dict[str, Any], field: str, message: str
) -> None:
    if "file" in data:
        name, content = data["file"]
        data = {"file": SimpleUploadedFile(name, content)}
    response = learner_client.post(_activity_url(room), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert 'role="alert"' in page and f'id="{field}-error"' in page
    assert f'aria-describedby="{field}-error"' in page or f"{field}-help {field}-error" in page
    assert not Submission.objects.exists()


def test_handing_in_text_a_link_and_a_file(room: Classroom, learner_client: Client) -> None:
    response = learner_client.post(
        _activity_url(room),
        {
            "text": "Bus A is cheaper per mile.",
            "link": "https://example.org/my-budget",
            "file": SimpleUploadedFile("Ana budget.pdf", PDF),
        },
        follow=True,
    )
    submission = Submission.objects.get()
    assert response.redirect_chain[-1][0] == reverse(
        "learn:submission", kwargs={"submission_id": submission.public_id}
    )
    page = response.content.decode()
    assert "Your work is handed in." in page and "Waiting to be scored" in page
    assert "Bus A is cheaper per mile." in page and 'href="https://example.org/my-budget"' in page
    file_url = reverse("records:submission-file", kwargs={"submission_id": submission.public_id})
    assert f'href="{file_url}"' in page and "Download Ana budget.pdf" in page
    assert submission.content_type == "application/pdf"


def test_my_work_lists_tasks_what_i_handed_in_and_reviews_to_do(
    room: Classroom, learner_client: Client
) -> None:
    mine = submit_work(activity=room.task, learner=room.learner, text="My budget")
    return_submission(submission=mine, returned_by=room.teacher, comment="Show the bus costs per mile.")
    theirs = submit_work(activity=room.task, learner=room.classmate, text="Ben's budget")
    assign_peer_review(submission=theirs, reviewer=room.learner, assigned_by=room.teacher)
    page = learner_client.get(reverse("learn:work")).content.decode()
    assert "Plan a class trip" in page and "Returned to revise" in page
    assert "Show the bus costs per mile." in page
    assert "Ben Brooks's work on" in page and "to do" in page


def test_an_anonymous_review_hides_the_author_from_the_reviewer(
    room: Classroom, learner_client: Client
) -> None:
    theirs = submit_work(activity=room.task, learner=room.classmate, text="Ben's budget")
    review = assign_peer_review(
        submission=theirs, reviewer=room.learner, assigned_by=room.teacher, anonymous_to_author=True
    )
    listing = learner_client.get(reverse("learn:work")).content.decode()
    page = learner_client.get(
        reverse("learn:review", kwargs={"review_id": review.public_id})
    ).content.decode()
    for html in (listing, page):
        assert "Ben" not in html.replace("Ben&#x27;s budget", "")
    assert "A classmate's work on" in listing
    assert "names are hidden on this review" in page and "Ben&#x27;s budget" in page


def test_reviewing_a_classmates_work(room: Classroom, learner_client: Client) -> None:
    theirs = submit_work(activity=room.task, learner=room.classmate, text="Ben's budget")
    review = assign_peer_review(submission=theirs, reviewer=room.learner, assigned_by=room.teacher)
    url = reverse("learn:review", kwargs={"review_id": review.public_id})
    page = learner_client.get(url).content.decode()
    assert "Work by Ben Brooks" in page and page.count('type="radio"') == 12

    missing = learner_client.post(url, {**_levels(room, 3, 2), "feedback": "Clear table."})
    assert missing.status_code == 200
    assert "Choose a level for every criterion: Explains reasoning." in missing.content.decode()
    no_feedback = learner_client.post(url, _levels(room, 3, 2, 4)).content.decode()
    assert "Give your classmate some feedback" in no_feedback
    assert 'value="2" checked' in no_feedback  # what was chosen stays chosen
    assert not Evidence.objects.filter(source="peer").exists()

    done = learner_client.post(url, {**_levels(room, 3, 2, 4), "feedback": "Clear table; add units."})
    assert done.status_code == 302 and done["Location"] == reverse("learn:work")
    review.refresh_from_db()
    assert review.completed_at is not None and review.feedback == "Clear table; add units."
    peer = Evidence.objects.filter(source="peer", learner=room.classmate)
    assert sorted(e.level or 0 for e in peer) == [2.0, 3.0]
    finished = learner_client.get(url).content.decode()
    assert "You finished this review on" in finished and '<form method="post" novalidate>' not in finished


def test_self_assessment_on_the_rubric(room: Classroom, learner_client: Client) -> None:
    submission = submit_work(activity=room.task, learner=room.learner, text="My budget")
    page_url = reverse("learn:submission", kwargs={"submission_id": submission.public_id})
    post_url = reverse("learn:self-assess", kwargs={"submission_id": submission.public_id})
    page = learner_client.get(page_url).content.decode()
    assert "Assess your own work" in page and f'action="{post_url}"' in page

    no_reflection = learner_client.post(post_url, _levels(room, 2, 3, 3))
    assert no_reflection.status_code == 200
    assert "Write a sentence or two about your work" in no_reflection.content.decode()
    no_levels = learner_client.post(post_url, {"reflection": "I compared both buses."}).content.decode()
    assert "Choose a level for every criterion" in no_levels and "I compared both buses." in no_levels
    assert not Evidence.objects.filter(source="self").exists()

    saved = learner_client.post(post_url, {**_levels(room, 2, 3, 3), "reflection": "I compared both buses."})
    assert saved.status_code == 302 and saved["Location"] == page_url
    assert sorted(e.level or 0 for e in Evidence.objects.filter(source="self")) == [2.0, 3.0]
    after = learner_client.get(page_url).content.decode()
    assert "You rated your work:" in after and "I compared both buses." in after
    assert f'action="{post_url}"' not in after


def test_the_learner_reads_the_teachers_scores_and_peers_feedback(
    room: Classroom, learner_client: Client
) -> None:
    submission = submit_work(activity=room.task, learner=room.learner, text="My budget")
    criteria = {str(c.public_id): 3 for c in room.rubric.criteria.all()}
    score_submission(
        submission=submission, scorer=room.teacher, levels=criteria, comment="Good use of rates."
    )
    review = assign_peer_review(
        submission=submission, reviewer=room.classmate, assigned_by=room.teacher, anonymous_to_author=True
    )
    PeerReview.objects.filter(pk=review.pk).update(feedback="Nice table!", completed_at=review.assigned_at)
    page = learner_client.get(
        reverse("learn:submission", kwargs={"submission_id": submission.public_id})
    ).content.decode()
    assert "From your teacher" in page and "Good use of rates." in page
    assert "Uses unit rates" in page and "3 · Proficient" in page
    assert "A classmate</strong>: Nice table!" in page and "Ben" not in page


def test_returned_work_asks_for_a_revision(room: Classroom, learner_client: Client) -> None:
    submission = submit_work(activity=room.task, learner=room.learner, text="My budget")
    return_submission(submission=submission, returned_by=room.teacher, comment="Add the museum tickets.")
    page = learner_client.get(
        reverse("learn:submission", kwargs={"submission_id": submission.public_id})
    ).content.decode()
    assert "Returned to revise" in page and "Add the museum tickets." in page
    assert f'href="{_activity_url(room)}">Hand in a revision' in page
