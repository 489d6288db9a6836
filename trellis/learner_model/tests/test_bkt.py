from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trellis.learner_model.bkt import (
    ALGORITHM_VERSION,
    BKTModel,
    BKTParams,
    bkt_predict,
    bkt_replay,
    bkt_update,
    fit_bkt,
)
from trellis.learner_model.tests.conftest import simulate_bkt


def test_em_recovers_simulated_parameters(true_params: list[BKTParams]) -> None:
    comp, learner, correct = simulate_bkt(true_params, n_learners=1500, n_steps=12, seed=7)
    model = fit_bkt(comp, learner, correct, 2, max_iter=300, tol=1e-6)
    for c, p in enumerate(true_params):
        got = model.params(c)
        assert got.prior == pytest.approx(p.prior, abs=0.06)
        assert got.learn == pytest.approx(p.learn, abs=0.05)
        assert got.guess == pytest.approx(p.guess, abs=0.05)
        assert got.slip == pytest.approx(p.slip, abs=0.04)
        assert got.forget == 0.0


def test_em_with_forgetting_recovers_forget() -> None:
    truth = [BKTParams(prior=0.4, learn=0.25, guess=0.15, slip=0.1, forget=0.08)]
    comp, learner, correct = simulate_bkt(truth, n_learners=2000, n_steps=15, seed=3)
    got = fit_bkt(comp, learner, correct, 1, forgets=True, max_iter=400, tol=1e-6).params(0)
    assert got.forget == pytest.approx(0.08, abs=0.04)
    assert got.learn == pytest.approx(0.25, abs=0.07)


def test_em_improves_likelihood_and_fills_unseen_competencies(true_params: list[BKTParams]) -> None:
    comp, learner, correct = simulate_bkt(true_params, n_learners=200, n_steps=5, seed=1)
    short = fit_bkt(comp, learner, correct, 3, max_iter=1)
    longer = fit_bkt(comp, learner, correct, 3, max_iter=50)
    assert longer.fit_info["log_likelihood"] >= short.fit_info["log_likelihood"]
    # Competency 2 has no evidence: it gets a weighted mean of the others, inside their range.
    assert min(longer.learn[:2]) <= longer.learn[2] <= max(longer.learn[:2])


evidence_logs = st.lists(
    st.tuples(st.integers(0, 3), st.integers(0, 4), st.booleans()),
    min_size=0,
    max_size=60,
)


@settings(max_examples=200, deadline=None)
@given(
    log=evidence_logs,
    prior=st.floats(0.0, 1.0),
    learn=st.floats(0.0, 1.0),
    guess=st.floats(0.01, 0.99),
    slip=st.floats(0.01, 0.99),
    forget=st.floats(0.0, 1.0),
)
def test_replay_equals_incremental_updates_exactly(
    log: list[tuple[int, int, bool]], prior: float, learn: float, guess: float, slip: float, forget: float
) -> None:
    params = BKTParams(prior=prior, learn=learn, guess=guess, slip=slip, forget=forget)
    model = BKTModel.uniform(4, params)
    states: dict[tuple[int, int], float] = {}
    predictions = []
    for c, u, y in log:
        s = states.get((u, c), params.prior)
        predictions.append(bkt_predict(s, params))
        states[(u, c)] = bkt_update(s, y, params)
    comp = np.array([e[0] for e in log], dtype=np.int64)
    learner = np.array([e[1] for e in log], dtype=np.int64)
    correct = np.array([e[2] for e in log], dtype=bool)
    result = bkt_replay(comp, learner, correct, model, return_predictions=True)
    replayed = {
        (int(u), int(c)): float(s)
        for u, c, s in zip(result.learner, result.competency, result.state, strict=True)
    }
    assert replayed == states  # exact float equality, not approx
    assert result.predictions is not None
    assert result.predictions.tolist() == predictions


def test_replay_continues_from_stored_states() -> None:
    params = BKTParams(prior=0.2, learn=0.1, guess=0.2, slip=0.1)
    model = BKTModel.uniform(1, params)
    comp = np.zeros(6, dtype=np.int64)
    learner = np.zeros(6, dtype=np.int64)
    correct = np.array([1, 0, 1, 1, 0, 1])
    whole = bkt_replay(comp, learner, correct, model).state[0]
    first = bkt_replay(comp[:3], learner[:3], correct[:3], model).state[0]
    rest = bkt_replay(comp[3:], learner[3:], correct[3:], model, initial_state=np.full(3, first)).state[0]
    assert rest == whole


def test_best_start_per_competency_is_kept(true_params: list[BKTParams]) -> None:
    comp, learner, correct = simulate_bkt(true_params, n_learners=300, n_steps=6, seed=5)
    one = fit_bkt(comp, learner, correct, 2, starts=((0.4, 0.15, 0.2, 0.1),))
    several = fit_bkt(comp, learner, correct, 2)
    assert several.fit_info["starts"] > 1
    assert several.fit_info["log_likelihood"] >= one.fit_info["log_likelihood"] - 1e-9
    with pytest.raises(ValueError, match="start"):
        fit_bkt(comp, learner, correct, 2, starts=())


def test_replay_rejects_unknown_competency() -> None:
    model = BKTModel.uniform(2, BKTParams(0.2, 0.1, 0.2, 0.1))
    with pytest.raises(ValueError, match="competency"):
        bkt_replay(np.array([2]), np.array([0]), np.array([1]), model)


def test_params_serialize_with_version() -> None:
    p = BKTParams(prior=0.3, learn=0.2, guess=0.2, slip=0.1, forget=0.01)
    data = p.to_dict()
    assert data["algorithm_version"] == ALGORITHM_VERSION
    assert BKTParams.from_dict(data) == p
    with pytest.raises(ValueError, match="version"):
        BKTParams.from_dict({**data, "algorithm_version": "other/9"})


def test_model_serializes_with_version(true_params: list[BKTParams]) -> None:
    comp, learner, correct = simulate_bkt(true_params, n_learners=50, n_steps=4, seed=2)
    model = fit_bkt(comp, learner, correct, 2)
    again = BKTModel.from_dict(model.to_dict())
    assert again.to_dict() == model.to_dict()
    assert again.params(1) == model.params(1)


@pytest.mark.parametrize(
    ("field", "value"), [("prior", 1.5), ("guess", 0.0), ("slip", 1.0), ("learn", -0.1), ("forget", 2.0)]
)
def test_params_validate_ranges(field: str, value: float) -> None:
    args: dict[str, float] = {
        "prior": 0.3,
        "learn": 0.2,
        "guess": 0.2,
        "slip": 0.1,
        "forget": 0.0,
        field: value,
    }
    with pytest.raises(ValueError, match=field):
        BKTParams(
            prior=args["prior"],
            learn=args["learn"],
            guess=args["guess"],
            slip=args["slip"],
            forget=args["forget"],
        )


def test_update_moves_toward_evidence() -> None:
    p = BKTParams(prior=0.3, learn=0.1, guess=0.2, slip=0.1)
    assert bkt_update(0.3, True, p) > 0.3
    assert bkt_update(0.3, False, p) < bkt_update(0.3, True, p)
    assert 0.0 <= bkt_update(1.0, False, p) <= 1.0
