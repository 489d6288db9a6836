"""Mastery from evidence scored on a proficiency scale (rubric levels such as 1-4).

A school picks one calculation method per framework; :class:`RubricState` tracks what every method needs,
so switching method never requires a rebuild. The state is folded over evidence in log order (the product
orders evidence by timestamp, then id) with :func:`rubric_update`; :func:`rubric_mastery` is exactly that
fold followed by :func:`rubric_estimate`, so a rebuild from the log equals the incremental result bit for
bit (same Python float operations in the same order).

Confidence (0..1) is a pure function of the evidence (no clock): the amount of evidence, n / (n + 2),
times how well the evidence supports the chosen number (consistency for averages, agreement with the rest
for "most recent" and "highest", progress toward n for "n times", certainty of the posterior for the
learner model).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from trellis.learner_model.bkt import BKTParams

__all__ = [
    "ALGORITHM_VERSION",
    "METHODS",
    "MasteryEstimate",
    "RubricConfig",
    "RubricState",
    "rubric_estimate",
    "rubric_mastery",
    "rubric_update",
]

ALGORITHM_VERSION = "trellis-rubric/1"
METHODS = ("learner_model", "decaying_average", "most_recent", "highest", "n_times")

# Evidence-amount factor n / (n + _EVIDENCE_HALF): two pieces of evidence give half confidence.
_EVIDENCE_HALF = 2.0
# Rubric-scale BKT: a low prior (new competency), and noisy scoring (guess/slip) as teachers' scores are.
_DEFAULT_RUBRIC_BKT = BKTParams(prior=0.2, learn=0.15, guess=0.2, slip=0.1)


@dataclass(frozen=True)
class RubricConfig:
    """How a school computes mastery on a scale ``scale_min .. scale_max`` with mastery at ``threshold``."""

    scale_max: int = 4
    threshold: float = 3.0
    scale_min: int = 1
    decay_weight: float = 0.65  # weight of the newest score in the decaying average
    n_required: int = 3  # "n times at or above threshold"
    mastery_probability: float = 0.8  # learner model: P(mastered) needed to call it mastered
    bkt: BKTParams = _DEFAULT_RUBRIC_BKT

    def __post_init__(self) -> None:
        if self.scale_max <= self.scale_min:
            raise ValueError("scale_max must exceed scale_min")
        if not self.scale_min <= self.threshold <= self.scale_max:
            raise ValueError("threshold must lie on the scale")
        if not 0.0 < self.decay_weight <= 1.0:
            raise ValueError("decay_weight must be in (0, 1]")
        if self.n_required < 1:
            raise ValueError("n_required must be at least 1")


@dataclass(frozen=True)
class RubricState:
    """Everything the methods need, updated one score at a time."""

    n: int = 0
    total: float = 0.0
    total_sq: float = 0.0
    last: float | None = None
    last_time: datetime | None = None
    highest: float | None = None
    decaying: float | None = None
    # at_least[i] = number of scores >= scale_min + i (integer cut points of the scale)
    at_least: tuple[int, ...] = ()
    n_at_threshold: int = 0
    bkt_state: float | None = None


@dataclass(frozen=True)
class MasteryEstimate:
    """``estimate`` is 0..1 (P(mastered) for the learner model, else the level rescaled to 0..1)."""

    estimate: float
    level: float
    confidence: float
    mastered: bool
    method: str
    n_evidence: int
    algorithm_version: str = ALGORITHM_VERSION

    def to_dict(self) -> dict[str, Any]:
        return {
            "estimate": self.estimate,
            "level": self.level,
            "confidence": self.confidence,
            "mastered": self.mastered,
            "method": self.method,
            "n_evidence": self.n_evidence,
            "algorithm_version": self.algorithm_version,
        }


def rubric_update(
    state: RubricState, level: float, timestamp: datetime | None, config: RubricConfig
) -> RubricState:
    """Fold one score into the state."""
    level = float(level)
    if math.isnan(level) or not config.scale_min <= level <= config.scale_max:
        raise ValueError(f"level {level} is outside the scale {config.scale_min}..{config.scale_max}")
    span = float(config.scale_max - config.scale_min)
    cuts = config.scale_max - config.scale_min + 1
    at_least = state.at_least or (0,) * cuts
    at_least = tuple(c + 1 if level >= config.scale_min + i else c for i, c in enumerate(at_least))
    if state.decaying is None:
        decaying = level
    else:
        decaying = state.decaying * (1.0 - config.decay_weight) + level * config.decay_weight
    # Learner model: soft evidence (Jeffrey's rule): the score's position on the scale is the weight of the
    # "correct" branch of the BKT update, then the learning transition.
    p = config.bkt
    s = p.prior if state.bkt_state is None else state.bkt_state
    c = (level - config.scale_min) / span
    num_ok = s * (1.0 - p.slip)
    post_ok = num_ok / (num_ok + (1.0 - s) * p.guess)
    num_bad = s * p.slip
    post_bad = num_bad / (num_bad + (1.0 - s) * (1.0 - p.guess))
    post = c * post_ok + (1.0 - c) * post_bad
    bkt_state = post * (1.0 - p.forget) + (1.0 - post) * p.learn
    return RubricState(
        n=state.n + 1,
        total=state.total + level,
        total_sq=state.total_sq + level * level,
        last=level,
        last_time=timestamp,
        highest=level if state.highest is None else max(state.highest, level),
        decaying=decaying,
        at_least=at_least,
        n_at_threshold=state.n_at_threshold + (1 if level >= config.threshold else 0),
        bkt_state=bkt_state,
    )


def _clip01(x: float) -> float:
    return min(1.0, max(0.0, x))


def rubric_estimate(state: RubricState, method: str, config: RubricConfig) -> MasteryEstimate:
    """Mastery under ``method`` from a folded state."""
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
    span = float(config.scale_max - config.scale_min)
    n = state.n
    if n == 0:
        if method == "learner_model":
            prior = config.bkt.prior
            level = (
                config.scale_min + (prior * (1.0 - config.bkt.slip) + (1.0 - prior) * config.bkt.guess) * span
            )
            return MasteryEstimate(prior, level, 0.0, False, method, 0)
        return MasteryEstimate(0.0, float(config.scale_min), 0.0, False, method, 0)
    amount = n / (n + _EVIDENCE_HALF)
    mean = state.total / n
    variance = max(state.total_sq / n - mean * mean, 0.0)
    # The largest possible standard deviation on the scale is span / 2.
    consistency = _clip01(1.0 - math.sqrt(variance) / (span / 2.0))
    assert state.last is not None and state.highest is not None and state.decaying is not None
    if method == "learner_model":
        assert state.bkt_state is not None
        s = state.bkt_state
        p = config.bkt
        level = config.scale_min + (s * (1.0 - p.slip) + (1.0 - s) * p.guess) * span
        certainty = abs(2.0 * s - 1.0)
        return MasteryEstimate(s, level, amount * certainty, s >= config.mastery_probability, method, n)
    if method == "decaying_average":
        level = state.decaying
        confidence = amount * consistency
    elif method == "most_recent":
        level = state.last
        confidence = amount * _clip01(1.0 - abs(state.last - mean) / span)
    elif method == "highest":
        level = state.highest
        confidence = amount * _clip01(1.0 - (state.highest - mean) / span)
    else:  # n_times
        # The level reached at least n_required times: the highest cut point with that many scores.
        reached = [config.scale_min + i for i, c in enumerate(state.at_least) if c >= config.n_required]
        level = float(reached[-1]) if reached else float(config.scale_min)
        progress = min(state.n_at_threshold / config.n_required, 1.0)
        mastered = state.n_at_threshold >= config.n_required
        confidence = amount * (progress if mastered else 1.0 - progress)
        return MasteryEstimate((level - config.scale_min) / span, level, confidence, mastered, method, n)
    return MasteryEstimate(
        (level - config.scale_min) / span, level, confidence, level >= config.threshold, method, n
    )


def rubric_mastery(
    levels: Iterable[tuple[float, datetime | None]],
    method: str,
    scale_max: int = 4,
    threshold: float = 3.0,
    **opts: Any,
) -> MasteryEstimate:
    """Mastery from (level, timestamp) evidence in log order.

    ``opts`` are further :class:`RubricConfig` fields (scale_min, decay_weight, n_required, ...).
    """
    config = RubricConfig(scale_max=scale_max, threshold=threshold, **opts)
    state = RubricState()
    for level, timestamp in levels:
        state = rubric_update(state, level, timestamp, config)
    return rubric_estimate(state, method, config)
