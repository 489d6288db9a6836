"""Does following the suggestions help? A simulation of synthetic learners (``trellis bench pathways``).

Pure Python on numpy (no Django, no database). For each seed:

1. **A known world.** A layered prerequisite graph of ``competencies`` competencies (each one past the
   first layer needs one to three of the layer before). Every competency has hidden BKT parameters
   (learn, guess, slip); every learner has a hidden ability (a multiplier on learning) and starts knowing
   some competencies (likelier in early layers, and only when their prerequisites are known too).
   Learning is slow until the prerequisites are *truly* known: the learn rate is multiplied by
   ``blocked_learning`` (0.1) until then. Forgetting is off. The plan's ``targets`` competencies are drawn
   from the last two layers; the *curriculum* is every competency they need, in topological order.
2. **Our estimator, not the truth.** A calibration cohort (other learners of the same world, who worked
   through the whole framework once in topological order, ``calibration_attempts`` (5) attempts each,
   whatever the policies' set size) gives the answer log that :func:`trellis.learner_model.bkt.fit_bkt`
   fits per-competency BKT parameters to, as a school would fit last year's answers. Every policy then
   sees only each learner's own answers and tracks them with :func:`~trellis.learner_model.bkt.bkt_update`
   under the fitted parameters: a competency counts as mastered once P(mastered) ≥ ``threshold`` (0.95).
3. **Three policies** (the same learners for each: same start, same ability), in practice sets of up to
   ``set_size`` attempts:

   - ``fixed``: the curriculum in topological order, ``set_size`` attempts on every competency (a practice
     set is done whole); then back over those the estimator does not yet call mastered, pass after pass.
   - ``random``: a competency drawn uniformly from the ready ones (prerequisites mastered by the estimate,
     itself not) of the whole framework; the set stops early once the estimate says mastered.
   - ``suggested``: the first of our suggestions (:func:`trellis.learner_model.pathways.suggest`, with the
     targets on the plan); the set stops early once the estimate says mastered.

   Detail rows: ``fixed_until_mastered`` (curriculum order, but each set stops early and mastered ones are
   skipped — a mastery-based fixed sequence) and ``suggested_choice_of_three`` (the learner picks one of
   the first three suggestions at random, as a person choosing would).
   When a policy has nothing left to do by its own rule while a target is not yet truly known (the
   estimator was fooled by lucky answers), it does what all do: one check on the needed competency with
   the lowest estimate.
4. **The same stop for everyone**: a learner is done when every target is *truly* known (the hidden
   state), or after ``max_attempts`` attempts (counted as ``max_attempts``; how many hit it is reported).

Reported: attempts to reach the targets (mean over learners, then over seeds), mastered targets per 100
attempts, and the reduction of ``suggested`` against ``fixed`` (the bar asks for ≥ 20%).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np

from trellis.learner_model.bkt import BKTModel, bkt_update, fit_bkt
from trellis.learner_model.pathways import (
    ActivityInfo,
    Catalog,
    LearnerState,
    PathwayGraph,
    ready_fringe,
    suggest,
)

__all__ = ["SimulationConfig", "main", "run_simulation"]

POLICIES = ("fixed", "random", "suggested", "fixed_until_mastered", "suggested_choice_of_three")
HEADLINE = ("fixed", "random", "suggested")
TARGET_REDUCTION = 0.20
START_DAY = date(2026, 1, 5)


@dataclass(frozen=True)
class SimulationConfig:
    competencies: int = 40
    layers: int = 6
    targets: int = 4
    learners: int = 100
    seeds: tuple[int, ...] = (1, 2, 3, 4, 5)
    set_size: int = 5
    max_attempts: int = 2000
    threshold: float = 0.95
    blocked_learning: float = 0.1
    calibration_learners: int = 300
    calibration_attempts: int = 5  # per competency, last year's class: the same for every set size
    target_days: int = 60  # the plan's target date, in practice sets from the start


@dataclass(frozen=True)
class World:
    graph: PathwayGraph
    layer: tuple[int, ...]
    learn: tuple[float, ...]
    guess: tuple[float, ...]
    slip: tuple[float, ...]
    known_at_start: tuple[float, ...]  # P(known at the start | prerequisites known)
    targets: tuple[int, ...]
    curriculum: tuple[int, ...]  # everything the targets need, in topological order


@dataclass(frozen=True)
class SimLearner:
    known: frozenset[int]
    ability: float


def make_world(seed: int, config: SimulationConfig) -> World:
    rng = np.random.default_rng(seed)
    n, layers = config.competencies, config.layers
    layer = tuple(min(layers - 1, i * layers // n) for i in range(n))
    by_layer: dict[int, list[int]] = {}
    for c, k in enumerate(layer):
        by_layer.setdefault(k, []).append(c)
    prerequisites: dict[int, list[int]] = {}
    for c, k in enumerate(layer):
        if k == 0:
            continue
        pool = by_layer[k - 1]
        count = int(rng.integers(1, min(3, len(pool)) + 1))
        prerequisites[c] = sorted(int(p) for p in rng.choice(pool, size=count, replace=False))
    graph = PathwayGraph(range(n), prerequisites)
    learn = tuple(float(x) for x in rng.uniform(0.08, 0.3, n))
    guess = tuple(float(x) for x in rng.uniform(0.1, 0.3, n))
    slip = tuple(float(x) for x in rng.uniform(0.05, 0.15, n))
    known_at_start = tuple(max(0.05, 0.7 - 0.15 * k) for k in layer)
    last_two = [c for c in range(n) if layer[c] >= layers - 2]
    targets = tuple(
        sorted(int(t) for t in rng.choice(last_two, size=min(config.targets, len(last_two)), replace=False))
    )
    needed = 0
    for t in targets:
        needed |= graph.requirement_mask(t)
    return World(graph, layer, learn, guess, slip, known_at_start, targets, tuple(graph.members(needed)))


def make_learners(world: World, count: int, rng: np.random.Generator) -> list[SimLearner]:
    learners = []
    prerequisites = world.graph.prerequisites
    for _ in range(count):
        known: set[int] = set()
        for c in world.graph.order:
            if all(p in known for p in prerequisites.get(c, ())) and rng.random() < world.known_at_start[c]:
                known.add(c)
        learners.append(SimLearner(frozenset(known), float(np.exp(rng.normal(0.0, 0.4)))))
    return learners


class _Run:
    """One learner under one policy: the hidden truth, the estimator's view, and the attempt count."""

    def __init__(
        self,
        world: World,
        learner: SimLearner,
        model: BKTModel,
        config: SimulationConfig,
        rng: np.random.Generator,
    ) -> None:
        self.world, self.config, self.rng = world, config, rng
        self.known = set(learner.known)
        self.ability = learner.ability
        self.params = [model.params(c) for c in range(len(world.graph))]
        self.estimate = [p.prior for p in self.params]
        self.practiced: dict[int, int] = {}
        self.mastered_on: dict[int, date] = {}
        self.recent: list[int] = []  # the latest practice sets' competencies, newest last
        self.attempts = 0
        self.sets = 0
        self.targets_left = sum(1 for t in world.targets if t not in self.known)

    @property
    def done(self) -> bool:
        return self.targets_left == 0 or self.attempts >= self.config.max_attempts

    def today(self) -> date:
        return START_DAY + timedelta(days=self.sets)

    def estimated_mastered(self, c: int) -> bool:
        return self.estimate[c] >= self.config.threshold

    def practice(self, c: int, *, stop_early: bool, size: int | None = None) -> None:
        """One practice set on `c`: up to `size` (default set_size) attempts."""
        world, rng = self.world, self.rng
        self.sets += 1
        self.recent = [*self.recent[-2:], c]
        for _ in range(self.config.set_size if size is None else size):
            if self.done:
                return
            knows = c in self.known
            correct = rng.random() < (1.0 - world.slip[c] if knows else world.guess[c])
            if not knows:
                rate = world.learn[c] * self.ability
                if not all(p in self.known for p in world.graph.prerequisites.get(c, ())):
                    rate *= self.config.blocked_learning
                if rng.random() < min(1.0, rate):
                    self.known.add(c)
                    if c in world.targets:
                        self.targets_left -= 1
            self.estimate[c] = bkt_update(self.estimate[c], bool(correct), self.params[c])
            self.practiced[c] = self.practiced.get(c, 0) + 1
            self.attempts += 1
            if self.estimated_mastered(c):
                self.mastered_on.setdefault(c, self.today())
            else:
                self.mastered_on.pop(c, None)
            if stop_early and self.estimated_mastered(c):
                return

    def check_least_certain(self) -> None:
        """What every policy does when its own rule has nothing left: one check on the needed competency
        with the lowest estimate."""
        c = min(self.world.curriculum, key=lambda x: (self.estimate[x], x))
        self.practice(c, stop_early=False, size=1)

    def mastered_view(self) -> dict[int, date | None]:
        return {c: self.mastered_on.get(c) for c in range(len(self.estimate)) if self.estimated_mastered(c)}


