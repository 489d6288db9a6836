"""One rule at a time: damage a copy of a valid sample and check the verdict."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from trellis.interop.oneroster import parse_bundle
from trellis.interop.oneroster.reader import MAX_ISSUES_PER_FILE

from .helpers import (
    BULK,
    DELTA,
    MOODLE,
    fields_of,
    read_text,
    rejection,
    replace_in,
    set_manifest,
    write_text,
)

Copy = Callable[[Path], Path]

USR_0005 = (
    'usr-0005,,,true,blake.pine5,"{SIS:0005},{LDAP:blake.pine5}",Blake,Pine,,USR-0005,'
    "blake.pine5@example.invalid,,,usr-0070,04,,,,,,sch-elem,"
)


def only_issue(bundle: Path) -> tuple[str, int, str, str]:
    error = rejection(bundle)
    assert len(error.issues) == 1, [str(issue) for issue in error.issues]
    issue = error.issues[0]
    return issue.file, issue.line, issue.field, issue.message


# -- status and dateLastModified ------------------------------------------------------------------


def test_delta_rows_need_status(copy_bundle: Copy) -> None:
    bundle = copy_bundle(DELTA)
    replace_in(bundle / "users.csv", "usr-9001,active,", "usr-9001,,")
    file, line, field, message = only_issue(bundle)
    assert (file, line, field) == ("users.csv", 2, "status")
    assert "required in delta mode" in message


def test_delta_rows_need_date_last_modified(copy_bundle: Copy) -> None:
    bundle = copy_bundle(DELTA)
    replace_in(bundle / "roles.csv", "active,2026-09-15T14:00:00.000Z", "active,")
    assert only_issue(bundle)[:3] == ("roles.csv", 2, "dateLastModified")


def test_delta_status_vocabulary_is_case_sensitive(copy_bundle: Copy) -> None:
    bundle = copy_bundle(DELTA)
    replace_in(bundle / "users.csv", "usr-9001,active,", "usr-9001,Active,")
    file, line, field, message = only_issue(bundle)
    assert (file, line, field) == ("users.csv", 2, "status")
    assert "did you mean 'active'?" in message


def test_delta_date_last_modified_must_be_a_date_time(copy_bundle: Copy) -> None:
    bundle = copy_bundle(DELTA)
    replace_in(bundle / "roles.csv", "2026-09-15T14:00:00.000Z", "15/09/2026 14:00")
    file, line, field, message = only_issue(bundle)
    assert (file, line, field) == ("roles.csv", 2, "dateLastModified")
    assert "2026-09-15T14:00:00.000Z" in message


def test_date_times_are_normalised_to_utc(copy_bundle: Copy) -> None:
    bundle = copy_bundle(DELTA)
    replace_in(bundle / "roles.csv", "2026-09-15T14:00:00.000Z", "2026-09-15T16:00:00+02:00")
    replace_in(bundle / "users.csv", "2026-09-15T14:00:00.000Z", "2026-09-15T14:00:00")
    parsed = parse_bundle(bundle)
    assert parsed.roles[0].date_last_modified == datetime(2026, 9, 15, 14, 0, tzinfo=UTC)
    assert parsed.users[0].date_last_modified == datetime(2026, 9, 15, 14, 0, tzinfo=UTC)
    assert fields_of(list(parsed.warnings)) == {("users.csv", 2, "dateLastModified")}
    assert "no time zone" in parsed.warnings[0].message


def test_out_of_range_date_times_are_errors_not_crashes(copy_bundle: Copy) -> None:
    bundle = copy_bundle(DELTA)
    replace_in(bundle / "roles.csv", "2026-09-15T14:00:00.000Z", "0001-01-01T00:00:00+05:00")
    assert only_issue(bundle)[:3] == ("roles.csv", 2, "dateLastModified")


def test_bulk_files_refuse_tobedeleted(copy_bundle: Copy) -> None:
    bundle = copy_bundle(BULK)
    replace_in(bundle / "classes.csv", "cls-math-4-2,,,", "cls-math-4-2,tobedeleted,,")
    file, line, field, message = only_issue(bundle)
    assert (file, line, field) == ("classes.csv", 3, "status")
    assert "leave the row out" in message


def test_bulk_files_forgive_active_and_a_timestamp(copy_bundle: Copy) -> None:
    bundle = copy_bundle(BULK)
    replace_in(bundle / "orgs.csv", "sch-mid,,,", "sch-mid,active,2026-01-01T00:00:00.000Z,")
    parsed = parse_bundle(bundle)
    assert parsed.orgs[2].status == "active"
    assert fields_of(list(parsed.warnings)) == {
        ("orgs.csv", 4, "status"),
        ("orgs.csv", 4, "dateLastModified"),
    }


# -- cells -------------------------------------------------------------------------------------


def test_upper_case_booleans_are_forgiven_once_per_column(copy_bundle: Copy) -> None:
    bundle = copy_bundle(BULK)
    replace_in(bundle / "users.csv", ",,,true,", ",,,TRUE,", count=3)
    replace_in(bundle / "demographics.csv", "false", "False")
    parsed = parse_bundle(bundle)
    assert all(user.enabled_user for user in parsed.users)
    assert parsed.demographics[0].american_indian_or_alaska_native is False
    warnings = {(w.file, w.field): w for w in parsed.warnings}
    assert set(warnings) == {
        ("users.csv", "enabledUser"),
        ("demographics.csv", "americanIndianOrAlaskaNative"),
    }
    assert warnings[("users.csv", "enabledUser")].line == 2
    assert "(3 rows like this" in warnings[("users.csv", "enabledUser")].message


def test_other_booleans_are_errors(copy_bundle: Copy) -> None:
    bundle = copy_bundle(BULK)
    replace_in(bundle / "users.csv", ",,,true,jordan", ",,,yes,jordan")
    assert only_issue(bundle)[:3] == ("users.csv", 2, "enabledUser")


def test_required_cells(copy_bundle: Copy) -> None:
    bundle = copy_bundle(BULK)
    replace_in(bundle / "users.csv", ",Jordan,Pine,", ",,Pine,")
    file, line, field, message = only_issue(bundle)
    assert (file, line, field) == ("users.csv", 2, "givenName")
    assert "required" in message


def test_extension_vocabulary_tokens(copy_bundle: Copy) -> None:
    bundle = copy_bundle(BULK)
    replace_in(bundle / "roles.csv", "primary,teacher", "primary,ext:coach")
    assert parse_bundle(bundle).roles[0].role == "ext:coach"
    replace_in(bundle / "roles.csv", "primary,ext:coach", "ext:main,teacher")
    assert only_issue(bundle)[:3] == ("roles.csv", 2, "roleType")


def test_enrollment_roles_are_the_12_vocabulary(copy_bundle: Copy) -> None:
    bundle = copy_bundle(BULK)
    replace_in(bundle / "enrollments.csv", "usr-0002,teacher,", "usr-0002,aide,")
    file, line, field, message = only_issue(bundle)
    assert (file, line, field) == ("enrollments.csv", 2, "role")
    assert "administrator, proctor, student, teacher" in message


def test_impossible_calendar_dates(copy_bundle: Copy) -> None:
    bundle = copy_bundle(BULK)
    replace_in(bundle / "demographics.csv", "2016-04-01", "2016-02-30")
    file, line, field, message = only_issue(bundle)
    assert (file, line, field) == ("demographics.csv", 2, "birthDate")
    assert "not a real calendar date" in message


def test_end_before_start(copy_bundle: Copy) -> None:
    bundle = copy_bundle(BULK)
    replace_in(bundle / "academicSessions.csv", "2026-08-17,2027-06-11,,2027", "2027-08-17,2027-06-11,,2027")
    assert only_issue(bundle)[:3] == ("academicSessions.csv", 2, "endDate")


def test_user_ids_must_be_type_colon_id(copy_bundle: Copy) -> None:
    bundle = copy_bundle(BULK)
    replace_in(bundle / "users.csv", "{SIS:0002},{LDAP:jordan.pine2}", "SIS:0002,{LDAP:jordan.pine2}")
    file, line, field, message = only_issue(bundle)
    assert (file, line, field) == ("users.csv", 2, "userIds")
    assert "{type:id}" in message


def test_list_items_spaces_are_forgiven_but_empty_items_are_not(copy_bundle: Copy) -> None:
    bundle = copy_bundle(BULK)
    replace_in(bundle / "classes.csv", '"sem-2027-1,sem-2027-2"', '"sem-2027-1, sem-2027-2"')
    parsed = parse_bundle(bundle)
    assert parsed.classes[0].term_sourced_ids == ("sem-2027-1", "sem-2027-2")
    assert fields_of(list(parsed.warnings)) == {("classes.csv", 2, "termSourcedIds")}
    replace_in(bundle / "classes.csv", '"sem-2027-1, sem-2027-2"', '"sem-2027-1,,sem-2027-2"')
    file, line, field, message = only_issue(bundle)
    assert (file, line, field) == ("classes.csv", 2, "termSourcedIds")
    assert "empty item" in message


@pytest.mark.parametrize(
    ("bad", "words"),
    [("usr-0002 ", "spaces"), ("usr,0002", "comma"), ("x" * 256, "at most 255")],
)
def test_sourced_id_form(copy_bundle: Copy, bad: str, words: str) -> None:
    bundle = copy_bundle(BULK)
    text = read_text(bundle / "users.csv").replace("\r\nusr-0002,", f'\r\n"{bad}",', 1)
    write_text(bundle / "users.csv", text)
    error = rejection(bundle)
    first = error.issues[0]
    assert (first.file, first.line, first.field) == ("users.csv", 2, "sourcedId")
    assert words in first.message


def test_grades_outside_ceds_only_warn(copy_bundle: Copy) -> None:
    bundle = copy_bundle(BULK)
    replace_in(bundle / "users.csv", ",usr-0070,04,", ",usr-0070,4,")
    parsed = parse_bundle(bundle)
    assert parsed.users[6].grades == ("4",)
    assert fields_of(list(parsed.warnings)) == {("users.csv", 8, "grades")}


def test_line_breaks_inside_quotes_keep_later_line_numbers_physical(copy_bundle: Copy) -> None:
    bundle = copy_bundle(BULK)
    replace_in(bundle / "users.csv", ",Jordan,Pine,,", ',Jordan,Pine,"Ann\r\nMarie",')
    parsed = parse_bundle(bundle)
    assert parsed.users[0].middle_name == "Ann\r\nMarie"
    assert parsed.users[1].line == 4
    assert fields_of(list(parsed.warnings)) == {("users.csv", 2, "")}
    replace_in(bundle / "users.csv", "usr-0004,,,true", "usr-0004,,,maybe")
    assert only_issue(bundle)[:3] == ("users.csv", 5, "enabledUser")


# -- rows and files -----------------------------------------------------------------------------


def test_short_row_is_one_error_without_cascades(copy_bundle: Copy) -> None:
    bundle = copy_bundle(BULK)
    # usr-0005 is enrolled in classes; losing its row must not make each enrollment an error too.
    replace_in(bundle / "users.csv", USR_0005, USR_0005.replace(",USR-0005,", ","))
    file, line, field, message = only_issue(bundle)
    assert (file, line, field) == ("users.csv", 8, "")
    assert "21 values but the header has 22 columns" in message


def test_bad_row_does_not_cascade_into_dangling_references(copy_bundle: Copy) -> None:
    bundle = copy_bundle(BULK)
    replace_in(bundle / "users.csv", USR_0005, USR_0005.replace(",true,", ",maybe,"))
    assert only_issue(bundle)[:3] == ("users.csv", 8, "enabledUser")


def test_blank_lines_are_skipped(copy_bundle: Copy) -> None:
    bundle = copy_bundle(BULK)
    write_text(bundle / "orgs.csv", read_text(bundle / "orgs.csv") + "\r\n\r\n")
    parsed = parse_bundle(bundle)
    assert len(parsed.orgs) == 3
    assert fields_of(list(parsed.warnings)) == {("orgs.csv", 5, "")}


def test_not_utf8_names_the_line(copy_bundle: Copy) -> None:
    bundle = copy_bundle(BULK)
    data = (bundle / "users.csv").read_bytes().replace(b"Blake", b"Bl\xe9ke", 1)
    (bundle / "users.csv").write_bytes(data)
    file, line, _field, message = only_issue(bundle)
    assert (file, line) == ("users.csv", 8)
    assert "UTF-8" in message


def test_malformed_quotes(copy_bundle: Copy) -> None:
    bundle = copy_bundle(BULK)
    replace_in(bundle / "orgs.csv", "Alder Elementary School (synthetic)", '"Alder" Elementary')
    file, line, _field, message = only_issue(bundle)
    assert (file, line) == ("orgs.csv", 3)
    assert "malformed" in message


def test_empty_file_is_an_error_and_header_only_file_a_warning(copy_bundle: Copy) -> None:
    bundle = copy_bundle(BULK)
    header = read_text(bundle / "demographics.csv").split("\r\n")[0]
    write_text(bundle / "demographics.csv", header + "\r\n")
    parsed = parse_bundle(bundle)
    assert parsed.demographics == ()
    assert fields_of(list(parsed.warnings)) == {("demographics.csv", 1, "")}
    write_text(bundle / "demographics.csv", "")
    assert only_issue(bundle)[:3] == ("demographics.csv", 1, "")


def test_extension_columns_are_ignored_with_a_warning(copy_bundle: Copy) -> None:
    bundle = copy_bundle(BULK)
    lines = read_text(bundle / "orgs.csv").split("\r\n")
    lines = [line + (",metadata.district.code" if i == 0 else ",X") for i, line in enumerate(lines) if line]
    write_text(bundle / "orgs.csv", "\r\n".join(lines) + "\r\n")
    parsed = parse_bundle(bundle)
    assert len(parsed.orgs) == 3
    assert "metadata.district.code" in parsed.warnings[0].message
    write_text(bundle / "orgs.csv", "\r\n".join(line + "," for line in lines) + "\r\n")
    assert only_issue(bundle)[:3] == ("orgs.csv", 1, "")


def test_header_names_are_case_sensitive(copy_bundle: Copy) -> None:
    bundle = copy_bundle(BULK)
    replace_in(bundle / "courses.csv", "courseCode", "CourseCode")
    file, line, field, message = only_issue(bundle)
    assert (file, line, field) == ("courses.csv", 1, "courseCode")
    assert "case-sensitive" in message


def test_issues_per_file_are_capped(tmp_path: Path) -> None:
    from .generate import generate

    generate(tmp_path, users=MAX_ISSUES_PER_FILE + 200, enrollments=50)
    replace_in(tmp_path / "users.csv", ",,,true,", ",,,yes,", count=-1)
    error = rejection(tmp_path)
    assert len(error.issues) == MAX_ISSUES_PER_FILE + 1
    assert "200 further problems" in error.issues[-1].message
    assert f"{MAX_ISSUES_PER_FILE + 1} problems" in str(error)
    assert "... and" in str(error)


# -- references ---------------------------------------------------------------------------------


def test_demographics_must_describe_a_user_in_bulk(copy_bundle: Copy) -> None:
    bundle = copy_bundle(BULK)
    replace_in(bundle / "demographics.csv", "usr-0005,", "usr-5555,")
    file, line, field, message = only_issue(bundle)
    assert (file, line, field) == ("demographics.csv", 2, "sourcedId")
    assert "usr-5555" in message


def test_parent_loops_are_errors(copy_bundle: Copy) -> None:
    bundle = copy_bundle(BULK)
    replace_in(bundle / "orgs.csv", "NCES-0000001,\r\n", "NCES-0000001,sch-elem\r\n")
    file, line, field, message = only_issue(bundle)
    assert (file, line, field) == ("orgs.csv", 2, "parentSourcedId")
    assert "dist-1 -> sch-elem -> dist-1" in message


def test_bulk_references_into_an_absent_file_are_left_to_the_importer(copy_bundle: Copy) -> None:
    bundle = copy_bundle(BULK)
    (bundle / "courses.csv").unlink()
    set_manifest(bundle, "file.courses", "absent")
    parsed = parse_bundle(bundle)
    unresolved = {(ref.target, ref.sourced_id) for ref in parsed.unresolved_references()}
    assert unresolved == {("courses", c) for c in ("crs-math-4", "crs-ela-4", "crs-math-7", "crs-sci-7")}


def test_delta_rows_must_resolve_into_a_bulk_file(copy_bundle: Copy) -> None:
    bundle = copy_bundle(DELTA)
    write_text(bundle / "orgs.csv", read_text(BULK / "orgs.csv").replace("sch-elem,", "sch-oak,"))
    set_manifest(bundle, "file.orgs", "bulk")
    error = rejection(bundle)
    # Every active row naming sch-elem fails; usr-0009's rows are being deleted, so they do not.
    assert fields_of(error.issues) == {
        ("users.csv", 2, "primaryOrgSourcedId"),
        ("users.csv", 4, "primaryOrgSourcedId"),
        ("roles.csv", 2, "orgSourcedId"),
        ("enrollments.csv", 2, "schoolSourcedId"),
    }
    assert "complete set" in error.issues[0].message


def test_active_rows_cannot_point_at_a_deleted_record(copy_bundle: Copy) -> None:
    bundle = copy_bundle(DELTA)
    replace_in(bundle / "enrollments.csv", "usr-0009,tobedeleted,", "usr-0009,active,")
    file, line, field, message = only_issue(bundle)
    assert (file, line, field) == ("enrollments.csv", 3, "userSourcedId")
    assert "users.csv line 3 is tobedeleted" in message


def test_declared_but_missing_file_does_not_cascade(copy_bundle: Copy) -> None:
    bundle = copy_bundle(BULK)
    (bundle / "users.csv").unlink()
    assert only_issue(bundle)[:3] == ("manifest.csv", 24, "file.users")


# -- manifest and files -------------------------------------------------------------------------


def test_wrongly_cased_file_names_are_forgiven(copy_bundle: Copy) -> None:
    bundle = copy_bundle(MOODLE / "oneroster_test_data")
    (bundle / "userProfiles.csv").rename(bundle / "userprofiles.csv")
    parsed = parse_bundle(bundle)
    assert len(parsed.user_profiles) == 1
    casing = [w for w in parsed.warnings if w.file == "userprofiles.csv"]
    assert len(casing) == 1
    assert "userProfiles.csv" in casing[0].message


def test_file_present_but_declared_absent_is_ignored_with_a_warning(copy_bundle: Copy) -> None:
    bundle = copy_bundle(BULK)
    set_manifest(bundle, "file.demographics", "absent")
    parsed = parse_bundle(bundle)
    assert parsed.demographics == ()
    assert fields_of(list(parsed.warnings)) == {("demographics.csv", 0, "")}


def test_other_files(copy_bundle: Copy) -> None:
    bundle = copy_bundle(BULK)
    write_text(bundle / "notes.csv", "a,b\r\n")
    write_text(bundle / "lineItems.csv", "sourcedId\r\n")
    set_manifest(bundle, "file.lineItems", "bulk")
    parsed = parse_bundle(bundle)
    messages = {w.file: w.message for w in parsed.warnings}
    assert "not part of OneRoster 1.2" in messages["notes.csv"]
    assert "rosters only" in messages["lineItems.csv"]
    (bundle / "lineItems.csv").unlink()
    assert only_issue(bundle)[:3] == ("manifest.csv", 14, "file.lineItems")


@pytest.mark.parametrize(
    ("prop", "value", "field"),
    [
        ("oneroster.version", "2.0", "oneroster.version"),
        ("manifest.version", "1.1", "manifest.version"),
        ("file.users", "full", "file.users"),
    ],
)
def test_manifest_values(copy_bundle: Copy, prop: str, value: str, field: str) -> None:
    bundle = copy_bundle(BULK)
    set_manifest(bundle, prop, value)
    file, _line, found, message = only_issue(bundle)
    assert (file, found) == ("manifest.csv", field)
    assert repr(value) in message


def test_manifest_modes_in_capitals_are_forgiven(copy_bundle: Copy) -> None:
    bundle = copy_bundle(BULK)
    set_manifest(bundle, "file.users", "Bulk")
    parsed = parse_bundle(bundle)
    assert parsed.mode("users") == "bulk"
    assert fields_of(list(parsed.warnings)) == {("manifest.csv", 24, "file.users")}


def test_manifest_without_version_or_with_repeats(copy_bundle: Copy) -> None:
    bundle = copy_bundle(BULK)
    replace_in(bundle / "manifest.csv", "oneroster.version,1.2\r\n", "")
    assert only_issue(bundle)[:3] == ("manifest.csv", 0, "oneroster.version")
    replace_in(
        bundle / "manifest.csv", "manifest.version,1.0\r\n", "manifest.version,1.0\r\nfile.users,bulk\r\n"
    )
    file, line, field, message = only_issue(bundle)
    assert (file, line, field) == ("manifest.csv", 24, "file.users")
    assert "already given at line 3" in message


def test_manifest_header(copy_bundle: Copy) -> None:
    bundle = copy_bundle(BULK)
    replace_in(bundle / "manifest.csv", "propertyName,value", "property,value")
    file, line, _field, message = only_issue(bundle)
    assert (file, line) == ("manifest.csv", 1)
    assert "propertyName,value" in message
    write_text(bundle / "manifest.csv", "")
    assert "no properties" in only_issue(bundle)[3]


def test_undeclared_files_count_as_absent(copy_bundle: Copy) -> None:
    bundle = copy_bundle(BULK)
    replace_in(bundle / "manifest.csv", "file.categories,absent\r\n", "")
    parsed = parse_bundle(bundle)
    assert parsed.mode("categories") == "absent"
    assert "file.categories" in parsed.warnings[0].message


def test_sources_that_are_not_bundles(tmp_path: Path) -> None:
    assert rejection(tmp_path / "nowhere").issues[0].line == 0
    (tmp_path / "roster.csv").write_text("a,b\n")
    assert "not a readable zip" in rejection(tmp_path / "roster.csv").issues[0].message
    assert "no manifest.csv" in rejection(tmp_path).issues[0].message
