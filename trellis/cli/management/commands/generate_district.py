from __future__ import annotations

import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from trellis.apps.imports.district import load_district
from trellis.cli.progress import progress_bar


class Command(BaseCommand):
    help = (
        "Generate a seeded synthetic district (roster, a 120-competency framework, evidence with learning "
        "curves) through the real importers and evidence service: for benchmarks and load tests."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--learners", type=int, required=True, help="how many learners")
        parser.add_argument(
            "--evidence-per-learner", type=int, default=50, help="evidence rows per learner (default 50)"
        )
        parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
        parser.add_argument("--class-size", type=int, default=30, help="learners per section (default 30)")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(
        self,
        *args: Any,
        learners: int,
        evidence_per_learner: int,
        seed: int,
        class_size: int,
        no_progress: bool,
        **options: Any,
    ) -> None:
        if learners < 1 or evidence_per_learner < 0 or class_size < 1:
            raise CommandError("--learners and --class-size must be positive, --evidence-per-learner >= 0")
        started = time.perf_counter()
        enabled = not no_progress and sys.stderr.isatty()
        with progress_bar("Generating district", enabled=enabled) as progress:
            try:
                summary = load_district(
                    learners=learners,
                    evidence_per_learner=evidence_per_learner,
                    seed=seed,
                    class_size=class_size,
                    progress=progress,
                )
            except RuntimeError as failed:
                raise CommandError(str(failed)) from failed
        self.stdout.write(
            f"Generated {summary.learners} learners ({summary.users} users, {summary.sections} sections), "
            f"{summary.competencies} competencies, {summary.evidence} evidence and "
            f"{summary.mastery_states} mastery states in {time.perf_counter() - started:.1f} s."
        )
