"""Writing: valid against the official schemas, and parse -> write -> parse gives the same package."""

from __future__ import annotations

import copy
import dataclasses
import json
from functools import cache
from typing import Any

import jsonschema
import pytest

from trellis.interop.case import (
    CaseError,
    CasePackage,
    CFAssociation,
    CFDocument,
    CFItem,
    CFItemType,
    LinkGenURI,
    parse_package,
    write_package,
)
from trellis.interop.case.schema import load_schema

from .helpers import (
    ALL_SAMPLES,
    CCSS,
    DOC,
    OFFICIAL_SCHEMAS,
    SYNTHETIC_1_0,
    SYNTHETIC_1_1,
    fields_of,
    load,
    small_package,
    uid,
)


@cache
def official_validator(version: str) -> Any:
    """A validator built from the research copy of the official schema (not the shipped one)."""
    schema = json.loads(OFFICIAL_SCHEMAS[version].read_text("utf-8"))
    cls = jsonschema.Draft201909Validator if version == "1.1" else jsonschema.Draft4Validator
    checker = jsonschema.FormatChecker()
    checker.checks("date-time")(lambda value: isinstance(value, str) and "T" in value)
    return cls(schema, format_checker=checker)


def schema_errors(data: dict[str, Any], version: str) -> list[str]:
    return [
        f"{list(error.absolute_path)}: {error.message}"
        for error in official_validator(version).iter_errors(data)
    ]


def same_apart_from_version(again: CasePackage, package: CasePackage) -> bool:
    return dataclasses.replace(again, version=package.version) == package


@pytest.fixture(scope="module")
def parsed() -> dict[str, CasePackage]:
    return {path.name: parse_package(path) for path in ALL_SAMPLES}


@pytest.mark.parametrize("version", ["1.0", "1.1"])
@pytest.mark.parametrize("path", ALL_SAMPLES, ids=lambda path: path.name)
def test_round_trip_is_lossless_and_valid(path, version, parsed):
    package = parsed[path.name]

    data = write_package(package, version=version)

    assert schema_errors(data, version) == []
    assert json.loads(json.dumps(data, allow_nan=False)) == data  # JSON-ready
    again = parse_package(data)
    assert again.version == version
    assert same_apart_from_version(again, package)
    assert again.warnings == ()


def test_the_shipped_schemas_are_the_official_files():
    for version, path in OFFICIAL_SCHEMAS.items():
        assert load_schema(version) == json.loads(path.read_text("utf-8"))


def test_a_1_1_package_is_written_back_as_it_came_plus_its_declared_version():
    raw = load(SYNTHETIC_1_1)
    data = write_package(parse_package(raw))
    assert data["CFDocument"].pop("caseVersion") == "1.1"
    assert data == raw


def test_a_1_0_package_is_written_back_as_it_came():
    raw = load(SYNTHETIC_1_0)
    assert write_package(parse_package(raw)) == raw


def test_writing_1_1_declares_the_version_right_after_the_uri():
    data = write_package(parse_package(SYNTHETIC_1_0), version="1.1")
    assert list(data["CFDocument"])[:3] == ["identifier", "uri", "caseVersion"]
    assert "CFPackageURI" not in data["CFDocument"]
    assert all("CFDocumentURI" not in item for item in data["CFItems"])


def test_writing_1_0_adds_the_back_references_to_the_document():
    package = parse_package(SYNTHETIC_1_1)
    data = write_package(package, version="1.0")
    link = {
        "title": package.document.title,
        "identifier": package.document.identifier,
        "uri": package.document.uri,
    }
    assert data["CFDocument"]["CFPackageURI"]["uri"] == package.document.uri.replace(
        "CFDocuments", "CFPackages"
    )
    assert all(entry["CFDocumentURI"] == link for entry in (*data["CFItems"], *data["CFAssociations"]))
    assert "caseVersion" not in data["CFDocument"]


def test_the_ccss_package_round_trips_as_1_1_and_validates_fast_enough():
    package = parse_package(CCSS)
    data = write_package(package, version="1.1", validate=True)
    assert len(data["CFItems"]) == 1189
    assert parse_package(data) == dataclasses.replace(package, version="1.1")


def test_unknown_properties_are_kept_and_placed_where_each_version_allows():
    raw = small_package(declare_1_1=False)
    raw["CFItems"][0]["x-vendor"] = {"color": "blue", "tags": [1, 2]}
    raw["CFAssociations"][0]["x-weight"] = 0.5
    raw["CFDocument"]["x-owner"] = "district"
    package = parse_package(raw)
    assert package.items[0].extra == {"x-vendor": {"color": "blue", "tags": [1, 2]}}
    assert package.associations[0].extra == {"x-weight": 0.5}

    as_1_0 = write_package(package, version="1.0")  # 1.0 lets these objects carry more properties
    assert as_1_0["CFItems"][0]["x-vendor"] == {"color": "blue", "tags": [1, 2]}
    assert schema_errors(as_1_0, "1.0") == []
    assert same_apart_from_version(parse_package(as_1_0), package)

    as_1_1 = write_package(package, version="1.1")  # 1.1 allows them only in extensions
    assert as_1_1["CFItems"][0]["extensions"] == {"x-vendor": {"color": "blue", "tags": [1, 2]}}
    assert as_1_1["CFDocument"]["extensions"] == {"x-owner": "district"}
    assert schema_errors(as_1_1, "1.1") == []
    moved = parse_package(as_1_1).items[0]
    assert moved.extensions == {"x-vendor": {"color": "blue", "tags": [1, 2]}}
    assert moved.extra == {}


