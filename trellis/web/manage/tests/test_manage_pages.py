"""Administrators' pages: roster upload with a reviewed diff, and team edits that change access."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from trellis.apps.imports.models import ImportRun
from trellis.apps.rosters import access
from trellis.apps.rosters.models import District, Learner, LearningTeam, OrgRole, School, TeamMembership
from trellis.lib.testing import ONEROSTER_SAMPLES

pytestmark = pytest.mark.django_db
User = get_user_model()


def _zip(folder: Any) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, path.name)
    return SimpleUploadedFile("roster.zip", buffer.getvalue(), content_type="application/zip")


@pytest.fixture
def district_admin(client: Client) -> Any:
    district = District.objects.create(name="Cedar Valley", sourced_id="dist-1")
    admin = User.objects.create_user(username="dana")
    OrgRole.objects.create(user=admin, district=district, role=OrgRole.Role.DISTRICT_ADMINISTRATOR)
    client.force_login(admin, backend="trellis.apps.accounts.backends.TrellisBackend")
    return admin


def test_upload_shows_the_diff_and_applies_only_when_asked(client: Client, district_admin: Any) -> None:
    response = client.post(
        reverse("manage:roster-upload"), {"bundle": _zip(ONEROSTER_SAMPLES / "synthetic-k12-bulk")}
    )
    run = ImportRun.objects.get()
    assert response.status_code == 302 and run.status == ImportRun.Status.PLANNED
    assert User.objects.count() == 1  # nothing applied yet
    review = client.get(reverse("manage:import-run", kwargs={"run_id": run.public_id}))
    assert b"What will change" in review.content and b"usr-0002" in review.content
    client.post(reverse("manage:import-apply", kwargs={"run_id": run.public_id}))
    run.refresh_from_db()
    assert run.status == ImportRun.Status.APPLIED
    assert Learner.objects.count() == 60
    again = client.post(reverse("manage:import-apply", kwargs={"run_id": run.public_id}), follow=True)
    assert b"already applied" in again.content


def test_a_bad_upload_lists_located_errors_and_changes_nothing(client: Client, district_admin: Any) -> None:
    bad = ONEROSTER_SAMPLES / "synthetic-invalid" / "dangling-user-reference"
    client.post(reverse("manage:roster-upload"), {"bundle": _zip(bad)})
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.REJECTED
    page = client.get(reverse("manage:import-run", kwargs={"run_id": run.public_id}))
    assert b"enrollments.csv:2: userSourcedId:" in page.content
    assert b"Apply these changes" not in page.content
    assert User.objects.count() == 1


def test_a_file_that_is_not_a_zip_is_refused_by_the_form(client: Client, district_admin: Any) -> None:
    upload = SimpleUploadedFile("users.csv", b"sourcedId,status\n", content_type="text/csv")
    response = client.post(reverse("manage:roster-upload"), {"bundle": upload})
    assert response.status_code == 200 and b"This is not a zip file" in response.content
    assert not ImportRun.objects.exists()


def test_school_admin_grants_a_mentor_from_the_team_page(client: Client) -> None:
    school = School.objects.create(district=District.objects.create(name="D"), name="Birch Middle")
    learner = Learner.objects.create(user=User.objects.create_user(username="kid"), school=school)
    LearningTeam.objects.create(learner=learner)
    admin = User.objects.create_user(username="principal")
    OrgRole.objects.create(user=admin, school=school, role=OrgRole.Role.PRINCIPAL)
    mentor = User.objects.create_user(username="robotics.mentor")
    client.force_login(admin, backend="trellis.apps.accounts.backends.TrellisBackend")
    url = reverse("manage:team", kwargs={"learner_id": learner.public_id})

    refused = client.post(
        url, {"action": "add", "username": "robotics.mentor", "role": "mentor", "granted_parts": ["projects"]}
    )
    assert refused.status_code == 200 and b"give an end date" in refused.content
    assert not TeamMembership.objects.exists()

    client.post(
        url,
        {
            "action": "add",
            "username": "robotics.mentor",
            "role": "mentor",
            "end_date": "2099-06-15",
            "granted_parts": ["identity", "projects"],
        },
    )
    granted = access.relations_to(mentor, learner)
    assert granted is not None and granted.parts == {"identity", "projects"}

    membership = TeamMembership.objects.get()
    client.post(url, {"action": "end", "membership": str(membership.public_id)})
    assert access.relations_to(mentor, learner) is None
