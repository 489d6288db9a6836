from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from trellis.learner_model.bkt import BKTParams
from trellis.learner_model.data import read_three_line
from trellis.learner_model.kt_benchmark import load_dataset, main, metrics
from trellis.learner_model.tests.conftest import simulate_bkt


def write_three_line(path: Path, comp: np.ndarray, learner: np.ndarray, correct: np.ndarray) -> None:
    lines = []
    for u in np.unique(learner):
        m = learner == u
        # Trailing commas occur in the public files; the reader must accept them.
        lines += [str(m.sum()), ",".join(map(str, comp[m] + 1)) + ",", ",".join(map(str, correct[m])) + ","]
    path.write_text("\n".join(lines) + "\n")


@pytest.fixture
def dataset_dir(tmp_path: Path) -> Path:
    params = [BKTParams(0.3, 0.2, 0.2, 0.1), BKTParams(0.5, 0.1, 0.25, 0.1), BKTParams(0.2, 0.3, 0.2, 0.05)]
    comp, learner, correct = simulate_bkt(params, n_learners=120, n_steps=4, seed=11)
    train = learner < 80
    write_three_line(tmp_path / "toy_train.csv", comp[train], learner[train], correct[train])
    write_three_line(tmp_path / "toy_test.csv", comp[~train], learner[~train], correct[~train])
    return tmp_path


def test_three_line_reader(dataset_dir: Path) -> None:
    learner, ids, correct = read_three_line(dataset_dir / "toy_train.csv")
    assert len(learner) == len(ids) == len(correct) == 80 * 4 * 3
    assert set(np.unique(ids)) == {1, 2, 3}


def test_bench_on_a_directory_prints_json(dataset_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--dataset", str(dataset_dir), "--no-pybkt", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["dataset"] == str(dataset_dir)
    models = [r["model"] for r in out["rows"]]
    assert models[:2] == ["trellis", "trellis-bkt"]
    for row in out["rows"]:
        assert set(row) >= {"auc", "rmse", "accuracy", "fit_seconds", "predictions_per_second"}
        assert 0.5 < row["auc"] <= 1.0


def test_bench_is_deterministic(dataset_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["--dataset", str(dataset_dir), "--no-pybkt", "--json"])
    first = json.loads(capsys.readouterr().out)["rows"]
    main(["--dataset", str(dataset_dir), "--no-pybkt", "--json"])
    second = json.loads(capsys.readouterr().out)["rows"]
    assert [r["auc"] for r in first] == [r["auc"] for r in second]


def test_bench_table_output_and_unknown_dataset(
    dataset_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--dataset", str(dataset_dir), "--no-pybkt"]) == 0
    assert "trellis-bkt" in capsys.readouterr().out
    assert main(["--dataset", "no_such_set", "--data-dir", str(dataset_dir), "--no-pybkt"]) == 2


def test_directory_needs_exactly_one_split(tmp_path: Path) -> None:
    (tmp_path / "a_train.csv").write_text("1\n1\n1\n")
    with pytest.raises(ValueError, match="exactly one"):
        load_dataset(str(tmp_path), tmp_path)


def test_metrics() -> None:
    m = metrics(np.array([0, 1, 1, 0]), np.array([0.1, 0.9, 0.6, 0.4]))
    assert m["auc"] == 1.0
    assert m["accuracy"] == 1.0
    assert m["rmse"] == pytest.approx(np.sqrt((0.01 + 0.01 + 0.16 + 0.16) / 4))
