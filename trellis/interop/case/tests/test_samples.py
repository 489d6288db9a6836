"""The shared CASE samples: each parses, with the right counts, versions and relationships."""

from __future__ import annotations

import pytest

from trellis.interop.case import ASSOCIATION_TYPES, CasePackage, parse_package

from .helpers import ALL_SAMPLES, CCSS, OPENSALT, SAMPLES, SYNTHETIC_1_0, SYNTHETIC_1_1, load


@pytest.fixture(scope="module")
def ccss() -> CasePackage:
    return parse_package(CCSS)


@pytest.fixture(scope="module")
def synthetic() -> CasePackage:
    return parse_package(SYNTHETIC_1_1)


@pytest.mark.parametrize("path", ALL_SAMPLES, ids=lambda path: path.name)
def test_every_sample_parses_without_warnings(path):
    package = parse_package(path)

    raw = load(path)
    assert len(package.items) == len(raw.get("CFItems", []))
    assert len(package.associations) == len(raw.get("CFAssociations", []))
    assert package.warnings == ()


def test_there_are_eleven_samples():
    assert len(OPENSALT) == 8
    assert all(path.is_file() for path in ALL_SAMPLES)


def test_the_ccss_ela_package_has_1189_items_in_one_tree(ccss):
    assert len(ccss.items) == 1189
    assert ccss.version == "1.0"
    hierarchy = ccss.hierarchy()
    assert len(hierarchy) == 1189
    children = {child for child, _ in hierarchy}
    assert children == {item.identifier for item in ccss.items}

    def descendants(identifier: str) -> int:
        return sum(1 + descendants(child) for child in ccss.children_of(identifier))

    assert descendants(ccss.document.identifier) == 1189


def test_versions_are_read_from_what_each_package_carries():
    assert parse_package(SYNTHETIC_1_0).version == "1.0"  # CFPackageURI, CFDocumentURI
    assert parse_package(SYNTHETIC_1_1).version == "1.1"  # association notes, no 1.0 back-references
    assert {parse_package(path).version for path in OPENSALT} == {"1.0"}


def test_the_synthetic_package_uses_every_association_type_but_translation(synthetic):
    used = {association.association_type for association in synthetic.associations}
    assert used == set(ASSOCIATION_TYPES) - {"isTranslationOf"}


def test_definitions_and_the_rubric_are_read(synthetic):
    definitions = synthetic.definitions
    assert [item_type.title for item_type in definitions.item_types] == [
        "Cluster",
        "Component",
        "Domain",
        "Skill Level",
        "Standard",
    ]
    assert [subject.title for subject in definitions.subjects] == ["Mathematics"]
    assert definitions.licenses[0].license_text.startswith("CC0")
    assert definitions.association_groupings[0].title == "Learning progression"
    (rubric,) = synthetic.rubrics
    (criterion,) = rubric.criteria
    assert criterion.rubric_id == rubric.identifier
    assert criterion.item_uri is not None and criterion.item_uri.title == "4.NF.A.2"
    assert [(level.quality, level.score, level.position) for level in criterion.levels] == [
        ("Developing", 1, 1),
        ("Proficient", 2, 2),
    ]


def test_item_properties_are_read(synthetic):
    item = synthetic.items[2]
    assert item.human_coding_scheme == "3.NF.A.1"
    assert item.cf_item_type == "Standard"
    assert item.cf_item_type_uri is not None and item.cf_item_type_uri.title == "Standard"
    assert item.education_level == ("03",)
    assert item.language == "en"
    assert item.last_change_date_time == "2026-11-22T00:00:00+00:00"
    assert synthetic.document.subject == ("Mathematics",)
    assert synthetic.document.license_uri is not None and synthetic.document.license_uri.title == "CC0 1.0"


def test_precedes_gives_prerequisite_edges_from_origin_to_destination(synthetic):
    """CASE: "A precedes B" means A comes before B, so A is a prerequisite of B."""
    pairs = [(synthetic.label(before), synthetic.label(after)) for before, after in synthetic.prerequisites()]
    assert pairs == [
        ("3.NF.A.1", "3.NF.A.2"),
        ("3.NF.A.3", "4.NF.A.1"),
        ("4.NF.A.1", "4.NF.A.2"),
        ("4.NF.A.2", "5.NF.A.1"),
    ]
    assert synthetic.prerequisite_cycles() == []


def test_related_and_hierarchy_helpers(synthetic):
    related = [
        (synthetic.label(origin), synthetic.label(destination)) for origin, destination in synthetic.related()
    ]
    assert related == [("3.NF.A.2", "4.NF.A.2"), ("NF", "7fbbd2fa-885d-11e7-a99d-449ef607a326")]
    top = synthetic.children_of(synthetic.document.identifier)
    assert [synthetic.label(child) for child in top] == ["NF"]
    assert [synthetic.label(child) for child in synthetic.children_of(top[0])] == [
        "3.NF.A",
        "4.NF.A",
        "5.NF.A",
    ]
    assert synthetic.children_of("not-in-the-package") == ()


def test_external_association_targets_are_kept(synthetic, ccss):
    by_type = {association.association_type: association for association in synthetic.associations}
    match = by_type["exactMatchOf"].destination
    assert synthetic.item(match.identifier) is None
    assert match.uri.endswith(match.identifier)
    assert match.title == "4.NF.A.2 (other publisher's copy)"
    # The cross-framework isRelatedTo points into the CCSS ELA package.
    cross = [a for a in synthetic.associations if a.notes and "Cross-document" in a.notes]
    (association,) = cross
    target = ccss.item(association.destination.identifier)
    assert target is not None and target.human_coding_scheme == "L.1.4"


def test_siblings_follow_sequence_numbers():
    """OpenSALT's fixture: the second item added has sequenceNumber 1 and comes first."""
    package = parse_package(SAMPLES / "opensalt-fixtures" / "SequenceNumberFramework.json")
    top = package.children_of(package.document.identifier)
    assert [package.label(child) for child in top] == ["SNT.2", "SNT.1"]


def test_siblings_without_sequence_numbers_sort_naturally_by_human_code():
    package = parse_package(SAMPLES / "opensalt-fixtures" / "Ordering.json")
    (level,) = [item for item in package.items if item.human_coding_scheme == "H.A.MATH.GM.PF.2DFP.L1"]
    codes = [package.label(child) for child in package.children_of(level.identifier)]
    assert codes == [f"H.A.MATH.GM.PF.2DFP.L1.{number}" for number in range(1, 25)]


def test_utf8_text_is_read_as_text():
    package = parse_package(SAMPLES / "opensalt-fixtures" / "Utf8TestFramework.json")
    raw = load(SAMPLES / "opensalt-fixtures" / "Utf8TestFramework.json")
    assert package.items[0].full_statement == raw["CFItems"][0]["fullStatement"]
    assert not package.items[0].full_statement.isascii()
