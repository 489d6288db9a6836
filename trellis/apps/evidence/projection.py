"""Mastery as a fold of the evidence log: the one function both the incremental path and the rebuild use.

The learner model's `rubric_update` folds one level at a time; a pair's state is the fold of its counted,
unretracted evidence in log order (observed_at, id). Because the incremental path and the rebuild run the
same fold over the same rows in the same order, their results are equal bit for bit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, fields
from typing import Any

from trellis.apps.frameworks.models import Framework
from trellis.learner_model.rubric import (
    MasteryEstimate,
    RubricConfig,
    RubricState,
    rubric_estimate,
    rubric_update,
)

from .models import Evidence

ALWAYS_COUNTED = frozenset(
    {
        Evidence.Source.PRACTICE,
        Evidence.Source.RUBRIC,
        Evidence.Source.OBSERVATION,
        Evidence.Source.EXHIBITION,
        Evidence.Source.EXTERNAL,
    }
)


def counted_sources(framework: Framework) -> frozenset[str]:
    """Self- and peer-assessment count toward mastery only when the school says so for this framework."""
    extra = set()
    if framework.counts_self_assessment:
        extra.add(Evidence.Source.SELF)
    if framework.counts_peer_assessment:
        extra.add(Evidence.Source.PEER)
    return ALWAYS_COUNTED | extra


def config_for(framework: Framework) -> RubricConfig:
    scale = framework.scale
    values = [int(level["value"]) for level in scale.levels]
    options = framework.calculation_options or {}
    kwargs: dict[str, Any] = {}
    if "decay" in options:
        kwargs["decay_weight"] = float(options["decay"])
    if "n" in options:
        kwargs["n_required"] = int(options["n"])
    return RubricConfig(
        scale_min=min(values), scale_max=max(values), threshold=float(scale.mastery_level), **kwargs
    )


def level_from_score(score: float, config: RubricConfig) -> float:
    """An auto-scored result (0..1) placed on the scale: all correct is the top level, none the bottom."""
    return config.scale_min + score * (config.scale_max - config.scale_min)


@dataclass(frozen=True)
class Folded:
    state: RubricState
    estimate: MasteryEstimate
    last_observed_at: dt.datetime
    last_evidence_id: int
    first_mastered_at: dt.datetime | None


def fold(
    rows: Iterable[tuple[int, dt.datetime, float]],
    *,
    config: RubricConfig,
    method: str,
    start: Folded | None = None,
) -> Folded | None:
    """Fold (evidence id, observed_at, level) rows, in log order, onto `start` (or an empty state)."""
    state = start.state if start else RubricState()
    last: tuple[dt.datetime, int] | None = (start.last_observed_at, start.last_evidence_id) if start else None
    first_mastered = start.first_mastered_at if start else None
    estimate = start.estimate if start else None
    for evidence_id, observed_at, level in rows:
        state = rubric_update(state, level, observed_at, config)
        estimate = rubric_estimate(state, method, config)
        if first_mastered is None and estimate.mastered:
            first_mastered = observed_at
        last = (observed_at, evidence_id)
    if last is None or estimate is None:
        return None
    return Folded(state, estimate, last[0], last[1], first_mastered)


_STATE_FIELDS = tuple(f.name for f in fields(RubricState))


def state_to_json(state: RubricState) -> dict[str, Any]:
    # A shallow copy field by field: `asdict` deep-copies, which showed in bulk ingest (one state per row).
    data = {name: getattr(state, name) for name in _STATE_FIELDS}
    data["last_time"] = state.last_time.isoformat() if state.last_time else None
    data["at_least"] = list(state.at_least)
    return data


def state_from_json(data: dict[str, Any]) -> RubricState:
    values = dict(data)
    values["last_time"] = dt.datetime.fromisoformat(values["last_time"]) if values.get("last_time") else None
    values["at_least"] = tuple(values.get("at_least") or ())
    return RubricState(**values)
