"""The CASE data model as frozen dataclasses: a CFPackage and everything in it.

Attribute names are the CASE property names in snake case (``fullStatement`` -> ``full_statement``,
``CFItemTypeURI`` -> ``cf_item_type_uri``); ``CFAssociationGroupingURI`` is ``grouping`` and the
association ends are ``origin`` and ``destination``. Values are kept as the package spells them:
identifiers, URIs and dates are strings (``lastChangeDateTime`` is checked to be an ISO 8601
date-time but not converted, so writing gives back the same text). Lists are tuples. An optional
property the package leaves out (or sets to null) is ``None``, or ``()`` for lists.

Every object has an ``extra`` dict: the properties CASE does not define for it, verbatim, in the
package's order, so that nothing is lost between reading and writing. ``extensions`` is CASE 1.1's
own place for proprietary data. Treat both as read-only. ``extra`` takes no part in hashing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .graph import find_cycles
from .issues import Issue
from .vocabulary import IS_CHILD_OF, IS_RELATED_TO, PRECEDES


@dataclass(frozen=True, slots=True)
class LinkURI:
    """A CASE LinkURI: a reference to a CASE object by UUID, with its URI and a title."""

    title: str
    identifier: str
    uri: str
    extra: dict[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True, slots=True)
class LinkGenURI:
    """A CASE LinkGenURI: one end of an association. The identifier need not be a UUID.

    The end may be outside the package (another framework, a resource): then ``uri`` is how to
    find it. ``target_type`` (CASE 1.1) says what kind of thing it is ("CASE" or "ext:...").
    """

    identifier: str
    uri: str
    title: str
    target_type: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True, slots=True)
class CFDocument:
    """The root of a framework."""

    identifier: str
    uri: str
    creator: str
    title: str
    last_change_date_time: str
    framework_type: str | None = None  # CASE 1.1
    official_source_url: str | None = None
    publisher: str | None = None
    description: str | None = None
    subject: tuple[str, ...] = ()
    subject_uri: tuple[LinkURI, ...] = ()
    language: str | None = None
    version: str | None = None
    adoption_status: str | None = None
    status_start_date: str | None = None
    status_end_date: str | None = None
    license_uri: LinkURI | None = None
    notes: str | None = None
    extensions: dict[str, Any] | None = field(default=None, hash=False)  # CASE 1.1
    extra: dict[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True, slots=True)
class CFItem:
    """One statement of a framework: a standard, a learning target, a cluster, a domain..."""

    identifier: str
    uri: str
    full_statement: str
    last_change_date_time: str
    alternative_label: str | None = None
    cf_item_type: str | None = None
    human_coding_scheme: str | None = None
    list_enumeration: str | None = None
    abbreviated_statement: str | None = None
    concept_keywords: tuple[str, ...] = ()
    concept_keywords_uri: LinkURI | None = None
    notes: str | None = None
    subject: tuple[str, ...] = ()  # CASE 1.1
    subject_uri: tuple[LinkURI, ...] = ()  # CASE 1.1
    language: str | None = None
    education_level: tuple[str, ...] = ()
    cf_item_type_uri: LinkURI | None = None
    license_uri: LinkURI | None = None
    status_start_date: str | None = None
    status_end_date: str | None = None
    extensions: dict[str, Any] | None = field(default=None, hash=False)  # CASE 1.1
    extra: dict[str, Any] = field(default_factory=dict, hash=False)

    @property
    def label(self) -> str:
        """The item's human code when it has one, else its identifier (for messages and lists)."""
        return self.human_coding_scheme or self.identifier


@dataclass(frozen=True, slots=True)
class CFAssociation:
    """A typed, directed edge: ``origin`` <association_type> ``destination``.

    "A isChildOf B": B is A's parent. "A precedes B": A comes before B (see
    ``CasePackage.prerequisites``). ``sequence_number`` orders siblings under a parent.
    """

    identifier: str
    uri: str
    association_type: str
    origin: LinkGenURI
    destination: LinkGenURI
    last_change_date_time: str
    sequence_number: int | None = None
    grouping: LinkURI | None = None
    notes: str | None = None  # CASE 1.1
    extensions: dict[str, Any] | None = field(default=None, hash=False)  # CASE 1.1
    extra: dict[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True, slots=True)
