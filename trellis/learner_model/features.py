"""Causal feature construction for the performance predictor (vectorized, no per-row Python).

Every feature of a row is computed from the *earlier* rows of the same learner only, so one call over a whole
log yields one-step-ahead features for every row, exactly as if each row had been predicted when it came.
The feature families (see ``docs/adr/0003-learner-model.md``):

* item and competency indicators (difficulty, in the logistic model's weights);
* per-competency practice counts with competency-specific weights (PFA / Best-LR);
* learner totals (ability) and recency-weighted outcomes at several decay rates, overall and per competency,
  the previous outcome, and, when the log has a clock, time since the last practice;
* related competencies: the learner's wins and failures on every competency, weighted per (target
  competency, source competency) pair, and the previous row's competency and outcome per target competency;
* item-specific slopes: the item indicator times the learner's recent success on the item's competencies and
  times their recent residual (answer - item success rate), so each item weighs recent form on its own
  (a 2PL-style discrimination per item).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from trellis.learner_model._sequences import Layout, build_layout
from trellis.learner_model.data import InteractionLog

__all__ = ["FeatureSpace", "build_features"]

_DECAYS = (0.3, 0.7, 0.9)
_CHUNK_ROWS = 16384
_N_RELATED_FEATURES = 3
# Co-practice count at which a learned competency-competency similarity is trusted half-way.
_SIMILARITY_SHRINK = 20.0
# Pseudo-answers at the overall rate added to each item's success rate (rare items stay near average).
_ITEM_SHRINK = 5.0
# Pseudo-evidence of zero residual in the ability estimates.
_ABILITY_SHRINK = 5.0
# Dense columns multiplied by the item indicator in the "item_slope" block (see ``dense_slope_columns``).
_N_ITEM_SLOPES = 2


@dataclass(frozen=True)
class FeatureSpace:
    """The column layout, fixed at fit time (so a fitted weight vector keeps its meaning)."""

    n_items: int
    n_competencies: int
    related: np.ndarray  # competency -> related slot 0..n_related-1 (the last slot pools the rare ones)
    use_time: bool
    similarity: np.ndarray  # n_related x n_related, learned from training residuals, zero diagonal
    slot_mean: np.ndarray  # training success rate per related slot
    item_mean: np.ndarray  # training success rate per item, shrunk toward the overall rate

    @property
    def n_related(self) -> int:
        return int(self.related.max()) + 1 if len(self.related) else 1

    @property
    def n_dense(self) -> int:
        return (
            7
            + 2 * len(_DECAYS)
            + 3 * len(_DECAYS)
            + 3
            + 4
            + 3
            + _N_RELATED_FEATURES
            + (3 if self.use_time else 0)
        )

    def offsets(self) -> dict[str, int]:
        k = self.n_competencies
        r = self.n_related
        sizes = [
            ("item", self.n_items),
            ("competency", k),
            ("comp_attempts", k),
            ("comp_wins", k),
            ("dense", self.n_dense),
            ("prev_pair", 2 * r * r),
            ("item_slope", _N_ITEM_SLOPES * self.n_items),
        ]
        out: dict[str, int] = {}
        start = 0
        for name, size in sizes:
            out[name] = start
            start += size
        out["total"] = start
        return out

    def dense_slope_columns(self) -> tuple[int, ...]:
        """Dense-block column of each item-slope feature (slope block j multiplies dense column j here)."""
        # Per-competency decayed outcome ratio at the slowest decay, and the learner's decayed residual.
        return (7 + 2 * len(_DECAYS) + 3 * len(_DECAYS) - 1, 7 + 2 * len(_DECAYS) + 3 * len(_DECAYS) + 4)

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
        similarity, slot_mean = _learn_similarity(log, related, int(related.max()) + 1)
        item_mean = item_success_rate(log, np.ones(len(log), dtype=bool))
        return FeatureSpace(
            log.n_items, log.n_competencies, related, use_time, similarity, slot_mean, item_mean
        )


def item_success_rate(log: InteractionLog, rows: np.ndarray) -> np.ndarray:
    """Per-item success rate over ``rows``, shrunk toward the overall rate by _ITEM_SHRINK pseudo-answers."""
    y = log.correct[rows].astype(np.float64)
    overall = float(y.mean()) if len(y) else 0.5
    att = np.bincount(log.item[rows], minlength=log.n_items)
    win = np.bincount(log.item[rows], y, minlength=log.n_items)
    return (win + _ITEM_SHRINK * overall) / (att + _ITEM_SHRINK)


def cross_fitted_expectation(log: InteractionLog, n_folds: int = 5) -> np.ndarray:
    """Each training row's item success rate estimated without its own learner (folds by learner).

    Residual-based ability features on training rows would otherwise see their own answers inside the
    item rate and look more predictive in training than they are on new learners.
    """
    fold = np.unique(log.learner, return_inverse=True)[1] % n_folds
    out = np.empty(len(log))
    for f in range(n_folds):
        mask = fold == f
        out[mask] = item_success_rate(log, ~mask)[log.item[mask]]
    return out


def _learn_similarity(
    log: InteractionLog, related: np.ndarray, n_slots: int
) -> tuple[np.ndarray, np.ndarray]:
    """Competency-competency similarity: shrunk cosine of learners' residuals, learned from training data.

    A learner's residual on a slot is (wins - expected wins) / sqrt(attempts). Competencies that measure the
    same latent skill have correlated residuals across learners; the count shrinkage keeps pairs that few
    learners practiced both near zero. This lets the predictor use related competencies with three weights
    instead of one per competency pair (which overfits small data sets).
    """
    q = log.q_matrix[log.item]
    pair_row = np.repeat(np.arange(len(log)), np.diff(q.indptr))
    slot = related[q.indices]
    y = log.correct[pair_row].astype(np.float64)
    learners, learner_idx = np.unique(log.learner[pair_row], return_inverse=True)
    n_l = len(learners)
    flat = learner_idx * n_slots + slot
    att = np.bincount(flat, minlength=n_l * n_slots).reshape(n_l, n_slots).astype(np.float64)
    win = np.bincount(flat, y, minlength=n_l * n_slots).reshape(n_l, n_slots)
    slot_att = att.sum(axis=0)
    slot_mean = (win.sum(axis=0) + 1.0) / (slot_att + 2.0)
    resid = (win - att * slot_mean) / np.sqrt(np.maximum(att, 1.0))
    gram = resid.T @ resid
    norms = np.sqrt(np.maximum(np.diag(gram), 1e-12))
    practiced = (att > 0).astype(np.float64)
    co = practiced.T @ practiced
    sim = gram / np.outer(norms, norms) * (co / (co + _SIMILARITY_SHRINK))
    np.fill_diagonal(sim, 0.0)
    if n_slots > 1 and np.any(related == n_slots - 1) and len(np.unique(related)) < len(related):
        # The pooled slot mixes unrelated competencies; it takes no part in similarity.
        sim[-1, :] = 0.0
        sim[:, -1] = 0.0
    return sim, slot_mean


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


def _excl_decay(values: np.ndarray, layout: Layout, lam: float) -> np.ndarray:
    """sum over earlier rows j of the group of lam**(i - 1 - j) * values[j].

    A lock-step recursion, so each group's value depends on that group's rows alone (bit for bit, which a
    filter over the concatenated groups with subtraction at the boundaries would not give).
    """
    v = layout.to_time_major(values)
    out = np.zeros(len(v))
    off = layout.offsets
    for p in range(1, layout.n_steps):
        a, b = int(off[p - 1]), int(off[p])
        m = int(off[p + 1]) - b
        out[b : b + m] = out[a : a + m] * lam + v[a : a + m]
    return layout.from_time_major(out)


def _grouped(key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Stable order that makes groups contiguous, and each row's group start in that order."""
    order = np.argsort(key, kind="stable")
    return order, _group_starts(key[order])


