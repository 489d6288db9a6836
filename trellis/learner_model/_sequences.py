"""Lock-step ("time-major") layout of many short sequences, the trick behind every vectorized recursion.

Events are grouped by key (learner x competency). Groups are ranked by length, longest first, and events
are laid out position by position: all first events, then all second events, and so on. At position p the
active groups are exactly ranks ``0 .. n_active[p] - 1``, so a recursion over time is a Python loop over
positions (as many iterations as the longest group) whose body works on contiguous slices of every group
at once. The element after slot ``offsets[p] + r`` in its group is ``offsets[p + 1] + r``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Layout", "build_layout"]


@dataclass(frozen=True)
class Layout:
    """Where each event goes in time-major order, plus the group structure."""

    slot: np.ndarray  # slot[i] = time-major position of input event i
    offsets: np.ndarray  # offsets[p] .. offsets[p + 1] = slots of position p; length n_steps + 1
    group_key: np.ndarray  # key of each group, by rank (longest first)
    group_length: np.ndarray  # events per group, by rank
    event_group: np.ndarray  # rank of the group of input event i

    @property
    def n_steps(self) -> int:
        return len(self.offsets) - 1

    @property
    def n_events(self) -> int:
        return len(self.slot)

    def n_active(self, p: int) -> int:
        return int(self.offsets[p + 1] - self.offsets[p])

    def to_time_major(self, values: np.ndarray) -> np.ndarray:
        out = np.empty(len(values), dtype=np.asarray(values).dtype)
        out[self.slot] = values
        return out

    def from_time_major(self, values: np.ndarray) -> np.ndarray:
        return values[self.slot]

    def last_slot(self) -> np.ndarray:
        """Time-major slot of each group's last event, by rank."""
        starts = self.offsets[self.group_length - 1]
        return starts + np.arange(len(self.group_length))


def build_layout(key: np.ndarray) -> Layout:
    """Lay out events whose group is ``key`` (input order = time order within a group)."""
    key = np.asarray(key, dtype=np.int64)
    n = len(key)
    if n == 0:
        empty = np.zeros(0, dtype=np.int64)
        return Layout(empty, np.zeros(1, dtype=np.int64), empty, empty, empty)
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    is_start = np.empty(n, dtype=bool)
    is_start[0] = True
    np.not_equal(sorted_key[1:], sorted_key[:-1], out=is_start[1:])
    starts = np.flatnonzero(is_start)
    lengths = np.diff(np.append(starts, n))
    group_of_sorted = np.cumsum(is_start) - 1
    position_sorted = np.arange(n) - starts[group_of_sorted]
    # Longest first, ties by key, so the layout is a pure function of the input.
    rank_order = np.lexsort((sorted_key[starts], -lengths))
    rank_of_group = np.empty(len(starts), dtype=np.int64)
    rank_of_group[rank_order] = np.arange(len(starts))
    ranked_lengths = lengths[rank_order]
    n_steps = int(ranked_lengths[0])
    # n_active[p] = number of groups longer than p.
    n_active = len(ranked_lengths) - np.searchsorted(ranked_lengths[::-1], np.arange(n_steps), side="right")
    offsets = np.zeros(n_steps + 1, dtype=np.int64)
    np.cumsum(n_active, out=offsets[1:])
    slot_sorted = offsets[position_sorted] + rank_of_group[group_of_sorted]
    slot = np.empty(n, dtype=np.int64)
    slot[order] = slot_sorted
    event_group = np.empty(n, dtype=np.int64)
    event_group[order] = rank_of_group[group_of_sorted]
    return Layout(
        slot=slot,
        offsets=offsets,
        group_key=sorted_key[starts][rank_order],
        group_length=ranked_lengths,
        event_group=event_group,
    )
