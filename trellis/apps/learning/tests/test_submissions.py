"""Handing in work: files checked by name and content, size limits, and the teacher's side of scoring."""

from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from trellis.apps.learning import selectors, uploads
from trellis.apps.learning.models import Activity, Submission
from trellis.apps.learning.services import mark_submission_scored, return_submission, submit_work
from trellis.apps.rosters.models import District, Enrollment, Learner, School, Section
from trellis.lib import clock
from trellis.lib.errors import ServiceError

from .conftest import make_learner

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def png_bytes() -> bytes:
    """A real 1×1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'


def zip_bytes(entries: dict[str, bytes], *, stored_first: str = "") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if stored_first:
            archive.writestr(zipfile.ZipInfo(stored_first), entries.pop(stored_first), zipfile.ZIP_STORED)
        for name, data in entries.items():
            archive.writestr(name, data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


DOCX = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
ODT = zip_bytes(
    {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office:document-content/>"},
    stored_first="mimetype",
)


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("essay.pdf", PDF, "application/pdf"),
        ("Drawing.PNG", png_bytes(), "image/png"),
        ("photo.jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20, "image/jpeg"),
        ("photo.jpg", b"\xff\xd8\xff\xdb" + b"\x00" * 20, "image/jpeg"),
        ("anim.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "image/gif"),
        ("pic.webp", b"RIFF\x1a\x00\x00\x00WEBPVP8 " + b"\x00" * 14, "image/webp"),
        ("notes.txt", "My plan: 3 buses × $120 = $360. Ça va.".encode(), "text/plain"),
        ("notes.md", b"# Budget\n\n<3 this trip\n", "text/markdown"),
        ("report.docx", DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("report.odt", ODT, "application/vnd.oasis.opendocument.text"),
        ("song.mp3", b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\x00" * 20, "audio/mpeg"),
        ("song.mp3", b"\xff\xfb\x90\x64" + b"\x00" * 20, "audio/mpeg"),
        ("clip.mp4", b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom", "video/mp4"),
        ("voice.m4a", b"\x00\x00\x00\x1cftypM4A \x00\x00\x00\x00M4A mp42isom", "audio/mp4"),
        ("voice.wav", b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 20, "audio/wav"),
    ],
)
def test_allowed_files_are_accepted_and_typed_by_their_content(
    task: Activity, learner: Learner, name: str, content: bytes, content_type: str
) -> None:
    submission = submit_work(activity=task, learner=learner, file=upload(name, content, "text/html"))
    assert submission.content_type == content_type  # never what the browser claimed
    assert submission.original_name == name
    assert submission.size == len(content)
    assert submission.file.name.startswith(f"submissions/{clock.now():%Y/%m}/")
    assert name.rsplit(".", 1)[0] not in submission.file.name  # no learner-chosen names on disk
    assert submission.file.name.endswith("." + name.rsplit(".", 1)[1].lower())
    with submission.file.open("rb") as stored:
        assert stored.read() == content
    assert submission.status == Submission.Status.SUBMITTED


@pytest.mark.parametrize(
    ("name", "content", "needle"),
    [
        ("essay.pdf", HTML, "don't match"),  # HTML renamed .pdf: stored XSS if served back
        ("drawing.png", SVG, "don't match"),
        ("notes.txt", HTML, "don't match"),
        ("notes.txt", b"  \n<svg onload=alert(1)>", "don't match"),
        ("notes.md", b"Look: <script>alert(1)</script>", "don't match"),
        ("notes.txt", b"\x00\x01binary", "don't match"),
        ("notes.txt", b"\xff\xfe\xfa caf\xe9 latin-1 text that is not UTF-8", "don't match"),
        (
            "report.docx",
            zip_bytes({"[Content_Types].xml": b"<Types/>", "ppt/slide.xml": b"<p/>"}),
            "don't match",
        ),
        ("report.docx", b"PK\x03\x04 not really a zip", "don't match"),
        ("report.odt", DOCX, "don't match"),
        ("clip.mp4", PDF, "don't match"),
        ("page.html", HTML, "can't take .html"),
        ("logo.svg", SVG, "can't take .svg"),
        ("game.exe", b"MZ\x90\x00", "can't take .exe"),
        ("essay.pdf.exe", b"MZ\x90\x00", "can't take .exe"),
        ("script.js", b"alert(1)", "can't take .js"),
        ("README", b"hello", "can't take ."),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_dangerous_or_mislabelled_files_are_refused(
    task: Activity, learner: Learner, name: str, content: bytes, needle: str
) -> None:
    with pytest.raises(ServiceError, match=needle) as refused:
        submit_work(activity=task, learner=learner, file=upload(name, content))
    assert refused.value.field == "file"
    assert not Submission.objects.exists()


def test_a_file_over_the_limit_is_refused(
    task: Activity, learner: Learner, settings: Any, tmp_path: Path
) -> None:
    settings.TRELLIS_SUBMISSION_MAX_BYTES = 2 * 1024 * 1024
    too_big = PDF + b"\x00" * (2 * 1024 * 1024)
    with pytest.raises(ServiceError, match="at most 2 MB") as refused:
        submit_work(activity=task, learner=learner, file=upload("big.pdf", too_big))
    assert refused.value.field == "file"
    assert not list(tmp_path.rglob("*.pdf"))
    just_fits = PDF + b"\x00" * (2 * 1024 * 1024 - len(PDF))
    assert (
        submit_work(activity=task, learner=learner, file=upload("big.pdf", just_fits)).size == 2 * 1024 * 1024
    )


def test_the_default_limit_is_twenty_megabytes() -> None:
    from django.conf import settings

    assert settings.TRELLIS_SUBMISSION_MAX_BYTES == 20 * 1024 * 1024


def test_text_or_a_link_is_work_too(task: Activity, learner: Learner) -> None:
    written = submit_work(activity=task, learner=learner, text="  Bus A costs $2 a mile.  ")
    assert (written.text, written.file.name, written.link) == ("Bus A costs $2 a mile.", "", "")
    linked = submit_work(activity=task, learner=learner, link="https://docs.example.org/my-budget")
    assert linked.link == "https://docs.example.org/my-budget"
    assert Submission.personal_data == ("text", "link", "file", "original_name", "teacher_comment")


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({}, "text"),
        ({"text": "   "}, "text"),
        ({"text": "x" * 20_001}, "text"),
        ({"link": "javascript:alert(1)"}, "link"),
        ({"link": "ftp://example.org/file"}, "link"),
        ({"link": "my google doc"}, "link"),
    ],
)
def test_submission_refusals(task: Activity, learner: Learner, arguments: dict[str, Any], field: str) -> None:
    with pytest.raises(ServiceError) as refused:
        submit_work(activity=task, learner=learner, **arguments)
    assert refused.value.field == field


def test_work_is_handed_in_for_open_tasks_and_projects_of_the_learners_district(
    task: Activity, practice_set: Activity, learner: Learner
) -> None:
    with pytest.raises(ServiceError) as practice:
        submit_work(activity=practice_set, learner=learner, text="hi")
    assert practice.value.field == "activity"
    other_school = School.objects.create(district=District.objects.create(name="Elsewhere"), name="Far")
    outsider = make_learner(other_school, "zed")
    with pytest.raises(ServiceError, match="another district"):
        submit_work(activity=task, learner=outsider, text="hi")
    Activity.objects.filter(pk=task.pk).update(is_active=False)
    task.refresh_from_db()
    with pytest.raises(ServiceError, match="no longer open"):
        submit_work(activity=task, learner=learner, text="hi")


def test_check_file_directly_leaves_the_stream_at_the_start() -> None:
    stream = io.BytesIO(DOCX)
    check = uploads.check_file("a.docx", len(DOCX), stream, max_bytes=10_000)
    assert check.ok and stream.tell() == 0
    assert uploads.clean_file_name("C:\\Users\\ana\\My\x07 essay.pdf") == "My essay.pdf"
    assert len(uploads.clean_file_name("x" * 300 + ".pdf")) == 200


# ------------------------------------------------------------------------------------- the teacher's side


def test_scoring_and_returning_work(task: Activity, learner: Learner, teacher: Any) -> None:
    first = submit_work(activity=task, learner=learner, text="Draft 1")
    returned = return_submission(
        submission=first, returned_by=teacher, comment="Show the bus prices per mile."
    )
    assert (returned.status, returned.reviewed_by, returned.teacher_comment) == (
        Submission.Status.RETURNED,
        teacher,
        "Show the bus prices per mile.",
    )
    with pytest.raises(ServiceError, match="already"):
        mark_submission_scored(submission=first, scored_by=teacher)
    second = submit_work(activity=task, learner=learner, text="Draft 2")
    with pytest.raises(ServiceError) as silent:
        return_submission(submission=second, returned_by=teacher, comment=" ")
    assert silent.value.field == "comment"
    scored = mark_submission_scored(submission=second, scored_by=teacher, comment="Clear tables.")
    assert scored.status == Submission.Status.SCORED and scored.reviewed_at is not None
    assert [s.text for s in selectors.submissions_of(learner)] == ["Draft 2", "Draft 1"]


def test_submissions_to_score_for_a_section_in_a_fixed_number_of_queries(
    task: Activity, school: School, django_assert_num_queries: Any
) -> None:
    section = Section.objects.create(school=school, title="Math 6")
    today = clock.today()
    enrolled = [make_learner(school, f"learner{n}") for n in range(5)]
    for learner in enrolled:
        Enrollment.objects.create(section=section, user=learner.user, role=Enrollment.Role.LEARNER)
    left = make_learner(school, "left")
    Enrollment.objects.create(
        section=section, user=left.user, role=Enrollment.Role.LEARNER, end_date=today - dt.timedelta(days=1)
    )
    for learner in [*enrolled, left]:
        submit_work(activity=task, learner=learner, text=f"Work of {learner.user.username}")
    mark_submission_scored(submission=Submission.objects.get(learner=enrolled[0]), scored_by=None)
    with django_assert_num_queries(1):
        waiting = [(s.learner.user.display_name, s.activity.rubric.title if s.activity.rubric else "")
                   for s in selectors.submissions_to_score(section=section)]  # fmt: skip
    assert len(waiting) == 4  # not the scored one, not the learner who left the section
    assert all(title == "Trip budget" for _, title in waiting)
    assert selectors.submissions_to_score(learners=[left]).count() == 1
