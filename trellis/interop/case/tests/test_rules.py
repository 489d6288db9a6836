"""Each validation rule: what is refused, where the issue points, and what it says to do."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from trellis.interop.case import CaseError, parse_package

from .helpers import CODES, SYNTHETIC_1_1, assert_well_formed, fields_of, rejection, small_package, uid


def test_the_small_package_is_valid_and_declares_1_1():
    package = parse_package(small_package())
    assert package.version == "1.1"
    assert len(package.items) == 5
    assert package.warnings == ()
    assert [package.label(a) for a, _ in package.prerequisites()] == ["NF.1", "NF.2"]


# -- sources ----------------------------------------------------------------------------------------


def test_every_kind_of_source_reads_the_same(tmp_path: Path):
    raw = small_package()
    text = json.dumps(raw, indent=2)
    path = tmp_path / "framework.json"
    path.write_text(text, encoding="utf-8")
    expected = parse_package(raw)

    assert parse_package(text) == expected
    assert parse_package("\n  " + text) == expected
    assert parse_package(text.encode("utf-8")) == expected
    assert parse_package(b"\xef\xbb\xbf" + text.encode("utf-8")) == expected  # byte order mark
    assert parse_package(path) == expected
    assert parse_package(str(path)) == expected
    assert parse_package(io.BytesIO(text.encode("utf-8"))) == expected
    assert parse_package(io.StringIO(text)) == expected


def test_a_dict_source_is_neither_changed_nor_shared():
    raw = small_package(declare_1_1=False)
    raw["CFItems"][0]["x-vendor"] = {"list": [1]}
    before = json.dumps(raw)
    package = parse_package(raw)
    assert json.dumps(raw) == before
    raw["CFItems"][0]["x-vendor"]["list"].append(2)
    assert package.items[0].extra == {"x-vendor": {"list": [1]}}


def test_issues_are_labelled_with_the_name_or_the_file_name(tmp_path: Path):
    path = tmp_path / "broken.json"
    path.write_text("{", encoding="utf-8")
    assert rejection(path).issues[0].file == "broken.json"
    with pytest.raises(CaseError) as caught:
        parse_package("{", name="upload 7")
    assert caught.value.issues[0].file == "upload 7"
    assert rejection("{").issues[0].file == "CFPackage"


def test_a_missing_file_is_reported(tmp_path: Path):
    (issue,) = rejection(tmp_path / "nowhere.json").issues
    assert issue.file == "nowhere.json"
    assert "could not be read" in issue.message
    assert_well_formed(issue)


def test_a_string_is_json_text_only_when_it_starts_like_an_object_or_a_list():
    (issue,) = rejection("null").issues
    assert "could not be read" in issue.message
    assert "JSON text passed as a string must start with '{'" in issue.message


def test_bytes_that_are_not_utf8_are_reported():
    (issue,) = rejection(b'{"CFDocument": "\xff"}').issues
    assert "not UTF-8" in issue.message
    assert_well_formed(issue)


def test_invalid_json_gives_line_and_column():
    text = json.dumps(small_package(), indent=2).replace('"Fractions",', '"Fractions"', 1)
    (issue,) = rejection(text).issues
    assert issue.line > 1
    assert f"line {issue.line}, column" in issue.message
    assert issue.field == "$"
    assert_well_formed(issue)


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_numbers_json_does_not_have_are_refused(token):
    raw = small_package()
    raw["CFAssociations"][0]["sequenceNumber"] = 0
    text = json.dumps(raw).replace('"sequenceNumber": 0', f'"sequenceNumber": {token}')
    (issue,) = rejection(text).issues
    assert "not valid JSON" in issue.message
    assert_well_formed(issue)


def test_a_dict_that_is_not_json_is_refused():
    raw = small_package()
    raw["CFDocument"]["notes"] = {1, 2}
    (issue,) = rejection(raw).issues
    assert "not JSON" in issue.message


def test_deeply_nested_json_is_refused_not_crashed():
    text = '{"CFDocument": {}, "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
    (issue,) = rejection(text).issues
    assert "nested too deeply" in issue.message


# -- not a package ----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [b"[]", b'"CFPackage"', b"42", b"null", "[{}]"])
def test_json_that_is_not_an_object_is_not_a_package(text):
    (issue,) = rejection(text).issues
    assert "not a CFPackage" in issue.message
    assert_well_formed(issue)


def test_without_a_cfdocument_it_is_not_a_package():
    raw = small_package()
    del raw["CFDocument"]
    (issue,) = rejection(raw).issues
    assert "no CFDocument" in issue.message
    assert_well_formed(issue)


def test_a_lone_cfdocument_gets_a_hint():
    document = small_package()["CFDocument"]
    (issue,) = rejection(document).issues
    assert "lone CFDocument" in issue.message


def test_lists_that_are_not_lists_are_refused():
    raw = small_package()
    raw["CFItems"] = {"0": raw["CFItems"][0]}
    raw["CFRubrics"] = "none"
    error = rejection(raw)
    assert fields_of(error.issues)[:2] == ["CFItems", "CFRubrics"]


# -- objects and values ------------------------------------------------------------------------------


def test_missing_required_properties_are_all_reported():
    raw = small_package()
    del raw["CFDocument"]["creator"]
    del raw["CFItems"][1]["fullStatement"]
    raw["CFItems"][2]["uri"] = None
    del raw["CFAssociations"][0]["associationType"]
    del raw["CFDefinitions"]["CFLicenses"][0]["licenseText"]
    del raw["CFRubrics"][0]["CFRubricCriteria"][0]["CFRubricCriterionLevels"][0]["lastChangeDateTime"]
    error = rejection(raw)
    assert fields_of(error.issues) == [
        "CFDocument.creator",
        "CFItems[1].fullStatement",
        "CFItems[2].uri",
        "CFAssociations[0].associationType",
        "CFDefinitions.CFLicenses[0].licenseText",
        "CFRubrics[0].CFRubricCriteria[0].CFRubricCriterionLevels[0].lastChangeDateTime",
    ]
    assert "CASE requires fullStatement on every CFItem; add it" in error.issues[1].message
    assert "is null" in error.issues[2].message
    for issue in error.issues:
        assert_well_formed(issue)


def test_blank_statements_and_titles_are_refused():
    raw = small_package()
    raw["CFItems"][0]["fullStatement"] = "   "
    raw["CFDocument"]["title"] = ""
    assert fields_of(rejection(raw).issues) == ["CFDocument.title", "CFItems[0].fullStatement"]


def test_identifiers_must_be_uuids():
    raw = small_package()
    raw["CFItems"][0]["identifier"] = "NF"
    raw["CFItems"][1]["CFItemTypeURI"]["identifier"] = "standard"
    raw["CFRubrics"][0]["CFRubricCriteria"][0]["rubricId"] = 30
    error = rejection(raw)
    assert fields_of(error.issues)[:3] == [
        "CFItems[0].identifier",
        "CFItems[1].CFItemTypeURI.identifier",
        "CFRubrics[0].CFRubricCriteria[0].rubricId",
    ]
    assert "'NF' is not a UUID" in error.issues[0].message


def test_association_ends_need_not_be_uuids():
    raw = small_package()
    raw["CFAssociations"][7]["destinationNodeURI"]["identifier"] = "urn:isbn:9780000000000"
    package = parse_package(raw)
    assert package.associations[7].destination.identifier == "urn:isbn:9780000000000"


def test_uuids_in_capitals_are_kept_and_still_match():
    raw = small_package()
    raw["CFItems"][0]["identifier"] = uid(10).upper()
    package = parse_package(raw)
    assert package.items[0].identifier == uid(10).upper()
    assert package.item(uid(10)) is package.items[0]
    assert package.children_of(uid(10)) == (uid(11), uid(12), uid(13))


def test_duplicate_identifiers_are_refused_wherever_they_are():
    raw = small_package()
    raw["CFItems"][2]["identifier"] = raw["CFItems"][1]["identifier"]
    raw["CFRubrics"][0]["identifier"] = raw["CFAssociations"][0]["identifier"]
    error = rejection(raw)
    assert fields_of(error.issues) == ["CFItems[2].identifier", "CFRubrics[0].identifier"]
    assert "already the identifier of CFItems[1]" in error.issues[0].message
    assert "already the identifier of CFAssociations[0]" in error.issues[1].message


def test_wrong_types_are_refused():
    raw = small_package()
    raw["CFItems"][0]["educationLevel"] = [4]
    raw["CFItems"][1]["humanCodingScheme"] = 1.2
    raw["CFAssociations"][1]["sequenceNumber"] = "1"
    raw["CFAssociations"][2]["sequenceNumber"] = True
    raw["CFRubrics"][0]["CFRubricCriteria"][0]["weight"] = "heavy"
    raw["CFDocument"]["subjectURI"] = {"title": "Mathematics"}
    raw["CFDocument"]["extensions"] = []
    error = rejection(raw)
    assert fields_of(error.issues) == [
        "CFDocument.subjectURI",
        "CFDocument.extensions",
        "CFItems[0].educationLevel[0]",
        "CFItems[1].humanCodingScheme",
        "CFAssociations[1].sequenceNumber",
        "CFAssociations[2].sequenceNumber",
        "CFRubrics[0].CFRubricCriteria[0].weight",
    ]


def test_dates_and_date_times_are_checked():
    raw = small_package()
    raw["CFItems"][0]["lastChangeDateTime"] = "yesterday"
    raw["CFItems"][1]["lastChangeDateTime"] = "2025-02-30T00:00:00Z"
    raw["CFItems"][2]["statusStartDate"] = "2025-13-01"
    raw["CFItems"][3]["lastChangeDateTime"] = "2025-01-01T25:00:00Z"
    assert fields_of(rejection(raw).issues) == [
        "CFItems[0].lastChangeDateTime",
        "CFItems[1].lastChangeDateTime",
        "CFItems[2].statusStartDate",
        "CFItems[3].lastChangeDateTime",
    ]


def test_date_times_without_a_zone_are_read_with_a_warning():
    raw = small_package()
    raw["CFItems"][0]["lastChangeDateTime"] = "2025-01-31T12:00:00"
    package = parse_package(raw)
    (warning,) = package.warnings
    assert warning.field == "CFItems[0].lastChangeDateTime"
    assert "read as UTC" in warning.message


def test_case_1_0_single_strings_are_read_as_lists():
    raw = small_package(declare_1_1=False)
    raw["CFItems"][0]["educationLevel"] = "03, 04,05"
    raw["CFItems"][0]["conceptKeywords"] = "fractions"
    raw["CFDocument"]["subject"] = "Mathematics"
    raw["CFDefinitions"] = []
    package = parse_package(raw)
    assert package.items[0].education_level == ("03", "04", "05")
    assert package.items[0].concept_keywords == ("fractions",)
    assert package.document.subject == ("Mathematics",)
    assert package.definitions.item_types == ()


# -- associations -----------------------------------------------------------------------------------


def test_unknown_association_types_are_refused_with_a_suggestion():
    raw = small_package()
    raw["CFAssociations"][1]["associationType"] = "IsChildOf"
    raw["CFAssociations"][6]["associationType"] = "requires"
    error = rejection(raw)
    assert fields_of(error.issues) == [
        "CFAssociations[1].associationType",
        "CFAssociations[6].associationType",
    ]
    assert "did you mean 'isChildOf'?" in error.issues[0].message
    assert "isTranslationOf" in error.issues[1].message and "ext:<name>" in error.issues[1].message


def test_case_1_1_types_and_extension_types_are_accepted():
    raw = small_package()
    raw["CFAssociations"][6]["associationType"] = "isTranslationOf"
    raw["CFAssociations"][7]["associationType"] = "ext:alignsTo"
    raw["CFAssociations"][7]["destinationNodeURI"]["targetType"] = "ext:resource"
    package = parse_package(raw)
    assert package.associations[7].destination.target_type == "ext:resource"


def test_an_unknown_target_type_is_refused():
    raw = small_package()
    raw["CFAssociations"][7]["destinationNodeURI"]["targetType"] = "Resource"
    assert fields_of(rejection(raw).issues) == ["CFAssociations[7].destinationNodeURI.targetType"]


def test_external_ends_with_a_uri_are_kept_as_they_are():
    package = parse_package(small_package())
    external = package.associations[7].destination
    assert external.identifier == uid(900)
    assert external.uri.startswith("https://other.example.invalid/")
    assert external.title == "Other framework's 4.NF.1"
    assert package.related() == ((uid(11), uid(900)),)


def test_an_end_neither_in_the_package_nor_with_a_uri_is_refused():
    raw = small_package()
    del raw["CFAssociations"][7]["destinationNodeURI"]["uri"]
    raw["CFAssociations"][4]["originNodeURI"] = {"identifier": uid(404), "title": "gone", "uri": " "}
    error = rejection(raw)
    assert fields_of(error.issues) == [
        "CFAssociations[4].originNodeURI.uri",
        "CFAssociations[7].destinationNodeURI.uri",
    ]
    assert "not in this package and no uri says where it is" in error.issues[0].message


def test_an_end_in_the_package_gets_its_missing_uri_and_title_with_warnings():
    raw = small_package(declare_1_1=False)
    end = raw["CFAssociations"][1]["originNodeURI"]
    del end["uri"], end["title"]
    package = parse_package(raw)
    origin = package.associations[1].origin
    assert origin.uri == raw["CFItems"][1]["uri"]
    assert origin.title == "NF.1"
    assert fields_of(list(package.warnings)) == [
        "CFAssociations[1].originNodeURI.uri",
        "CFAssociations[1].originNodeURI.title",
    ]


def test_a_precedes_cycle_is_refused_naming_the_items_in_order():
    raw = small_package()
    back = dict(raw["CFAssociations"][4])  # NF.1 precedes NF.2; NF.2 precedes NF.3 exists
    back.update(
        identifier=uid(40),
        originNodeURI=raw["CFAssociations"][5]["destinationNodeURI"],  # NF.3
        destinationNodeURI=raw["CFAssociations"][4]["originNodeURI"],  # NF.1
    )
    raw["CFAssociations"].append(back)
    (issue,) = rejection(raw).issues
    assert issue.field == "CFAssociations[4].associationType"
    assert "precedes associations form a cycle: NF.1 -> NF.2 -> NF.3 -> NF.1" in issue.message
    assert "CFAssociations[4], CFAssociations[5], CFAssociations[8]" in issue.message
    assert_well_formed(issue)


def test_something_that_precedes_itself_is_a_cycle():
    raw = small_package()
    raw["CFAssociations"][4]["destinationNodeURI"] = raw["CFAssociations"][4]["originNodeURI"]
    (issue,) = rejection(raw).issues
    assert "cycle: NF.1 -> NF.1" in issue.message


def test_an_item_that_is_its_own_ancestor_is_refused():
    raw = small_package()
    loop = dict(raw["CFAssociations"][1], identifier=uid(41))
    loop["originNodeURI"], loop["destinationNodeURI"] = loop["destinationNodeURI"], loop["originNodeURI"]
    raw["CFAssociations"].append(loop)  # NF isChildOf NF.1, and NF.1 isChildOf NF
    (issue,) = rejection(raw).issues
    assert "isChildOf associations form a cycle: NF -> NF.1 -> NF" in issue.message
    assert "its own ancestor" in issue.message


def test_an_item_may_have_two_parents():
    raw = small_package()
    second = dict(raw["CFAssociations"][3], identifier=uid(42))
    second["destinationNodeURI"] = raw["CFAssociations"][0]["destinationNodeURI"]  # NF.3 also under the root
    raw["CFAssociations"].append(second)
    package = parse_package(raw)
    assert [package.label(child) for child in package.children_of(package.document.identifier)] == [
        "NF",
        "NF.3",
    ]
    assert sum(child == uid(13) for child, _ in package.hierarchy()) == 2


# -- versions and the official schema ---------------------------------------------------------------


def test_a_package_that_declares_1_1_is_checked_against_the_official_schema():
    raw = small_package()
    raw["CFItems"][0]["CFDocumentURI"] = {
        "title": "other",
        "identifier": uid(77),
        "uri": "https://x.invalid/",
    }
    raw["CFItems"][1]["statusStartDate"] = "2025-01-01T00:00:00Z"  # a date-time: CASE 1.1 wants a date
    error = rejection(raw)
    assert fields_of(error.issues) == ["CFItems[0].CFDocumentURI", "CFItems[1].statusStartDate"]
    assert "CASE 1.1 JSON schema" in error.issues[0].message
    assert "'CFDocumentURI' was unexpected" in error.issues[0].message
    for issue in error.issues:
        assert_well_formed(issue)

    relaxed = parse_package(raw, validate_schema=False)
    assert relaxed.items[0].extra["CFDocumentURI"]["identifier"] == uid(77)


def test_the_schema_does_not_repeat_what_the_parser_already_said():
    raw = small_package()
    raw["CFItems"][0]["identifier"] = "NF"
    assert fields_of(rejection(raw).issues) == ["CFItems[0].identifier"]


def test_an_undeclared_package_is_not_held_to_the_1_1_schema():
    raw = small_package(declare_1_1=False)
    raw["CFItems"][0]["x-vendor"] = 1
    assert parse_package(raw).version == "1.0"


def test_case_version_values():
    raw = small_package()
    raw["CFDocument"]["caseVersion"] = "1.2"
    (issue,) = rejection(raw).issues
    assert issue.field == "CFDocument.caseVersion"
    assert "only '1.1'" in issue.message

    raw["CFDocument"]["caseVersion"] = "1.0"
    package = parse_package(raw)
    assert package.version == "1.0"
    assert fields_of(list(package.warnings)) == ["CFDocument.caseVersion"]


def test_1_1_only_properties_mark_an_undeclared_package_as_1_1():
    for change in (
        lambda raw: raw["CFDocument"].update(frameworkType="CourseCodes"),
        lambda raw: raw["CFItems"][0].update(subject=["Mathematics"]),
        lambda raw: raw["CFAssociations"][0].update(notes="why"),
        lambda raw: raw["CFAssociations"][6].update(associationType="isTranslationOf"),
        lambda raw: raw.update(extensions={}),
    ):
        raw = small_package(declare_1_1=False)
        change(raw)
        assert parse_package(raw).version == "1.1"


# -- all at once ------------------------------------------------------------------------------------


def test_every_problem_is_reported_at_once_and_the_message_lists_them():
    raw = json.loads(SYNTHETIC_1_1.read_text("utf-8"))
    for index, entry in enumerate(raw["CFItems"] + raw["CFAssociations"]):
        entry["identifier"] = f"object-{index}"
    error = rejection(raw)
    assert len(error.issues) == len(raw["CFItems"]) + len(raw["CFAssociations"])
    assert str(error).startswith(f"CASE package rejected: {len(error.issues)} problems")
    assert "... and" in str(error)


def test_codes_in_the_small_package():
    assert list(CODES.values()) == ["NF", "NF.1", "NF.2", "NF.3", "NF-L1"]
