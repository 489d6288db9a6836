from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from trellis.apps.evidence.services import rebuild_mastery


class Command(BaseCommand):
    help = "Recompute every learner's mastery from the evidence log; --check compares without writing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="exit non-zero if any stored state differs")

    def handle(self, *args: Any, check: bool, **options: Any) -> None:
        report = rebuild_mastery(check=check)
        if check:
            for difference in report.differences[:200]:
                self.stderr.write(difference)
            if report.differences:
                raise CommandError(
                    f"{len(report.differences)} difference(s) between stored mastery and the evidence log; "
                    "run `trellis rebuild-mastery` to rebuild it from the log."
                )
            self.stdout.write(
                f"Mastery matches the evidence log: {report.pairs} states, {report.evidence} evidence."
            )
        else:
            self.stdout.write(f"Rebuilt {report.pairs} mastery states from {report.evidence} evidence.")
