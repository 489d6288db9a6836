"""Reads for pathways: a learner's path (plan, pacing, suggestions with reasons, choices), a section's
pathways for its teachers, and suggestions for a whole school.

Suggestions are ranked by the learner model (`trellis.learner_model.pathways.suggest`); this module gathers
what it needs in a fixed number of queries however many learners are asked for: the school's frameworks
and activities once (`school_context`), then one query per kind of row for all learners together
(`path_inputs`). Callers have been through an access gateway for the learners they pass.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from trellis.apps.evidence import selectors as evidence
from trellis.apps.evidence.models import MasteryState
from trellis.apps.frameworks.models import Competency, CompetencyEdge, Framework
from trellis.apps.growth import selectors as growth
from trellis.apps.learning.models import Activity, PracticeSession, Submission
from trellis.apps.rosters.models import Enrollment, Learner, School, Section, Term
from trellis.learner_model.pacing import PaceStatus, Pacing, TargetPace, pace
from trellis.learner_model.pathways import (
    ActivityInfo,
    Catalog,
    Group,
    LearnerState,
    PathwayGraph,
    Reason,
    Suggestion,
    ready_fringe,
    small_groups,
    stuck_competencies,
    suggest,
)
from trellis.learner_model.scheduling import ReviewEvent, rating_from_level, review_due
from trellis.lib import clock
from trellis.lib.models import current_on

from .models import Assignment, Choice, DemonstrationChoice, DemonstrationWays, PlanTarget, Steer, Way

OPTIONS = 5  # next steps offered at a time
RECENT_DAYS = 14  # activity done this recently counts toward "variety" and is not offered first again
CHOICES_SHOWN = 5
GUIDED_KINDS = (Activity.Kind.LESSON, Activity.Kind.READING, Activity.Kind.VIDEO)
SUBMITTED_KINDS = (Activity.Kind.PERFORMANCE_TASK, Activity.Kind.PROJECT)
ALL_WAYS = tuple(Way.values)
# Expected competencies are targets for the end of the school year; a target set with the advisor wins.
EXPECTED, SET_WITH_ADVISOR = "expected", "advisor"
PaceStatuses = PaceStatus
WayChoices = Way
ActivityModality = Activity.Modality
SteerKind = Steer.Kind
__all__ = ["ActivityModality", "PaceStatuses", "SteerKind", "WayChoices"]  # re-exported for interfaces


# --- the school: frameworks as one graph, activities as one catalog -----------------------------------


@dataclass(frozen=True)
class SchoolContext:
    """What ranking needs of a school, loaded once: its frameworks' competencies and prerequisites as one
    graph, the activities its learners may do, when the school year ends, and which competencies each
    grade is expected to master this year."""

    school: School
    frameworks: tuple[Framework, ...]
    graph: PathwayGraph
    competencies: dict[int, Competency]
    catalog: Catalog
    activities: dict[int, Activity]
    year_end: dt.date | None
    # framework id -> (top of its scale, mastery level): reviews are rated on the framework's scale
    scales: dict[int, tuple[int, float]]
    _expected: dict[str, tuple[int, ...]] = field(default_factory=dict)

    def expected_for(self, learner: Learner) -> tuple[int, ...]:
        """The competencies the school expects of this learner's grade this year (cached per grade)."""
        found = self._expected.get(learner.grade)
        if found is None:
            found = tuple(
                c.pk
                for c in self.competencies.values()
                if c.pk in self.graph.assessable and evidence.expectation_for(c, learner)[0] == "this_year"
            )
            self._expected[learner.grade] = found
        return found


def school_year_end(on: dt.date | None = None) -> dt.date | None:
    """The last day of the school year that contains the day (the shortest term otherwise)."""
    on = on or clock.today()
    terms = list(Term.objects.filter(start_date__lte=on, end_date__gte=on))
    years = [t for t in terms if t.kind == Term.Kind.SCHOOL_YEAR]
    chosen = min(years or terms, key=lambda t: t.end_date - t.start_date, default=None)
    return chosen.end_date if chosen else None


