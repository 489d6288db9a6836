from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from trellis.apps.frameworks.exports import export_framework
from trellis.apps.frameworks.selectors import framework_by_reference, frameworks


class Command(BaseCommand):
    help = "Export a competency framework as an IMS CASE CFPackage (JSON) to standard output or a file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("framework", help="the framework's id, CASE identifier or exact title")
        parser.add_argument("--case-version", choices=["1.0", "1.1"], default=None)
        parser.add_argument("--output", type=Path, default=None)

    def handle(
        self, *args: Any, framework: str, case_version: str | None, output: Path | None, **options: Any
    ) -> None:
        try:
            found = framework_by_reference(framework)
        except Http404 as missing:
            known = ", ".join(f"{f.public_id} ({f.title})" for f in frameworks()[:20]) or "none yet"
            raise CommandError(f"No framework “{framework}”. Frameworks: {known}") from missing
        text = json.dumps(export_framework(found, version=case_version), indent=2, ensure_ascii=False)
        if output is None:
            self.stdout.write(text)
        else:
            output.write_text(text + "\n", encoding="utf-8")
            self.stdout.write(f"Wrote {output}")
