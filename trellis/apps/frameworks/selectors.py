from __future__ import annotations

import threading
import uuid
from collections import OrderedDict, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from trellis.learner_model.rubric import RubricConfig

from .models import CalculationMethod, Competency, CompetencyEdge, Framework

# Re-exported for interfaces (they read the domain through selectors, never its models).
CompetencyKind = Competency.Kind
EdgeKind = CompetencyEdge.Kind
CalculationMethods = CalculationMethod


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


def with_counts(found: QuerySet[Framework]) -> QuerySet[Framework]:
    """Frameworks with their scale and how many competencies each has (one query)."""
    return found.select_related("scale", "district").annotate(competency_count=Count("competencies"))


def competency_in(framework: Framework, public_id: uuid.UUID | str) -> Competency:
    """One competency of this framework by its public id: 404 when missing or in another framework."""
    try:
        return Competency.objects.select_related("framework").get(framework=framework, public_id=public_id)
    except (Competency.DoesNotExist, ValueError, TypeError, ValidationError) as missing:
        raise Http404 from missing


def edge_in(framework: Framework, public_id: uuid.UUID | str) -> CompetencyEdge | None:
    """One link of this framework by its public id, or None."""
    try:
        return CompetencyEdge.objects.filter(framework=framework, public_id=public_id).first()
    except (ValueError, TypeError, ValidationError):
        return None


def links_of(competency: Competency) -> list[CompetencyEdge]:
    """Every link to or from a competency (any kind), with both ends, hierarchy first."""
    order = {kind: n for n, kind in enumerate(CompetencyEdge.Kind.values)}
    edges = (
        CompetencyEdge.objects.filter(Q(source=competency) | Q(target=competency), target__isnull=False)
        .select_related("source", "target")
        .order_by("pk")
    )
    return sorted(edges, key=lambda e: order.get(e.kind, len(order)))


@dataclass(frozen=True)
class MasteryRules:
    """A framework's mastery rules as a form shows them: the options of methods not chosen at their
    defaults, so choosing another method starts from a sensible value."""

    calculation_method: str
    decay: float
    n: int
    counts_self_assessment: bool
    counts_peer_assessment: bool

    @property
    def method_label(self) -> str:
        return str(CalculationMethod(self.calculation_method).label)


def mastery_rules(framework: Framework) -> MasteryRules:
    defaults = RubricConfig()
    options = framework.calculation_options or {}
    return MasteryRules(
        calculation_method=framework.calculation_method,
        decay=float(options.get("decay", defaults.decay_weight)),
        n=int(options.get("n", defaults.n_required)),
        counts_self_assessment=framework.counts_self_assessment,
        counts_peer_assessment=framework.counts_peer_assessment,
    )


def competencies_by_public_id(public_ids: set[uuid.UUID]) -> dict[uuid.UUID, Competency]:
    """Competencies (with framework and scale) for the given public ids, in two queries. Each framework is
    read once and shared by its competencies: joined per competency, a bulk request of a whole framework
    built and decoded its framework and scale (JSON) 120 times, a sixth of the request. The CASE extras are
    left unread (export reads its own)."""
    found = list(Competency.objects.filter(public_id__in=public_ids).defer("case_extra"))
    shared = Framework.objects.select_related("scale").in_bulk({c.framework_id for c in found})
    for competency in found:
        competency.framework = shared[competency.framework_id]
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

    @property
    def competency_ids(self) -> list[int]:
        pk_at = _GRAPH_FIELDS.index("id")
        return [values[pk_at] for values in self.competencies]

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


# --- the continuum as a tree, for the authoring pages ----------------------------------------------------


@dataclass
class TreeNode:
    """One competency in the framework's tree, with what people need to read it without the graph: its
    prerequisites, and the other parents it is also part of (the tree shows it under its first)."""

    competency: Competency
    depth: int
    children: list[TreeNode]
    prerequisites: list[Competency]
    also_part_of: list[Competency]

    @property
    def grade_levels(self) -> list[str]:
        return [code for code in self.competency.education_levels.split(",") if code]


def continuum_tree(framework: Framework) -> list[TreeNode]:
    """The framework's competencies as a tree, depth first (roots and siblings in sequence order), from the
    graph kept by revision: no query beyond it."""
    rows = graph_rows(framework)
    competencies = rows.competency_objects()
    by_id = {c.pk: c for c in competencies}
    position = {c.pk: n for n, c in enumerate(competencies)}
    roots: list[TreeNode] = []
    path: list[TreeNode] = []

    def in_order(pks: Iterable[int], leave_out: int | None = None) -> list[Competency]:
        kept = [pk for pk in pks if pk in by_id and pk != leave_out]
        return [by_id[pk] for pk in sorted(kept, key=position.__getitem__)]

    for index, depth in rows.depth_first:
        competency = competencies[index]
        del path[depth:]
        tree_parent = path[-1].competency.pk if path else None
        node = TreeNode(
            competency,
            depth,
            [],
            in_order(rows.prerequisites.get(competency.pk, ())),
            in_order(rows.parents.get(competency.pk, ()), leave_out=tree_parent),
        )
        (path[-1].children if path else roots).append(node)
        path.append(node)
    return roots


def flatten(nodes: Iterable[TreeNode]) -> list[TreeNode]:
    """The tree's nodes in reading order."""
    found: list[TreeNode] = []
    for node in nodes:
        found.append(node)
        found.extend(flatten(node.children))
    return found
