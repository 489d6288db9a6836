"""The pathways simulation behind `trellis bench pathways`, at a tiny size (its figures are a benchmark)."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

from trellis.learner_model import pathways_simulation as sim

TINY = sim.SimulationConfig(
    competencies=16, layers=4, targets=2, learners=6, seeds=(3,), calibration_learners=40
)


def test_same_seed_same_figures_and_every_policy_reported() -> None:
    first = sim.run_simulation(TINY)
    again = sim.run_simulation(TINY)
    for name in sim.POLICIES:
        assert first[name] == again[name] > 0
        assert first["targets_per_100_attempts"][name] > 0
    assert first["per_seed"] == again["per_seed"]
    assert first["reduction_vs_fixed"] == pytest.approx(1 - first["suggested"] / first["fixed"], abs=1e-4)


def test_the_world_follows_its_prerequisites() -> None:
    world = sim.make_world(3, TINY)
    assert world.curriculum[-1] in world.targets or set(world.targets) <= set(world.curriculum)
    needed = set(world.curriculum)
    for target in world.targets:
        assert set(world.graph.members(world.graph.ancestors[target])) <= needed
    for learner in sim.make_learners(world, 50, np.random.default_rng(1)):
        for c in learner.known:
            assert all(p in learner.known for p in world.graph.prerequisites.get(c, ()))


def test_the_stop_is_the_hidden_truth_and_policies_see_only_answers() -> None:
    world = sim.make_world(3, TINY)
    model = sim._calibrate(world, TINY, 3)
    knows_all = sim.SimLearner(frozenset(range(len(world.graph))), 1.0)
    run = sim._Run(world, knows_all, model, TINY, np.random.default_rng(0))
    assert run.done and run.attempts == 0  # nothing to do: targets already truly known
    beginner = sim.SimLearner(frozenset(), 1.0)
    run = sim._Run(world, beginner, model, TINY, np.random.default_rng(0))
    sim._fixed(run, stop_early=False)
    assert run.targets_left == 0 and run.attempts > 0
    # The estimator's view started from the fitted priors, not from what the learner knew.
    assert all(0 < p.prior < 1 for p in (model.params(c) for c in range(len(world.graph))))


def test_learning_is_slow_until_prerequisites_are_truly_known() -> None:
    world = sim.make_world(3, TINY)
    model = sim._calibrate(world, TINY, 3)
    blocked = next(c for c in world.graph.order if world.graph.prerequisites.get(c))
    learned = {True: 0, False: 0}
    for ready in (True, False):
        for n in range(300):
            known = frozenset(world.graph.members(world.graph.ancestors[blocked])) if ready else frozenset()
            run = sim._Run(
                world, sim.SimLearner(known, 1.0), model, replace(TINY, set_size=1), np.random.default_rng(n)
            )
            run.practice(blocked, stop_early=False)
            learned[ready] += blocked in run.known
    assert learned[True] > 3 * learned[False]


def test_command_line_prints_json_and_refuses_bad_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    assert sim.main(["--json", "--seeds", "3", "--learners", "3", "--competencies", "16"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {"fixed", "random", "suggested", "targets_per_100_attempts", "per_seed"} <= set(out)
    assert sim.main(["--seeds", "x"]) == 2
    assert "--seeds" in capsys.readouterr().err
