"""CASE framework import: parse -> plan (a diff against the database) -> apply atomically.

Each CFItem becomes a Competency and each association between two items of the package a CompetencyEdge
(isChildOf -> child_of, precedes -> prerequisite_of, isRelatedTo -> related_to, anything else -> other).
Every CASE object's full JSON is kept beside the row (`case_extra`), and associations that point at the
document or outside the package are kept on the framework, so an export gives back the same package.
Competencies and edges are matched by their CASE identifiers, so importing the same package again plans
no change. Nothing is deleted: items that leave the package are reported and kept (evidence refers to them).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from trellis.apps.frameworks.models import Competency, CompetencyEdge, Framework
from trellis.apps.frameworks.services import four_level_scale, framework_changed
from trellis.interop.case import CaseError, CasePackage, parse_package, write_package

EDGE_KINDS = {
    "isChildOf": CompetencyEdge.Kind.CHILD_OF,
    "precedes": CompetencyEdge.Kind.PREREQUISITE_OF,
    "isRelatedTo": CompetencyEdge.Kind.RELATED_TO,
}
_TARGET_TYPES = ("learning target", "learning objective", "objective", "target", "indicator")
_GROUPING_TYPES = (
    "domain",
    "cluster",
    "strand",
    "grouping",
    "category",
    "standard set",
    "grade level",
    "course",
)
_HABIT_TYPES = ("habit", "disposition", "sel", "competency")
COMPETENCY_FIELDS = (
    "case_uri",
    "human_code",
    "statement",
    "abbreviated_statement",
    "kind",
    "case_item_type",
    "education_levels",
    "list_enumeration",
    "sequence",
    "case_extra",
)


@dataclass
class FrameworkPlan:
    source: str
    package: CasePackage
    framework_exists: bool
    creates: dict[str, list[str]] = field(default_factory=lambda: {"competency": [], "edge": []})
    updates: dict[str, list[str]] = field(
        default_factory=lambda: {"framework": [], "competency": [], "edge": []}
    )
    warnings: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return self.framework_exists and not any(self.creates.values()) and not any(self.updates.values())

    def summary_lines(self) -> list[str]:
        lines = [
            ("Update" if self.framework_exists else "Create")
            + f" framework “{self.package.document.title}” ({len(self.package.items)} competencies)"
        ]
        for kind in ("competency", "edge"):
            lines.append(f"{kind}: {len(self.creates[kind])} new, {len(self.updates[kind])} changed")
        return lines


def _kind_of(item_type: str | None, habits: bool) -> str:
    text = (item_type or "").strip().lower()
    if any(word in text for word in _GROUPING_TYPES):
        return Competency.Kind.GROUPING
    if habits and any(word in text for word in (*_HABIT_TYPES, *_TARGET_TYPES)):
        return Competency.Kind.HABIT
    if any(word in text for word in _TARGET_TYPES):
        return Competency.Kind.LEARNING_TARGET
    return Competency.Kind.HABIT if habits else Competency.Kind.STANDARD


def _competency_fields(item_json: dict[str, Any], sequence: int, habits: bool) -> dict[str, Any]:
    levels = item_json.get("educationLevel") or []
    return {
        "case_uri": item_json.get("uri", ""),
        "human_code": (item_json.get("humanCodingScheme") or "")[:100],
        "statement": item_json.get("fullStatement", ""),
        "abbreviated_statement": (item_json.get("abbreviatedStatement") or "")[:300],
        "kind": _kind_of(item_json.get("CFItemType"), habits),
        "case_item_type": (item_json.get("CFItemType") or "")[:200],
        "education_levels": ",".join(levels if isinstance(levels, list) else [levels])[:200],
        "list_enumeration": (item_json.get("listEnumeration") or "")[:50],
        "sequence": sequence,
        "case_extra": item_json,
    }


def _framework_fields(
    package: CasePackage, data: dict[str, Any], habits: bool, internal: set[str]
) -> dict[str, Any]:
    document = data["CFDocument"]
    subject = document.get("subject") or []
    return {
        "case_uri": document.get("uri", ""),
        "title": document.get("title", "")[:300],
        "creator": (document.get("creator") or "")[:300],
        "version": (document.get("version") or "")[:100],
        "subject": ", ".join(subject if isinstance(subject, list) else [subject])[:200],
        "description": document.get("description") or "",
        "language": (document.get("language") or "")[:16],
        "kind": Framework.Kind.HABITS if habits else Framework.Kind.ACADEMIC,
        "case_extra": {
            "version": package.version,
            "document": document,
            "package": {
                k: v for k, v in data.items() if k not in {"CFDocument", "CFItems", "CFAssociations"}
            },
            "item_order": [item["identifier"] for item in data.get("CFItems", [])],
            "association_order": [a["identifier"] for a in data.get("CFAssociations", [])],
            "associations": [a for a in data.get("CFAssociations", []) if a["identifier"] not in internal],
        },
    }


def _internal_associations(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    items = {item["identifier"].lower() for item in data.get("CFItems", [])}
    return {
        a["identifier"]: a
        for a in data.get("CFAssociations", [])
        if a["originNodeURI"]["identifier"].lower() in items
        and a["destinationNodeURI"]["identifier"].lower() in items
    }


def plan_framework(package: CasePackage, *, habits: bool = False, source: str = "") -> FrameworkPlan:
    data = write_package(package)
    internal = _internal_associations(data)
    framework = Framework.objects.filter(case_identifier=package.document.identifier).first()
    plan = FrameworkPlan(source=source, package=package, framework_exists=framework is not None)
    items = data.get("CFItems", [])
    existing_items: dict[str, dict[str, Any]] = {}
    existing_edges: dict[str, dict[str, Any]] = {}
    if framework is not None:
        wanted = _framework_fields(package, data, habits, set(internal))
        for name, value in wanted.items():
            if getattr(framework, name) != value:
                plan.updates["framework"].append(name)
        for competency in framework.competencies.all():
            existing_items[str(competency.case_identifier)] = {
                name: getattr(competency, name) for name in COMPETENCY_FIELDS
            }
        for edge in framework.edges.all():
            existing_edges[str(edge.case_identifier)] = edge.case_extra
    other_frameworks = Competency.objects.filter(
        case_identifier__in=[item["identifier"] for item in items]
    ).exclude(framework=framework)
    for taken in other_frameworks.select_related("framework")[:20]:
        plan.warnings.append(
            f"CFItems: {taken.case_identifier} already belongs to “{taken.framework.title}”; it will be moved"
        )
    for position, item in enumerate(items, start=1):
        key = item["identifier"].lower()
        wanted_item = _competency_fields(item, position, habits)
        if key not in existing_items:
            plan.creates["competency"].append(key)
        elif existing_items[key] != wanted_item:
            plan.updates["competency"].append(key)
    for identifier, association in internal.items():
        key = identifier.lower()
        if key not in existing_edges:
            plan.creates["edge"].append(key)
        elif existing_edges[key] != association:
            plan.updates["edge"].append(key)
    wanted_ids = {item["identifier"].lower() for item in items}
    for gone in sorted(set(existing_items) - wanted_ids):
        plan.warnings.append(
            f"competency {gone} is no longer in the package; it is kept because evidence may use it"
        )
    return plan


@transaction.atomic
def apply_framework_plan(plan: FrameworkPlan, *, habits: bool = False, district: Any = None) -> Framework:
    package = plan.package
    data = write_package(package)
    internal = _internal_associations(data)
    fields = _framework_fields(package, data, habits, set(internal))
    framework = Framework.objects.filter(case_identifier=package.document.identifier).first()
    if framework is None:
        framework = Framework(
            case_identifier=package.document.identifier, district=district, scale=four_level_scale(district)
        )
    for name, value in fields.items():
        setattr(framework, name, value)
    framework.full_clean()
    framework.save()

    existing = {
        str(c.case_identifier): c
        for c in Competency.objects.filter(
            case_identifier__in=[item["identifier"] for item in data.get("CFItems", [])]
        )
    }
    creates, updates = [], []
    moved_from = {c.framework_id for c in existing.values()} - {framework.pk}
    for position, item in enumerate(data.get("CFItems", []), start=1):
        values = _competency_fields(item, position, habits)
        found = existing.get(item["identifier"].lower())
        if found is None:
            creates.append(Competency(framework=framework, case_identifier=item["identifier"], **values))
        else:
            found.framework = framework
            for name, value in values.items():
                setattr(found, name, value)
            updates.append(found)
    Competency.objects.bulk_create(creates, batch_size=1000)
    Competency.objects.bulk_update(updates, ["framework", *COMPETENCY_FIELDS], batch_size=1000)

    by_identifier = {
        str(c.case_identifier): c.pk
        for c in Competency.objects.filter(framework=framework).only("case_identifier")
    }
    edges = {str(e.case_identifier): e for e in CompetencyEdge.objects.filter(framework=framework)}
    new_edges, changed_edges = [], []
    for identifier, association in internal.items():
        values = {
            "kind": EDGE_KINDS.get(association["associationType"], CompetencyEdge.Kind.OTHER),
            "source_id": by_identifier[association["originNodeURI"]["identifier"].lower()],
            "target_id": by_identifier[association["destinationNodeURI"]["identifier"].lower()],
            "case_association_type": association["associationType"][:64],
            "sequence": association.get("sequenceNumber"),
            "case_extra": association,
        }
        found_edge = edges.get(identifier.lower())
        if found_edge is None:
            new_edges.append(CompetencyEdge(framework=framework, case_identifier=identifier, **values))
        else:
            for name, value in values.items():
                setattr(found_edge, name, value)
            changed_edges.append(found_edge)
    CompetencyEdge.objects.bulk_create(new_edges, batch_size=1000)
    CompetencyEdge.objects.bulk_update(
        changed_edges,
        ["kind", "source_id", "target_id", "case_association_type", "sequence", "case_extra"],
        batch_size=1000,
    )
    framework_changed(framework.pk, *moved_from)
    framework.refresh_from_db(fields=["revision"])
    return framework


@dataclass
class FrameworkImportResult:
    plan: FrameworkPlan | None
    errors: list[str]
    framework: Framework | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


def import_framework(
    source: str | os.PathLike[str] | bytes | dict[str, Any],
    *,
    dry_run: bool = False,
    habits: bool = False,
    district: Any = None,
) -> FrameworkImportResult:
    """Import a CASE CFPackage (file path, JSON bytes or a decoded dict). A bad package changes nothing and
    returns its errors as 'file: path: message'."""
    name = os.fspath(source) if isinstance(source, (str, os.PathLike)) else "package"
    try:
        package = parse_package(source, name=os.path.basename(name))
    except CaseError as invalid:
        return FrameworkImportResult(None, [str(issue) for issue in invalid.issues])
    plan = plan_framework(package, habits=habits, source=name)
    if dry_run:
        return FrameworkImportResult(plan, [])
    return FrameworkImportResult(plan, [], apply_framework_plan(plan, habits=habits, district=district))
