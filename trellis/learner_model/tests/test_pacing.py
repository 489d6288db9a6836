"""Pacing against target dates from the learner's actual rate of mastery (pure core)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from trellis.learner_model.pacing import PaceStatus, pace
from trellis.learner_model.pathways import PathwayGraph

TODAY = date(2026, 3, 2)
# A chain 1 -> 2 -> 3 -> 4 -> 5, and 6 -> 5 (5 needs both); 7 stands alone.
GRAPH = PathwayGraph(range(1, 8), {2: [1], 3: [2], 4: [3], 5: [4, 6]})


def weeks_ago(*weeks: int) -> list[date]:
    return [TODAY - timedelta(weeks=w) for w in weeks]


def test_on_pace_ahead_and_behind_from_the_rate_and_the_work_left() -> None:
    # Mastered 1 and 2 in the last eight weeks: 2 per 56 days. Left for 4: 3 and 4, so 56 days.
    mastered = dict(zip([1, 2], weeks_ago(6, 2), strict=True))
    plan = pace(GRAPH, {4: TODAY + timedelta(days=60)}, mastered, today=TODAY)
    assert plan.status == PaceStatus.ON_PACE
    assert plan.remaining == 2
    assert plan.projected_completion == TODAY + timedelta(days=56)
    assert plan.rate_per_week == pytest.approx(0.25)
    assert pace(GRAPH, {4: TODAY + timedelta(days=90)}, mastered, today=TODAY).status == PaceStatus.AHEAD
    assert pace(GRAPH, {4: TODAY + timedelta(days=40)}, mastered, today=TODAY).status == PaceStatus.BEHIND


def test_prerequisites_shared_by_targets_count_once_and_each_target_has_its_date() -> None:
    mastered = dict(zip([1, 2, 6], weeks_ago(7, 4, 1), strict=True))  # 3 in 56 days
    plan = pace(GRAPH, {3: TODAY + timedelta(days=30), 5: TODAY + timedelta(days=100)}, mastered, today=TODAY)
    first, second = plan.targets
    assert (first.competency, first.remaining) == (3, 1)
    assert (second.competency, second.remaining) == (5, 2)  # 4 and 5; 3 is counted for the first target
    assert plan.remaining == 3
    assert first.projected == TODAY + timedelta(days=19)  # ceil(1 / (3/56))
    assert second.projected == TODAY + timedelta(days=56)
    assert plan.finish_by == TODAY + timedelta(days=100)


def test_the_plan_is_as_late_as_its_latest_target() -> None:
    mastered = dict(zip([1, 2], weeks_ago(6, 2), strict=True))
    plan = pace(GRAPH, {7: TODAY + timedelta(days=200), 4: TODAY + timedelta(days=10)}, mastered, today=TODAY)
    assert [t.status for t in plan.targets] == [PaceStatus.BEHIND, PaceStatus.AHEAD]
    assert plan.status == PaceStatus.BEHIND


def test_mastery_outside_the_window_gives_no_rate_until_a_date_passes() -> None:
    old = {1: TODAY - timedelta(days=200)}
    assert pace(GRAPH, {3: TODAY + timedelta(days=30)}, old, today=TODAY).status == PaceStatus.NO_RATE
    late = pace(GRAPH, {3: TODAY - timedelta(days=1)}, old, today=TODAY)
    assert late.status == PaceStatus.BEHIND and late.projected_completion is None


def test_done_when_every_target_is_mastered_and_no_targets_without_any() -> None:
    mastered = dict(zip([1, 2, 3], weeks_ago(3, 2, 1), strict=True))
    plan = pace(GRAPH, {3: TODAY + timedelta(days=5)}, mastered, today=TODAY)
    assert plan.status == PaceStatus.DONE and plan.remaining == 0
    assert pace(GRAPH, {}, mastered, today=TODAY).status == PaceStatus.NO_TARGETS


def test_mastery_without_a_date_counts_as_mastered_but_not_toward_the_rate() -> None:
    plan = pace(GRAPH, {3: TODAY + timedelta(days=30)}, {1: None, 2: None}, today=TODAY)
    assert plan.remaining == 1 and plan.mastered_in_window == 0
    with pytest.raises(ValueError, match="window"):
        pace(GRAPH, {}, {}, today=TODAY, window_days=0)