class CFConcept:
    identifier: str
    uri: str
    title: str
    hierarchy_code: str
    last_change_date_time: str
    keywords: str | None = None
    description: str | None = None
    extensions: dict[str, Any] | None = field(default=None, hash=False)
    extra: dict[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True, slots=True)
class CFSubject:
    identifier: str
    uri: str
    title: str
    hierarchy_code: str
    last_change_date_time: str
    description: str | None = None
    extensions: dict[str, Any] | None = field(default=None, hash=False)
    extra: dict[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True, slots=True)
class CFLicense:
    identifier: str
    uri: str
    title: str
    license_text: str
    last_change_date_time: str
    description: str | None = None
    extensions: dict[str, Any] | None = field(default=None, hash=False)
    extra: dict[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True, slots=True)
class CFItemType:
    """A kind of item ("Standard", "Cluster"...). CASE 1.1 requires a description; 1.0 does not."""

    identifier: str
    uri: str
    title: str
    hierarchy_code: str
    last_change_date_time: str
    description: str | None = None
    type_code: str | None = None
    extensions: dict[str, Any] | None = field(default=None, hash=False)
    extra: dict[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True, slots=True)
class CFAssociationGrouping:
    identifier: str
    uri: str
    title: str
    last_change_date_time: str
    description: str | None = None
    extensions: dict[str, Any] | None = field(default=None, hash=False)
    extra: dict[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True, slots=True)
class CFDefinitions:
    """The vocabularies a package's items and associations refer to."""

    concepts: tuple[CFConcept, ...] = ()
    subjects: tuple[CFSubject, ...] = ()
    licenses: tuple[CFLicense, ...] = ()
    item_types: tuple[CFItemType, ...] = ()
    association_groupings: tuple[CFAssociationGrouping, ...] = ()
    extensions: dict[str, Any] | None = field(default=None, hash=False)  # CASE 1.1
    extra: dict[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True, slots=True)
class CFRubricCriterionLevel:
    identifier: str
    uri: str
    last_change_date_time: str
    description: str | None = None
    quality: str | None = None
    score: float | None = None
    feedback: str | None = None
    position: int | None = None
    rubric_criterion_id: str | None = None
    #: CASE 1.1 types this one (alone) as a list of extension objects.
    extensions: list[dict[str, Any]] | None = field(default=None, hash=False)
    extra: dict[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True, slots=True)
class CFRubricCriterion:
    identifier: str
    uri: str
    last_change_date_time: str
    category: str | None = None
    description: str | None = None
    item_uri: LinkURI | None = None  # CFItemURI: the item this criterion assesses
    weight: float | None = None
    position: int | None = None
    rubric_id: str | None = None
    levels: tuple[CFRubricCriterionLevel, ...] = ()
    extensions: dict[str, Any] | None = field(default=None, hash=False)
    extra: dict[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True, slots=True)
class CFRubric:
    identifier: str
    uri: str
    last_change_date_time: str
    title: str | None = None
    description: str | None = None
    criteria: tuple[CFRubricCriterion, ...] = ()
    extensions: dict[str, Any] | None = field(default=None, hash=False)
    extra: dict[str, Any] = field(default_factory=dict, hash=False)


_DIGITS = re.compile(r"(\d+)")


def _natural(text: str | None) -> tuple[tuple[int, int, str], ...]:
    """A sort key that puts "L1.2" before "L1.10"; ``None`` and "" sort last."""
    if not text:
        return ((2, 0, ""),)
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part.casefold())
        for part in _DIGITS.split(text)
        if part
    )


