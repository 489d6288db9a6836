"""Pacing: is a learner ahead, on pace or behind for the targets on their plan, and when will they get there?

Pure Python (no Django). The work left for a target is the target and every prerequisite it needs that the
learner has not mastered yet (from the prerequisite graph, :class:`~trellis.learner_model.pathways.
PathwayGraph`). The learner's pace is their actual rate of mastery: competencies first mastered in the last
`window_days` days, per day. Targets are taken in date order and their work is counted once (a prerequisite
shared by two targets is done for the first), so each target's projected date is today plus the work up to
and including it, divided by the rate.

A target is *ahead* when its projected date is at least the slack (a week, or a tenth of the time left if
that is more) before its date, *behind* when after it, and *on pace* in between. With no mastery in the
window there is no rate to project from: *no rate yet*, or *behind* once a date has passed. The plan's
status is its worst target's (behind, then no rate yet, on pace, ahead), *done* when every target is
mastered, or *no targets* for a plan without any.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from trellis.learner_model.pathways import PathwayGraph

__all__ = ["PaceStatus", "Pacing", "TargetPace", "pace"]

WINDOW_DAYS = 56
SLACK_DAYS = 7


class PaceStatus(StrEnum):
    AHEAD = "ahead"
    ON_PACE = "on_pace"
    BEHIND = "behind"
    NO_RATE = "no_rate"
    DONE = "done"
    NO_TARGETS = "no_targets"


_SEVERITY = {
    PaceStatus.BEHIND: 4,
    PaceStatus.NO_RATE: 3,
    PaceStatus.ON_PACE: 2,
    PaceStatus.AHEAD: 1,
    PaceStatus.DONE: 0,
    PaceStatus.NO_TARGETS: 0,
}


@dataclass(frozen=True, slots=True)
class TargetPace:
    competency: int
    target_date: date
    remaining: int  # competencies still to master for it (itself and its prerequisites), not counting
    # what an earlier target already needs
    projected: date | None
    status: PaceStatus


@dataclass(frozen=True, slots=True)
class Pacing:
    status: PaceStatus
    projected_completion: date | None  # when every target is projected to be mastered
    finish_by: date | None  # the latest target date
    remaining: int  # competencies still to master for all targets
    mastered_in_window: int
    window_days: int
    targets: tuple[TargetPace, ...]

    @property
    def rate_per_week(self) -> float:
        return self.mastered_in_window * 7.0 / self.window_days


def pace(
    graph: PathwayGraph,
    targets: Mapping[int, date],
    mastered: Mapping[int, date | None],
    *,
    today: date,
    window_days: int = WINDOW_DAYS,
    slack_days: int = SLACK_DAYS,
) -> Pacing:
    """The pacing of one learner's plan (see the module's docstring). `targets`: competency -> target
    date; `mastered`: competency -> the day it was first mastered (None when unknown: it counts as
    mastered but not toward the rate)."""
    if window_days <= 0:
        raise ValueError("window_days must be positive")
    position = graph.position
    since = today - timedelta(days=window_days)
    in_window = sum(
        1
        for c, when in mastered.items()
        if when is not None and since < when <= today and c in graph.assessable
    )
    rate = in_window / window_days
    mastered_mask = 0
    for c in mastered:
        if c in position:
            mastered_mask |= 1 << position[c]
    assessable_mask = 0
    for c in graph.assessable:
        assessable_mask |= 1 << position[c]

    paces: list[TargetPace] = []
    needed = 0
    ordered = sorted(
        ((c, when) for c, when in targets.items() if c in position), key=lambda t: (t[1], position[t[0]])
    )
    for competency, when in ordered:
        before = (needed & ~mastered_mask & assessable_mask).bit_count()
        needed |= graph.requirement_mask(competency)
        work = (needed & ~mastered_mask & assessable_mask).bit_count()
        if competency in mastered:
            paces.append(TargetPace(competency, when, 0, None, PaceStatus.DONE))
            continue
        projected = today + timedelta(days=math.ceil(work / rate)) if rate > 0 else None
        if projected is None:
            status = PaceStatus.BEHIND if when < today else PaceStatus.NO_RATE
        elif projected > when:
            status = PaceStatus.BEHIND
        elif projected <= when - timedelta(days=max(slack_days, (when - today).days // 10)):
            status = PaceStatus.AHEAD
        else:
            status = PaceStatus.ON_PACE
        paces.append(TargetPace(competency, when, work - before, projected, status))

    remaining = (needed & ~mastered_mask & assessable_mask).bit_count()
    open_paces = [p for p in paces if p.status != PaceStatus.DONE]
    overall = max((p.status for p in open_paces), key=_SEVERITY.__getitem__, default=PaceStatus.DONE)
    if not paces:
        overall = PaceStatus.NO_TARGETS
    projected_completion = (
        today + timedelta(days=math.ceil(remaining / rate)) if rate > 0 and remaining else None
    )
    return Pacing(
        status=overall,
        projected_completion=projected_completion,
        finish_by=max((p.target_date for p in paces), default=None),
        remaining=remaining,
        mastered_in_window=in_window,
        window_days=window_days,
        targets=tuple(paces),
    )