def school_context(school: School) -> SchoolContext:
    """Five queries, whatever the size of the school."""
    frameworks = tuple(evidence.frameworks_for_school(school))
    competencies = {
        c.pk: c
        for c in Competency.objects.filter(framework__in=frameworks)
        .select_related("framework__scale")
        .order_by("framework__kind", "framework__title", "sequence", "pk")
    }
    prerequisites: dict[int, list[int]] = defaultdict(list)
    for source, target in CompetencyEdge.objects.filter(
        framework__in=frameworks, kind=CompetencyEdge.Kind.PREREQUISITE_OF, target__isnull=False
    ).values_list("source_id", "target_id"):
        prerequisites[target].append(source)
    graph = PathwayGraph(
        competencies,
        prerequisites,
        assessable=[pk for pk, c in competencies.items() if c.kind != Competency.Kind.GROUPING],
    )
    activities = {
        a.pk: a
        for a in Activity.objects.filter(is_active=True)
        .filter(Q(district__isnull=True) | Q(district_id=school.district_id))
        .prefetch_related("competencies")
        .order_by("title", "pk")
    }
    catalog = Catalog(
        ActivityInfo(
            a.pk,
            a.kind,
            a.modality,
            tuple(c.pk for c in a.competencies.all() if c.pk in competencies),
            frozenset(str(tag).lower() for tag in a.interests),
            a.estimated_minutes,
        )
        for a in activities.values()
    )
    scales = {f.pk: (f.scale.top_level, float(f.scale.mastery_level)) for f in frameworks}
    return SchoolContext(
        school, frameworks, graph, competencies, catalog, activities, school_year_end(), scales
    )


# --- one query per kind of row for many learners ------------------------------------------------------


@dataclass(frozen=True)
class ChoiceView:
    choice: Choice
    status: str  # "chosen", "started" or "done"

    @property
    def reasons(self) -> list[Reason]:
        return reasons_from_json(self.choice.reasons)


@dataclass
class PathInputs:
    """Everything about one learner that ranking and pacing read, and what the pages show next to it."""

    learner: Learner
    state: LearnerState
    targets: dict[int, tuple[dt.date, str]]  # competency -> (date, EXPECTED or SET_WITH_ADVISOR)
    sections: list[int]
    assignments: list[Assignment]
    choices: list[ChoiceView]


