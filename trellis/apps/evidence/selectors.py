"""Mastery for display: the one place that turns states and the prerequisite graph into what people see,
so the learner, teacher, advisor and guardian views and the CSV export always agree."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from trellis.apps.frameworks.models import Competency, Framework
from trellis.apps.frameworks.selectors import GraphRows, graph_rows
from trellis.apps.rosters.models import Learner, School

from .models import NOT_A_RETRACTION, Evidence, MasteryState, not_withdrawn
from .projection import config_for, counted_sources, fold

EvidenceSource = Evidence.Source  # re-exported for interfaces
MASTERED, IN_PROGRESS, READY, NOT_YET = "mastered", "in_progress", "ready", "not_yet"
STATUS_LABELS = {
    MASTERED: _("Mastered"),
    IN_PROGRESS: _("In progress"),
    READY: _("Ready to learn"),
    NOT_YET: _("Not yet"),
}


class MasteryView(NamedTuple):
    """One learner's mastery of one competency, for display. A named tuple rather than a frozen dataclass:
    a section page builds thousands, and a tuple is several times cheaper to create."""

    competency_id: int
    status: str
    level: float | None
    level_label: str
    confidence: float
    n_evidence: int
    last_observed_at: dt.datetime | None
    rolled_up: bool = False

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def level_rounded(self) -> int | None:
        return None if self.level is None else round(self.level)


class Graph:
    """A framework's hierarchy and prerequisites for one request: its own Competency objects over the rows
    kept per framework revision (frameworks.selectors.graph_rows), whose link maps it shares read-only."""

    def __init__(self, rows: GraphRows) -> None:
        self.competencies = rows.competency_objects()
        self.parents, self.children, self.prerequisites = rows.parents, rows.children, rows.prerequisites
        self._order = rows.depth_first

    def depth_first(self) -> list[tuple[Competency, int]]:
        """The tree depth first (roots and siblings in sequence order), with each competency's depth."""
        return [(self.competencies[i], depth) for i, depth in self._order]


def framework_graph(framework: Framework) -> Graph:
    return Graph(graph_rows(framework))


def mastery_views(
    framework: Framework, graph: Graph, learner_ids: Sequence[int], *, observed_times: bool = True
) -> dict[int, dict[int, MasteryView]]:
    """Every learner's view of every competency of the framework ({learner id: {competency id: view}}):
    status, level and confidence. One query, whatever the number of learners (the graph is passed in).

    A section page asks for 30 learners × 120 competencies, so the per-cell work is kept small: labels are
    looked up once per level, and cells without evidence (the same for every learner who has them) are
    shared objects rather than one per learner. Pages that don't show when a competency was last observed
    (the heatmap) pass `observed_times=False`: reading that time back is most of the query's cost there."""
    scale = framework.scale
    columns = ["learner_id", "competency_id", "level", "confidence", "mastered", "n_evidence"]
    # The learners' states of every framework, this one's picked here (see growth_between for why not in SQL).
    states = MasteryState.objects.filter(learner_id__in=learner_ids).values_list(
        *columns, *(["last_observed_at"] if observed_times else [])
    )
    ours = {c.pk for c in graph.competencies}
    own: dict[int, dict[int, tuple[float, float, bool, int, dt.datetime | None]]] = defaultdict(dict)
    for learner, competency, level, confidence, mastered, n, *last in states:
        if competency in ours:
            own[learner][competency] = (level, confidence, mastered, n, last[0] if last else None)
    labels: dict[int, str] = {}

    def label_of(level: float) -> str:
        rounded = round(level)
        label = labels.get(rounded)
        if label is None:
            label = labels[rounded] = scale.label_of(rounded)
        return label

    # Children before parents, for roll-up; each competency's children and prerequisites looked up once.
    order = [
        (c.pk, graph.children.get(c.pk, ()), frozenset(graph.prerequisites.get(c.pk, ())))
        for c, _depth in reversed(graph.depth_first())
    ]
    ready = {pk: MasteryView(pk, READY, None, "", 0.0, 0, None) for pk, _kids, _prereqs in order}
    not_yet = {pk: MasteryView(pk, NOT_YET, None, "", 0.0, 0, None) for pk, _kids, _prereqs in order}
    views: dict[int, dict[int, MasteryView]] = {}
    for learner_id in learner_ids:
        mine = own.get(learner_id, {})
        mastered_ids = {pk for pk, state in mine.items() if state[2]}
        done: dict[int, MasteryView] = {}
        for pk, child_ids, prerequisite_ids in order:
            state = mine.get(pk)
            if state is not None:
                level, confidence, mastered, n, last = state
                done[pk] = MasteryView(
                    pk, MASTERED if mastered else IN_PROGRESS, level, label_of(level), confidence, n, last
                )
            elif child_ids and (
                assessed := [k for k in (done[child] for child in child_ids) if k.level is not None]
            ):
                level = sum(k.level for k in assessed if k.level is not None) / len(assessed)
                done[pk] = MasteryView(
                    pk,
                    MASTERED if all(done[child].status == MASTERED for child in child_ids) else IN_PROGRESS,
                    level,
                    label_of(level),
                    min(k.confidence for k in assessed),
                    sum(k.n_evidence for k in assessed),
                    max((k.last_observed_at for k in assessed if k.last_observed_at), default=None),
                    rolled_up=True,
                )
            else:
                done[pk] = (ready if prerequisite_ids <= mastered_ids else not_yet)[pk]
        views[learner_id] = done
    return views


