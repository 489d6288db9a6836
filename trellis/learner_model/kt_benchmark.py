"""``trellis bench kt``: the knowledge-tracing benchmark (protocol of ../shared/data/kt/README.md).

Fit on the train split only; predict every test interaction one step ahead from the same learner's earlier
test interactions; pool all test interactions; report ROC-AUC, RMSE, accuracy, fit seconds and predictions
per second. Rows: ``trellis`` (the default performance predictor), ``trellis-bkt`` and
``trellis-bkt-forgets`` (our BKT, fitted by EM, without and with forgetting),
and pyBKT standard / +forgets (``pybkt``, ``pybkt-forgets``) run on the same split in the same invocation,
in their own virtualenv, as a subprocess whose JSON we read. Deterministic: our models have no randomness;
``--seed`` seeds pyBKT's random restarts.

This module imports no pyBKT; ``main`` works without it (``--no-pybkt`` or a failed build gives an error row).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.metrics import roc_auc_score

from trellis.learner_model.bkt import bkt_replay, fit_bkt
from trellis.learner_model.data import InteractionLog, read_three_line, read_tsv_log
from trellis.learner_model.predictor import PerformancePredictor

__all__ = ["Split", "evaluate_split", "load_dataset", "main"]

PYBKT_REQUIREMENT = "pyBKT==1.4.3"
PYBKT_INSTALL = [
    "--no-build-isolation",
    "--no-binary",
    "pybkt",
    PYBKT_REQUIREMENT,
    "scikit-learn==1.6.*",
    "numpy<2",
]
PYBKT_BUILD_DEPS = ["setuptools", "wheel", "numpy<2"]
DATASETS = (
    "assist2009_dkvmn",
    "statics2011_dkvmn",
    "synthetic5_dkvmn",
    "assist2009_piech_builder",
    "assist2009_gervet",
    "statics_gervet",
)
_SYNTH_VERSIONS = 20


@dataclass(frozen=True)
class Split:
    """A train/test pair; ``unit`` of each log is what BKT traces (the id column of the source file)."""

    name: str
    train: InteractionLog
    test: InteractionLog


def _repo_root() -> Path | None:
    for start in (Path(__file__).resolve(), Path.cwd().resolve()):
        for parent in (start, *start.parents):
            if (parent / "pyproject.toml").is_file() and (parent / "trellis").is_dir():
                return parent
    return None


def default_data_dir() -> Path:
    root = _repo_root()
    candidates = [root.parent / "shared" / "data" / "kt"] if root else []
    candidates.append(Path.cwd().parent / "shared" / "data" / "kt")
    for c in candidates:
        if c.is_dir():
            return c
    return candidates[0]


def _three_line_split(name: str, train: Path, test: Path, q_csv: Path | None = None) -> Split:
    l_tr, id_tr, y_tr = read_three_line(train)
    l_te, id_te, y_te = read_three_line(test, learner_offset=int(l_tr.max()) + 1 if len(l_tr) else 0)
    n_ids = int(max(id_tr.max(initial=0), id_te.max(initial=0))) + 1
    q = None
    if q_csv is not None:
        dense = np.loadtxt(q_csv, delimiter=",", ndmin=2)
        # Question ids are 1-based (row k of the file is question k + 1); id 0 has no competency.
        q = sp.vstack([sp.csr_matrix((1, dense.shape[1])), sp.csr_matrix(dense)]).tocsr()
        if q.shape[0] < n_ids:
            raise ValueError(f"{q_csv} covers {q.shape[0] - 1} questions, data uses id {n_ids - 1}")
        n_ids = q.shape[0]
    return Split(
        name,
        InteractionLog.from_arrays(l_tr, id_tr, y_tr, q_matrix=q, n_items=n_ids),
        InteractionLog.from_arrays(l_te, id_te, y_te, q_matrix=q, n_items=n_ids),
    )


def _tsv_split(name: str, directory: Path) -> Split:
    tr = read_tsv_log(directory / "preprocessed_data_train.csv")
    te = read_tsv_log(directory / "preprocessed_data_test.csv")
    q_path = directory / "q_mat.npz"
    n_items = int(max(tr["item_id"].max(), te["item_id"].max())) + 1
    q = sp.load_npz(q_path).tocsr() if q_path.is_file() else None

    def log(t: dict[str, np.ndarray]) -> InteractionLog:
        unit = t["skill_id"] if "skill_id" in t else t["item_id"]
        return InteractionLog.from_arrays(
            t["user_id"].astype(np.int64),
            t["item_id"].astype(np.int64),
            t["correct"].astype(np.int64),
            unit=unit.astype(np.int64),
            q_matrix=q,
            n_items=n_items,
            timestamp=t.get("timestamp"),
        )

    train, test = log(tr), log(te)
    if len(np.intersect1d(train.learner, test.learner)):
        raise ValueError(f"{directory}: a learner is in both train and test")
    return Split(name, train, test)


def _single(directory: Path, pattern: str) -> Path:
    found = sorted(p for p in directory.glob(pattern) if p.is_file())
    if len(found) != 1:
        raise ValueError(f"{directory}: expected exactly one {pattern}, found {len(found)}")
    return found[0]


def load_dataset(name: str, data_dir: Path) -> list[Split]:
    """The split(s) of a named data set, or of a directory holding one *_train.csv and one *_test.csv."""
    d = data_dir
    if name == "assist2009_dkvmn":
        a = d / name
        return [
            _three_line_split(name, a / "assist2009_updated_train.csv", a / "assist2009_updated_test.csv")
        ]
    if name == "statics2011_dkvmn":
        a = d / name
        return [_three_line_split(name, a / "STATICS_train.csv", a / "STATICS_test.csv", a / "Qmatrix.csv")]
    if name == "assist2009_piech_builder":
        a = d / name
        return [_three_line_split(name, a / "builder_train.csv", a / "builder_test.csv")]
    if name in ("assist2009_gervet", "statics_gervet"):
        return [_tsv_split(name, d / name)]
    if name == "synthetic5_dkvmn" or name.startswith("synthetic5_dkvmn_v"):
        a = d / "synthetic5_dkvmn"
        versions = range(_SYNTH_VERSIONS) if name == "synthetic5_dkvmn" else [int(name.rsplit("_v", 1)[1])]
        return [
            _three_line_split(
                f"synthetic5_dkvmn_v{v}",
                a / f"naive_c5_q50_s4000_v{v}_train.csv",
                a / f"naive_c5_q50_s4000_v{v}_test.csv",
            )
            for v in versions
        ]
    path = Path(name)
    if path.is_dir():
        if (path / "preprocessed_data_train.csv").is_file():
            return [_tsv_split(path.name, path)]
        return [_three_line_split(path.name, _single(path, "*_train.csv"), _single(path, "*_test.csv"))]
    raise ValueError(
        f"unknown data set {name!r}: use one of {', '.join(DATASETS)}, synthetic5_dkvmn_vN, or a path"
    )


def metrics(y: np.ndarray, p: np.ndarray) -> dict[str, float]:
    y = np.asarray(y, dtype=np.float64)
    p = np.asarray(p, dtype=np.float64)
    return {
        "auc": float(roc_auc_score(y, p)),
        "rmse": float(np.sqrt(np.mean((p - y) ** 2))),
        "accuracy": float(np.mean((p >= 0.5) == (y == 1))),
    }


def _timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def _row(model: str, y: np.ndarray, p: np.ndarray, fit_s: float, predict_s: float) -> dict[str, Any]:
    return {
        "model": model,
        **metrics(y, p),
        "fit_seconds": fit_s,
        "predictions_per_second": len(y) / predict_s if predict_s > 0 else float("inf"),
    }


def pybkt_python(venv: Path) -> Path:
    return venv / "bin" / "python"


def ensure_pybkt_venv(venv: Path, log: Callable[[str], None]) -> Path:
    """Create the benchmark-only pyBKT virtualenv if needed (its C++ build needs numpy < 2 present first)."""
    python = pybkt_python(venv)
    check = [str(python), "-c", "import pyBKT.fit.E_step"]
    if python.exists() and subprocess.run(check, capture_output=True, check=False).returncode == 0:
        return python
    log(f"creating {venv} with {PYBKT_REQUIREMENT} (C++ build, a few minutes)")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "--upgrade", "pip", *PYBKT_BUILD_DEPS], check=True)
    subprocess.run([*pip, *PYBKT_INSTALL], check=True)
    if subprocess.run(check, capture_output=True, check=False).returncode != 0:
        raise RuntimeError(f"pyBKT in {venv} has no compiled E_step (the C++ build did not happen)")
    return python


def _write_pybkt_csv(path: Path, log: InteractionLog) -> None:
    with open(path, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["row", "user_id", "skill_name", "correct", "order_id"])
        for i, (u, s, c) in enumerate(
            zip(log.learner.tolist(), log.unit.tolist(), log.correct.tolist(), strict=True)
        ):
            w.writerow([i, u, s, c, i])


def run_pybkt(split: Split, python: Path, runner: Path, seed: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="trellis-pybkt-") as tmp:
        tr, te = Path(tmp) / "train.csv", Path(tmp) / "test.csv"
        _write_pybkt_csv(tr, split.train)
        _write_pybkt_csv(te, split.test)
        proc = subprocess.run(
            [str(python), str(runner), str(tr), str(te), "--seed", str(seed)],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "PYTHONWARNINGS": "ignore"},
        )
    if proc.returncode != 0:
        raise RuntimeError(f"pybkt_runner failed ({proc.returncode}): {proc.stderr.strip()[-2000:]}")
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


def evaluate_split(split: Split, *, pybkt: tuple[Path, Path] | None, seed: int) -> list[dict[str, Any]]:
    """All rows for one split (pyBKT rows only when ``pybkt`` = (python, runner) is given)."""
    y = split.test.correct
    rows: list[dict[str, Any]] = []
    predictor, fit_s = _timed(lambda: PerformancePredictor().fit(split.train))
    p, pred_s = _timed(lambda: predictor.predict_log(split.test))
    rows.append(_row("trellis", y, p, fit_s, pred_s))
    n_units = int(max(split.train.unit.max(), split.test.unit.max())) + 1
    tr, te = split.train, split.test
    for name, forgets in (("trellis-bkt", False), ("trellis-bkt-forgets", True)):
        t0 = time.perf_counter()
        bkt = fit_bkt(tr.unit, tr.learner, tr.correct, n_units, forgets=forgets)
        fit_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        replay = bkt_replay(te.unit, te.learner, te.correct, bkt, return_predictions=True)
        pred_s = time.perf_counter() - t0
        assert replay.predictions is not None
        rows.append(_row(name, y, replay.predictions, fit_s, pred_s))
    if pybkt is not None:
        try:
            result = run_pybkt(split, pybkt[0], pybkt[1], seed)
        except (RuntimeError, OSError, json.JSONDecodeError) as exc:
            rows.extend({"model": m, "error": str(exc)} for m in ("pybkt", "pybkt-forgets"))
        else:
            for m in ("pybkt", "pybkt-forgets"):
                r = result[m]
                rows.append(_row(m, y, np.asarray(r["predictions"]), r["fit_seconds"], r["predict_seconds"]))
    return rows


def _average(per_split: list[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Mean of each metric over splits (the DKT protocol for Synthetic-5's versions)."""
    out = []
    for rows in zip(*per_split, strict=True):
        if any("error" in r for r in rows):
            out.append({"model": rows[0]["model"], "error": next(r["error"] for r in rows if "error" in r)})
            continue
        merged: dict[str, Any] = {"model": rows[0]["model"]}
        for k in ("auc", "rmse", "accuracy", "fit_seconds", "predictions_per_second"):
            merged[k] = float(np.mean([r[k] for r in rows]))
        out.append(merged)
    return out