def _local_day(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(moment) if moment is not None else None


def path_inputs(
    context: SchoolContext, learners: Sequence[Learner], *, today: dt.date | None = None
) -> dict[int, PathInputs]:
    """The inputs of every learner's path, in a fixed number of queries (learners of `context`'s school)."""
    today = today or clock.today()
    ids = [learner.pk for learner in learners]
    user_ids = [learner.user_id for learner in learners]
    competencies = context.competencies
    since = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=RECENT_DAYS), dt.time.min))

    states: dict[int, list[tuple]] = defaultdict(list)
    for row in MasteryState.objects.filter(
        learner_id__in=ids, competency__framework__in=context.frameworks
    ).values_list(
        "learner_id",
        "competency_id",
        "estimate",
        "level",
        "mastered",
        "n_evidence",
        "first_mastered_at",
        "last_observed_at",
    ):
        states[row[0]].append(row[1:])

    explicit: dict[int, dict[int, dt.date]] = defaultdict(dict)
    for learner_id, competency_id, target_date in PlanTarget.objects.filter(
        plan__learner_id__in=ids
    ).values_list("plan__learner_id", "competency_id", "target_date"):
        explicit[learner_id][competency_id] = target_date

    sections_of_user: dict[int, list[int]] = defaultdict(list)
    for user_id, section_id in Enrollment.objects.filter(
        current_on(today), role=Enrollment.Role.LEARNER, user_id__in=user_ids
    ).values_list("user_id", "section_id"):
        sections_of_user[user_id].append(section_id)
    all_sections = {s for found in sections_of_user.values() for s in found}
    steers: dict[int, dict[int, str]] = defaultdict(dict)
    for section_id, competency_id, kind in Steer.objects.filter(section_id__in=all_sections).values_list(
        "section_id", "competency_id", "kind"
    ):
        steers[section_id][competency_id] = kind

    open_assignments: dict[int, list[Assignment]] = defaultdict(list)
    for assignment in Assignment.objects.filter(learner_id__in=ids, ended_at__isnull=True).order_by(
        "assigned_at", "pk"
    ):
        open_assignments[assignment.learner_id].append(assignment)
    earliest = min(
        [since]
        + [a.assigned_at for found in open_assignments.values() for a in found]
        + [timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=60), dt.time.min))]
    )
    choices: dict[int, list[Choice]] = defaultdict(list)
    for choice in Choice.objects.filter(learner_id__in=ids, chosen_at__gte=earliest).order_by(
        "-chosen_at", "-pk"
    ):
        choices[choice.learner_id].append(choice)
    # (activity, when finished or handed in) per learner; open practice sessions: (activity, started)
    finished: dict[int, list[tuple[int, dt.datetime]]] = defaultdict(list)
    started: dict[int, list[tuple[int, dt.datetime]]] = defaultdict(list)
    for learner_id, activity_id, started_at, finished_at in PracticeSession.objects.filter(
        learner_id__in=ids, started_at__gte=earliest
    ).values_list("learner_id", "activity_id", "started_at", "finished_at"):
        if finished_at is None:
            started[learner_id].append((activity_id, started_at))
        else:
            finished[learner_id].append((activity_id, finished_at))
    for learner_id, activity_id, submitted_at in Submission.objects.filter(
        learner_id__in=ids, submitted_at__gte=earliest
    ).values_list("learner_id", "activity_id", "submitted_at"):
        finished[learner_id].append((activity_id, submitted_at))
    for learner_id, found in choices.items():
        for choice in found:
            if choice.completed_at is not None:
                finished[learner_id].append((choice.activity_id, choice.completed_at))

    tags = growth.profile_tags(ids)
    goals = growth.goal_competencies(ids)

    out: dict[int, PathInputs] = {}
    for learner in learners:
        mastered: dict[int, dt.date | None] = {}
        estimates: dict[int, float] = {}
        counts: dict[int, int] = {}
        reviews: dict[int, dt.date] = {}
        for competency_id, estimate, level, is_mastered, n, first, last in states.get(learner.pk, ()):
            counts[competency_id] = n
            if not is_mastered:
                estimates[competency_id] = estimate
                continue
            mastered[competency_id] = _local_day(first)
            if first is not None:
                top, threshold = context.scales[competencies[competency_id].framework_id]
                later = [ReviewEvent(last, rating_from_level(level, top, threshold))] if last > first else []
                reviews[competency_id] = timezone.localdate(review_due(first, later))
        targets: dict[int, tuple[dt.date, str]] = {}
        if context.year_end is not None:
            for competency_id in context.expected_for(learner):
                targets[competency_id] = (context.year_end, EXPECTED)
        for competency_id, when in explicit.get(learner.pk, {}).items():
            if competency_id in competencies:
                targets[competency_id] = (when, SET_WITH_ADVISOR)
        sections = sections_of_user.get(learner.user_id, [])
        priorities: set[int] = set()
        locked: set[int] = set()
        for section_id in sections:
            for competency_id, kind in steers.get(section_id, {}).items():
                (priorities if kind == Steer.Kind.PRIORITY else locked).add(competency_id)
        done = finished.get(learner.pk, [])
        pending = [
            a
            for a in open_assignments.get(learner.pk, [])
            if a.activity_id in context.activities
            and not any(activity == a.activity_id and when >= a.assigned_at for activity, when in done)
        ]
        recent = sorted(
            [(when, activity) for activity, when in done if when >= since]
            + [(when, activity) for activity, when in started.get(learner.pk, []) if when >= since],
            reverse=True,
        )
        state = LearnerState(
            mastered=mastered,
            estimates=estimates,
            evidence_counts=counts,
            reviews_due=reviews,
            tags=tags.get(learner.pk, frozenset()),
            goals=goals.get(learner.pk, {}),
            targets={c: when for c, (when, _source) in targets.items()},
            priorities=frozenset(priorities - locked),
            locked=frozenset(locked),
            assignments={a.activity_id: a.due_date for a in pending},
            recent_modalities=tuple(
                context.activities[a].modality for _when, a in recent if a in context.activities
            ),
            recent_activities=frozenset(a for _when, a in recent),
        )
        choice_views = []
        for choice in choices.get(learner.pk, [])[:CHOICES_SHOWN]:
            status = "chosen"
            if choice.completed_at is not None or any(
                a == choice.activity_id and when >= choice.chosen_at for a, when in done
            ):
                status = "done"
            elif any(
                a == choice.activity_id and when >= choice.chosen_at
                for a, when in started.get(learner.pk, [])
            ):
                status = "started"
            choice_views.append(ChoiceView(choice, status))
        out[learner.pk] = PathInputs(learner, state, targets, sections, pending, choice_views)
    return out


