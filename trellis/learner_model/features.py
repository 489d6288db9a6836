"""Causal feature construction for the performance predictor (vectorized, no per-row Python).

Every feature of a row is computed from the *earlier* rows of the same learner only, so one call over a whole
log yields one-step-ahead features for every row, exactly as if each row had been predicted when it came.
The feature families (see ``docs/adr/0003-learner-model.md``):

* item and competency indicators (difficulty, in the logistic model's weights);
* per-competency practice counts with competency-specific weights (PFA / Best-LR);
* learner totals (ability) and recency-weighted outcomes at several decay rates, overall and per competency,
  the previous outcome, and, when the log has a clock, time since the last practice;
* related competencies: the learner's wins and failures on every competency, weighted per (target
  competency, source competency) pair, and the previous row's competency and outcome per target competency.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.signal import lfilter

from trellis.learner_model.data import InteractionLog

__all__ = ["FeatureSpace", "build_features"]

_DECAYS = (0.3, 0.7, 0.9)
_CHUNK_ROWS = 16384


@dataclass(frozen=True)
class FeatureSpace:
    """The column layout, fixed at fit time (so a fitted weight vector keeps its meaning)."""

    n_items: int
    n_competencies: int
    related: np.ndarray  # competency -> related slot 0..n_related-1 (the last slot pools the rare ones)
    use_time: bool

    @property
    def n_related(self) -> int:
        return int(self.related.max()) + 1 if len(self.related) else 1

    @property
    def n_dense(self) -> int:
        return 7 + 2 * len(_DECAYS) + 3 * len(_DECAYS) + 3 + (3 if self.use_time else 0)

    def offsets(self) -> dict[str, int]:
        k = self.n_competencies
        r = self.n_related
        sizes = [
            ("item", self.n_items),
            ("competency", k),
            ("comp_attempts", k),
            ("comp_wins", k),
            ("dense", self.n_dense),
            ("pair", 2 * r * r),
            ("prev_pair", 2 * r * r),
        ]
        out: dict[str, int] = {}
        start = 0
        for name, size in sizes:
            out[name] = start
            start += size
        out["total"] = start
        return out

    @staticmethod
    def from_log(log: InteractionLog, max_related: int) -> FeatureSpace:
        """Related slots go to the ``max_related`` most practiced competencies; the rest share one slot."""
        pairs = log.q_matrix[log.item]
        freq = np.bincount(pairs.indices, minlength=log.n_competencies)
        order = np.argsort(-freq, kind="stable")
        related = np.full(log.n_competencies, min(max_related, log.n_competencies), dtype=np.int64)
        top = order[: min(max_related, log.n_competencies)]
        related[top] = np.arange(len(top))
        use_time = log.timestamp is not None and bool(np.ptp(log.timestamp) > 0)
        return FeatureSpace(log.n_items, log.n_competencies, related, use_time)


def _group_starts(key: np.ndarray) -> np.ndarray:
    """Index of the first row of each row's group (rows already grouped contiguously)."""
    n = len(key)
    start = np.ones(n, dtype=bool)
    if n > 1:
        np.not_equal(key[1:], key[:-1], out=start[1:])
    return np.maximum.accumulate(np.where(start, np.arange(n), 0))


def _excl_cumsum(values: np.ndarray, base: np.ndarray) -> np.ndarray:
    cs = np.cumsum(values)
    excl = cs - values
    return excl - excl[base]


def _excl_decay(values: np.ndarray, base: np.ndarray, lam: float) -> np.ndarray:
    """sum over earlier rows j of the group of lam**(i - 1 - j) * values[j] (rows grouped contiguously)."""
    y = lfilter([1.0], [1.0, -lam], values)
    yprev = np.concatenate(([0.0], y[:-1]))
    pos = np.arange(len(values)) - base
    return yprev - np.power(lam, pos) * yprev[base]


