"""Adaptive pathways: the ready-to-learn fringe, and next steps ranked by expected benefit, with reasons.

Pure Python (no Django, nothing else of trellis). The product builds a :class:`PathwayGraph` once per
school's frameworks and a :class:`Catalog` once per district's activities, then calls :func:`suggest` for
each learner with a :class:`LearnerState` (what the learner has mastered, their plan, their teacher's
steering, their interests). Everything a person reads is left to the caller: a suggestion carries
:class:`Reason` codes with parameters (competency *ids*, dates, tags), which the web layer turns into
translated sentences.

Ranking, in short (ADR 0008): every activity aligned to a candidate competency — the ready-to-learn fringe,
reviews the scheduler says are due, and whatever a teacher assigned — gets a score that adds up

- the expected learning benefit: what is left to learn of the competency, more when mastering it unlocks
  further competencies;
- how close the predicted success is to a productive range (about 3 in 4 right: hard enough to learn from,
  easy enough not to discourage);
- the plan: competencies on the way to a target (more as its date comes closer), to a goal, or that the
  teacher prioritized, and teacher assignments;
- the learner: interests and working styles (profile tags) that the activity matches, and a change of
  modality after the same kind of work;

and the options are then picked greedily so they differ (another competency, another modality), because
the learner chooses among several: nothing here returns a single forced next step.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

__all__ = [
    "ALGORITHM_VERSION",
    "ActivityInfo",
    "Catalog",
    "Group",
    "LearnerState",
    "PathwayGraph",
    "Reason",
    "Suggestion",
    "Weights",
    "predicted_success",
    "ready_fringe",
    "small_groups",
    "stuck_competencies",
    "style_modalities",
    "suggest",
]

ALGORITHM_VERSION = "trellis-pathways/1"

# Kinds of suggestion.
LEARN = "learn"
REVIEW = "review"
ASSIGNED = "assigned"

# Reason codes (the web layer has one sentence for each).
R_ASSIGNED = "assigned"  # {"due": date | None}
R_PRIORITY = "teacher_priority"  # {"competency": id}
R_REVIEW = "review_due"  # {"competency": id, "due": date}
R_REVISIT = "revisit"  # {"competency": id of the competency the learner is stuck on, which builds on this}
R_UNLOCKS = "unlocks"  # {"competency": id of the prerequisite just mastered}
R_GOAL = "goal"  # {"goal": title, "competency": id of the goal's competency (this one or one it leads to)}
R_TARGET = "target"  # {"competency": id of the plan's target (this one or one it leads to), "date": date}
R_INTEREST = "interest"  # {"interest": tag}
R_STYLE = "working_style"  # {"modality": modality}
R_VARIETY = "variety"  # {"modality": modality}
R_STRETCH = "stretch"  # {"success": predicted share right, 0..1, one decimal}
R_KEEP_GOING = "keep_going"  # {} — started, not yet mastered
R_READY = "ready"  # {} — every prerequisite mastered

# Activity kinds and modalities, as the learning app stores them.
PRACTICE_SET = "practice_set"
DEMONSTRATION_KINDS = frozenset({"performance_task", "project"})
GUIDED_KINDS = frozenset({"lesson", "reading", "video"})

# Working-style words a profile may carry, and the modality each one asks for. Modality codes themselves
# ("hands_on") are understood too.
STYLE_WORDS: dict[str, str] = {
    "hands-on": "hands_on",
    "hands on": "hands_on",
    "making": "hands_on",
    "building": "hands_on",
    "visual": "video",
    "watching": "video",
    "videos": "video",
    "reading": "text",
    "writing": "text",
    "listening": "audio",
    "audio": "audio",
    "discussion": "discussion",
    "talking": "discussion",
    "group work": "discussion",
    "working with others": "discussion",
    "collaborative": "discussion",
    "practice": "digital_practice",
    "on screen": "digital_practice",
}
MODALITIES = frozenset({"text", "video", "audio", "hands_on", "discussion", "digital_practice"})

# The generic BKT noise used to turn P(mastered) into P(right), and the P(mastered) assumed for a ready
# competency without evidence (the rubric model's prior, ADR 0003).
GUESS = 0.2
SLIP = 0.1
READY_PRIOR = 0.2
PRODUCTIVE_SUCCESS = 0.75
PRODUCTIVE_WIDTH = 0.3
RECENT_DAYS = 14
# "Stuck": this much evidence on a competency and P(mastered) still under one half. At a typical learn
# rate (0.15 per opportunity) 1 - 0.85**6 = 62% of learners have learned it by the sixth; with four it
# would be a coin toss, too quick to call anyone stuck.
STUCK_EVIDENCE = 6
STUCK_ESTIMATE = 0.5


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a step is offered: a code (R_*) and its parameters; the web layer words it."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ActivityInfo:
    """What ranking needs to know of one activity."""

    id: int
    kind: str
    modality: str
    competencies: tuple[int, ...]
    interests: frozenset[str] = frozenset()
    minutes: int = 0


@dataclass(frozen=True, slots=True)
class Suggestion:
    activity: int
    competency: int
    kind: str  # LEARN, REVIEW or ASSIGNED
    score: float
    success: float  # predicted share of right answers on this activity
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Weights:
    benefit: float = 1.0
    unlock: float = 0.25  # per log(1 + competencies it unlocks)
    productive: float = 0.8
    target: float = 1.2  # times urgency (1 when due now, 1/2 a month before, ...)
    target_horizon_days: float = 30.0
    goal: float = 0.8
    priority: float = 1.5
    assigned: float = 3.0
    review: float = 0.8  # and up to as much again when a month overdue
    revisit: float = 1.0  # a prerequisite of a competency the learner is stuck on
    max_reviews: int = 2  # reviews among the options, so they never crowd out new learning
    interest: float = 0.5
    style: float = 0.4
    variety: float = 0.3
    monotony: float = 0.3  # the last two activities had this modality
    repeat: float = 0.8  # the activity was done recently
    just_unlocked: float = 0.3
    same_competency: float = 0.9  # diversification: another option on a competency already offered
    same_modality: float = 0.25  # diversification: another option of a modality already offered


DEFAULT_WEIGHTS = Weights()
# (score, topological position, activity id, modality, suggestion): sorted for the pick.
_Scored = tuple[float, int, int, str, Suggestion]


class PathwayGraph:
    """The prerequisite graph of one or more frameworks, with what ranking asks of it precomputed once:
    prerequisites and dependents as tuples, a topological order, and each competency's prerequisite
    ancestors as a bit set (an int over positions in `order`).

    `prerequisites` maps a competency to the competencies that must be mastered before it; edges to
    competencies outside `competencies` are ignored. `assessable` (default: all) are those a learner can
    work on (framework groupings are not). A cycle, which a hand-made framework may contain, is broken by
    listing its competencies in the given order after the others."""

    __slots__ = ("ancestors", "assessable", "dependents", "ids", "order", "position", "prerequisites")

    def __init__(
        self,
        competencies: Iterable[int],
        prerequisites: Mapping[int, Iterable[int]],
        *,
        assessable: Iterable[int] | None = None,
    ) -> None:
        ids = tuple(dict.fromkeys(competencies))
        known = set(ids)
        prereqs: dict[int, tuple[int, ...]] = {}
        dependents: dict[int, list[int]] = {}
        for target in ids:
            sources = tuple(
                dict.fromkeys(p for p in prerequisites.get(target, ()) if p in known and p != target)
            )
            if sources:
                prereqs[target] = sources
                for source in sources:
                    dependents.setdefault(source, []).append(target)
        self.ids = ids
        self.prerequisites = prereqs
        self.dependents = {k: tuple(v) for k, v in dependents.items()}
        self.assessable = frozenset(ids if assessable is None else (a for a in assessable if a in known))
        # Kahn's algorithm, ties in the given order.
        waiting = {c: len(prereqs.get(c, ())) for c in ids}
        order: list[int] = []
        given = {c: i for i, c in enumerate(ids)}
        ready = [c for c in ids if waiting[c] == 0]
        placed: set[int] = set()
        while ready:
            nxt: list[int] = []
            for c in ready:
                order.append(c)
                placed.add(c)
                for d in self.dependents.get(c, ()):
                    waiting[d] -= 1
                    if waiting[d] == 0:
                        nxt.append(d)
            ready = sorted(nxt, key=given.__getitem__)
        order.extend(c for c in ids if c not in placed)
        self.order = tuple(order)
        self.position = {c: i for i, c in enumerate(self.order)}
        ancestors: dict[int, int] = {}
        for c in self.order:
            mask = 0
            for p in prereqs.get(c, ()):
                mask |= ancestors.get(p, 0) | (1 << self.position[p])
            ancestors[c] = mask
        self.ancestors = ancestors

    def __len__(self) -> int:
        return len(self.ids)

    def requirement_mask(self, competency: int) -> int:
        """The competency and every prerequisite it needs, directly or not, as a bit set."""
        return self.ancestors.get(competency, 0) | (1 << self.position[competency])

    def members(self, mask: int) -> list[int]:
        """The competencies of a bit set, in topological order."""
        order, out, i = self.order, [], 0
        while mask:
            if mask & 1:
                out.append(order[i])
            mask >>= 1
            i += 1
        return out


class Catalog:
    """Activities indexed by the competencies they are aligned to (built once per district)."""

    __slots__ = ("by_competency", "by_id")

    def __init__(self, activities: Iterable[ActivityInfo]) -> None:
        self.by_id: dict[int, ActivityInfo] = {}
        by_competency: dict[int, list[ActivityInfo]] = {}
        for activity in activities:
            self.by_id[activity.id] = activity
            for competency in activity.competencies:
                by_competency.setdefault(competency, []).append(activity)
        self.by_competency = {k: tuple(v) for k, v in by_competency.items()}

    def for_competency(self, competency: int) -> tuple[ActivityInfo, ...]:
        return self.by_competency.get(competency, ())


@dataclass(frozen=True)
class LearnerState:
    """One learner, as ranking sees them. Competencies and activities are ids of the caller's choosing.

    - `mastered`: competency -> the day it was first mastered (None when unknown);
    - `estimates`: P(mastered) (0..1) of competencies with evidence that are not mastered;
    - `evidence_counts`: pieces of evidence per competency (for "stuck");
    - `reviews_due`: mastered competency -> the day its next review is due (from the scheduler);
    - `tags`: profile interests and working styles, lower case;
    - `goals`: competency -> the title of the learner's goal it is linked to;
    - `targets`: competency -> target date on the learner's plan;
    - `priorities`, `locked`: the teacher's steering (locked competencies are not offered);
    - `assignments`: activity -> due date (or None) for work a teacher assigned and that is not done;
    - `recent_modalities`: modalities of the latest activities, newest first;
    - `recent_activities`: activities done lately (offered again only below fresh ones).
    """

    mastered: Mapping[int, date | None]
    estimates: Mapping[int, float] = field(default_factory=dict)
    evidence_counts: Mapping[int, int] = field(default_factory=dict)
    reviews_due: Mapping[int, date] = field(default_factory=dict)
    tags: frozenset[str] = frozenset()
    goals: Mapping[int, str] = field(default_factory=dict)
    targets: Mapping[int, date] = field(default_factory=dict)
    priorities: frozenset[int] = frozenset()
    locked: frozenset[int] = frozenset()
    assignments: Mapping[int, date | None] = field(default_factory=dict)
    recent_modalities: Sequence[str] = ()
    recent_activities: frozenset[int] = frozenset()


def ready_fringe(graph: PathwayGraph, mastered: Collection[int]) -> list[int]:
    """Competencies ready to learn: assessable, not mastered, every prerequisite mastered. In topological
    order. (The continuum's "ready to learn" plus those already in progress.)"""
    prerequisites, assessable = graph.prerequisites, graph.assessable
    out = []
    for c in graph.order:
        if c in mastered or c not in assessable:
            continue
        if all(p in mastered for p in prerequisites.get(c, ())):
            out.append(c)
    return out


def style_modalities(tags: Collection[str]) -> frozenset[str]:
    """The modalities a learner's working-style tags ask for."""
    found = {STYLE_WORDS[t] for t in tags if t in STYLE_WORDS}
    found.update(t.replace("-", "_").replace(" ", "_") for t in tags if t.replace("-", "_") in MODALITIES)
    return frozenset(m for m in found if m in MODALITIES)


def predicted_success(p_mastered: float, kind: str) -> float:
    """The share of right answers to expect on an activity of `kind` from P(mastered): BKT's prediction
    with generic noise; guided work (lessons, readings, videos) is easier to get through, performance tasks
    and projects harder (no guessing, more to put together)."""
    p = p_mastered * (1.0 - SLIP) + (1.0 - p_mastered) * GUESS
    if kind in GUIDED_KINDS:
        p += 0.1
    elif kind in DEMONSTRATION_KINDS:
        p = p_mastered * (1.0 - SLIP) - 0.05
    return min(1.0, max(0.0, p))


def _productive(success: float) -> float:
    gap = (success - PRODUCTIVE_SUCCESS) / PRODUCTIVE_WIDTH
    return max(0.0, 1.0 - gap * gap)


def suggest(
    graph: PathwayGraph,
    catalog: Catalog,
    state: LearnerState,
    *,
    today: date,
    limit: int = 5,
    weights: Weights = DEFAULT_WEIGHTS,
) -> list[Suggestion]:
    """Up to `limit` next steps for one learner, best first, each with its reasons. Several options, never
    one: the learner chooses (ADR 0008). Deterministic: ties go to the earlier competency, then activity."""
    w = weights
    mastered = state.mastered
    prerequisites, dependents, position = graph.prerequisites, graph.dependents, graph.position
    locked = state.locked
    fringe = [c for c in ready_fringe(graph, mastered) if c not in locked]
    # An activity aligned to several competencies is offered only when the learner is ready for all of them.
    assessable = graph.assessable
    open_to = set(fringe).union(mastered)
    candidates: dict[int, str] = dict.fromkeys(fringe, LEARN)
    for c, due in state.reviews_due.items():
        if due <= today and c in position and c not in locked and c in mastered:
            candidates.setdefault(c, REVIEW)
    # Stuck on a ready competency: a prerequisite called mastered on little evidence may have been called
    # so too soon, so offer to revisit it (a quick check; a slip there puts it back on the path). Once it
    # has as much evidence as it takes to be called stuck, it is not suspected again.
    revisit: dict[int, int] = {}
    counts = state.evidence_counts
    for c in fringe:
        if counts.get(c, 0) >= STUCK_EVIDENCE and state.estimates.get(c, 1.0) < STUCK_ESTIMATE:
            for p in prerequisites.get(c, ()):
                if p not in locked and p not in candidates and counts.get(p, 0) < STUCK_EVIDENCE:
                    revisit.setdefault(p, c)
    for p in revisit:
        candidates[p] = REVIEW

    # The plan's pull on each candidate: the earliest target and a goal it leads to (or is).
    target_of: dict[int, tuple[date, int]] = {}
    if state.targets:
        for target, when in sorted(
            state.targets.items(), key=lambda item: (item[1], position.get(item[0], 0))
        ):
            if target not in position or target in mastered:
                continue
            needs = graph.requirement_mask(target)
            for c in fringe:
                if c not in target_of and needs >> position[c] & 1:
                    target_of[c] = (when, target)
    goal_of: dict[int, tuple[str, int]] = {}
    if state.goals:
        for goal_competency, title in sorted(state.goals.items(), key=lambda item: position.get(item[0], 0)):
            if goal_competency not in position or goal_competency in mastered:
                continue
            needs = graph.requirement_mask(goal_competency)
            for c in fringe:
                if c not in goal_of and needs >> position[c] & 1:
                    goal_of[c] = (title, goal_competency)

    tags = state.tags
    styles = style_modalities(tags) if tags else frozenset()
    recent = state.recent_modalities
    last = recent[0] if recent else None
    monotone = recent[0] if len(recent) >= 2 and recent[0] == recent[1] else None
    horizon = w.target_horizon_days

    scored: list[_Scored] = []

    def add(
        activity: ActivityInfo, c: int, kind: str, base: float, reasons: list[Reason], p_known: float
    ) -> None:
        success = predicted_success(p_known, activity.kind)
        score = base
        extra: list[Reason] = []
        productive = _productive(success)
        score += w.productive * productive
        if activity.interests and tags:
            shared = sorted(activity.interests & tags)
            if shared:
                score += w.interest
                extra.append(Reason(R_INTEREST, {"interest": shared[0]}))
        if activity.modality in styles:
            score += w.style
            extra.append(Reason(R_STYLE, {"modality": activity.modality}))
        if last is not None and activity.modality != last:
            score += w.variety
            extra.append(Reason(R_VARIETY, {"modality": activity.modality}))
        elif monotone is not None and activity.modality == monotone:
            score -= w.monotony
        if activity.id in state.recent_activities and kind != ASSIGNED:
            score -= w.repeat
        if productive >= 0.75 and kind == LEARN:
            extra.append(Reason(R_STRETCH, {"success": round(success, 1)}))
        scored.append(
            (
                score,
                position.get(c, 0),
                activity.id,
                activity.modality,
                Suggestion(activity.id, c, kind, round(score, 6), success, tuple(reasons + extra)),
            )
        )

    for c, kind in candidates.items():
        activities = catalog.for_competency(c)
        if not activities:
            continue
        reasons: list[Reason] = []
        base = 0.0
        if c in state.priorities:
            base += w.priority
            reasons.append(Reason(R_PRIORITY, {"competency": c}))
        if kind == REVIEW:
            if c in revisit:
                base += w.revisit
                reasons.append(Reason(R_REVISIT, {"competency": revisit[c]}))
            else:
                review_on = state.reviews_due[c]
                overdue = (today - review_on).days
                base += w.review * (1.0 + min(overdue, 30) / 30.0)
                reasons.append(Reason(R_REVIEW, {"competency": c, "due": review_on}))
            p_known = 0.8
        else:
            p_known = state.estimates.get(c, READY_PRIOR)
            unlocks = 0
            for d in dependents.get(c, ()):
                if d not in mastered and all(p == c or p in mastered for p in prerequisites[d]):
                    unlocks += 1
            base += w.benefit * (1.0 - p_known) + w.unlock * math.log1p(unlocks)
            newest: tuple[date, int] | None = None
            for p in prerequisites.get(c, ()):
                on = mastered.get(p)
                if on is not None and (today - on).days <= RECENT_DAYS and (newest is None or on > newest[0]):
                    newest = (on, p)
            if newest is not None:
                base += w.just_unlocked
                reasons.append(Reason(R_UNLOCKS, {"competency": newest[1]}))
        goal = goal_of.get(c)
        if goal is not None:
            base += w.goal
            reasons.append(Reason(R_GOAL, {"goal": goal[0], "competency": goal[1]}))
        pull = target_of.get(c)
        if pull is not None:
            days_left = max(0, (pull[0] - today).days)
            base += w.target * horizon / (horizon + days_left)
            reasons.append(Reason(R_TARGET, {"competency": pull[1], "date": pull[0]}))
        if kind == LEARN:
            reasons.append(Reason(R_KEEP_GOING if c in state.estimates else R_READY))
        for activity in activities:
            if kind == REVIEW and activity.kind != PRACTICE_SET:
                continue  # a review is a quick check, not a new project
            if activity.id in state.assignments:
                continue  # offered below, as assigned
            if len(activity.competencies) > 1 and not all(
                x in open_to or x not in assessable for x in activity.competencies
            ):
                continue  # it also works on something the learner is not ready for yet
            add(activity, c, kind, base, reasons, p_known)

    for activity_id, due_on in state.assignments.items():
        assigned = catalog.by_id.get(activity_id)
        if assigned is None:
            continue
        # The assignment's competency: the first the learner has not mastered, else its first.
        c = next(
            (x for x in assigned.competencies if x not in mastered),
            assigned.competencies[0] if assigned.competencies else -1,
        )
        base = w.assigned
        if due_on is not None and due_on <= today:
            base += 0.5
        reasons = [Reason(R_ASSIGNED, {"due": due_on})]
        if c in state.priorities:
            base += w.priority
            reasons.append(Reason(R_PRIORITY, {"competency": c}))
        add(
            assigned,
            c,
            ASSIGNED,
            base,
            reasons,
            state.estimates.get(c, 0.9 if c in mastered else READY_PRIOR),
        )

    return _diversified(scored, limit, w)


def _diversified(scored: list[_Scored], limit: int, w: Weights) -> list[Suggestion]:
    """Pick the best, then the best of the rest after a penalty for a competency or a modality already
    offered, and so on: options that differ, not five practice sets on one competency. Assignments are
    not penalized (the teacher asked for each one)."""

    def order(row: _Scored) -> tuple[float, int, int]:
        return (-row[0], row[1], row[2])

    scored.sort(key=order)
    others = [row for row in scored if row[4].kind != REVIEW][: max(limit * 6, 24)]
    reviews_pool = [row for row in scored if row[4].kind == REVIEW][: w.max_reviews * 4]
    pool = sorted(others + reviews_pool, key=order)
    chosen: list[Suggestion] = []
    competencies: dict[int, int] = {}
    modalities: dict[str, int] = {}
    reviews = 0
    while pool and len(chosen) < limit:
        best_index, best_value = -1, -math.inf
        for index, (score, _pos, _activity, modality, suggestion) in enumerate(pool):
            if suggestion.kind == REVIEW and reviews >= w.max_reviews:
                continue
            value = score
            if suggestion.kind != ASSIGNED:
                value -= w.same_competency * competencies.get(suggestion.competency, 0)
                value -= w.same_modality * modalities.get(modality, 0)
            if value > best_value:
                best_index, best_value = index, value
        if best_index < 0:
            break
        _score, _pos, activity_id, modality, suggestion = pool.pop(best_index)
        reviews += suggestion.kind == REVIEW
        pool = [row for row in pool if row[2] != activity_id]
        chosen.append(suggestion)
        competencies[suggestion.competency] = competencies.get(suggestion.competency, 0) + 1
        modalities[modality] = modalities.get(modality, 0) + 1
    return chosen


# --- for teachers: who is stuck, and small groups ------------------------------------------------------


def stuck_competencies(
    graph: PathwayGraph, state: LearnerState, *, min_evidence: int = STUCK_EVIDENCE
) -> list[int]:
    """Competencies the learner has worked on a while without getting there: not mastered, at least
    `min_evidence` pieces of evidence, and P(mastered) still under one half. In topological order."""
    out = []
    for c in graph.order:
        if c in state.mastered:
            continue
        if state.evidence_counts.get(c, 0) >= min_evidence and state.estimates.get(c, 0.0) < STUCK_ESTIMATE:
            out.append(c)
    return out


@dataclass(frozen=True, slots=True)
class Group:
    kind: str  # "ready" (ready for the same competency) or "stuck" (stuck on the same one)
    competency: int
    learners: tuple[int, ...]


def small_groups(
    ready: Mapping[int, Collection[int]],
    stuck: Mapping[int, Collection[int]],
    *,
    min_size: int = 2,
    max_size: int = 6,
) -> list[Group]:
    """Suggested small groups: learners stuck on the same competency, then learners ready for the same
    one. Largest first; a learner is put in at most one group of each kind; a group has `min_size` to
    `max_size` learners (a larger crowd is split in turn into several groups)."""
    groups: list[Group] = []
    for kind, by_learner in (("stuck", stuck), ("ready", ready)):
        members: dict[int, list[int]] = {}
        for learner in sorted(by_learner):
            for competency in by_learner[learner]:
                members.setdefault(competency, []).append(learner)
        placed: set[int] = set()
        for competency, learners in sorted(members.items(), key=lambda item: (-len(item[1]), item[0])):
            free = [learner for learner in learners if learner not in placed]
            if len(free) < min_size:
                continue
            # As many groups as needed to stay within max_size, sizes as even as possible.
            count = -(-len(free) // max_size)
            size, extra = divmod(len(free), count)
            start = 0
            for n in range(count):
                chunk = free[start : start + size + (1 if n < extra else 0)]
                start += len(chunk)
                if len(chunk) >= min_size:
                    groups.append(Group(kind, competency, tuple(chunk)))
                    placed.update(chunk)
    return groups