def evidence_timeline(learner: Learner, competency: Competency) -> QuerySet[Evidence]:
    """A learner's evidence on one competency, oldest first, with withdrawals marked."""
    return (
        Evidence.objects.filter(NOT_A_RETRACTION, learner=learner, competency=competency)
        .select_related("assessor", "retracted_by")
        .order_by("observed_at", "id")
    )


@dataclass(frozen=True)
class GrowthPoint:
    at: dt.datetime
    level: float
    mastered: bool


def growth_curve(learner: Learner, competency: Competency) -> list[GrowthPoint]:
    """The mastery level after each counted piece of evidence: the points of a growth chart."""
    framework = competency.framework
    config, counted = config_for(framework), counted_sources(framework)
    points: list[GrowthPoint] = []
    rows = (
        Evidence.objects.filter(
            NOT_A_RETRACTION,
            not_withdrawn([learner.pk]),
            learner=learner,
            competency=competency,
            source__in=counted,
        )
        .order_by("observed_at", "id")
        .values_list("id", "observed_at", "level")
    )
    folded = None
    for evidence_id, observed_at, level in rows:
        if level is None:
            continue
        folded = fold(
            [(evidence_id, observed_at, level)],
            config=config,
            method=framework.calculation_method,
            start=folded,
        )
        assert folded is not None
        points.append(GrowthPoint(observed_at, folded.estimate.level, folded.estimate.mastered))
    return points


@dataclass(frozen=True)
class Growth:
    competency_id: int
    level_before: float | None
    level_after: float | None
    mastered_before: bool
    mastered_after: bool

    @property
    def change(self) -> float:
        return (self.level_after or 0.0) - (self.level_before or self.level_after or 0.0)


def growth_between(
    framework: Framework, learner_ids: Iterable[int], start: dt.datetime, end: dt.datetime
) -> dict[int, list[Growth]]:
    """Per learner, each competency's level and mastery at `start` and at `end`, folded from the log (so it
    is right for any period, e.g. a term or a year, and across courses). One query."""
    learner_ids = list(learner_ids)
    config, counted, method = config_for(framework), counted_sources(framework), framework.calculation_method
    rows = (
        Evidence.objects.filter(
            NOT_A_RETRACTION,
            not_withdrawn(learner_ids),
            learner_id__in=learner_ids,
            observed_at__lte=end,
            source__in=counted,
        )
        .order_by("learner_id", "competency_id", "observed_at", "id")
        .values_list("learner_id", "competency_id", "id", "observed_at", "level")
    )
    # The framework's competencies are picked here, not in SQL: with a join PostgreSQL expected one row and
    # looped over the competencies for each of a busy learner's rows (80 ms for 5,600), and with an IN list
    # SQLite read each competency's rows of the whole district (minutes) instead of the learner's.
    ours = set(graph_rows(framework).competency_ids)
    grouped: dict[tuple[int, int], list[tuple[int, dt.datetime, float]]] = defaultdict(list)
    for learner_id, competency_id, evidence_id, observed_at, level in rows:
        if level is not None and competency_id in ours:
            grouped[(learner_id, competency_id)].append((evidence_id, observed_at, level))
    result: dict[int, list[Growth]] = defaultdict(list)
    for (learner_id, competency_id), pair_rows in grouped.items():
        # Rows are in time order: fold up to the start once, then carry on from there to the end.
        split = next((i for i, row in enumerate(pair_rows) if row[1] >= start), len(pair_rows))
        before = fold(pair_rows[:split], config=config, method=method)
        after = fold(pair_rows[split:], config=config, method=method, start=before) or before
        result[learner_id].append(
            Growth(
                competency_id,
                before.estimate.level if before else None,
                after.estimate.level if after else None,
                bool(before and before.estimate.mastered),
                bool(after and after.estimate.mastered),
            )
        )
    return dict(result)


