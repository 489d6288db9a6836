"""The shared sample bundles: the valid ones parse with the right counts, each invalid one is
rejected with exactly its one defect named."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from trellis.interop.oneroster import Bundle, parse_bundle
from trellis.interop.oneroster.schema import MANIFEST_FILES

from .helpers import BULK, DELTA, INVALID, MOODLE, fields_of, rejection


def counts(bundle: Bundle) -> dict[str, int]:
    return {
        "orgs": len(bundle.orgs),
        "academic_sessions": len(bundle.academic_sessions),
        "courses": len(bundle.courses),
        "classes": len(bundle.classes),
        "users": len(bundle.users),
        "user_profiles": len(bundle.user_profiles),
        "roles": len(bundle.roles),
        "enrollments": len(bundle.enrollments),
        "demographics": len(bundle.demographics),
    }


def test_bulk_sample_parses_with_expected_counts() -> None:
    bundle = parse_bundle(BULK)
    assert counts(bundle) == {
        "orgs": 3,
        "academic_sessions": 4,
        "courses": 4,
        "classes": 8,
        "users": 99,
        "user_profiles": 0,
        "roles": 100,
        "enrollments": 128,
        "demographics": 60,
    }
    assert bundle.version == "1.2"
    assert bundle.warnings == ()
    assert bundle.unresolved_references() == []
    assert not bundle.is_delta()
    assert set(bundle.file_modes) == set(MANIFEST_FILES)
    assert bundle.mode("users") == "bulk"
    assert bundle.mode("lineItems") == "absent"
    assert bundle.properties == {
        "source.systemName": "Synthetic SIS (research fixture)",
        "source.systemCode": "SYNTH-SIS",
    }


def test_bulk_sample_values_are_typed() -> None:
    bundle = parse_bundle(BULK)
    teacher = bundle.users[0]
    assert teacher.sourced_id == "usr-0002"
    assert teacher.line == 2
    assert teacher.status == ""
    assert teacher.date_last_modified is None
    assert teacher.enabled_user is True
    assert teacher.user_ids == (("SIS", "0002"), ("LDAP", "jordan.pine2"))
    assert teacher.primary_org_sourced_id == "sch-elem"
    student = next(user for user in bundle.users if user.sourced_id == "usr-0005")
    assert student.agent_sourced_ids == ("usr-0070",)
    assert student.grades == ("04",)
    first_class = bundle.classes[0]
    assert first_class.term_sourced_ids == ("sem-2027-1", "sem-2027-2")
    assert first_class.class_type == "scheduled"
    assert first_class.periods == ("1",)
    school_year = bundle.academic_sessions[0]
    assert (school_year.type, school_year.start_date) == ("schoolYear", date(2026, 8, 17))
    assert school_year.school_year == "2027"
    enrollment = bundle.enrollments[0]
    assert (enrollment.role, enrollment.primary) == ("teacher", True)
    assert bundle.enrollments[1].primary is False
    demographics = bundle.demographics[0]
    assert demographics.sourced_id == "usr-0005"
    assert demographics.birth_date == date(2016, 4, 1)
    assert demographics.hispanic_or_latino_ethnicity is True
    assert demographics.asian is False
    secondary = [role for role in bundle.roles if role.role_type == "secondary"]
    assert len(secondary) == 1


def test_delta_sample_parses_and_returns_references_to_resolve() -> None:
    bundle = parse_bundle(DELTA)
    assert counts(bundle) == {
        "orgs": 0,
        "academic_sessions": 0,
        "courses": 0,
        "classes": 0,
        "users": 3,
        "user_profiles": 0,
        "roles": 1,
        "enrollments": 3,
        "demographics": 0,
    }
    assert bundle.is_delta()
    assert bundle.mode("users") == "delta"
    assert bundle.mode("orgs") == "absent"
    assert [user.status for user in bundle.users] == ["active", "tobedeleted", "active"]
    assert bundle.users[0].date_last_modified == datetime(2026, 9, 15, 14, 0, tzinfo=UTC)
    unresolved = {(ref.target, ref.sourced_id): ref for ref in bundle.unresolved_references()}
    # usr-9001 is new in this bundle, so it resolves; the rest must be in the database already.
    # usr-0009 and his enrollments are being deleted, so their references are not collected.
    assert set(unresolved) == {("orgs", "sch-elem"), ("classes", "cls-math-4-1")}
    school = unresolved[("orgs", "sch-elem")]
    assert (school.file, school.line, school.field, school.count) == (
        "users.csv",
        2,
        "primaryOrgSourcedId",
        4,
    )
    issue = unresolved[("classes", "cls-math-4-1")].issue()
    assert (issue.file, issue.line, issue.field) == ("enrollments.csv", 2, "classSourcedId")
    assert "cls-math-4-1" in issue.message


# (bundle, file, line, field, words the message must contain)
INVALID_CASES = [
    ("bad-date-format", "academicSessions.csv", 2, "startDate", ["17/08/2026", "YYYY-MM-DD"]),
    ("bad-role-enum", "roles.csv", 2, "role", ["'Teacher '", "teacher"]),
    (
        "dangling-user-reference",
        "enrollments.csv",
        2,
        "userSourcedId",
        ["usr-does-not-exist", "users.csv"],
    ),
    ("duplicate-sourcedId", "users.csv", 101, "sourcedId", ["usr-0002", "line 2"]),
    (
        "manifest-says-bulk-but-file-missing",
        "manifest.csv",
        7,
        "file.classes",
        ["classes.csv", "bulk", "absent"],
    ),
    ("missing-manifest", "manifest.csv", 0, "", ["no manifest.csv"]),
    (
        "oneroster-1.1-users-header",
        "users.csv",
        1,
        "username",
        ["orgSourcedIds", "OneRoster 1.1", "sourcedId,status,dateLastModified,enabledUser,username"],
    ),
    (
        "utf8-bom-and-swapped-columns",
        "orgs.csv",
        1,
        "name",
        ["'type'", "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId"],
    ),
]


@pytest.mark.parametrize(
    ("case", "file", "line", "field", "words"), INVALID_CASES, ids=[c[0] for c in INVALID_CASES]
)
def test_invalid_sample_is_rejected_naming_its_defect(
    case: str, file: str, line: int, field: str, words: list[str]
) -> None:
    error = rejection(INVALID / case)
    assert len(error.issues) == 1, [str(issue) for issue in error.issues]
    issue = error.issues[0]
    assert (issue.file, issue.line, issue.field) == (file, line, field)
    for word in words:
        assert word in issue.message
    assert str(issue).startswith(f"{file}:{line}: {field}: ")
    assert str(issue) in str(error)


def test_all_invalid_samples_are_covered() -> None:
    assert sorted(path.name for path in INVALID.iterdir()) == sorted(c[0] for c in INVALID_CASES)


def test_bom_is_forgiven_but_reported() -> None:
    error = rejection(INVALID / "utf8-bom-and-swapped-columns")
    assert [(w.file, w.line) for w in error.warnings] == [("orgs.csv", 1)]
    assert "byte order mark" in error.warnings[0].message


@pytest.mark.parametrize("case", ["Test_full_data_set", "Test_minimal_data_set"])
def test_oneroster_11_bundles_are_refused_as_such(case: str) -> None:
    error = rejection(MOODLE / case)
    assert fields_of(error.issues) == {("manifest.csv", 3, "oneroster.version")}
    assert "this is a OneRoster 1.1 bundle" in error.issues[0].message


def test_moodle_12_delta_sample_parses_forgiving_upper_case_booleans() -> None:
    bundle = parse_bundle(MOODLE / "oneroster_test_data")
    assert counts(bundle) == dict.fromkeys(counts(bundle), 1)
    assert bundle.is_delta()
    assert bundle.users[0].enabled_user is True
    assert bundle.user_profiles[0].vendor_id == "WEI18954"
    assert bundle.roles[0].role == "student"
    assert fields_of(list(bundle.warnings)) == {("users.csv", 2, "enabledUser")}
    assert "'TRUE'" in bundle.warnings[0].message
    assert bundle.unresolved_references() == []


def test_moodle_messy_12_sample_is_rejected_for_its_real_defects() -> None:
    """v1p2_full_dataset is a deliberately broken fixture (see its SOURCE.txt)."""
    error = rejection(MOODLE / "v1p2_full_dataset")
    found = fields_of(error.issues)
    assert {
        ("manifest.csv", 21, "file.scoreScales"),  # empty mode
        ("orgs.csv", 2, "parentSourcedId"),  # department whose parent is missing
        ("academicSessions.csv", 2, "status"),  # tobedeleted in a bulk file
        ("academicSessions.csv", 4, "status"),  # 'inactive'
        ("academicSessions.csv", 4, "dateLastModified"),  # a date, not a date-time
        ("classes.csv", 2, "classType"),  # 'Scheduled'
        ("users.csv", 1, "preferredGivenName"),  # 'prefferedGivenName'
        ("roles.csv", 1, "dateLastModified"),  # 'dataLastModified'
    } <= found
    assert "did you mean 'scheduled'?" in next(i.message for i in error.issues if i.field == "classType")
    # Harmless oddities are warnings, not errors.
    assert not any(issue.field == "enabledUser" for issue in error.issues)
    assert any(w.file == "userprofiles.csv" for w in error.warnings)
