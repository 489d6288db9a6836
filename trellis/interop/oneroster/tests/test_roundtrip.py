"""write_bundle: parse, write and parse again gives an equal bundle; the files follow the binding."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from trellis.interop.oneroster import (
    AcademicSession,
    Bundle,
    Class,
    Course,
    Enrollment,
    Org,
    User,
    parse_bundle,
    write_bundle,
)
from trellis.interop.oneroster.schema import MANIFEST_FILES

from .helpers import BULK, DELTA, MOODLE


@pytest.mark.parametrize("sample", [BULK, DELTA, MOODLE / "oneroster_test_data"], ids=lambda p: p.name)
def test_parse_write_parse_is_equal(sample: Path, tmp_path: Path) -> None:
    first = parse_bundle(sample)
    write_bundle(first, tmp_path / "out")
    second = parse_bundle(tmp_path / "out")
    assert second == first
    assert second.warnings == ()  # what was forgiven on the way in is written correctly
    assert [user.line for user in second.users] == [user.line for user in first.users]


@pytest.mark.parametrize("sample", [BULK, DELTA], ids=lambda p: p.name)
def test_writer_reproduces_conformant_samples_byte_for_byte(sample: Path, tmp_path: Path) -> None:
    write_bundle(parse_bundle(sample), tmp_path)
    written = sorted(path.name for path in tmp_path.iterdir())
    assert written == sorted(path.name for path in sample.iterdir())
    for name in written:
        assert (tmp_path / name).read_bytes() == (sample / name).read_bytes(), name


def test_written_files_follow_the_binding(tmp_path: Path) -> None:
    write_bundle(parse_bundle(MOODLE / "oneroster_test_data"), tmp_path)
    users = (tmp_path / "users.csv").read_bytes()
    assert not users.startswith(b"\xef\xbb\xbf")
    assert users.count(b"\r\n") == 2
    assert b"\n" not in users.replace(b"\r\n", b"")
    assert b",true," in users  # TRUE came in, true goes out
    manifest = (tmp_path / "manifest.csv").read_bytes().decode("utf-8").split("\r\n")
    assert manifest[:3] == ["propertyName,value", "manifest.version,1.0", "oneroster.version,1.2"]
    assert [line.split(",")[0] for line in manifest[3:24]] == [f"file.{s}" for s in MANIFEST_FILES]
    assert "file.lineItems,absent" in manifest
    assert "source.systemName,DataGen" in manifest


def test_bundle_built_in_code_writes_and_reads_back(tmp_path: Path) -> None:
    """An export: records made by the importer's counterpart, with defaults for the rest."""
    changed = datetime(2026, 9, 15, 14, 0, 0, 123456, tzinfo=UTC)
    bundle = Bundle(
        source="export",
        orgs=(Org("sch", "", None, 'Oak "North", Campus', "school", "", ""),),
        academic_sessions=(
            AcademicSession("t", "", None, "Fall", "term", date(2026, 8, 17), date(2027, 1, 15), "", "2027"),
        ),
        courses=(Course("c", "", None, "", "Math", "", ("06", "07"), "sch", ("Math",), ()),),
        classes=(
            Class("k", "", None, "Math 6", (), "c", "", "homeroom", "", "sch", ("t",), (), (), ("1", "2")),
        ),
        users=(
            User(
                "u",
                "",
                changed,
                True,
                "ann",
                (("LDAP", "ann"), ("SIS", "1")),
                "Ann",
                "Lee",
                "",
                "",
                "",
                "",
                "",
                (),
                ("06",),
                "secret",
                "",
                "",
                "",
                "",
                "sch",
                "she/her",
            ),
        ),
        enrollments=(Enrollment("e", "", None, "k", "sch", "u", "student", False, None, None),),
    )
    write_bundle(bundle, tmp_path)
    classes = (tmp_path / "classes.csv").read_bytes().decode("utf-8")
    assert ',"1,2"\r\n' in classes
    assert '"{LDAP:ann},{SIS:1}"' in (tmp_path / "users.csv").read_bytes().decode("utf-8")
    assert '"Oak ""North"", Campus"' in (tmp_path / "orgs.csv").read_bytes().decode("utf-8")
    again = parse_bundle(tmp_path)
    assert again == Bundle(
        source="",
        file_modes=dict.fromkeys(MANIFEST_FILES, "absent")
        | {"orgs": "bulk", "academicSessions": "bulk", "courses": "bulk", "classes": "bulk"}
        | {"users": "bulk", "enrollments": "bulk"},
        orgs=bundle.orgs,
        academic_sessions=bundle.academic_sessions,
        courses=bundle.courses,
        classes=bundle.classes,
        users=bundle.users,
        enrollments=bundle.enrollments,
    )
    assert again.users[0].date_last_modified == changed
    assert "secret" not in repr(again.users[0])


def test_writer_refuses_contradictions(tmp_path: Path) -> None:
    org = Org("sch", "", None, "Oak", "school", "", "")
    with pytest.raises(ValueError, match="absent"):
        write_bundle(Bundle(source="x", file_modes={"orgs": "absent"}, orgs=(org,)), tmp_path)
    with pytest.raises(ValueError, match="one of"):
        write_bundle(Bundle(source="x", file_modes={"orgs": "full"}, orgs=(org,)), tmp_path)
