from __future__ import annotations

import json

import numpy as np
import pytest
from sklearn.metrics import roc_auc_score

from trellis.learner_model.data import InteractionLog
from trellis.learner_model.predictor import ALGORITHM_VERSION, PerformancePredictor, PredictorConfig


def simulate_irt(n_learners: int, seed: int) -> InteractionLog:
    """Two latent skills of four competencies each (hidden from the model); learners improve with practice."""
    rng = np.random.default_rng(seed)
    n_items = 16
    item_comp = np.arange(n_items) % 8
    comp_skill = np.arange(8) // 4
    difficulty = rng.normal(0, 1, n_items)
    learners, items, answers = [], [], []
    for u in range(n_learners):
        ability = rng.normal(0, 1.2, 2)
        for t in range(30):
            i = int(rng.integers(n_items))
            theta = ability[comp_skill[item_comp[i]]] + 0.03 * t
            p = 1 / (1 + np.exp(-(theta - difficulty[i])))
            learners.append(u)
            items.append(i)
            answers.append(int(rng.random() < p))
    q = np.zeros((n_items, 8))
    q[np.arange(n_items), item_comp] = 1
    return InteractionLog.from_arrays(
        np.array(learners), np.array(items), np.array(answers), q_matrix=q, n_items=n_items
    )


@pytest.fixture(scope="module")
def fitted() -> tuple[PerformancePredictor, InteractionLog]:
    train = simulate_irt(400, seed=1)
    return PerformancePredictor().fit(train), simulate_irt(200, seed=2)


def test_predicts_better_than_chance_and_calibrated(
    fitted: tuple[PerformancePredictor, InteractionLog],
) -> None:
    model, test = fitted
    p = model.predict_log(test)
    # Item difficulty alone is the baseline; learner ability and related competencies must add to it.
    assert model.space is not None
    baseline = roc_auc_score(test.correct, model.space.item_mean[test.item])
    assert roc_auc_score(test.correct, p) > baseline + 0.03
    assert abs(p.mean() - test.correct.mean()) < 0.03


def test_learns_related_competencies(fitted: tuple[PerformancePredictor, InteractionLog]) -> None:
    model, _ = fitted
    assert model.space is not None
    slot = model.space.related
    sim = model.space.similarity[np.ix_(slot, slot)]
    # Competencies 0-3 share a latent skill, 4-7 another: within-skill similarity is the larger.
    within = np.mean([sim[a, b] for a in range(4) for b in range(4) if a != b])
    across = np.mean([sim[a, b] for a in range(4) for b in range(4, 8)])
    assert within > across + 0.1


def test_predict_next_matches_batch_one_step_ahead(
    fitted: tuple[PerformancePredictor, InteractionLog],
) -> None:
    model, test = fitted
    batch = model.predict_log(test)
    rows = np.flatnonzero(test.learner == test.learner[0])
    k = 10
    history = InteractionLog(
        learner=test.learner[rows[:k]],
        item=test.item[rows[:k]],
        correct=test.correct[rows[:k]],
        unit=test.unit[rows[:k]],
        q_matrix=test.q_matrix,
    )
    assert model.predict_next(history, int(test.item[rows[k]])) == pytest.approx(batch[rows[k]], abs=1e-12)


def test_serializes_with_version(fitted: tuple[PerformancePredictor, InteractionLog]) -> None:
    model, test = fitted
    data = json.loads(json.dumps(model.to_dict()))
    assert data["algorithm_version"] == ALGORITHM_VERSION
    again = PerformancePredictor.from_dict(data)
    assert np.allclose(again.predict_log(test), model.predict_log(test), atol=1e-12)
    with pytest.raises(ValueError, match="version"):
        PerformancePredictor.from_dict({**data, "algorithm_version": "trellis-lr/0"})


def test_unfitted_predictor_refuses() -> None:
    with pytest.raises(RuntimeError, match="not fitted"):
        PerformancePredictor(PredictorConfig()).predict_log(simulate_irt(2, seed=0))
