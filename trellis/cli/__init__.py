"""The `trellis` command: friendly names in front of Django's manage.py.

trellis serve [--host 127.0.0.1] [--port 8000]     run the web server (gunicorn)
trellis demo [--no-serve]                            migrate, load the demo school, print sign-ins, serve
trellis import-roster PATH [--dry-run]               import a OneRoster 1.2 CSV bundle (directory or zip)
trellis generate-district --learners N [--evidence-per-learner K] [--seed S]
                                                     a seeded synthetic district, for benchmarks
trellis bench kt --dataset NAME [--json]             the learner-model benchmark
trellis bench pathways [--json] [--seeds 1,2,3]      simulated learners: fixed vs random vs suggestions
trellis send-digests [--date YYYY-MM-DD]              the weekly family digest (cron-safe: once a week each)
trellis <any manage.py command>                      e.g. trellis migrate, trellis check --deploy
"""

from __future__ import annotations

import os
import sys

ALIASES = {
    "import-roster": "import_roster",
    "import-framework": "import_framework",
    "export-framework": "export_framework",
    "rebuild-mastery": "rebuild_mastery",
    "generate-district": "generate_district",
    "send-digests": "send_digests",
}


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["bench"] and args[1:2] == ["kt"]:
        from trellis.learner_model.kt_benchmark import main as bench_kt

        raise SystemExit(bench_kt(args[2:]))
    if args[:1] == ["bench"] and args[1:2] == ["pathways"]:
        from trellis.learner_model.pathways_simulation import main as bench_pathways

        raise SystemExit(bench_pathways(args[2:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trellis.config.settings")
    from django.core.management import execute_from_command_line

    if not args or args[0] in {"-h", "--help", "help"}:
        print(__doc__)
        if not args:
            return
    if args:
        args[0] = ALIASES.get(args[0], args[0])
    execute_from_command_line(["trellis", *args])
