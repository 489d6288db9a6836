"""CASE export: a framework as a CFPackage, built from what was imported plus what was edited in Trellis."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from trellis.interop.case import parse_package, write_package

from .models import Competency, CompetencyEdge, Framework

_EDGE_TYPES: dict[str, str] = {
    CompetencyEdge.Kind.CHILD_OF: "isChildOf",
    CompetencyEdge.Kind.PREREQUISITE_OF: "precedes",
    CompetencyEdge.Kind.RELATED_TO: "isRelatedTo",
}


def _now() -> str:
    return timezone.now().replace(microsecond=0).isoformat()


def _link(competency: Competency) -> dict[str, Any]:
    return {
        "title": competency.human_code or competency.short_statement[:60],
        "identifier": str(competency.case_identifier),
        "uri": competency.case_uri or f"urn:uuid:{competency.case_identifier}",
    }


def _item(competency: Competency) -> dict[str, Any]:
    """The CFItem JSON: as imported, with what Trellis lets people edit written over it."""
    item = dict(competency.case_extra or {})
    item.setdefault("lastChangeDateTime", _now())
    item["identifier"] = str(competency.case_identifier)
    item["uri"] = competency.case_uri or item.get("uri") or f"urn:uuid:{competency.case_identifier}"
    item["fullStatement"] = competency.statement
    for key, value in (
        ("humanCodingScheme", competency.human_code),
        ("abbreviatedStatement", competency.abbreviated_statement),
        ("CFItemType", competency.case_item_type),
        ("listEnumeration", competency.list_enumeration),
    ):
        if value:
            item[key] = value
        else:
            item.pop(key, None)
    levels = [level for level in competency.education_levels.split(",") if level]
    if levels:
        item["educationLevel"] = levels
    else:
        item.pop("educationLevel", None)
    return item


def _association(edge: CompetencyEdge) -> dict[str, Any]:
    association = dict(edge.case_extra or {})
    association.setdefault("lastChangeDateTime", _now())
    association["identifier"] = str(edge.case_identifier)
    association.setdefault("uri", f"urn:uuid:{edge.case_identifier}")
    association["associationType"] = edge.case_association_type or _EDGE_TYPES.get(edge.kind, "isRelatedTo")
    association["originNodeURI"] = {**association.get("originNodeURI", {}), **_link(edge.source)}
    if edge.target is not None:
        association["destinationNodeURI"] = {
            **association.get("destinationNodeURI", {}),
            **_link(edge.target),
        }
    if edge.sequence is not None:
        association["sequenceNumber"] = edge.sequence
    return association


def export_framework(framework: Framework, *, version: str | None = None) -> dict[str, Any]:
    """The framework as CFPackage JSON (CASE `version`, default: the version it was imported as, else 1.1).
    The result is checked by the same parser imports use, so an export always imports again."""
    extra = framework.case_extra or {}
    document = dict(extra.get("document") or {})
    document.update(
        {
            "identifier": str(framework.case_identifier),
            "uri": framework.case_uri or document.get("uri") or f"urn:uuid:{framework.case_identifier}",
            "title": framework.title,
            "creator": framework.creator or document.get("creator") or "Trellis",
        }
    )
    document.setdefault("lastChangeDateTime", _now())
    for key, value in (
        ("version", framework.version),
        ("description", framework.description),
        ("language", framework.language),
    ):
        if value:
            document[key] = value
    item_order = {identifier.lower(): n for n, identifier in enumerate(extra.get("item_order", []))}
    competencies = sorted(
        framework.competencies.all(),
        key=lambda c: (item_order.get(str(c.case_identifier), len(item_order)), c.sequence, c.pk),
    )
    association_order = {i.lower(): n for n, i in enumerate(extra.get("association_order", []))}
    associations = [_association(edge) for edge in framework.edges.select_related("source", "target")] + list(
        extra.get("associations", [])
    )
    associations.sort(key=lambda a: association_order.get(a["identifier"].lower(), len(association_order)))
    data = {
        **extra.get("package", {}),
        "CFDocument": document,
        "CFItems": [_item(c) for c in competencies],
        "CFAssociations": associations,
    }
    package = parse_package(data, name=f"{framework.title}.json")
    chosen = version or extra.get("version") or "1.1"
    return write_package(package, version="1.0" if chosen == "1.0" else "1.1")
