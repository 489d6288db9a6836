"""Knowledge-tracing benchmark: a thin wrapper over ``trellis bench kt`` (same code, same arguments).

    .venv/bin/python benchmarks/learner_model.py --dataset statics2011_dkvmn [--json] [--no-pybkt]

See ``trellis/learner_model/kt_benchmark.py`` and docs/benchmarks.md ("Learner model").
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from trellis.learner_model.kt_benchmark import main

if __name__ == "__main__":
    raise SystemExit(main())