def suggestions_for(
    context: SchoolContext,
    inputs: Iterable[PathInputs],
    *,
    today: dt.date | None = None,
    limit: int = OPTIONS,
) -> dict[int, list[Suggestion]]:
    today = today or clock.today()
    graph, catalog = context.graph, context.catalog
    return {i.learner.pk: suggest(graph, catalog, i.state, today=today, limit=limit) for i in inputs}


def school_suggestions(school: School, *, today: dt.date | None = None) -> dict[int, list[Suggestion]]:
    """Suggestions for every learner of a school: a fixed number of queries, then the learner model for each
    learner (the school-wide recompute; `benchmarks/pathways.py` times it)."""
    today = today or clock.today()
    context = school_context(school)
    learners = list(Learner.objects.filter(school=school).only("pk", "user_id", "grade", "school_id"))
    return suggestions_for(context, path_inputs(context, learners, today=today).values(), today=today)


# --- one learner's path, for pages and the API --------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One next step offered, with what a page needs to show it."""

    rank: int
    activity: Activity
    competency: Competency | None
    kind: str
    success: float
    reasons: tuple[Reason, ...]

    @property
    def is_practice(self) -> bool:
        return self.activity.kind == Activity.Kind.PRACTICE_SET

    @property
    def takes_submissions(self) -> bool:
        return self.activity.kind in SUBMITTED_KINDS


@dataclass(frozen=True)
class TargetView:
    competency: Competency
    target_date: dt.date
    source: str  # EXPECTED or SET_WITH_ADVISOR
    pace: TargetPace | None
    mastered: bool


@dataclass(frozen=True)
class DemonstrationView:
    competency: Competency
    ways: tuple[str, ...]  # allowed, in Way order
    chosen: DemonstrationChoice | None


@dataclass(frozen=True)
class LearnerPath:
    learner: Learner
    context: SchoolContext
    steps: list[Step]
    targets: list[TargetView]
    pacing: Pacing
    fringe: list[Competency]
    stuck: list[Competency]
    choices: list[ChoiceView]
    assignments: list[Assignment]
    demonstrations: list[DemonstrationView]

    def competency(self, pk: int) -> Competency | None:
        return self.context.competencies.get(pk)


def _steps(context: SchoolContext, found: Sequence[Suggestion]) -> list[Step]:
    return [
        Step(
            rank,
            context.activities[s.activity],
            context.competencies.get(s.competency),
            s.kind,
            s.success,
            s.reasons,
        )
        for rank, s in enumerate(found, start=1)
    ]


