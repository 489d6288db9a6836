from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from trellis.learner_model._sequences import build_layout


@given(st.lists(st.integers(0, 6), max_size=80))
def test_layout_places_each_event_after_its_predecessor(keys: list[int]) -> None:
    key = np.asarray(keys, dtype=np.int64)
    layout = build_layout(key)
    assert sorted(layout.slot.tolist()) == list(range(len(keys)))
    assert layout.group_length.sum() == len(keys)
    # Time-major: the k-th event of a group sits at offsets[k] + rank, so successors come later.
    for g in np.unique(key):
        slots = layout.slot[key == g]
        rank = layout.event_group[key == g][0]
        expected = [int(layout.offsets[p]) + int(rank) for p in range(len(slots))]
        assert slots.tolist() == expected
    if len(keys):
        assert np.all(np.diff(layout.group_length) <= 0)
        assert layout.to_time_major(key)[layout.last_slot()].tolist() == layout.group_key.tolist()
