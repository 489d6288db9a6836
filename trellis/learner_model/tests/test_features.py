from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trellis.learner_model._sequences import build_layout
from trellis.learner_model.data import InteractionLog
from trellis.learner_model.features import FeatureSpace, _excl_decay, build_features


@given(
    groups=st.lists(st.lists(st.floats(-1, 1), min_size=1, max_size=12), min_size=1, max_size=6),
    lam=st.sampled_from([0.0, 0.3, 0.9]),
)
def test_grouped_decay_matches_a_plain_loop(groups: list[list[float]], lam: float) -> None:
    values = np.array([v for g in groups for v in g])
    key = np.repeat(np.arange(len(groups)), [len(g) for g in groups])
    got = _excl_decay(values, build_layout(key), lam)
    expected = []
    for g in groups:
        acc = 0.0
        for v in g:
            expected.append(acc)
            acc = acc * lam + v
    assert got == pytest.approx(expected, abs=1e-9)


def _random_log(seed: int, n_learners: int = 6, length: int = 15) -> InteractionLog:
    rng = np.random.default_rng(seed)
    learner = np.repeat(np.arange(n_learners), length)
    item = rng.integers(0, 8, size=len(learner))
    correct = rng.integers(0, 2, size=len(learner))
    return InteractionLog.from_arrays(learner, item, correct, n_items=8)


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10_000), cut=st.integers(1, 14))
def test_features_are_causal(seed: int, cut: int) -> None:
    """Changing a learner's later answers never changes the features of their earlier rows."""
    log = _random_log(seed)
    space = FeatureSpace.from_log(log, max_related=4)
    flipped = log.correct.copy()
    first_learner_rows = np.flatnonzero(log.learner == 0)
    flipped[first_learner_rows[cut:]] ^= 1
    other = InteractionLog.from_arrays(log.learner, log.item, flipped, n_items=8)
    a = build_features(log, space).toarray()
    b = build_features(other, space).toarray()
    rows = first_learner_rows[: cut + 1]
    assert np.array_equal(a[rows], b[rows])
    # Other learners are untouched.
    assert np.array_equal(a[log.learner != 0], b[log.learner != 0])


def test_rows_of_interleaved_learners_match_contiguous_layout() -> None:
    log = _random_log(3, n_learners=3, length=5)
    space = FeatureSpace.from_log(log, max_related=8)
    order = np.argsort(np.tile(np.arange(5), 3), kind="stable")  # interleave learners in time
    shuffled = InteractionLog.from_arrays(log.learner[order], log.item[order], log.correct[order], n_items=8)
    a = build_features(log, space).toarray()
    b = build_features(shuffled, space).toarray()
    assert np.array_equal(a[order], b)


def test_item_slopes_are_the_item_indicator_times_dense_columns() -> None:
    log = _random_log(5)
    space = FeatureSpace.from_log(log, max_related=4)
    x = build_features(log, space).toarray()
    off = space.offsets()
    dense = x[:, off["dense"] : off["dense"] + space.n_dense]
    for j, c in enumerate(space.dense_slope_columns()):
        block = x[:, off["item_slope"] + j * space.n_items : off["item_slope"] + (j + 1) * space.n_items]
        expected = np.zeros_like(block)
        expected[np.arange(len(log)), log.item] = dense[:, c]
        assert np.array_equal(block, expected)
    assert off["total"] == off["item_slope"] + 2 * space.n_items