def _path(
    context: SchoolContext,
    inputs: PathInputs,
    found: Sequence[Suggestion],
    ways: dict[int, tuple[str, ...]],
    chosen_ways: dict[int, DemonstrationChoice],
    today: dt.date,
) -> LearnerPath:
    graph, competencies, state = context.graph, context.competencies, inputs.state
    pacing = pace(graph, state.targets, state.mastered, today=today)
    paces = {p.competency: p for p in pacing.targets}
    targets = sorted(
        (
            TargetView(competencies[c], when, source, paces.get(c), c in state.mastered)
            for c, (when, source) in inputs.targets.items()
        ),
        key=lambda t: (t.target_date, graph.position[t.competency.pk]),
    )
    fringe = [competencies[c] for c in ready_fringe(graph, state.mastered) if c not in state.locked]
    # How to show mastery: for each target not yet mastered and each competency of the steps offered now.
    offered = [s.competency for s in found if s.competency in competencies and s.kind != "review"]
    shown = dict.fromkeys([t.competency.pk for t in targets if not t.mastered] + offered)
    demonstrations = [
        DemonstrationView(competencies[c], ways.get(c, ALL_WAYS), chosen_ways.get(c)) for c in shown
    ]
    return LearnerPath(
        learner=inputs.learner,
        context=context,
        steps=_steps(context, found),
        targets=targets,
        pacing=pacing,
        fringe=fringe,
        stuck=[competencies[c] for c in stuck_competencies(graph, state)],
        choices=inputs.choices,
        assignments=inputs.assignments,
        demonstrations=demonstrations,
    )


def allowed_ways(section_ids: Iterable[int]) -> dict[int, tuple[str, ...]]:
    """Per competency, the ways the learner's teachers allow: where several of their sections set ways for
    one competency, any of them may be chosen. Competencies no section narrowed allow every way."""
    found: dict[int, set[str]] = defaultdict(set)
    for competency_id, ways in DemonstrationWays.objects.filter(section_id__in=list(section_ids)).values_list(
        "competency_id", "ways"
    ):
        found[competency_id].update(ways)
    return {c: tuple(w for w in ALL_WAYS if w in ways) for c, ways in found.items()}


def learner_path(learner: Learner, *, today: dt.date | None = None, limit: int = OPTIONS) -> LearnerPath:
    """One learner's path: plan and pacing, next steps with reasons, recent choices, ways to show mastery."""
    today = today or clock.today()
    context = school_context(learner.school)
    inputs = path_inputs(context, [learner], today=today)[learner.pk]
    found = suggest(context.graph, context.catalog, inputs.state, today=today, limit=limit)
    chosen_ways = {
        d.competency_id: d for d in DemonstrationChoice.objects.filter(learner=learner).order_by("chosen_at")
    }
    return _path(context, inputs, found, allowed_ways(inputs.sections), chosen_ways, today)


# --- a section, for its teachers ----------------------------------------------------------------------


@dataclass(frozen=True)
class CompetencyRow:
    competency: Competency
    steer: str  # "", Steer.Kind.PRIORITY or Steer.Kind.LOCK
    ways: tuple[str, ...]
    ready: list[Learner]
    in_progress: int
    stuck: list[Learner]
    mastered: int


@dataclass(frozen=True)
class SectionPathways:
    section: Section
    framework: Framework | None
    frameworks: list[Framework]
    paths: list[LearnerPath]
    rows: list[CompetencyRow]
    groups: list[tuple[Group, Competency, list[Learner]]]
    activities: list[Activity]
    assignments: list[Assignment]


