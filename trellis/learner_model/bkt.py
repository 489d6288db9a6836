"""Bayesian Knowledge Tracing: per-competency parameters, online update, batch replay, EM fitting.

State convention: a learner's state for a competency is P(mastered) *before their next opportunity*, i.e.
after the evidence so far and the learning (and forgetting) transition that follows each opportunity. The
initial state is ``prior``. P(correct on the next opportunity) = state * (1 - slip) + (1 - state) * guess.

Exactness: :func:`bkt_update` (one evidence, Python floats) and :func:`bkt_replay` (numpy, many learners
and competencies at once) perform the same IEEE-754 operations in the same order, so a rebuilt state is
bit-for-bit the state reached by incremental updates. Keep the two formulas in step when editing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from trellis.learner_model._sequences import Layout, build_layout

__all__ = [
    "ALGORITHM_VERSION",
    "BKTModel",
    "BKTParams",
    "ReplayResult",
    "bkt_predict",
    "bkt_replay",
    "bkt_update",
    "fit_bkt",
]

ALGORITHM_VERSION = "trellis-bkt/1"

# EM keeps probabilities strictly inside (0, 1) so every posterior has a positive denominator.
_EPS = 1e-6
# Guards 0/0 in the smoother where a term is multiplied by a zero forget probability anyway.
_TINY = 1e-300


@dataclass(frozen=True)
class BKTParams:
    """BKT parameters of one competency."""

    prior: float
    learn: float
    guess: float
    slip: float
    forget: float = 0.0
    algorithm_version: str = ALGORITHM_VERSION

    def __post_init__(self) -> None:
        for name in ("prior", "learn", "forget"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name}={value} is not a probability")
        for name in ("guess", "slip"):
            value = getattr(self, name)
            if not 0.0 < value < 1.0:
                raise ValueError(f"{name}={value} must be strictly between 0 and 1")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> BKTParams:
        version = data.get("algorithm_version", ALGORITHM_VERSION)
        if version != ALGORITHM_VERSION:
            raise ValueError(f"cannot read BKT parameters of version {version!r}")
        return cls(
            prior=float(data["prior"]),
            learn=float(data["learn"]),
            guess=float(data["guess"]),
            slip=float(data["slip"]),
            forget=float(data.get("forget", 0.0)),
        )


def bkt_update(state: float, correct: bool, params: BKTParams) -> float:
    """Posterior state after one piece of evidence (then the learning transition)."""
    if correct:
        num = state * (1.0 - params.slip)
        post = num / (num + (1.0 - state) * params.guess)
    else:
        num = state * params.slip
        post = num / (num + (1.0 - state) * (1.0 - params.guess))
    return post * (1.0 - params.forget) + (1.0 - post) * params.learn


def bkt_predict(state: float, params: BKTParams) -> float:
    """P(correct on the next opportunity) from a state."""
    return state * (1.0 - params.slip) + (1.0 - state) * params.guess


@dataclass(frozen=True)
class BKTModel:
    """Parameters for ``n`` competencies as arrays (index = competency id), serializable with version."""

    prior: np.ndarray
    learn: np.ndarray
    guess: np.ndarray
    slip: np.ndarray
    forget: np.ndarray
    algorithm_version: str = ALGORITHM_VERSION
    fit_info: dict[str, Any] = field(default_factory=dict)

    @property
    def n_competencies(self) -> int:
        return len(self.prior)

    def params(self, competency: int) -> BKTParams:
        c = int(competency)
        return BKTParams(
            prior=float(self.prior[c]),
            learn=float(self.learn[c]),
            guess=float(self.guess[c]),
            slip=float(self.slip[c]),
            forget=float(self.forget[c]),
        )

    @classmethod
    def uniform(cls, n_competencies: int, params: BKTParams) -> BKTModel:
        def full(v: float) -> np.ndarray:
            return np.full(n_competencies, v, dtype=np.float64)

        return cls(
            full(params.prior), full(params.learn), full(params.guess), full(params.slip), full(params.forget)
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "algorithm_version": self.algorithm_version,
            "prior": self.prior.tolist(),
            "learn": self.learn.tolist(),
            "guess": self.guess.tolist(),
            "slip": self.slip.tolist(),
            "forget": self.forget.tolist(),
            "fit_info": dict(self.fit_info),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> BKTModel:
        if data.get("algorithm_version") != ALGORITHM_VERSION:
            raise ValueError(f"cannot read a BKT model of version {data.get('algorithm_version')!r}")

        def arr(name: str) -> np.ndarray:
            return np.asarray(data[name], dtype=np.float64)

        return cls(
            arr("prior"),
            arr("learn"),
            arr("guess"),
            arr("slip"),
            arr("forget"),
            fit_info=dict(data.get("fit_info", {})),
        )


@dataclass(frozen=True)
class ReplayResult:
    """Final state per (learner, competency) pair that had evidence, sorted by (learner, competency)."""

    learner: np.ndarray
    competency: np.ndarray
    state: np.ndarray
    n_evidence: np.ndarray
    # P(correct) predicted for each input event from the earlier events only (input order), when asked.
    predictions: np.ndarray | None = None


def _pair_keys(learner: np.ndarray, competency: np.ndarray, n_competencies: int) -> np.ndarray:
    return learner.astype(np.int64) * np.int64(n_competencies) + competency.astype(np.int64)


def _forward(
    layout: Layout,
    obs: np.ndarray,
    comp: np.ndarray,
    start: np.ndarray,
    model: BKTModel,
    keep_filtered: bool,
) -> tuple[np.ndarray, np.ndarray | None, np.ndarray]:
    """Run the BKT filter in time-major order.

    Returns (pred, filt, final): ``pred`` = state before each event, ``filt`` = P(mastered | evidence up to
    and including the event) before the transition (only when ``keep_filtered``), ``final`` = state after the
    last event of each group (by rank). The arithmetic mirrors :func:`bkt_update` operation for operation.
    """
    n = len(obs)
    e_known = np.where(obs, 1.0 - model.slip[comp], model.slip[comp])
    e_unknown = np.where(obs, model.guess[comp], 1.0 - model.guess[comp])
    keep = 1.0 - model.forget[comp]
    learn = model.learn[comp]
    pred = np.empty(n, dtype=np.float64)
    filt = np.empty(n, dtype=np.float64) if keep_filtered else None
    final = np.empty(len(layout.group_length), dtype=np.float64)
    offsets = layout.offsets
    n_steps = layout.n_steps
    if n_steps:
        pred[: offsets[1]] = start
    for p in range(n_steps):
        a, b = int(offsets[p]), int(offsets[p + 1])
        s = pred[a:b]
        num = s * e_known[a:b]
        post = num / (num + (1.0 - s) * e_unknown[a:b])
        nxt = post * keep[a:b] + (1.0 - post) * learn[a:b]
        if filt is not None:
            filt[a:b] = post
        m = int(offsets[p + 2] - offsets[p + 1]) if p + 1 < n_steps else 0
        if m:
            pred[b : b + m] = nxt[:m]
        # Groups whose last event is at this position end here (ranks m .. active-1).
        final[m : b - a] = nxt[m:]
    return pred, filt, final


def bkt_replay(
    competency: np.ndarray,
    learner: np.ndarray,
    correct: np.ndarray,
    model: BKTModel,
    *,
    initial_state: np.ndarray | None = None,
    return_predictions: bool = False,
) -> ReplayResult:
    """Replay an ordered evidence log for many learners x competencies at once.

    ``competency``, ``learner`` and ``correct`` are parallel arrays in time order. ``initial_state``
    (optional, per input event; only the value at each pair's first event is read) lets a replay continue
    from stored states; otherwise each pair starts at its competency's prior. The final states equal,
    bit for bit, folding :func:`bkt_update` over each pair's events in order.
    """
    competency = np.asarray(competency, dtype=np.int64)
    learner = np.asarray(learner, dtype=np.int64)
    obs = np.asarray(correct).astype(bool)
    if not len(competency) == len(learner) == len(obs):
        raise ValueError("competency, learner and correct must have the same length")
    if len(competency) and (competency.min() < 0 or competency.max() >= model.n_competencies):
        raise ValueError("competency index outside the model")
    layout = build_layout(_pair_keys(learner, competency, model.n_competencies))
    comp_tm = layout.to_time_major(competency)
    obs_tm = layout.to_time_major(obs)
    n0 = layout.n_active(0) if layout.n_steps else 0
    if initial_state is None:
        start = model.prior[comp_tm[:n0]]
    else:
        start = layout.to_time_major(np.asarray(initial_state, dtype=np.float64))[:n0]
    pred, _, final = _forward(layout, obs_tm, comp_tm, start, model, keep_filtered=False)
    predictions = None
    if return_predictions:
        p = layout.from_time_major(pred)
        predictions = p * (1.0 - model.slip[competency]) + (1.0 - p) * model.guess[competency]
    order = np.argsort(layout.group_key, kind="stable")
    keys = layout.group_key[order]
    n_c = np.int64(model.n_competencies)
    return ReplayResult(
        learner=keys // n_c,
        competency=keys % n_c,
        state=final[order],
        n_evidence=layout.group_length[order],
        predictions=predictions,
    )


# Deterministic EM starting points (prior, learn, guess, slip). EM on an HMM finds a local optimum; pyBKT
# draws five random starts, we use fixed, spread-out ones and keep, per competency, the best likelihood.
DEFAULT_STARTS: tuple[tuple[float, float, float, float], ...] = (
    (0.4, 0.15, 0.2, 0.1),
    (0.2, 0.05, 0.3, 0.1),
    (0.6, 0.3, 0.1, 0.05),
    (0.1, 0.1, 0.4, 0.2),
)


def fit_bkt(
    competency: np.ndarray,
    learner: np.ndarray,
    correct: np.ndarray,
    n_competencies: int | None = None,
    *,
    forgets: bool = False,
    max_iter: int = 100,
    tol: float = 1e-5,
    starts: tuple[tuple[float, float, float, float], ...] = DEFAULT_STARTS,
) -> BKTModel:
    """Fit per-competency BKT parameters by expectation-maximization (Baum-Welch), all competencies at once.

    The E-step is a forward filter and a backward smoother over the lock-step layout; the M-step is a
    handful of ``bincount`` sums. EM runs from each of ``starts`` and each competency keeps the parameters
    with its best log-likelihood. A run stops when the mean log-likelihood per evidence improves by less
    than ``tol`` or after ``max_iter`` iterations. (pyBKT stops per skill at an absolute change of 1e-3; on
    the ASSISTments folds a handful of slowly creeping skills then run all 100 iterations for an AUC change
    below 1e-4, so the per-evidence criterion is the better trade.) Competencies without evidence get the
    evidence-weighted mean of the fitted parameters.
    """
    competency = np.asarray(competency, dtype=np.int64)
    learner = np.asarray(learner, dtype=np.int64)
    obs = np.asarray(correct).astype(bool)
    n_c = int(
        n_competencies if n_competencies is not None else (competency.max() + 1 if len(competency) else 0)
    )
    if not starts:
        raise ValueError("at least one EM start is needed")
    forget0 = 0.02 if forgets else 0.0
    start_models = [
        BKTModel.uniform(n_c, BKTParams(prior=p0, learn=lr, guess=g, slip=sl, forget=forget0))
        for p0, lr, g, sl in starts
    ]
    if len(competency) == 0:
        return start_models[0]
    layout = build_layout(_pair_keys(learner, competency, n_c))
    comp = layout.to_time_major(competency)
    y = layout.to_time_major(obs).astype(np.float64)
    y_bool = y > 0
    offsets = layout.offsets
    n_steps = layout.n_steps
    n = len(y)
    n0 = layout.n_active(0)
    first_comp = comp[:n0]
    # Slots with a successor in their group, and that successor's slot.
    has_next = np.zeros(n, dtype=bool)
    succ = np.full(n, -1, dtype=np.int64)
    for p in range(n_steps - 1):
        m = layout.n_active(p + 1)
        a, b = int(offsets[p]), int(offsets[p + 1])
        has_next[a : a + m] = True
        succ[a : a + m] = np.arange(b, b + m)
    t_idx = np.flatnonzero(has_next)
    t_succ = succ[t_idx]
    t_comp = comp[t_idx]
    counts = np.bincount(comp, minlength=n_c).astype(np.float64)
    seen = counts > 0
    first_counts = np.bincount(first_comp, minlength=n_c).astype(np.float64)

    def clean(new: np.ndarray, old: np.ndarray) -> np.ndarray:
        return np.clip(np.where(np.isfinite(new), new, old), _EPS, 1.0 - _EPS)

    def em(model: BKTModel) -> tuple[BKTModel, np.ndarray, int]:
        """EM from one start: the last evaluated parameters and their per-competency log-likelihood."""
        prev_total = -np.inf
        evaluated, ll = model, np.full(n_c, -np.inf)
        iterations = 0
        for iterations in range(1, max_iter + 1):  # noqa: B007 - the count is reported in fit_info
            pred, filt, _ = _forward(layout, y_bool, comp, model.prior[first_comp], model, keep_filtered=True)
            assert filt is not None
            e_known = np.where(y_bool, 1.0 - model.slip[comp], model.slip[comp])
            e_unknown = np.where(y_bool, model.guess[comp], 1.0 - model.guess[comp])
            like = pred * e_known + (1.0 - pred) * e_unknown
            evaluated, ll = model, np.bincount(comp, np.log(like), minlength=n_c)
            total = float(ll.sum())
            # EM never lowers the likelihood; stop when it has (nearly) stopped rising.
            if total - prev_total < tol * n:
                break
            prev_total = total
            # Backward smoothing (Rauch-Tung-Striebel form for a two-state chain).
            gamma = filt.copy()
            keep = 1.0 - model.forget[comp]
            forget = model.forget[comp]
            for p in range(n_steps - 2, -1, -1):
                m = layout.n_active(p + 1)
                a, b = int(offsets[p]), int(offsets[p + 1])
                f = filt[a : a + m]
                g1 = gamma[b : b + m]
                pn = pred[b : b + m]
                gamma[a : a + m] = f * (
                    keep[a : a + m] * g1 / pn + forget[a : a + m] * (1.0 - g1) / np.maximum(1.0 - pn, _TINY)
                )
            f = filt[t_idx]
            g1 = gamma[t_succ]
            pn = pred[t_succ]
            x01 = (1.0 - f) * model.learn[t_comp] * g1 / pn
            x10 = f * model.forget[t_comp] * (1.0 - g1) / np.maximum(1.0 - pn, _TINY)
            g_t = gamma[t_idx]
            # M-step.
            with np.errstate(invalid="ignore", divide="ignore"):
                prior = np.bincount(first_comp, gamma[:n0], minlength=n_c) / first_counts
                learn = np.bincount(t_comp, x01, minlength=n_c) / np.bincount(
                    t_comp, 1.0 - g_t, minlength=n_c
                )
                new_forget = np.bincount(t_comp, x10, minlength=n_c) / np.bincount(t_comp, g_t, minlength=n_c)
                guess = np.bincount(comp, (1.0 - gamma) * y, minlength=n_c) / np.bincount(
                    comp, 1.0 - gamma, minlength=n_c
                )
                slip = np.bincount(comp, gamma * (1.0 - y), minlength=n_c) / np.bincount(
                    comp, gamma, minlength=n_c
                )
            model = BKTModel(
                prior=clean(prior, model.prior),
                learn=clean(learn, model.learn),
                guess=clean(guess, model.guess),
                slip=clean(slip, model.slip),
                forget=clean(new_forget, model.forget) if forgets else model.forget,
            )
        return evaluated, ll, iterations

    runs = [em(m) for m in start_models]
    # Per competency, the start whose optimum explains its evidence best (first start wins ties).
    best = np.argmax(np.stack([ll for _, ll, _ in runs]), axis=0)

    def pick(name: str) -> np.ndarray:
        return np.choose(best, [getattr(r[0], name) for r in runs]).astype(np.float64)

    model = BKTModel(pick("prior"), pick("learn"), pick("guess"), pick("slip"), pick("forget"))
    if not forgets:
        model = BKTModel(model.prior, model.learn, model.guess, model.slip, np.zeros(n_c))
    # Competencies with no evidence: evidence-weighted means, so a new competency starts sensibly.
    if not np.all(seen):
        w = counts[seen] / counts[seen].sum()
        for arr in (model.prior, model.learn, model.guess, model.slip, model.forget):
            arr[~seen] = float(np.dot(arr[seen], w))
    best_ll = np.max(np.stack([ll for _, ll, _ in runs]), axis=0)
    return BKTModel(
        model.prior,
        model.learn,
        model.guess,
        model.slip,
        model.forget,
        fit_info={
            "iterations": [r[2] for r in runs],
            "log_likelihood": float(best_ll[seen].sum()),
            "n_evidence": n,
            "forgets": forgets,
            "starts": len(runs),
        },
    )