def _fixed(run: _Run, *, stop_early: bool) -> None:
    first = True
    while not run.done:
        todo = [
            c for c in run.world.curriculum if (first and not stop_early) or not run.estimated_mastered(c)
        ]
        first = False
        if not todo:
            run.check_least_certain()
            continue
        for c in todo:
            if run.done:
                return
            if stop_early and run.estimated_mastered(c):
                continue
            run.practice(c, stop_early=stop_early)


def _random(run: _Run) -> None:
    graph = run.world.graph
    while not run.done:
        fringe = ready_fringe(graph, run.mastered_view())
        if not fringe:
            run.check_least_certain()
            continue
        run.practice(fringe[int(run.rng.integers(len(fringe)))], stop_early=True)


def _suggested(run: _Run, catalog: Catalog, *, choose_among: int) -> None:
    graph = run.world.graph
    target_date = START_DAY + timedelta(days=run.config.target_days)
    targets = dict.fromkeys(run.world.targets, target_date)
    while not run.done:
        mastered = run.mastered_view()
        state = LearnerState(
            mastered=mastered,
            estimates={c: run.estimate[c] for c in run.practiced if c not in mastered},
            evidence_counts=run.practiced,
            recent_activities=frozenset(run.recent),
            targets=targets,
        )
        options = suggest(graph, catalog, state, today=run.today(), limit=max(3, choose_among))
        if not options:
            run.check_least_certain()
            continue
        pick = 0 if choose_among <= 1 else int(run.rng.integers(min(choose_among, len(options))))
        run.practice(options[pick].competency, stop_early=True)


