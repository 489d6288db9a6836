"""Evidence logs as flat numpy arrays, and readers for the public knowledge-tracing formats.

An :class:`InteractionLog` is the one input shape every fitting and prediction function takes: one row per
piece of evidence, rows of a learner in chronological order. Items carry their competencies through a
CSR item x competency matrix so multi-competency items (a Q-matrix) need no special case.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy.sparse as sp

__all__ = ["InteractionLog", "read_three_line", "read_tsv_log"]


@dataclass(frozen=True)
class InteractionLog:
    """A chronologically ordered evidence log.

    ``learner``, ``item``, ``correct`` and ``unit`` are parallel arrays of length n. ``unit`` is the
    competency a single-competency tracer (BKT) follows for the row. ``q_matrix`` maps item -> competencies
    (CSR, n_items x n_competencies). ``timestamp`` is seconds (float) or None when the data has no clock.
    Rows of one learner must be contiguous and in time order; different learners may interleave only if
    callers never rely on contiguity (all functions here group by learner stably).
    """

    learner: np.ndarray
    item: np.ndarray
    correct: np.ndarray
    unit: np.ndarray
    q_matrix: sp.csr_matrix
    timestamp: np.ndarray | None = None

    def __post_init__(self) -> None:
        n = len(self.learner)
        for name in ("item", "correct", "unit"):
            if len(getattr(self, name)) != n:
                raise ValueError(f"{name} has {len(getattr(self, name))} rows, learner has {n}")
        if self.timestamp is not None and len(self.timestamp) != n:
            raise ValueError("timestamp length differs from learner length")
        if n and int(self.item.max()) >= self.q_matrix.shape[0]:
            raise ValueError("item id outside the Q-matrix")

    def __len__(self) -> int:
        return len(self.learner)

    @property
    def n_items(self) -> int:
        return int(self.q_matrix.shape[0])

    @property
    def n_competencies(self) -> int:
        return int(self.q_matrix.shape[1])

    @staticmethod
    def from_arrays(
        learner: np.ndarray,
        item: np.ndarray,
        correct: np.ndarray,
        *,
        unit: np.ndarray | None = None,
        q_matrix: sp.spmatrix | None = None,
        n_items: int | None = None,
        timestamp: np.ndarray | None = None,
    ) -> InteractionLog:
        """Build a log; with no Q-matrix every item is its own competency (identity matrix)."""
        item = np.asarray(item, dtype=np.int64)
        n_items = int(n_items if n_items is not None else (item.max() + 1 if len(item) else 0))
        q = (
            sp.identity(n_items, format="csr", dtype=np.float64)
            if q_matrix is None
            else sp.csr_matrix(q_matrix)
        )
        return InteractionLog(
            learner=np.asarray(learner, dtype=np.int64),
            item=item,
            correct=np.asarray(correct, dtype=np.int8),
            unit=np.asarray(item if unit is None else unit, dtype=np.int64),
            q_matrix=q.astype(np.float64),
            timestamp=None if timestamp is None else np.asarray(timestamp, dtype=np.float64),
        )


def _parse_ints(line: str) -> list[int]:
    return [int(float(x)) for x in line.strip().split(",") if x.strip() != ""]


def read_three_line(path: str | Path, learner_offset: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Read the DKT/DKVMN 3-line format: count, ids, responses per learner (trailing commas allowed).

    Returns (learner, id, correct) arrays; learners are numbered from ``learner_offset`` in file order.
    """
    lines = [ln for ln in Path(path).read_text().splitlines() if ln.strip() != ""]
    if len(lines) % 3:
        raise ValueError(f"{path}: {len(lines)} non-empty lines is not a multiple of 3")
    learners: list[np.ndarray] = []
    ids: list[np.ndarray] = []
    answers: list[np.ndarray] = []
    for k in range(0, len(lines), 3):
        q = _parse_ints(lines[k + 1])
        r = _parse_ints(lines[k + 2])
        if len(q) != len(r):
            raise ValueError(f"{path}: learner block at line {k + 1} has {len(q)} ids and {len(r)} responses")
        learners.append(np.full(len(q), learner_offset + k // 3, dtype=np.int64))
        ids.append(np.asarray(q, dtype=np.int64))
        answers.append(np.asarray(r, dtype=np.int8))
    if not learners:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty.astype(np.int8)
    return np.concatenate(learners), np.concatenate(ids), np.concatenate(answers)


def read_tsv_log(path: str | Path) -> dict[str, np.ndarray]:
    """Read a tab-separated log with a header (Gervet et al. layout: user_id, item_id, timestamp, ...)."""
    with open(path, newline="") as fh:
        reader = csv.reader(fh, delimiter="\t")
        header = next(reader)
        rows = list(reader)
    table = np.asarray(rows, dtype=np.float64).reshape(len(rows), len(header))
    return {name: table[:, j] for j, name in enumerate(header)}
