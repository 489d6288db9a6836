"""Small generated evidence logs shared by the learner-model tests."""

from __future__ import annotations

import numpy as np
import pytest

from trellis.learner_model.bkt import BKTParams


def simulate_bkt(
    params: list[BKTParams], n_learners: int, n_steps: int, seed: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Learners practice every competency ``n_steps`` times, interleaved.

    Returns (competency, learner, correct) arrays in time order.
    """
    rng = np.random.default_rng(seed)
    comps, learners, answers = [], [], []
    for u in range(n_learners):
        known = [rng.random() < p.prior for p in params]
        for _ in range(n_steps):
            for c, p in enumerate(params):
                correct = rng.random() < ((1 - p.slip) if known[c] else p.guess)
                comps.append(c)
                learners.append(u)
                answers.append(int(correct))
                if known[c]:
                    known[c] = not (rng.random() < p.forget)
                else:
                    known[c] = rng.random() < p.learn
    return np.asarray(comps), np.asarray(learners), np.asarray(answers)


@pytest.fixture(scope="session")
def true_params() -> list[BKTParams]:
    return [
        BKTParams(prior=0.3, learn=0.2, guess=0.2, slip=0.1),
        BKTParams(prior=0.6, learn=0.1, guess=0.25, slip=0.05),
    ]
