"""Performance prediction: P(correct on the next item) from a learner's history.

A logistic model over causal features (:mod:`trellis.learner_model.features`), in the Best-LR family
(Gervet et al. 2020) extended with recency-weighted outcomes, related-competency weights and per-item
slopes on recent form. Fitting is scikit-learn's L2-regularized logistic regression (Newton-CG); the model
serializes with its algorithm version.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression

from trellis.learner_model.data import InteractionLog
from trellis.learner_model.features import FeatureSpace, build_features, cross_fitted_expectation

__all__ = ["ALGORITHM_VERSION", "PerformancePredictor", "PredictorConfig"]

ALGORITHM_VERSION = "trellis-lr/2"


@dataclass(frozen=True)
class PredictorConfig:
    """Hyperparameters; the defaults are the single configuration chosen on validation folds."""

    c: float = 1.0
    max_related: int = 128
    # Item-slope columns are scaled to this times a standard deviation (a stronger L2 on them).
    item_slope_scale: float = 0.3
    max_iter: int = 200
    tol: float = 1e-4

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class PerformancePredictor:
    """Fit on an evidence log, then predict P(correct) one step ahead."""

    algorithm_version = ALGORITHM_VERSION

    def __init__(self, config: PredictorConfig | None = None) -> None:
        self.config = config or PredictorConfig()
        self.space: FeatureSpace | None = None
        self.coef: np.ndarray | None = None
        self.intercept: float = 0.0

    def fit(self, log: InteractionLog) -> PerformancePredictor:
        space = FeatureSpace.from_log(log, self.config.max_related)
        x = build_features(log, space, expected=cross_fitted_expectation(log))
        # Standardize the dense block (counts, rates, decayed sums) so one L2 strength suits all of it and
        # Newton-CG converges; indicator columns stay unscaled so rare items keep their stronger shrinkage.
        # Item slopes (item indicator x a dense column) are scaled down by ``item_slope_scale``, which
        # shrinks each item's own slope harder than the shared weights.
        off = space.offsets()
        scale = np.ones(x.shape[1])
        dense = x[:, off["dense"] : off["dense"] + space.n_dense].toarray()
        std = np.maximum(dense.std(axis=0), 1e-6)
        scale[off["dense"] : off["dense"] + space.n_dense] = 1.0 / std
        for j, c in enumerate(space.dense_slope_columns()):
            start = off["item_slope"] + j * space.n_items
            scale[start : start + space.n_items] = self.config.item_slope_scale / std[c]
        x = x @ sp.diags(scale)
        clf = LogisticRegression(
            C=self.config.c, solver="newton-cg", max_iter=self.config.max_iter, tol=self.config.tol
        )
        clf.fit(x, log.correct.astype(np.int64))
        self.space = space
        # Fold the scaling into the weights so prediction works on raw features.
        self.coef = clf.coef_[0].astype(np.float64) * scale
        self.intercept = float(clf.intercept_[0])
        return self

    def _require(self) -> tuple[FeatureSpace, np.ndarray]:
        if self.space is None or self.coef is None:
            raise RuntimeError("the predictor is not fitted")
        return self.space, self.coef

    def decision(self, x: sp.csr_matrix) -> np.ndarray:
        _, coef = self._require()
        return np.asarray(x @ coef).ravel() + self.intercept

    def predict_log(self, log: InteractionLog) -> np.ndarray:
        """P(correct) of every row given only the same learner's earlier rows (one step ahead)."""
        space, _ = self._require()
        if log.n_items != space.n_items or log.n_competencies != space.n_competencies:
            raise ValueError("the log's item/competency space differs from the fitted one")
        z = self.decision(build_features(log, space))
        return 1.0 / (1.0 + np.exp(-z))

    def predict_next(
        self,
        history: InteractionLog,
        item: int,
        timestamp: float | None = None,
    ) -> float:
        """P(correct) for one learner's next attempt at ``item``, given their history (one learner only)."""
        if len(history) and len(np.unique(history.learner)) != 1:
            raise ValueError("predict_next takes the history of exactly one learner")
        learner = history.learner[0] if len(history) else 0
        ts = None
        if history.timestamp is not None:
            ts = np.append(history.timestamp, history.timestamp[-1] if timestamp is None else timestamp)
        probe = InteractionLog(
            learner=np.append(history.learner, learner),
            item=np.append(history.item, item),
            correct=np.append(history.correct, 0).astype(np.int8),
            unit=np.append(history.unit, item),
            q_matrix=history.q_matrix,
            timestamp=ts,
        )
        return float(self.predict_log(probe)[-1])

    def to_dict(self) -> dict[str, Any]:
        space, coef = self._require()
        nz = np.flatnonzero(coef)
        return {
            "algorithm_version": ALGORITHM_VERSION,
            "config": self.config.to_dict(),
            "n_items": space.n_items,
            "n_competencies": space.n_competencies,
            "related": space.related.tolist(),
            "use_time": space.use_time,
            "similarity": space.similarity.tolist(),
            "slot_mean": space.slot_mean.tolist(),
            "item_mean": space.item_mean.tolist(),
            "n_features": len(coef),
            "coef_index": nz.tolist(),
            "coef_value": coef[nz].tolist(),
            "intercept": self.intercept,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PerformancePredictor:
        if data.get("algorithm_version") != ALGORITHM_VERSION:
            raise ValueError(f"cannot read a predictor of version {data.get('algorithm_version')!r}")
        model = cls(PredictorConfig(**data["config"]))
        model.space = FeatureSpace(
            n_items=int(data["n_items"]),
            n_competencies=int(data["n_competencies"]),
            related=np.asarray(data["related"], dtype=np.int64),
            use_time=bool(data["use_time"]),
            similarity=np.asarray(data["similarity"], dtype=np.float64),
            slot_mean=np.asarray(data["slot_mean"], dtype=np.float64),
            item_mean=np.asarray(data["item_mean"], dtype=np.float64),
        )
        coef = np.zeros(int(data["n_features"]))
        coef[np.asarray(data["coef_index"], dtype=np.int64)] = np.asarray(
            data["coef_value"], dtype=np.float64
        )
        model.coef = coef
        model.intercept = float(data["intercept"])
        return model