def _grouped(key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Stable order that makes groups contiguous, and each row's group start in that order."""
    order = np.argsort(key, kind="stable")
    return order, _group_starts(key[order])


def build_features(log: InteractionLog, space: FeatureSpace) -> sp.csr_matrix:
    """One-step-ahead design matrix, one row per log row (input order)."""
    n = len(log)
    off = space.offsets()
    if n == 0:
        return sp.csr_matrix((0, off["total"]))
    # Work in learner-grouped order; rows of a learner keep their time order.
    order = np.argsort(log.learner, kind="stable")
    learner = log.learner[order]
    item = log.item[order]
    y = log.correct[order].astype(np.float64)
    signed = 2.0 * y - 1.0
    lbase = _group_starts(learner)
    q = log.q_matrix[item]
    k_per_row = np.diff(q.indptr)
    pair_row = np.repeat(np.arange(n), k_per_row)
    pair_comp = q.indices.astype(np.int64)
    n_comp_row = np.maximum(k_per_row, 1).astype(np.float64)

    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    vals: list[np.ndarray] = []

    def add(r: np.ndarray, c: np.ndarray, v: np.ndarray) -> None:
        rows.append(r)
        cols.append(c)
        vals.append(v)

    ones = np.ones(n)
    add(np.arange(n), off["item"] + item, ones)
    add(pair_row, off["competency"] + pair_comp, np.ones(len(pair_row)))

    # Per (learner, competency) history.
    pkey = learner[pair_row] * np.int64(space.n_competencies) + pair_comp
    porder, pbase = _grouped(pkey)
    py = y[pair_row][porder]
    psigned = 2.0 * py - 1.0
    p_att = np.empty(len(pkey))
    p_win = np.empty(len(pkey))
    p_att[porder] = _excl_cumsum(np.ones(len(pkey)), pbase)
    p_win[porder] = _excl_cumsum(py, pbase)
    add(pair_row, off["comp_attempts"] + pair_comp, np.log1p(p_att))
    add(pair_row, off["comp_wins"] + pair_comp, np.log1p(p_win))

    dense = np.zeros((n, space.n_dense))
    col = 0

    def put(values: np.ndarray) -> None:
        nonlocal col
        dense[:, col] = values
        col += 1

    def per_row(pair_values: np.ndarray) -> np.ndarray:
        return np.bincount(pair_row, pair_values, minlength=n) / n_comp_row

    att = _excl_cumsum(ones, lbase)
    win = _excl_cumsum(y, lbase)
    put(np.log1p(att))
    put(np.log1p(win))
    put(np.log1p(att - win))
    put((win + 1.0) / (att + 2.0))
    comp_att = per_row(p_att)
    comp_win = per_row(p_win)
    put((comp_win + 1.0) / (comp_att + 2.0))
    put((comp_att == 0).astype(np.float64))
    # First row of a learner: no history at all.
    put((att == 0).astype(np.float64))
    for lam in _DECAYS:
        put(_excl_decay(signed, lbase, lam))
        put(_excl_decay(ones, lbase, lam))
    for lam in _DECAYS:
        d_signed = np.empty(len(pkey))
        d_count = np.empty(len(pkey))
        d_signed[porder] = _excl_decay(psigned, pbase, lam)
        d_count[porder] = _excl_decay(np.ones(len(pkey)), pbase, lam)
        put(per_row(d_signed))
        put(per_row(d_count))
        put(per_row(d_signed / (d_count + 1.0)))
    # Previous row of the learner: outcome, and whether it was on the same first competency.
    first_comp = np.where(k_per_row > 0, q.indices[np.minimum(q.indptr[:-1], max(len(q.indices) - 1, 0))], -1)
    has_prev = np.arange(n) > lbase
    prev_signed = np.where(has_prev, np.concatenate(([0.0], signed[:-1])), 0.0)
    prev_comp = np.where(has_prev, np.concatenate(([-1], first_comp[:-1])), -2)
    same = (prev_comp == first_comp).astype(np.float64)
    put(prev_signed)
    put(same)
    put(prev_signed * same)
    if space.use_time:
        assert log.timestamp is not None
        ts = log.timestamp[order]
        prev_ts = np.where(has_prev, np.concatenate(([0.0], ts[:-1])), ts)
        put(np.log1p(np.maximum(ts - prev_ts, 0.0)))
        p_ts = ts[pair_row][porder]
        p_prev = np.concatenate(([0.0], p_ts[:-1]))
        first = np.arange(len(pkey)) == pbase
        gap = np.where(first, 0.0, np.log1p(np.maximum(p_ts - p_prev, 0.0)))
        p_gap = np.empty(len(pkey))
        p_gap[porder] = gap
        put(per_row(p_gap))
        p_first = np.empty(len(pkey))
        p_first[porder] = first
        put(per_row(p_first.astype(np.float64)))
    dense_r, dense_c = np.nonzero(dense)
    add(dense_r, off["dense"] + dense_c, dense[dense_r, dense_c])

    # Related competencies: the learner's wins/failures on every (pooled) competency before this row,
    # one weight per (target slot, source slot, wins|failures).
    r_slots = space.n_related
    pair_slot = space.related[pair_comp]
    row_slot_first = np.where(k_per_row > 0, space.related[np.maximum(first_comp, 0)], r_slots - 1)
    starts_of_learner = np.flatnonzero(np.r_[True, learner[1:] != learner[:-1]])
    chunk_bounds = [0]
    for s in starts_of_learner[1:]:
        if s - chunk_bounds[-1] >= _CHUNK_ROWS:
            chunk_bounds.append(int(s))
    chunk_bounds.append(n)
    pair_start = np.searchsorted(pair_row, chunk_bounds)
    for a, b, pa, pb in zip(
        chunk_bounds[:-1], chunk_bounds[1:], pair_start[:-1], pair_start[1:], strict=True
    ):
        m = b - a
        flat = (pair_row[pa:pb] - a) * r_slots + pair_slot[pa:pb]
        w_att = np.bincount(flat, minlength=m * r_slots).reshape(m, r_slots).astype(np.float64)
        w_win = np.bincount(flat, y[pair_row[pa:pb]], minlength=m * r_slots).reshape(m, r_slots)
        base = lbase[a:b] - a
        e_att = np.cumsum(w_att, axis=0) - w_att
        e_att -= e_att[base]
        e_win = np.cumsum(w_win, axis=0) - w_win
        e_win -= e_win[base]
        rr, ss = np.nonzero(e_att)
        wins = e_win[rr, ss]
        fails = e_att[rr, ss] - wins
        # Every competency of the row is a target; a multi-competency row shares the weight.
        tq = q[a:b]
        t_counts = np.diff(tq.indptr)
        for slot_k in range(int(t_counts.max()) if len(t_counts) else 0):
            has = t_counts[rr] > slot_k
            r2 = rr[has]
            t_comp = tq.indices[tq.indptr[r2] + slot_k]
            t_slot = space.related[t_comp]
            share = 1.0 / t_counts[r2]
            base_col = off["pair"] + (t_slot * r_slots + ss[has]) * 2
            add(a + r2, base_col, np.log1p(wins[has]) * share)
            add(a + r2, base_col + 1, np.log1p(fails[has]) * share)
    # Previous row's competency and outcome, per target competency.
    prev_slot = np.concatenate(([0], row_slot_first[:-1]))
    prev_win = np.concatenate(([0], y[:-1].astype(np.int64)))
    idx = np.flatnonzero(has_prev)
    add(
        idx,
        off["prev_pair"] + (row_slot_first[idx] * r_slots + prev_slot[idx]) * 2 + prev_win[idx],
        np.ones(len(idx)),
    )

    r_all = np.concatenate(rows)
    c_all = np.concatenate(cols)
    v_all = np.concatenate(vals)
    keep = v_all != 0.0
    # Map grouped-order rows back to input rows.
    inv_rows = order[r_all[keep]]
    mat = sp.csr_matrix((v_all[keep], (inv_rows, c_all[keep])), shape=(n, off["total"]))
    mat.sum_duplicates()
    return mat
