"""Learner-model throughput: online BKT update, batch replay (rebuild), rubric update, next-item prediction.

Bars (shared/design/QUALITY.md and the learner-model issue): online update <= 50 us per evidence (median),
replay >= 1,000,000 evidence per second with the rebuilt state equal to the incremental one (checked here on a
sample of pairs, and by a property test in trellis/learner_model/tests).

    .venv/bin/python benchmarks/kt_throughput.py [--evidence 1000000] [--repeat 5] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from trellis.learner_model import (
    BKTModel,
    BKTParams,
    InteractionLog,
    PerformancePredictor,
    RubricConfig,
    RubricState,
    bkt_replay,
    bkt_update,
    rubric_update,
)


def synthetic_log(n: int, n_learners: int, n_competencies: int, seed: int) -> tuple[np.ndarray, ...]:
    """Evidence in time order: learners work through competencies in runs, as in a school term."""
    rng = np.random.default_rng(seed)
    learner = rng.integers(0, n_learners, n)
    competency = (rng.zipf(1.3, n) - 1) % n_competencies
    correct = rng.random(n) < 0.65
    return competency.astype(np.int64), learner.astype(np.int64), correct


def per_call_us(fn: Callable[[int], object], calls: int, batches: int) -> float:
    """Median over batches of the mean time per call (single calls are below the clock's resolution)."""
    samples = []
    for _ in range(batches):
        t0 = time.perf_counter_ns()
        fn(calls)
        samples.append((time.perf_counter_ns() - t0) / calls / 1000.0)
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--evidence", type=int, default=1_000_000)
    parser.add_argument("--learners", type=int, default=20_000)
    parser.add_argument("--competencies", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()

    comp, learner, correct = synthetic_log(args.evidence, args.learners, args.competencies, args.seed)
    rng = np.random.default_rng(args.seed)
    c = args.competencies
    model = BKTModel(
        prior=rng.uniform(0.1, 0.6, c),
        learn=rng.uniform(0.05, 0.3, c),
        guess=rng.uniform(0.1, 0.3, c),
        slip=rng.uniform(0.05, 0.15, c),
        forget=rng.uniform(0.0, 0.05, c),
    )
    results: list[dict[str, object]] = []

    # Online update, as a service does it: stored params dict -> BKTParams, stored state -> new state.
    params = model.params(3)
    stored = params.to_dict()
    ys = correct[:10_000].tolist()

    def updates(k: int) -> None:
        s = 0.3
        for i in range(k):
            s = bkt_update(s, ys[i % 10_000], params)

    def updates_with_params(k: int) -> None:
        s = 0.3
        for i in range(k):
            s = bkt_update(s, ys[i % 10_000], BKTParams.from_dict(stored))

    results.append({"name": "bkt_update", "us_per_evidence": per_call_us(updates, 10_000, 25)})
    results.append(
        {
            "name": "bkt_update + BKTParams.from_dict",
            "us_per_evidence": per_call_us(updates_with_params, 10_000, 25),
        }
    )

    # Rebuild: replay the whole log.
    times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        result = bkt_replay(comp, learner, correct, model)
        times.append(time.perf_counter() - t0)
    med = statistics.median(times)
    # Exactness spot check against sequential updates on 200 pairs.
    picks = rng.choice(len(result.state), 200, replace=False)
    mismatches = 0
    for j in picks:
        u, k = int(result.learner[j]), int(result.competency[j])
        p = model.params(k)
        s = p.prior
        for y in correct[(learner == u) & (comp == k)].tolist():
            s = bkt_update(s, y, p)
        mismatches += s != float(result.state[j])
    results.append(
        {
            "name": "bkt_replay",
            "evidence": args.evidence,
            "pairs": len(result.state),
            "seconds_median": med,
            "evidence_per_second": args.evidence / med,
            "exact_mismatches_in_200_pairs": mismatches,
        }
    )

    config = RubricConfig()
    t_base = datetime(2026, 1, 1, tzinfo=UTC)
    levels = (rng.integers(1, 5, 10_000)).tolist()

    def rubric_updates(k: int) -> None:
        st = RubricState()
        for i in range(k):
            st = rubric_update(st, levels[i % 10_000], t_base + timedelta(minutes=i), config)

    results.append({"name": "rubric_update", "us_per_evidence": per_call_us(rubric_updates, 5_000, 15)})

    # One learner's next-item prediction with a fitted predictor (history of 200 rows).
    n_items = 200
    train = InteractionLog.from_arrays(
        learner=np.repeat(np.arange(500), 100),
        item=rng.integers(0, n_items, 50_000),
        correct=rng.random(50_000) < 0.6,
        n_items=n_items,
    )
    predictor = PerformancePredictor().fit(train)
    hist = InteractionLog.from_arrays(
        np.zeros(200, dtype=np.int64), rng.integers(0, n_items, 200), rng.random(200) < 0.6, n_items=n_items
    )
    results.append(
        {
            "name": "predict_next (200-row history)",
            "ms_per_call": per_call_us(lambda k: [predictor.predict_next(hist, 5) for _ in range(k)], 20, 5)
            / 1000,
        }
    )

    for r in results:
        print("  ".join(f"{k}={v:,.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in r.items()))
    if args.json:
        out = {
            "benchmark": "kt_throughput",
            "machine": {
                "python": platform.python_version(),
                "cpus": os.cpu_count(),
                "platform": platform.platform(),
            },
            "results": results,
        }
        args.json.write_text(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