def build_features(
    log: InteractionLog, space: FeatureSpace, expected: np.ndarray | None = None
) -> sp.csr_matrix:
    """One-step-ahead design matrix, one row per log row (input order).

    ``expected`` (per row) is the item success rate the ability residuals are taken against; by default the
    fitted ``space.item_mean``, cross-fitted values when building training rows.
    """
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
    p_att = np.empty(len(pkey))
    p_win = np.empty(len(pkey))
    p_att[porder] = _excl_cumsum(np.ones(len(pkey)), pbase)
    p_win[porder] = _excl_cumsum(py, pbase)
    add(pair_row, off["comp_attempts"] + pair_comp, np.log1p(p_att))
    add(pair_row, off["comp_wins"] + pair_comp, np.log1p(p_win))

    dense = np.zeros((n, space.n_dense))
    col = 0
    slope_columns = space.dense_slope_columns()

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
    learner_layout = build_layout(learner)
    for lam in _DECAYS:
        put(_excl_decay(signed, learner_layout, lam))
        put(_excl_decay(ones, learner_layout, lam))
    pair_layout = build_layout(pkey)
    p_signed = 2.0 * y[pair_row] - 1.0
    for lam in _DECAYS:
        d_signed = _excl_decay(p_signed, pair_layout, lam)
        d_count = _excl_decay(np.ones(len(pkey)), pair_layout, lam)
        put(per_row(d_signed))
        put(per_row(d_count))
        put(per_row(d_signed / (d_count + 1.0)))
    assert col - 1 == slope_columns[0]
    # Previous row of the learner: outcome, and whether it was on the same first competency.
    first_comp = np.where(k_per_row > 0, q.indices[np.minimum(q.indptr[:-1], max(len(q.indices) - 1, 0))], -1)
    has_prev = np.arange(n) > lbase
    prev_signed = np.where(has_prev, np.concatenate(([0.0], signed[:-1])), 0.0)
    prev_comp = np.where(has_prev, np.concatenate(([-1], first_comp[:-1])), -2)
    same = (prev_comp == first_comp).astype(np.float64)
    put(prev_signed)
    put(same)
    put(prev_signed * same)
    # Ability beyond item difficulty: shrunk mean of earlier residuals (answer - item success rate).
    exp_rows = space.item_mean[log.item] if expected is None else np.asarray(expected, dtype=np.float64)
    resid = y - exp_rows[order]
    put(_excl_decay(resid, learner_layout, 1.0) / (att + _ABILITY_SHRINK))
    put(_excl_decay(resid, learner_layout, 0.9))
    assert col - 1 == slope_columns[1]
    p_resid = _excl_decay(resid[pair_row], pair_layout, 1.0)
    put(per_row(p_resid) / (comp_att + _ABILITY_SHRINK))
    # The same item before (retries of one problem step are frequent in tutors).
    item_layout = build_layout(learner * np.int64(max(space.n_items, 1)) + item)
    i_att = _excl_decay(ones, item_layout, 1.0)
    i_win = _excl_decay(y, item_layout, 1.0)
    put(np.log1p(i_att))
    put(np.log1p(i_win))
    put(_excl_decay(signed, item_layout, 0.0))
    put((i_att > 0).astype(np.float64))
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
    # Related competencies: similarity-weighted evidence on the other competencies practiced before.
    r_slots = space.n_related
    pair_slot = space.related[pair_comp]
    row_slot_first = np.where(k_per_row > 0, space.related[np.maximum(first_comp, 0)], r_slots - 1)
    abs_sim = np.abs(space.similarity)
    rel = np.zeros((n, _N_RELATED_FEATURES))
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
        resid = e_win - e_att * space.slot_mean
        weighted = resid @ space.similarity
        mass = e_att @ abs_sim
        # Every competency of the row is a target; a multi-competency row averages over them.
        chunk_pairs = np.arange(pa, pb)
        local = pair_row[chunk_pairs] - a
        slots = pair_slot[chunk_pairs]
        w = weighted[local, slots]
        z = mass[local, slots]
        feats = np.stack([w, w / (z + 1.0), w / np.sqrt(z + 1.0)], axis=1)
        for j in range(_N_RELATED_FEATURES):
            rel[a:b, j] = np.bincount(local, feats[:, j], minlength=m) / n_comp_row[a:b]
    for j in range(_N_RELATED_FEATURES):
        put(rel[:, j])
    dense_r, dense_c = np.nonzero(dense)
    add(dense_r, off["dense"] + dense_c, dense[dense_r, dense_c])
    for j, c in enumerate(slope_columns):
        add(np.arange(n), off["item_slope"] + j * space.n_items + item, dense[:, c])

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
