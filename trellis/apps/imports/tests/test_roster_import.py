"""The OneRoster import end to end on the shared sample bundles: plan, apply, idempotence, delta, errors."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from trellis.apps.imports.models import ImportRun
from trellis.apps.imports.services import import_roster, plan_roster_import
from trellis.apps.rosters import access
from trellis.apps.rosters.models import (
    Enrollment,
    Guardianship,
    Learner,
    OrgRole,
    School,
    Section,
    TeamMembership,
)
from trellis.lib import clock
from trellis.lib.testing import ONEROSTER_SAMPLES

pytestmark = pytest.mark.django_db
User = get_user_model()
BULK = ONEROSTER_SAMPLES / "synthetic-k12-bulk"
DELTA = ONEROSTER_SAMPLES / "synthetic-k12-delta"
INVALID = sorted((ONEROSTER_SAMPLES / "synthetic-invalid").iterdir())


def _row_counts() -> dict[str, int]:
    return {
        "users": User.objects.count(),
        "learners": Learner.objects.count(),
        "roles": OrgRole.objects.count(),
        "enrollments": Enrollment.objects.count(),
        "guardianships": Guardianship.objects.count(),
        "sections": Section.objects.count(),
    }


def test_bulk_bundle_imports_everything_it_names() -> None:
    result = import_roster(BULK)
    assert result.ok, result.errors
    assert _row_counts() == {
        "users": 99,
        "learners": 60,
        "roles": 100,
        "enrollments": 128,
        "guardianships": 60,
        "sections": 8,
    }
    assert School.objects.count() == 2
    # A teacher with a secondary role at the other school holds both roles.
    assert OrgRole.objects.filter(user__sourced_id="usr-0002").count() >= 1
    assert ImportRun.objects.get().status == ImportRun.Status.APPLIED


def test_guardianships_come_from_agent_sourced_ids_and_grant_access() -> None:
    import_roster(BULK)
    link = Guardianship.objects.select_related("guardian", "learner__user").first()
    assert link is not None and link.source == Guardianship.Source.ROSTER
    assert access.relations_to(link.guardian, link.learner) is not None
    other = Learner.objects.exclude(pk=link.learner.pk).exclude(guardianships__guardian=link.guardian).first()
    assert other is not None and access.relations_to(link.guardian, other) is None


def test_reimporting_the_same_bundle_changes_nothing() -> None:
    import_roster(BULK)
    before = _row_counts()
    plan, errors = plan_roster_import(BULK)
    assert errors == [] and plan is not None
    assert plan.is_empty, [(c.kind, c.key, c.changed_fields()) for c in plan.changes[:5]]
    import_roster(BULK)
    assert _row_counts() == before


def test_delta_adds_changes_and_ends_without_deleting() -> None:
    import_roster(BULK)
    result = import_roster(DELTA)
    assert result.ok, result.errors
    assert User.objects.get(sourced_id="usr-9001").learner.school.sourced_id
    assert User.objects.get(sourced_id="usr-0003").email.startswith("renamed.")
    leaver = User.objects.get(sourced_id="usr-0009")
    assert not leaver.is_active
    ended = Enrollment.objects.filter(user=leaver)
    assert ended.exists() and all(e.end_date == clock.today() - dt.timedelta(days=1) for e in ended)
    plan, _ = plan_roster_import(DELTA)
    assert plan is not None and plan.is_empty


@pytest.mark.parametrize("bundle", INVALID, ids=[p.name for p in INVALID])
def test_each_invalid_bundle_is_refused_with_located_errors_and_changes_nothing(bundle: Path) -> None:
    import_roster(BULK)
    before = _row_counts()
    result = import_roster(bundle)
    assert not result.ok
    for error in result.errors:
        file, line, rest = error.split(":", 2)
        assert file.endswith(".csv") and line.isdigit() and rest.strip()
    assert _row_counts() == before
    assert ImportRun.objects.filter(status=ImportRun.Status.REJECTED).count() == 1


def test_cli_exits_non_zero_with_file_line_field_errors(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(CommandError, match="nothing was changed"):
        call_command("import_roster", str(ONEROSTER_SAMPLES / "synthetic-invalid" / "bad-role-enum"))
    assert "roles.csv:2: role:" in capsys.readouterr().err
    assert User.objects.count() == 0


def test_cli_dry_run_writes_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("import_roster", str(BULK), "--dry-run")
    out = capsys.readouterr().out
    assert "Would change user: 99 new" in out and "Dry run" in out
    assert User.objects.count() == 0


def test_a_bundle_leaving_the_roster_ends_access(tmp_path: Path) -> None:
    import_roster(BULK)
    teacher = User.objects.get(sourced_id="usr-0002")
    learner = Learner.objects.filter(user__enrollments__section__sourced_id="cls-math-4-1").first()
    assert learner is not None and access.relations_to(teacher, learner) is not None
    shrunk = tmp_path / "bundle"
    shutil.copytree(BULK, shrunk)
    enrollments = (shrunk / "enrollments.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in enrollments if ",usr-0002,teacher," not in line]
    (shrunk / "enrollments.csv").write_text("".join(kept), encoding="utf-8")
    result = import_roster(shrunk)
    assert result.ok and result.plan is not None
    assert {(c.kind, c.action) for c in result.plan.changes} == {("enrollment", "end")}
    assert len(result.plan.changes) == len(enrollments) - len(kept) > 0
    assert access.relations_to(teacher, learner) is None
    assert Enrollment.objects.filter(user=teacher).count() == len(enrollments) - len(kept)


def test_homeroom_teachers_become_advisors(tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"
    shutil.copytree(BULK, bundle)
    classes = (bundle / "classes.csv").read_text(encoding="utf-8")
    (bundle / "classes.csv").write_text(classes.replace(",scheduled,", ",homeroom,", 1), encoding="utf-8")
    assert import_roster(bundle).ok
    homeroom = Section.objects.get(kind=Section.Kind.HOMEROOM)
    advisors = TeamMembership.objects.filter(role=TeamMembership.Role.ADVISOR)
    learners_in_homeroom = Enrollment.objects.filter(section=homeroom, role=Enrollment.Role.LEARNER).count()
    assert advisors.count() == learners_in_homeroom > 0
    plan, _ = plan_roster_import(bundle)
    assert plan is not None and plan.is_empty


def test_zip_upload_is_parsed_like_a_directory() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in BULK.iterdir():
            archive.write(path, path.name)
    buffer.seek(0)
    plan, errors = plan_roster_import(buffer)
    assert errors == [] and plan is not None
    assert plan.summary()["user"]["create"] == 99


def test_username_taken_by_a_local_account_is_refused() -> None:
    User.objects.create_user(username="jordan.pine2", password="x" * 12)
    plan, errors = plan_roster_import(BULK)
    assert plan is None
    assert any(e.startswith("users.csv:2: username:") for e in errors)