def frameworks_for_school(school: School) -> QuerySet[Framework]:
    """The frameworks a school's learners are measured on: their district's, and any shared by all."""
    return (
        Framework.objects.filter(models.Q(district_id=school.district_id) | models.Q(district__isnull=True))
        .select_related("scale")
        .order_by("kind", "title")
    )


def frameworks_for(learner: Learner) -> QuerySet[Framework]:
    return frameworks_for_school(learner.school)


@dataclass(frozen=True)
class ContinuumRow:
    competency: Competency
    depth: int
    view: MasteryView
    expectation: str  # "earlier" | "this_year" | "later" | "" (no grade on the competency)
    expected_grade: str


def _grade_number(code: str) -> int | None:
    code = code.strip().upper()
    if code in {"KG", "K"}:
        return 0
    return int(code) if code.isdigit() else None


def expectation_for(competency: Competency, learner: Learner) -> tuple[str, str]:
    """When a competency is expected of this learner: in an earlier grade, this year, or later."""
    grades = [g for g in (_grade_number(c) for c in competency.education_levels.split(",")) if g is not None]
    mine = _grade_number(learner.grade)
    if not grades or mine is None:
        return "", ""
    grade = min(grades)
    label = str(grade) if grade else "K"
    if grade < mine:
        return "earlier", label
    return ("this_year", label) if grade == mine else ("later", label)


def continuum(learner: Learner, framework: Framework) -> list[ContinuumRow]:
    """The framework as a tree for one learner, each node with its status and when it is expected."""
    graph = framework_graph(framework)
    views = mastery_views(framework, graph, [learner.pk])[learner.pk]
    rows = []
    for competency, depth in graph.depth_first():
        expectation, grade = expectation_for(competency, learner)
        rows.append(ContinuumRow(competency, depth, views[competency.pk], expectation, grade))
    return rows


@dataclass(frozen=True)
class Heatmap:
    competencies: list[Competency]
    learners: list[Learner]
    cells: dict[int, dict[int, MasteryView]]  # by learner id, then competency id

    @property
    def rows(self) -> list[tuple[Learner, list[MasteryView]]]:
        ids, rows = [c.pk for c in self.competencies], []
        for learner in self.learners:
            mine = self.cells[learner.pk]
            rows.append((learner, [mine[pk] for pk in ids]))
        return rows


def heatmap(framework: Framework, learners: Sequence[Learner]) -> Heatmap:
    """Learners × the framework's assessable competencies (groupings left out), from the same views."""
    graph = framework_graph(framework)
    views = mastery_views(framework, graph, [learner.pk for learner in learners], observed_times=False)
    competencies = [c for c, _depth in graph.depth_first() if c.kind != Competency.Kind.GROUPING]
    return Heatmap(competencies, list(learners), views)


@dataclass(frozen=True)
class TermSummary:
    """A family's one-glance view of a period: what was newly mastered, what grew, and what comes next."""

    framework: Framework
    newly_mastered: list[Competency]
    grew: list[Competency]
    next_up: list[Competency]


def term_summary(learner: Learner, start: dt.datetime, end: dt.datetime) -> list[TermSummary]:
    summaries = []
    for framework in frameworks_for(learner):
        graph = framework_graph(framework)
        by_id = {c.pk: c for c in graph.competencies}
        growth = growth_between(framework, [learner.pk], start, end).get(learner.pk, [])
        newly = [by_id[g.competency_id] for g in growth if g.mastered_after and not g.mastered_before]
        grew = [
            by_id[g.competency_id]
            for g in growth
            if not g.mastered_after and (g.level_before is None or g.change > 0)
        ]
        views = mastery_views(framework, graph, [learner.pk])[learner.pk]
        ready = [
            c
            for c, _depth in graph.depth_first()
            if c.kind != Competency.Kind.GROUPING and views[c.pk].status == READY
        ]
        summaries.append(TermSummary(framework, newly, grew, ready[:3]))
    return summaries


def mastery_of(learner: Learner, competencies: Iterable[Competency]) -> list[tuple[Competency, MasteryView]]:
    """One learner's status and level on each of these competencies, as the continuum shows them (the same
    views, so a summary page and the continuum agree). Queries per framework involved, not per competency."""
    wanted = list(dict.fromkeys(competencies))
    by_framework: dict[int, list[Competency]] = defaultdict(list)
    for competency in wanted:
        by_framework[competency.framework_id].append(competency)
    views: dict[int, MasteryView] = {}
    for framework in Framework.objects.filter(pk__in=list(by_framework)).select_related("scale"):
        found = mastery_views(framework, framework_graph(framework), [learner.pk])[learner.pk]
        for competency in by_framework[framework.pk]:
            views[competency.pk] = found[competency.pk]
    return [(competency, views[competency.pk]) for competency in wanted if competency.pk in views]
