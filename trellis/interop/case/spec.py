"""The properties of each CASE class, as one table that the reader and the writer both follow.

Each ``Prop`` names the JSON property, the dataclass attribute, the kind of value, whether CASE
requires it and in which version it appeared. The order is the CASE 1.1 schema's order, which the
writer keeps.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from .model import (
    CFAssociation,
    CFAssociationGrouping,
    CFConcept,
    CFDefinitions,
    CFDocument,
    CFItem,
    CFItemType,
    CFLicense,
    CFRubric,
    CFRubricCriterion,
    CFRubricCriterionLevel,
    CFSubject,
    LinkGenURI,
    LinkURI,
)
from .vocabulary import V1_0, V1_1


class Kind(Enum):
    TEXT = "a string"
    UUID = "a UUID (8-4-4-4-12 hexadecimal digits)"
    DATETIME = "an ISO 8601 date-time such as 2025-01-31T12:00:00Z"
    DATE = "an ISO 8601 date such as 2025-01-31"
    INT = "an integer"
    NUMBER = "a number"
    STRINGS = "a list of strings"
    LEVELS = "a list of strings (education levels)"
    OBJECT = "a JSON object"
    OBJECTS = "a list of JSON objects"
    LINK = "a LinkURI object (title, identifier, uri)"
    LINKS = "a list of LinkURI objects"
    END = "a LinkGenURI object (title, identifier, uri)"
    NESTED = "a list of objects"


@dataclass(frozen=True)
class Prop:
    key: str
    attr: str
    kind: Kind
    required: bool = False
    #: A required string that must also not be blank.
    nonblank: bool = False
    since: str = V1_0
    #: For NESTED: the spec of the listed objects.
    nested: ObjectSpec | None = None


@dataclass(frozen=True)
class ObjectSpec:
    name: str
    cls: type[Any]
    props: tuple[Prop, ...]
    #: The CASE 1.0 schema lets this object carry properties it does not define (CFDocument,
    #: CFItem, CFAssociation); elsewhere 1.0, like all of 1.1, forbids them.
    open_in_1_0: bool = False
    #: Properties that only CASE 1.1 requires.
    required_in_1_1: tuple[str, ...] = ()

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(prop.key for prop in self.props)

    @property
    def extensions(self) -> Prop | None:
        return next((prop for prop in self.props if prop.key == "extensions"), None)


def _id() -> Prop:
    return Prop("identifier", "identifier", Kind.UUID, required=True)


def _uri() -> Prop:
    return Prop("uri", "uri", Kind.TEXT, required=True, nonblank=True)


def _changed() -> Prop:
    return Prop("lastChangeDateTime", "last_change_date_time", Kind.DATETIME, required=True)


def _text(key: str, attr: str, **kwargs: Any) -> Prop:
    return Prop(key, attr, Kind.TEXT, **kwargs)


def _extensions(kind: Kind = Kind.OBJECT) -> Prop:
    return Prop("extensions", "extensions", kind, since=V1_1)


LINK_URI = ObjectSpec(
    "LinkURI",
    LinkURI,
    (
        _text("title", "title", required=True),
        Prop("identifier", "identifier", Kind.UUID, required=True),
        _text("uri", "uri", required=True),
    ),
)

#: origin/destination of an association. ``uri`` and ``title`` are required by CASE, but the
#: reader fills them in (with a warning) when the end is in the package; see reader._read_end.
LINK_GEN_URI = ObjectSpec(
    "LinkGenURI",
    LinkGenURI,
    (
        _text("title", "title"),
        _text("identifier", "identifier", required=True, nonblank=True),
        _text("uri", "uri"),
        _text("targetType", "target_type", since=V1_1),
    ),
)

DOCUMENT = ObjectSpec(
    "CFDocument",
    CFDocument,
    (
        _id(),
        _uri(),
        _text("frameworkType", "framework_type", since=V1_1),
        _text("creator", "creator", required=True, nonblank=True),
        _text("title", "title", required=True, nonblank=True),
        _changed(),
        _text("officialSourceURL", "official_source_url"),
        _text("publisher", "publisher"),
        _text("description", "description"),
        Prop("subject", "subject", Kind.STRINGS),
        Prop("subjectURI", "subject_uri", Kind.LINKS),
        _text("language", "language"),
        _text("version", "version"),
        _text("adoptionStatus", "adoption_status"),
        Prop("statusStartDate", "status_start_date", Kind.DATE),
        Prop("statusEndDate", "status_end_date", Kind.DATE),
        Prop("licenseURI", "license_uri", Kind.LINK),
        _text("notes", "notes"),
        _extensions(),
    ),
    open_in_1_0=True,
)

ITEM = ObjectSpec(
    "CFItem",
    CFItem,
    (
        _id(),
        _text("fullStatement", "full_statement", required=True, nonblank=True),
        _text("alternativeLabel", "alternative_label"),
        _text("CFItemType", "cf_item_type"),
        _uri(),
        _text("humanCodingScheme", "human_coding_scheme"),
        _text("listEnumeration", "list_enumeration"),
        _text("abbreviatedStatement", "abbreviated_statement"),
        Prop("conceptKeywords", "concept_keywords", Kind.STRINGS),
        Prop("conceptKeywordsURI", "concept_keywords_uri", Kind.LINK),
        _text("notes", "notes"),
        Prop("subject", "subject", Kind.STRINGS, since=V1_1),
        Prop("subjectURI", "subject_uri", Kind.LINKS, since=V1_1),
        _text("language", "language"),
        Prop("educationLevel", "education_level", Kind.LEVELS),
        Prop("CFItemTypeURI", "cf_item_type_uri", Kind.LINK),
        Prop("licenseURI", "license_uri", Kind.LINK),
        Prop("statusStartDate", "status_start_date", Kind.DATE),
        Prop("statusEndDate", "status_end_date", Kind.DATE),
        _changed(),
        _extensions(),
    ),
    open_in_1_0=True,
)

ASSOCIATION = ObjectSpec(
    "CFAssociation",
    CFAssociation,
    (
        _id(),
        _text("associationType", "association_type", required=True, nonblank=True),
        Prop("sequenceNumber", "sequence_number", Kind.INT),
        _uri(),
        Prop("originNodeURI", "origin", Kind.END, required=True),
        Prop("destinationNodeURI", "destination", Kind.END, required=True),
        Prop("CFAssociationGroupingURI", "grouping", Kind.LINK),
        _changed(),
        _text("notes", "notes", since=V1_1),
        _extensions(),
    ),
    open_in_1_0=True,
)

CONCEPT = ObjectSpec(
    "CFConcept",
    CFConcept,
    (
        _id(),
        _uri(),
        _text("title", "title", required=True),
        _text("keywords", "keywords"),
        _text("hierarchyCode", "hierarchy_code", required=True),
        _text("description", "description"),
        _changed(),
        _extensions(),
    ),
)

SUBJECT = ObjectSpec(
    "CFSubject",
    CFSubject,
    (
        _id(),
        _uri(),
        _text("title", "title", required=True),
        _text("hierarchyCode", "hierarchy_code", required=True),
        _text("description", "description"),
        _changed(),
        _extensions(),
    ),
)

LICENSE = ObjectSpec(
    "CFLicense",
    CFLicense,
    (
        _id(),
        _uri(),
        _text("title", "title", required=True),
        _text("description", "description"),
        _text("licenseText", "license_text", required=True),
        _changed(),
        _extensions(),
    ),
)

ITEM_TYPE = ObjectSpec(
    "CFItemType",
    CFItemType,
    (
        _id(),
        _uri(),
        _text("title", "title", required=True),
        _text("description", "description"),
        _text("hierarchyCode", "hierarchy_code", required=True),
        _text("typeCode", "type_code"),
        _changed(),
        _extensions(),
    ),
    required_in_1_1=("description",),
)

ASSOCIATION_GROUPING = ObjectSpec(
    "CFAssociationGrouping",
    CFAssociationGrouping,
    (
        _id(),
        _uri(),
        _text("title", "title", required=True),
        _text("description", "description"),
        _changed(),
        _extensions(),
    ),
)

DEFINITIONS = ObjectSpec(
    "CFDefinitions",
    CFDefinitions,
    (
        Prop("CFConcepts", "concepts", Kind.NESTED, nested=CONCEPT),
        Prop("CFSubjects", "subjects", Kind.NESTED, nested=SUBJECT),
        Prop("CFLicenses", "licenses", Kind.NESTED, nested=LICENSE),
        Prop("CFItemTypes", "item_types", Kind.NESTED, nested=ITEM_TYPE),
        Prop("CFAssociationGroupings", "association_groupings", Kind.NESTED, nested=ASSOCIATION_GROUPING),
        _extensions(),
    ),
)

LEVEL = ObjectSpec(
    "CFRubricCriterionLevel",
    CFRubricCriterionLevel,
    (
        _id(),
        _uri(),
        _text("description", "description"),
        _text("quality", "quality"),
        Prop("score", "score", Kind.NUMBER),
        _text("feedback", "feedback"),
        Prop("position", "position", Kind.INT),
        Prop("rubricCriterionId", "rubric_criterion_id", Kind.UUID),
        _changed(),
        _extensions(Kind.OBJECTS),
    ),
)

CRITERION = ObjectSpec(
    "CFRubricCriterion",
    CFRubricCriterion,
    (
        _id(),
        _uri(),
        _text("category", "category"),
        _text("description", "description"),
        Prop("CFItemURI", "item_uri", Kind.LINK),
        Prop("weight", "weight", Kind.NUMBER),
        Prop("position", "position", Kind.INT),
        Prop("rubricId", "rubric_id", Kind.UUID),
        _changed(),
        Prop("CFRubricCriterionLevels", "levels", Kind.NESTED, nested=LEVEL),
        _extensions(),
    ),
)

RUBRIC = ObjectSpec(
    "CFRubric",
    CFRubric,
    (
        _id(),
        _uri(),
        _text("title", "title"),
        _text("description", "description"),
        _changed(),
        Prop("CFRubricCriteria", "criteria", Kind.NESTED, nested=CRITERION),
        _extensions(),
    ),
)

#: Top-level properties of a CFPackage (besides ``extensions``, which is CASE 1.1's).
PACKAGE_KEYS = ("CFDocument", "CFItems", "CFAssociations", "CFDefinitions", "CFRubrics")

#: CASE 1.0 back-references to the package's own document (dropped by CASE 1.1): the reader keeps
#: them only when they say something else, the 1.0 writer puts them back.
PACKAGE_URI = "CFPackageURI"
DOCUMENT_URI = "CFDocumentURI"
CASE_VERSION = "caseVersion"


def document_link(title: Any, identifier: Any, uri: Any) -> dict[str, Any]:
    """CASE 1.0's CFDocumentURI: how an item or association points back at its document."""
    return {"title": title, "identifier": identifier, "uri": uri}


def package_link(title: Any, identifier: Any, uri: Any) -> dict[str, Any]:
    """CASE 1.0's CFPackageURI: the document's link with /CFDocuments/ turned into /CFPackages/."""
    if isinstance(uri, str):
        uri = uri.replace("/CFDocuments/", "/CFPackages/")
    return {"title": title, "identifier": identifier, "uri": uri}
