"""Paths of the shared CASE samples, a small valid package to damage, and assertion helpers."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from trellis.interop.case import CaseError, Issue, parse_package


def _repo_root() -> Path:
    here = Path(__file__).resolve()
    for directory in here.parents:
        if (directory / "pyproject.toml").is_file():
            return directory
    raise RuntimeError(f"no pyproject.toml above {here}")


#: The shared samples live beside the repository: <repo>/../shared/data/standards/case.
SAMPLES = _repo_root().parent / "shared" / "data" / "standards" / "case"
CCSS = SAMPLES / "derived" / "ccss-ela-cfpackage.json"
SYNTHETIC_1_0 = SAMPLES / "synthetic" / "synthetic-progression-cfpackage-v1p0.json"
SYNTHETIC_1_1 = SAMPLES / "synthetic" / "synthetic-progression-cfpackage-v1p1.json"
OPENSALT = sorted((SAMPLES / "opensalt-fixtures").glob("*.json"))
ALL_SAMPLES = [CCSS, SYNTHETIC_1_0, SYNTHETIC_1_1, *OPENSALT]
OFFICIAL_SCHEMAS = {
    "1.0": SAMPLES / "schemas" / "opensalt" / "case-v1p0-cfpackage-schema.json",
    "1.1": SAMPLES / "schemas" / "opencase" / "official" / "case-v1p1-cfpackage.json",
}

HOST = "https://case.example.invalid/ims/case/v1p1"
CHANGED = "2025-01-31T12:00:00+00:00"


def uid(number: int) -> str:
    """A fixed UUID (version 4 layout) that shows which object it belongs to."""
    return f"00000000-0000-4000-8000-{number:012d}"


DOC = uid(1)
#: Item number -> human code. 10 is the domain, 11..13 a progression, 14 a skill level.
CODES = {10: "NF", 11: "NF.1", 12: "NF.2", 13: "NF.3", 14: "NF-L1"}


def _link(kind: str, number: int, title: str) -> dict[str, Any]:
    return {"title": title, "identifier": uid(number), "uri": f"{HOST}/{kind}/{uid(number)}"}


def _association(number: int, kind: str, origin: int, destination: int, **more: Any) -> dict[str, Any]:
    target = "CFDocuments" if destination == 1 else "CFItems"
    return {
        "identifier": uid(number),
        "uri": f"{HOST}/CFAssociations/{uid(number)}",
        "lastChangeDateTime": CHANGED,
        "associationType": kind,
        "originNodeURI": _link("CFItems", origin, CODES[origin]),
        "destinationNodeURI": _link(
            target, destination, "Fractions" if destination == 1 else CODES[destination]
        ),
        **more,
    }


def small_package(*, declare_1_1: bool = True) -> dict[str, Any]:
    """A small, valid CASE 1.1 package (a fresh copy each call) that uses most of CASE.

    Items NF > NF.1, NF.2, NF.3 (isChildOf with sequence numbers); NF.1 precedes NF.2 precedes
    NF.3 (grouped); NF.3 hasSkillLevel NF-L1; NF.1 isRelatedTo an item of another framework
    (known only by its URI); definitions; one rubric with a criterion and a level.
    """
    document: dict[str, Any] = {
        "identifier": DOC,
        "uri": f"{HOST}/CFDocuments/{DOC}",
        "creator": "Trellis tests",
        "title": "Fractions",
        "lastChangeDateTime": CHANGED,
        "language": "en",
        "subject": ["Mathematics"],
        "subjectURI": [_link("CFSubjects", 2, "Mathematics")],
        "licenseURI": _link("CFLicenses", 3, "CC0"),
    }
    if declare_1_1:
        document = {"identifier": DOC, "uri": document["uri"], "caseVersion": "1.1", **document}
    items = [
        {
            "identifier": uid(number),
            "uri": f"{HOST}/CFItems/{uid(number)}",
            "fullStatement": f"Statement {code}",
            "humanCodingScheme": code,
            "CFItemType": "Standard",
            "CFItemTypeURI": _link("CFItemTypes", 4, "Standard"),
            "educationLevel": ["04"],
            "lastChangeDateTime": CHANGED,
        }
        for number, code in CODES.items()
    ]
    grouping = {"CFAssociationGroupingURI": _link("CFAssociationGroupings", 5, "Progression")}
    associations = [
        _association(20, "isChildOf", 10, 1, sequenceNumber=1),
        _association(21, "isChildOf", 11, 10, sequenceNumber=1),
        _association(22, "isChildOf", 12, 10, sequenceNumber=2),
        _association(23, "isChildOf", 13, 10, sequenceNumber=3),
        _association(24, "precedes", 11, 12, **grouping),
        _association(25, "precedes", 12, 13, **grouping),
        _association(26, "hasSkillLevel", 13, 14),
        {
            **_association(27, "isRelatedTo", 11, 12),
            "destinationNodeURI": {
                "title": "Other framework's 4.NF.1",
                "identifier": uid(900),
                "uri": f"https://other.example.invalid/ims/case/v1p1/CFItems/{uid(900)}",
            },
        },
    ]
    definitions = {
        "CFConcepts": [],
        "CFSubjects": [
            {**_link("CFSubjects", 2, "Mathematics"), "hierarchyCode": "1", "lastChangeDateTime": CHANGED}
        ],
        "CFLicenses": [
            {**_link("CFLicenses", 3, "CC0"), "licenseText": "CC0 1.0", "lastChangeDateTime": CHANGED}
        ],
        "CFItemTypes": [
            {
                **_link("CFItemTypes", 4, "Standard"),
                "description": "Standard",
                "hierarchyCode": "1",
                "lastChangeDateTime": CHANGED,
            }
        ],
        "CFAssociationGroupings": [
            {**_link("CFAssociationGroupings", 5, "Progression"), "lastChangeDateTime": CHANGED}
        ],
    }
    rubric = {
        "identifier": uid(30),
        "uri": f"{HOST}/CFRubrics/{uid(30)}",
        "title": "Comparing fractions",
        "lastChangeDateTime": CHANGED,
        "CFRubricCriteria": [
            {
                "identifier": uid(31),
                "uri": f"{HOST}/CFRubricCriteria/{uid(31)}",
                "category": "Reasoning",
                "CFItemURI": _link("CFItems", 12, "NF.2"),
                "weight": 1.5,
                "position": 1,
                "rubricId": uid(30),
                "lastChangeDateTime": CHANGED,
                "CFRubricCriterionLevels": [
                    {
                        "identifier": uid(32),
                        "uri": f"{HOST}/CFRubricCriterionLevels/{uid(32)}",
                        "quality": "Proficient",
                        "score": 2,
                        "position": 1,
                        "rubricCriterionId": uid(31),
                        "lastChangeDateTime": CHANGED,
                    }
                ],
            }
        ],
    }
    return copy.deepcopy(
        {
            "CFDocument": document,
            "CFItems": items,
            "CFAssociations": associations,
            "CFDefinitions": definitions,
            "CFRubrics": [rubric],
        }
    )


def rejection(source: Any) -> CaseError:
    """The CaseError that parsing ``source`` raises (failing the test if it parses)."""
    try:
        parse_package(source)
    except CaseError as exc:
        return exc
    raise AssertionError("the package parsed, but should have been rejected")


def fields_of(issues: list[Issue]) -> list[str]:
    return [issue.field for issue in issues]


def assert_well_formed(issue: Issue) -> None:
    """Every issue names where (a JSON path) and says what is wrong; what to do after the "; "."""
    assert issue.field, issue
    assert issue.line >= 0, issue
    problem, separator, advice = issue.message.partition("; ")
    assert separator and problem.strip() and advice.strip(), issue


def load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return data
