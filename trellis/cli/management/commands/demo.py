from __future__ import annotations

import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from trellis.apps.imports.demo import DEMO_PASSWORD, DemoModeOff, demo_sign_ins, load_demo
from trellis.cli.progress import progress_bar


class Command(BaseCommand):
    help = "Set up the demo school (migrate, generate and import its roster) and serve it on 127.0.0.1."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="load the demo school, then exit")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args: Any, no_serve: bool, port: int, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        try:
            with progress_bar("Loading the demo school", enabled=sys.stderr.isatty()) as progress:
                summary = load_demo(progress=progress)
        except DemoModeOff as off:
            raise CommandError(str(off)) from off
        for line in summary:
            self.stdout.write(f"  {line}")
        self.stdout.write(self.style.SUCCESS("The demo school is ready. Sign in with any of these:"))
        for sign_in in demo_sign_ins():
            self.stdout.write(f"  {sign_in.role:<20} {sign_in.username:<20} {sign_in.who}")
        self.stdout.write(f"  Password for all of them: {DEMO_PASSWORD}")
        if not no_serve:
            call_command("serve", port=port)
