from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from trellis.apps.imports.framework import import_framework


class Command(BaseCommand):
    help = "Import a competency framework from an IMS CASE CFPackage (JSON). Bad input changes nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="show the changes without applying them")
        parser.add_argument("--habits", action="store_true", help="a habits-of-learning / SEL framework")

    def handle(self, *args: Any, path: Path, dry_run: bool, habits: bool, **options: Any) -> None:
        if not path.is_file():
            raise CommandError(f"{path}: no such file; give a CASE CFPackage .json file")
        result = import_framework(path, dry_run=dry_run, habits=habits)
        if not result.ok:
            for error in result.errors:
                self.stderr.write(error)
            raise CommandError(
                f"{len(result.errors)} error(s) in {path}; nothing was changed. Fix them and retry."
            )
        assert result.plan is not None
        for warning in result.plan.warnings:
            self.stderr.write(f"warning: {warning}")
        if result.plan.is_empty:
            self.stdout.write("Nothing to change: the framework already matches this package.")
        else:
            for line in result.plan.summary_lines():
                self.stdout.write(("Would: " if dry_run else "") + line)
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
        elif result.framework is not None:
            self.stdout.write(f"Framework id: {result.framework.public_id}")
