from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trellis.learner_model.rubric import (
    ALGORITHM_VERSION,
    METHODS,
    RubricConfig,
    RubricState,
    rubric_estimate,
    rubric_mastery,
    rubric_update,
)

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def scores(*levels: float) -> list[tuple[float, datetime]]:
    return [(lv, T0 + timedelta(days=i)) for i, lv in enumerate(levels)]


def test_most_recent_and_highest() -> None:
    ev = scores(2, 4, 3)
    assert rubric_mastery(ev, "most_recent").level == 3
    assert rubric_mastery(ev, "highest").level == 4
    assert rubric_mastery(ev, "highest").mastered
    assert not rubric_mastery(scores(4, 2), "most_recent").mastered


def test_decaying_average_weights_the_newest_score() -> None:
    est = rubric_mastery(scores(1, 4), "decaying_average", decay_weight=0.65)
    assert est.level == pytest.approx(1 * 0.35 + 4 * 0.65)
    assert est.estimate == pytest.approx((est.level - 1) / 3)


def test_n_times_needs_n_scores_at_threshold() -> None:
    assert not rubric_mastery(scores(3, 4), "n_times", n_required=3).mastered
    est = rubric_mastery(scores(3, 4, 2, 3), "n_times", n_required=3)
    assert est.mastered
    assert est.level == 3
    assert rubric_mastery(scores(4, 4, 4), "n_times", n_required=3).level == 4


def test_learner_model_grows_with_good_evidence() -> None:
    low = rubric_mastery(scores(1, 2), "learner_model")
    high = rubric_mastery(scores(3, 4, 4, 4, 4), "learner_model")
    assert low.estimate < 0.5 < high.estimate
    assert high.mastered and not low.mastered
    assert 0.0 <= high.confidence <= 1.0


def test_confidence_grows_with_consistent_evidence() -> None:
    few = rubric_mastery(scores(3), "decaying_average")
    many = rubric_mastery(scores(3, 3, 3, 3, 3), "decaying_average")
    mixed = rubric_mastery(scores(1, 4, 1, 4, 3), "decaying_average")
    assert few.confidence < many.confidence
    assert mixed.confidence < many.confidence


@pytest.mark.parametrize("method", METHODS)
def test_no_evidence_has_zero_confidence(method: str) -> None:
    est = rubric_mastery([], method)
    assert est.confidence == 0.0
    assert not est.mastered
    assert est.algorithm_version == ALGORITHM_VERSION
    assert est.to_dict()["method"] == method


def test_rejects_levels_off_the_scale_and_unknown_methods() -> None:
    with pytest.raises(ValueError, match="outside"):
        rubric_mastery(scores(5), "highest")
    with pytest.raises(ValueError, match="unknown method"):
        rubric_mastery(scores(3), "median")
    with pytest.raises(ValueError, match="threshold"):
        RubricConfig(scale_max=4, threshold=6)


levels_st = st.lists(st.sampled_from([1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0]), max_size=30)


@given(levels=levels_st, method=st.sampled_from(METHODS), split=st.integers(0, 30))
def test_incremental_equals_rebuild_exactly(levels: list[float], method: str, split: int) -> None:
    config = RubricConfig(scale_max=4, threshold=3.0)
    ev = scores(*levels)
    # Incremental: the service folds one score at a time, persisting the state in between.
    state = RubricState()
    for level, at in ev[:split]:
        state = rubric_update(state, level, at, config)
    for level, at in ev[split:]:
        state = rubric_update(state, level, at, config)
    incremental = rubric_estimate(state, method, config)
    rebuilt = rubric_mastery(ev, method, scale_max=4, threshold=3.0)
    assert incremental == rebuilt
    assert 0.0 <= rebuilt.estimate <= 1.0
    assert 0.0 <= rebuilt.confidence <= 1.0
