"""The learner model: evidence -> mastery -> predictions -> review dates.

Pure Python on numpy, scipy, scikit-learn and fsrs.
No Django and nothing else of trellis is imported here (an import-linter contract enforces it). Every
stored estimate carries the ``algorithm_version`` of what produced it. Stable API used by the services:

Mastery tracing (BKT), :mod:`trellis.learner_model.bkt`
    ``BKTParams(prior, learn, guess, slip, forget=0.0)`` with ``to_dict()`` / ``from_dict()``;
    ``bkt_update(state, correct, params) -> float`` (one evidence, a few hundred nanoseconds);
    ``bkt_predict(state, params) -> float`` (P(correct) next);
    ``bkt_replay(competency, learner, correct, model, initial_state=None, return_predictions=False)``
    -> ``ReplayResult(learner, competency, state, n_evidence, predictions)``, vectorized over many
    learners x competencies and bit-for-bit equal to folding ``bkt_update`` (rebuild == incremental);
    ``fit_bkt(competency, learner, correct, n_competencies, forgets=False) -> BKTModel`` (EM, all
    competencies at once); ``BKTModel.params(c)``, ``BKTModel.to_dict()`` / ``from_dict()``.
    State = P(mastered) before the next opportunity; a new pair starts at ``prior``.

Rubric mastery, :mod:`trellis.learner_model.rubric`
    ``rubric_mastery(levels, method, scale_max=4, threshold=3.0, **opts) -> MasteryEstimate`` where
    ``levels`` is a sequence of (level, timestamp) in log order and ``method`` is one of
    "learner_model", "decaying_average", "most_recent", "highest", "n_times".
    Incremental form: ``rubric_update(state, level, timestamp, config) -> RubricState`` then
    ``rubric_estimate(state, method, config)``; a rebuild is exactly the same fold.
    ``MasteryEstimate(estimate 0..1, level, confidence 0..1, mastered, method, n_evidence,
    algorithm_version)``.

Review scheduling, :mod:`trellis.learner_model.scheduling`
    ``review_due(mastered_at, reviews=(), desired_retention=0.9) -> datetime`` (timezone-aware, FSRS);
    ``ReviewEvent(at, rating)``, ``rating_from_correct(bool)``,
    ``rating_from_level(level, scale_max, threshold)``.

Performance prediction, :mod:`trellis.learner_model.predictor`
    ``PerformancePredictor(PredictorConfig()).fit(log)``; ``predict_log(log)`` (one step ahead for every
    row); ``predict_next(history, item)`` (one learner); ``to_dict()`` / ``from_dict()``.
    Logs are :class:`trellis.learner_model.data.InteractionLog` (``InteractionLog.from_arrays``).

Pathways, :mod:`trellis.learner_model.pathways` and :mod:`trellis.learner_model.pacing`
    ``PathwayGraph(competencies, prerequisites, assessable=...)`` and ``Catalog(activities)`` (built once
    per school); ``ready_fringe(graph, mastered)``; ``suggest(graph, catalog, LearnerState(...), today=...,
    limit=5) -> list[Suggestion]`` (several options, each with ``Reason(code, params)``);
    ``stuck_competencies``, ``small_groups``; ``pace(graph, targets, mastered, today=...) -> Pacing``.
    ``trellis bench pathways [--json]`` runs :mod:`trellis.learner_model.pathways_simulation`. ADR 0008.

Benchmark, :mod:`trellis.learner_model.kt_benchmark`
    ``main(argv) -> int`` implements ``trellis bench kt --dataset NAME [--data-dir DIR] [--json]
    [--no-pybkt] [--seed N]``. Design notes: ``docs/adr/0003-learner-model.md``.
"""

from trellis.learner_model.bkt import (
    BKTModel,
    BKTParams,
    ReplayResult,
    bkt_predict,
    bkt_replay,
    bkt_update,
    fit_bkt,
)
from trellis.learner_model.data import InteractionLog
from trellis.learner_model.predictor import PerformancePredictor, PredictorConfig
from trellis.learner_model.rubric import (
    METHODS,
    MasteryEstimate,
    RubricConfig,
    RubricState,
    rubric_estimate,
    rubric_mastery,
    rubric_update,
)
from trellis.learner_model.scheduling import ReviewEvent, rating_from_correct, rating_from_level, review_due

__all__ = [
    "METHODS",
    "BKTModel",
    "BKTParams",
    "InteractionLog",
    "MasteryEstimate",
    "PerformancePredictor",
    "PredictorConfig",
    "ReplayResult",
    "ReviewEvent",
    "RubricConfig",
    "RubricState",
    "bkt_predict",
    "bkt_replay",
    "bkt_update",
    "fit_bkt",
    "rating_from_correct",
    "rating_from_level",
    "review_due",
    "rubric_estimate",
    "rubric_mastery",
    "rubric_update",
]