def test_the_writer_output_shares_nothing_with_the_package():
    raw = small_package()
    raw["CFItems"][0]["extensions"] = {"nested": {"list": [1]}}
    package = parse_package(raw)
    data = write_package(package)
    data["CFItems"][0]["extensions"]["nested"]["list"].append(2)
    assert package.items[0].extensions == {"nested": {"list": [1]}}


def test_what_1_0_cannot_hold_is_refused_or_dropped_on_request():
    raw = small_package()
    raw["CFAssociations"][6]["associationType"] = "isTranslationOf"
    raw["CFDefinitions"]["CFItemTypes"][0]["extensions"] = {"a": 1}
    raw["CFAssociations"][7]["destinationNodeURI"]["targetType"] = "ext:resource"
    package = parse_package(raw)

    with pytest.raises(CaseError) as caught:
        write_package(package, version="1.0")
    assert fields_of(caught.value.issues) == [
        "CFAssociations[6].associationType",
        "CFAssociations[7].destinationNodeURI.targetType",
        "CFDefinitions.CFItemTypes[0].extensions",
    ]
    assert "write CASE 1.1" in caught.value.issues[0].message

    data = write_package(package, version="1.0", drop_unrepresentable=True)
    assert schema_errors(data, "1.0") == []
    assert len(data["CFAssociations"]) == len(package.associations) - 1
    assert schema_errors(write_package(package, version="1.1"), "1.1") == []


def test_what_1_1_cannot_hold_is_refused():
    package = parse_package(SYNTHETIC_1_0)
    item_type = dataclasses.replace(package.definitions.item_types[0], description=None)
    definitions = dataclasses.replace(package.definitions, item_types=(item_type,))
    item = dataclasses.replace(package.items[0], status_start_date="2025-01-01T00:00:00Z")
    package = dataclasses.replace(package, definitions=definitions, items=(item, *package.items[1:]))

    with pytest.raises(CaseError) as caught:
        write_package(package, version="1.1")
    assert fields_of(caught.value.issues) == [
        "CFItems[0].statusStartDate",
        "CFDefinitions.CFItemTypes[0].description",
    ]
    assert schema_errors(write_package(package, version="1.0"), "1.0") == []


def test_a_package_built_in_code_is_written_and_checked():
    document = CFDocument(
        identifier=DOC,
        uri=f"https://example.invalid/CFDocuments/{DOC}",
        creator="Trellis",
        title="Habits of success",
        last_change_date_time="2025-01-31T12:00:00Z",
    )
    item = CFItem(
        identifier=uid(2),
        uri=f"https://example.invalid/CFItems/{uid(2)}",
        full_statement="I plan my day.",
        last_change_date_time="2025-01-31T12:00:00Z",
        human_coding_scheme="SELF.1",
    )
    child_of = CFAssociation(
        identifier=uid(3),
        uri=f"https://example.invalid/CFAssociations/{uid(3)}",
        association_type="isChildOf",
        origin=LinkGenURI(item.identifier, item.uri, "SELF.1"),
        destination=LinkGenURI(document.identifier, document.uri, document.title),
        last_change_date_time="2025-01-31T12:00:00Z",
        sequence_number=1,
    )
    package = CasePackage(document=document, items=(item,), associations=(child_of,))

    for version in ("1.0", "1.1"):
        data = write_package(package, version=version, validate=True)
        assert parse_package(data) == dataclasses.replace(package, version=version)

    broken = dataclasses.replace(package, items=(dataclasses.replace(item, identifier="SELF-1"),))
    with pytest.raises(CaseError) as caught:
        write_package(broken, version="1.1", validate=True)
    assert "CFItems[0].identifier" in fields_of(caught.value.issues)


def test_extra_properties_that_repeat_case_properties_are_refused():
    package = parse_package(small_package())
    item = dataclasses.replace(package.items[0], extra={"fullStatement": "twice"})
    with pytest.raises(CaseError) as caught:
        write_package(dataclasses.replace(package, items=(item,)))
    assert fields_of(caught.value.issues) == ["CFItems[0].fullStatement"]


def test_top_level_extras_go_into_package_extensions_in_1_1_only():
    raw = small_package()
    raw["x-exported-by"] = "Trellis"
    package = parse_package(raw, validate_schema=False)
    assert package.extra == {"x-exported-by": "Trellis"}
    assert write_package(package)["extensions"] == {"x-exported-by": "Trellis"}
    with pytest.raises(CaseError):
        write_package(package, version="1.0")


def test_an_unknown_version_is_a_programming_error():
    with pytest.raises(ValueError, match="version"):
        write_package(parse_package(small_package()), version="2.0")  # type: ignore[arg-type]


def test_an_item_type_without_description_is_fine_in_1_0_input():
    raw = load(SYNTHETIC_1_0)
    del raw["CFDefinitions"]["CFItemTypes"][0]["description"]
    package = parse_package(copy.deepcopy(raw))
    item_type = package.definitions.item_types[0]
    assert isinstance(item_type, CFItemType) and item_type.description is None
    assert write_package(package) == raw