def _calibrate(world: World, config: SimulationConfig, seed: int) -> BKTModel:
    """Fit BKT to a calibration cohort's answers: other learners of the same world, who worked through
    the whole framework once in topological order (calibration_attempts each)."""
    rng = np.random.default_rng(seed + 1_000_003)
    competency: list[int] = []
    learner: list[int] = []
    correct: list[bool] = []
    for index, sim in enumerate(make_learners(world, config.calibration_learners, rng)):
        known = set(sim.known)
        for c in world.graph.order:
            for _ in range(config.calibration_attempts):
                knows = c in known
                competency.append(c)
                learner.append(index)
                correct.append(bool(rng.random() < (1.0 - world.slip[c] if knows else world.guess[c])))
                if not knows:
                    rate = world.learn[c] * sim.ability
                    if not all(p in known for p in world.graph.prerequisites.get(c, ())):
                        rate *= config.blocked_learning
                    if rng.random() < min(1.0, rate):
                        known.add(c)
    return fit_bkt(np.array(competency), np.array(learner), np.array(correct), len(world.graph))


def _policy_runner(name: str, catalog: Catalog) -> Callable[[_Run], None]:
    return {
        "fixed": lambda run: _fixed(run, stop_early=False),
        "fixed_until_mastered": lambda run: _fixed(run, stop_early=True),
        "random": _random,
        "suggested": lambda run: _suggested(run, catalog, choose_among=1),
        "suggested_choice_of_three": lambda run: _suggested(run, catalog, choose_among=3),
    }[name]