@dataclass(frozen=True, slots=True)
class CasePackage:
    """A whole CASE framework: the CFDocument and its items, associations, definitions, rubrics.

    ``version`` is "1.0" or "1.1": what the package declared (CFDocument.caseVersion) or, failing
    that, what it looks like (see ``parse_package``); ``write_package`` writes this version unless
    told otherwise. ``extra`` holds top-level properties CASE does not define; ``extensions`` is CASE
    1.1's package-level extension object. ``warnings`` lists what the parser forgave (it takes no
    part in comparisons, so a package read twice compares equal).
    """

    document: CFDocument
    items: tuple[CFItem, ...] = ()
    associations: tuple[CFAssociation, ...] = ()
    definitions: CFDefinitions = CFDefinitions()
    rubrics: tuple[CFRubric, ...] = ()
    version: str = "1.1"
    extra: dict[str, Any] = field(default_factory=dict, hash=False)
    extensions: dict[str, Any] | None = field(default=None, hash=False)
    warnings: tuple[Issue, ...] = field(default=(), compare=False, hash=False)
    _items_by_id: dict[str, CFItem] | None = field(
        default=None, init=False, repr=False, compare=False, hash=False
    )
    _children: dict[str, tuple[str, ...]] | None = field(
        default=None, init=False, repr=False, compare=False, hash=False
    )

    def item(self, identifier: str) -> CFItem | None:
        """The item with this identifier (UUIDs match whatever their letter case), or None."""
        if self._items_by_id is None:
            object.__setattr__(self, "_items_by_id", {item.identifier.lower(): item for item in self.items})
        assert self._items_by_id is not None
        return self._items_by_id.get(identifier.lower())

    def label(self, identifier: str) -> str:
        """How to name a node in a message: the item's human code, the document's title, or the id."""
        found = self.item(identifier)
        if found is not None:
            return found.label
        if identifier.lower() == self.document.identifier.lower():
            return self.document.title
        return identifier

    def associations_of_type(self, association_type: str) -> tuple[CFAssociation, ...]:
        return tuple(a for a in self.associations if a.association_type == association_type)

    def hierarchy(self) -> tuple[tuple[str, str], ...]:
        """The isChildOf edges as ``(child, parent)`` identifier pairs, in package order.

        The document is the root: top-level items have the document's identifier as parent. CASE
        lets one item sit under several parents, so a child may appear in more than one pair.
        """
        return tuple(
            (a.origin.identifier, a.destination.identifier) for a in self.associations_of_type(IS_CHILD_OF)
        )

    def children_of(self, identifier: str) -> tuple[str, ...]:
        """Identifiers of the nodes that are isChildOf ``identifier``, in display order.

        Display order is the association's sequenceNumber, then (as OpenSALT does) the child's
        listEnumeration and humanCodingScheme compared the natural way ("1.2" before "1.10"), then
        package order. Pass the document's identifier for the top level.
        """
        if self._children is None:
            object.__setattr__(self, "_children", self._child_index())
        assert self._children is not None
        return self._children.get(identifier.lower(), ())

    def _child_index(self) -> dict[str, tuple[str, ...]]:
        grouped: dict[str, list[tuple[tuple[Any, ...], str]]] = {}
        for position, association in enumerate(self.associations):
            if association.association_type != IS_CHILD_OF:
                continue
            child = self.item(association.origin.identifier)
            number = association.sequence_number
            key = (
                number is None,
                number or 0,
                _natural(child.list_enumeration if child else None),
                _natural(child.human_coding_scheme if child else None),
                position,
            )
            parent = association.destination.identifier.lower()
            grouped.setdefault(parent, []).append((key, association.origin.identifier))
        result = {}
        for parent, entries in grouped.items():
            entries.sort(key=lambda entry: entry[0])
            ordered = dict.fromkeys(child for _, child in entries)  # a child listed twice shows once
            result[parent] = tuple(ordered)
        return result

    def prerequisites(self) -> tuple[tuple[str, str], ...]:
        """The ``precedes`` edges as ``(before, after)`` identifier pairs, in package order.

        CASE reads "origin precedes destination": the origin comes before the destination, so the
        origin is a prerequisite of the destination and the pair is (origin, destination).
        """
        return tuple(
            (a.origin.identifier, a.destination.identifier) for a in self.associations_of_type(PRECEDES)
        )

    def related(self) -> tuple[tuple[str, str], ...]:
        """The ``isRelatedTo`` edges as ``(origin, destination)`` pairs, in package order.

        CASE gives isRelatedTo no direction of meaning; the pair keeps the package's direction.
        """
        return tuple(
            (a.origin.identifier, a.destination.identifier) for a in self.associations_of_type(IS_RELATED_TO)
        )

    def prerequisite_cycles(self) -> list[list[str]]:
        """Cycles among the precedes edges (none in a package ``parse_package`` accepted)."""
        return find_cycles(self.prerequisites())