def section_pathways(
    section: Section,
    learners: Sequence[Learner],
    *,
    framework_id: str | None = None,
    today: dt.date | None = None,
) -> SectionPathways:
    """Who in the section is ready for what, who is stuck, suggested small groups, each learner's choices
    and pacing, and the section's steering and assignments. A fixed number of queries for any class size."""
    today = today or clock.today()
    context = school_context(section.school)
    inputs = path_inputs(context, learners, today=today)
    found = suggestions_for(context, inputs.values(), today=today)
    ways = allowed_ways([section.pk])
    chosen_ways: dict[int, dict[int, DemonstrationChoice]] = defaultdict(dict)
    for choice in DemonstrationChoice.objects.filter(learner__in=list(learners)).order_by("chosen_at"):
        chosen_ways[choice.learner_id][choice.competency_id] = choice
    paths = [
        _path(context, inputs[learner.pk], found[learner.pk], ways, chosen_ways[learner.pk], today)
        for learner in learners
    ]
    academic = [f for f in context.frameworks if f.kind == Framework.Kind.ACADEMIC] or list(
        context.frameworks
    )
    framework = next(
        (f for f in academic if str(f.public_id) == framework_id), academic[0] if academic else None
    )
    steers = dict(Steer.objects.filter(section=section).values_list("competency_id", "kind"))
    by_pk = {learner.pk: learner for learner in learners}
    stuck_of = {p.learner.pk: {c.pk for c in p.stuck} for p in paths}
    # A learner stuck on a competency is grouped with the others stuck on it, not with those ready for it.
    ready_of = {p.learner.pk: {c.pk for c in p.fringe} - stuck_of[p.learner.pk] for p in paths}
    rows = []
    if framework is not None:
        for c in context.graph.order:
            competency = context.competencies[c]
            if competency.framework_id != framework.pk or c not in context.graph.assessable:
                continue
            states = [inputs[learner.pk].state for learner in learners]
            rows.append(
                CompetencyRow(
                    competency,
                    steers.get(c, ""),
                    ways.get(c, ALL_WAYS),
                    [by_pk[pk] for pk, ready in ready_of.items() if c in ready],
                    sum(1 for s in states if c in s.estimates),
                    [by_pk[pk] for pk, stuck in stuck_of.items() if c in stuck],
                    sum(1 for s in states if c in s.mastered),
                )
            )
    in_framework = {row.competency.pk for row in rows}
    groups = [
        (g, context.competencies[g.competency], [by_pk[pk] for pk in g.learners])
        for g in small_groups(
            {pk: ready & in_framework for pk, ready in ready_of.items()},
            {pk: stuck & in_framework for pk, stuck in stuck_of.items()},
        )
    ]
    assignments = list(
        Assignment.objects.filter(section=section, ended_at__isnull=True)
        .select_related("activity", "learner__user")
        .order_by("-assigned_at", "learner__user__last_name")
    )
    return SectionPathways(
        section=section,
        framework=framework,
        frameworks=academic,
        paths=paths,
        rows=rows,
        groups=groups,
        activities=sorted(context.activities.values(), key=lambda a: (a.title, a.pk)),
        assignments=assignments,
    )


def open_choice(learner: Learner, activity: Activity) -> Choice | None:
    """The learner's latest choice of this activity that they have not marked done."""
    return (
        Choice.objects.filter(learner=learner, activity=activity, completed_at__isnull=True)
        .order_by("-chosen_at", "-pk")
        .first()
    )


# --- reasons as stored on a choice --------------------------------------------------------------------


def reasons_to_json(reasons: Iterable[Reason]) -> list[dict[str, object]]:
    """Reasons as JSON: dates become ISO strings (read back by `reasons_from_json`)."""
    out: list[dict[str, object]] = []
    for reason in reasons:
        params = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in reason.params.items()}
        out.append({"code": reason.code, "params": params})
    return out


_DATE_PARAMS = frozenset({"date", "due"})


def reasons_from_json(data: object) -> list[Reason]:
    reasons = []
    for item in data if isinstance(data, list) else []:
        if not isinstance(item, dict) or not isinstance(item.get("code"), str):
            continue
        raw = item.get("params")
        if not isinstance(raw, dict):
            raw = {}
        params = {}
        for key, value in raw.items():
            if key in _DATE_PARAMS and isinstance(value, str):
                try:
                    value = dt.date.fromisoformat(value)
                except ValueError:
                    continue
            params[key] = value
        reasons.append(Reason(item["code"], params))
    return reasons