def run_seed(seed: int, config: SimulationConfig, policies: Sequence[str] = POLICIES) -> dict[str, Any]:
    world = make_world(seed, config)
    model = _calibrate(world, config, seed)
    learners = make_learners(world, config.learners, np.random.default_rng(seed + 17))
    catalog = Catalog(
        ActivityInfo(c, "practice_set", "digital_practice", (c,)) for c in range(len(world.graph))
    )
    out: dict[str, Any] = {
        "seed": seed,
        "curriculum_size": len(world.curriculum),
        "targets_known_at_start": float(
            np.mean([sum(t in s.known for t in world.targets) for s in learners])
        ),
        "policies": {},
    }
    for p_index, name in enumerate(policies):
        runner = _policy_runner(name, catalog)
        attempts, reached, targets_mastered = [], 0, 0
        for l_index, learner in enumerate(learners):
            rng = np.random.default_rng([seed, l_index, p_index])
            run = _Run(world, learner, model, config, rng)
            if run.targets_left:
                runner(run)
            attempts.append(run.attempts)
            reached += run.targets_left == 0
            targets_mastered += len(world.targets) - run.targets_left
        total = sum(attempts)
        out["policies"][name] = {
            "attempts_mean": float(np.mean(attempts)),
            "attempts_median": float(np.median(attempts)),
            "reached_share": reached / len(learners),
            "capped": len(learners) - reached,
            "targets_per_100_attempts": 100.0 * targets_mastered / total if total else 0.0,
        }
    return out


def run_simulation(config: SimulationConfig, policies: Sequence[str] = POLICIES) -> dict[str, Any]:
    """Every seed, and the means over seeds (see the module's docstring)."""
    started = time.perf_counter()
    per_seed = [run_seed(seed, config, policies) for seed in config.seeds]

    def mean(policy: str, key: str) -> float:
        return round(float(np.mean([s["policies"][policy][key] for s in per_seed])), 2)

    result: dict[str, Any] = {name: mean(name, "attempts_mean") for name in policies}
    if "fixed" in policies and "suggested" in policies and result["fixed"]:
        reduction = 1.0 - result["suggested"] / result["fixed"]
        result["reduction_vs_fixed"] = round(reduction, 4)
        result["target_reduction"] = TARGET_REDUCTION
        result["target_met"] = reduction >= TARGET_REDUCTION
    result["targets_per_100_attempts"] = {name: mean(name, "targets_per_100_attempts") for name in policies}
    result["reached_share"] = {name: mean(name, "reached_share") for name in policies}
    result["per_seed"] = per_seed
    result["config"] = {**asdict(config), "seeds": list(config.seeds)}
    result["estimator"] = (
        "trellis-bkt/1 fitted by EM (fit_bkt) on a calibration cohort; mastered at P >= threshold"
    )
    result["seconds"] = round(time.perf_counter() - started, 2)
    return result


def format_table(result: dict[str, Any]) -> str:
    names = [n for n in POLICIES if n in result]
    head = f"{'policy':<28}{'attempts':>10}{'targets/100':>13}{'reached':>9}"
    lines = [head, "-" * len(head)]
    for name in names:
        lines.append(
            f"{name:<28}{result[name]:>10.1f}{result['targets_per_100_attempts'][name]:>13.2f}"
            f"{result['reached_share'][name]:>9.0%}"
        )
    if "reduction_vs_fixed" in result:
        verdict = "met" if result["target_met"] else "NOT met"
        lines.append(
            f"suggested needs {result['reduction_vs_fixed']:.1%} fewer attempts than fixed "
            f"(target {TARGET_REDUCTION:.0%}: {verdict})"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="trellis bench pathways",
        description="Simulated learners: fixed curriculum vs random choice vs our suggestions.",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--seeds", default="1,2,3,4,5", help="comma-separated seeds (default 1,2,3,4,5)")
    parser.add_argument("--learners", type=int, default=SimulationConfig.learners, help="learners per seed")
    parser.add_argument("--competencies", type=int, default=SimulationConfig.competencies)
    parser.add_argument("--set-size", type=int, default=SimulationConfig.set_size, help="attempts per set")
    args = parser.parse_args(argv)
    try:
        seeds = tuple(int(s) for s in args.seeds.split(",") if s.strip())
    except ValueError:
        print(f"error: --seeds must be integers separated by commas, not {args.seeds!r}", file=sys.stderr)
        return 2
    if not seeds or args.learners < 1 or args.competencies < 8 or args.set_size < 1:
        print(
            "error: need at least one seed, one learner, 8 competencies and a set size of 1", file=sys.stderr
        )
        return 2
    config = SimulationConfig(
        competencies=args.competencies, learners=args.learners, seeds=seeds, set_size=args.set_size
    )
    result = run_simulation(config)
    if args.json:
        print(json.dumps(result))
    else:
        print(format_table(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
