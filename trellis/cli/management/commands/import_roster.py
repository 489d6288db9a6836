from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from trellis.apps.imports.services import import_roster
from trellis.cli.progress import progress_bar


class Command(BaseCommand):
    help = "Import a OneRoster 1.2 CSV bundle (a directory or a .zip). Bad input changes nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="show the changes without applying them")
        parser.add_argument("--details", action="store_true", help="list every change, not only the counts")

    def handle(self, *args: Any, path: Path, dry_run: bool, details: bool, **options: Any) -> None:
        if not path.exists():
            raise CommandError(f"{path}: no such file or directory; give a OneRoster bundle directory or zip")
        with progress_bar("Importing roster", enabled=not dry_run and sys.stderr.isatty()) as progress:
            result = import_roster(path, dry_run=dry_run, progress=progress)
        if not result.ok:
            for error in result.errors:
                self.stderr.write(error)
            raise CommandError(
                f"{len(result.errors)} error(s) in {path}; nothing was changed. Fix them and retry."
            )
        assert result.plan is not None
        for warning in result.plan.warnings:
            self.stderr.write(f"warning: {warning}")
        verb = "Would change" if dry_run else "Changed"
        if result.plan.is_empty:
            self.stdout.write("Nothing to change: the database already matches this roster.")
        for kind, counts in result.plan.summary().items():
            self.stdout.write(
                f"{verb} {kind}: {counts['create']} new, {counts['update']} updated, {counts['end']} ended"
            )
        if details:
            for change in result.plan.changes:
                fields = ", ".join(f"{k}: {a!r} -> {b!r}" for k, (a, b) in change.changed_fields().items())
                self.stdout.write(f"  {change.action} {change.kind} {change.key} {fields}".rstrip())
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
