"""Handed-in files are served only as downloads, with their checked type and `nosniff`, to the people who may
see the work, and every such read by someone else is audited. Peer reviewers stay anonymous in records."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from trellis.apps.audit.models import AuditEvent
from trellis.apps.evidence.assessment import peer_assess
from trellis.apps.learning.models import Submission
from trellis.apps.learning.services import assign_peer_review, submit_work
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
def work(room: Classroom) -> Submission:
    return submit_work(
        activity=room.task, learner=room.learner, file=SimpleUploadedFile("Ana Alvarez budget.pdf", PDF)
    )


def _download(client: Client, submission: Submission) -> Any:
    return client.get(reverse("records:submission-file", kwargs={"submission_id": submission.public_id}))


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def test_the_file_is_an_attachment_with_its_checked_type_and_nosniff(
    room: Classroom, work: Submission
) -> None:
    response = _download(client_for(room.learner.user), work)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Ana Alvarez budget.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert "no-store" in response["Cache-Control"]
    assert _body(response) == PDF


def test_a_text_file_is_still_downloaded_not_shown(room: Classroom) -> None:
    notes = submit_work(
        activity=room.task, learner=room.learner, file=SimpleUploadedFile("notes.txt", b"plain notes")
    )
    response = _download(client_for(room.teacher), notes)
    assert response["Content-Type"] == "text/plain"
    assert response["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize(("who", "relation"), [("teacher", "teacher_of_section"), ("advisor", "advisor_of")])
def test_staff_reads_are_audited(room: Classroom, work: Submission, who: str, relation: str) -> None:
    response = _download(client_for(getattr(room, who)), work)
    assert response.status_code == 200
    event = AuditEvent.objects.get(actor_id=getattr(room, who).pk, what="submission-file")
    assert event.subject_id == room.learner.public_id and event.relation == relation


def test_the_authors_own_download_is_not_audited(room: Classroom, work: Submission) -> None:
    _download(client_for(room.learner.user), work)
    assert not AuditEvent.objects.filter(what="submission-file").exists()


def test_a_guardian_and_a_classmate_without_a_review_get_nothing(room: Classroom, work: Submission) -> None:
    for user in (room.guardian, room.classmate.user):
        assert _download(client_for(user), work).status_code == 404
    assert not AuditEvent.objects.filter(what="submission-file").exists()


def test_an_anonymous_reviewer_gets_the_file_without_its_name(room: Classroom, work: Submission) -> None:
    assign_peer_review(
        submission=work, reviewer=room.classmate, assigned_by=room.teacher, anonymous_to_author=True
    )
    response = _download(client_for(room.classmate.user), work)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="work.pdf"'
    event = AuditEvent.objects.get(actor_id=room.classmate.user.pk, what="submission-file")
    assert event.relation == "peer_reviewer"


def test_a_named_reviewer_gets_the_files_own_name(room: Classroom, work: Submission) -> None:
    assign_peer_review(submission=work, reviewer=room.classmate, assigned_by=room.teacher)
    response = _download(client_for(room.classmate.user), work)
    assert response["Content-Disposition"] == 'attachment; filename="Ana Alvarez budget.pdf"'


def test_work_without_a_file_has_nothing_to_download(room: Classroom) -> None:
    text_only = submit_work(activity=room.task, learner=room.learner, text="Just text")
    assert _download(client_for(room.learner.user), text_only).status_code == 404


def test_peer_assessors_are_not_named_in_the_evidence_timeline(room: Classroom, work: Submission) -> None:
    review = assign_peer_review(
        submission=work, reviewer=room.classmate, assigned_by=room.teacher, anonymous_to_author=True
    )
    levels = {str(c.public_id): 3 for c in room.rubric.criteria.all()}
    peer_assess(review=review, levels=levels, feedback="Nice table")
    url = reverse(
        "records:competency",
        kwargs={"learner_id": room.learner.public_id, "competency_id": room.unit_rate.public_id},
    )
    for user in (room.learner.user, room.guardian, room.teacher):
        page = client_for(user).get(url).content.decode()
        assert "Peer assessment" in page and "A classmate" in page and "Ben" not in page