def format_table(dataset: str, rows: Sequence[dict[str, Any]], note: str = "") -> str:
    head = f"{'model':<21}{'AUC':>8}{'RMSE':>8}{'acc':>8}{'fit s':>9}{'pred/s':>12}"
    lines = [f"dataset: {dataset}{note}", head, "-" * len(head)]
    for r in rows:
        if "error" in r:
            lines.append(f"{r['model']:<21}  error: {r['error']}")
        else:
            lines.append(
                f"{r['model']:<21}{r['auc']:>8.4f}{r['rmse']:>8.4f}{r['accuracy']:>8.4f}"
                f"{r['fit_seconds']:>9.2f}{r['predictions_per_second']:>12,.0f}"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="trellis bench kt", description="Knowledge-tracing benchmark.")
    parser.add_argument(
        "--dataset", required=True, help=f"{', '.join(DATASETS)}, synthetic5_dkvmn_vN, or a path"
    )
    parser.add_argument(
        "--data-dir", type=Path, default=None, help="default: ../shared/data/kt from the repo"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--no-pybkt", action="store_true", help="skip the pyBKT rows")
    parser.add_argument("--seed", type=int, default=42, help="seed for pyBKT's random restarts")
    parser.add_argument("--pybkt-venv", type=Path, default=None, help="default: benchmarks/.venv-pybkt")
    args = parser.parse_args(argv)

    def log(msg: str) -> None:
        print(msg, file=sys.stderr)

    data_dir = args.data_dir or default_data_dir()
    try:
        splits = load_dataset(args.dataset, data_dir)
    except (OSError, ValueError) as exc:
        log(f"error: {exc}")
        return 2
    pybkt: tuple[Path, Path] | None = None
    pybkt_error = ""
    if not args.no_pybkt:
        root = _repo_root() or Path.cwd()
        runner = root / "benchmarks" / "pybkt_runner.py"
        venv = args.pybkt_venv or Path(
            os.environ.get("TRELLIS_PYBKT_VENV", root / "benchmarks" / ".venv-pybkt")
        )
        try:
            if not runner.is_file():
                raise RuntimeError(f"{runner} not found")
            pybkt = (ensure_pybkt_venv(venv, log), runner)
        except (RuntimeError, OSError, subprocess.CalledProcessError) as exc:
            pybkt_error = f"pyBKT unavailable: {exc}"
            log(pybkt_error)
    per_split = []
    for split in splits:
        rows = evaluate_split(split, pybkt=pybkt, seed=args.seed)
        if pybkt is None and pybkt_error:
            rows.extend({"model": m, "error": pybkt_error} for m in ("pybkt", "pybkt-forgets"))
        per_split.append(rows)
        if not args.json and len(splits) > 1:
            log(format_table(split.name, rows))
    rows = per_split[0] if len(per_split) == 1 else _average(per_split)
    first = splits[0]
    if args.json:
        out = {
            "dataset": args.dataset,
            "rows": rows,
            "n_splits": len(splits),
            "n_train": sum(len(s.train) for s in splits),
            "n_test": sum(len(s.test) for s in splits),
            "seed": args.seed,
        }
        print(json.dumps(out))
    else:
        note = f" (mean of {len(splits)} versions)" if len(splits) > 1 else ""
        print(format_table(args.dataset, rows, note))
        print(f"train {len(first.train):,} / test {len(first.test):,} interactions per split")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
