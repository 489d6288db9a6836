"""Run pyBKT (standard and +forgets) on one train/test split; print one JSON object on stdout.

Runs inside its own virtualenv (benchmarks/.venv-pybkt, created by trellis.learner_model.kt_benchmark)
because pyBKT 1.4.3's C++ build needs numpy < 2 and scikit-learn 1.6, which conflict with the product's pins.
Input: CSV files with columns row, user_id, skill_name, correct, order_id (rows of a learner in time order).
Output: {"pybkt": {...}, "pybkt-forgets": {...}} with fit seconds, predict seconds and one prediction per
test row (in ``row`` order). Test rows whose skill pyBKT never saw in training get the training mean, as a
model with no parameters for that skill would.

Usage: python pybkt_runner.py TRAIN.csv TEST.csv --seed 42 [--num-fits 5]
"""

from __future__ import annotations

import argparse
import json
import sys
import time

import numpy as np
import pandas as pd
from pyBKT.models import Model


def run(
    train: pd.DataFrame, test: pd.DataFrame, seed: int, num_fits: int, forgets: bool
) -> dict[str, object]:
    model = Model(seed=seed, num_fits=num_fits)
    t0 = time.perf_counter()
    model.fit(data=train, forgets=forgets)
    fit_seconds = time.perf_counter() - t0
    known = test["skill_name"].isin(set(train["skill_name"]))
    predictions = np.full(len(test), float(train["correct"].mean()))
    t0 = time.perf_counter()
    if known.any():
        out = model.predict(data=test[known].copy())
        predictions[np.flatnonzero(known.to_numpy())] = out.sort_values("row")[
            "correct_predictions"
        ].to_numpy()
    predict_seconds = time.perf_counter() - t0
    return {
        "fit_seconds": fit_seconds,
        "predict_seconds": predict_seconds,
        "predictions": predictions.tolist(),
        "version": "pyBKT 1.4.3",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("train")
    parser.add_argument("test")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--num-fits", type=int, default=5)
    args = parser.parse_args()
    dtypes = {"row": np.int64, "user_id": str, "skill_name": str, "correct": np.int64, "order_id": np.int64}
    train = pd.read_csv(args.train, dtype=dtypes)
    test = pd.read_csv(args.test, dtype=dtypes).sort_values("row").reset_index(drop=True)
    result = {
        "pybkt": run(train, test, args.seed, args.num_fits, forgets=False),
        "pybkt-forgets": run(train, test, args.seed, args.num_fits, forgets=True),
    }
    json.dump(result, sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
