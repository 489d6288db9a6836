from __future__ import annotations

import threading
import uuid
from collections import OrderedDict, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from .models import Competency, CompetencyEdge, Framework


def frameworks() -> QuerySet[Framework]:
    return Framework.objects.select_related("scale").order_by("title")


def framework_by_reference(reference: str) -> Framework:
    """A framework by its public id, its CASE identifier, or its exact title (for the command line)."""
    try:
        key = uuid.UUID(reference)
    except ValueError:
        found = Framework.objects.filter(title=reference).first()
    else:
        found = (
            Framework.objects.filter(public_id=key).first()
            or Framework.objects.filter(case_identifier=key).first()
        )
    if found is None:
        raise Http404(reference)
    return found


def competencies_by_public_id(public_ids: set[uuid.UUID]) -> dict[uuid.UUID, Competency]:
    """Competencies (with framework and scale) for the given public ids, in one query."""
    found = Competency.objects.filter(public_id__in=public_ids).select_related("framework__scale")
    return {c.public_id: c for c in found}


# --- a framework's graph, kept in memory by revision ---------------------------------------------------

# CASE extras are for export only; decoding them for every page showed in the heatmap's profile.
_GRAPH_FIELDS = tuple(f.attname for f in Competency._meta.concrete_fields if f.name != "case_extra")


@dataclass(frozen=True)
class GraphRows:
    """A framework's competencies (as column values, in display order) and its hierarchy and prerequisite
    links, as read from the database. Shared between requests: read it, never change it."""

    competencies: tuple[tuple[Any, ...], ...]
    parents: dict[int, list[int]]
    children: dict[int, list[int]]
    prerequisites: dict[int, list[int]]
    # (index into competencies, depth): the tree depth first, roots and siblings in sequence order.
    depth_first: tuple[tuple[int, int], ...]

    def competency_objects(self) -> list[Competency]:
        """New model objects for one request (not shared, so nothing set on them leaks to another)."""
        return [Competency.from_db("default", _GRAPH_FIELDS, values) for values in self.competencies]


_GRAPHS: OrderedDict[tuple[int, int], GraphRows] = OrderedDict()
_GRAPHS_KEPT = 64
_graphs_lock = threading.Lock()


def graph_rows(framework: Framework) -> GraphRows:
    """The framework's graph, read once per revision (every page with mastery on it needs the graph; reading
    it was two queries and a tenth of a section page). `framework` must be freshly read, so that its
    revision is current; services.framework_changed raises it with every change."""
    key = (framework.pk, framework.revision)
    with _graphs_lock:
        found = _GRAPHS.get(key)
        if found is not None:
            _GRAPHS.move_to_end(key)
            return found
    found = _read_graph(framework)
    with _graphs_lock:
        _GRAPHS[key] = found
        while len(_GRAPHS) > _GRAPHS_KEPT:
            _GRAPHS.popitem(last=False)
    return found


def forget_graphs(framework_ids: Iterable[int] | None = None) -> None:
    """Drop kept graphs of these frameworks (all if None): this process sees its own changes at once, even
    through a Framework object read before the change."""
    with _graphs_lock:
        if framework_ids is None:
            _GRAPHS.clear()
            return
        gone = set(framework_ids)
        for key in [k for k in _GRAPHS if k[0] in gone]:
            del _GRAPHS[key]


def _read_graph(framework: Framework) -> GraphRows:
    rows = tuple(
        Competency.objects.filter(framework=framework).order_by("sequence", "pk").values_list(*_GRAPH_FIELDS)
    )
    parents: dict[int, list[int]] = defaultdict(list)
    children: dict[int, list[int]] = defaultdict(list)
    prerequisites: dict[int, list[int]] = defaultdict(list)
    for source, target, kind in CompetencyEdge.objects.filter(
        framework=framework,
        target__isnull=False,
        kind__in=(CompetencyEdge.Kind.CHILD_OF, CompetencyEdge.Kind.PREREQUISITE_OF),
    ).values_list("source_id", "target_id", "kind"):
        if kind == CompetencyEdge.Kind.CHILD_OF:
            parents[source].append(target)
            children[target].append(source)
        else:
            prerequisites[target].append(source)
    pk_at = _GRAPH_FIELDS.index("id")
    position = {values[pk_at]: i for i, values in enumerate(rows)}  # rows are in sequence order already
    order: list[tuple[int, int]] = []
    seen: set[int] = set()

    def visit(pk: int, depth: int) -> None:
        if pk in seen:
            return
        seen.add(pk)
        order.append((position[pk], depth))
        for child in sorted((c for c in children.get(pk, ()) if c in position), key=position.__getitem__):
            visit(child, depth + 1)

    for values in rows:
        if not parents.get(values[pk_at]):
            visit(values[pk_at], 0)
    return GraphRows(rows, dict(parents), dict(children), dict(prerequisites), tuple(order))
