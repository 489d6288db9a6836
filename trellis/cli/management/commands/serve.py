from __future__ import annotations

import os
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve Trellis with gunicorn (127.0.0.1:8000 by default)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")))

    def handle(self, *args: Any, host: str, port: int, workers: int, **options: Any) -> None:
        from gunicorn.app.wsgiapp import WSGIApplication

        self.stdout.write(f"Trellis is serving on http://{host}:{port}/ (Ctrl+C stops it)")
        if settings.DEMO_MODE:
            self.stdout.write("Demo mode is on: the demo sign-ins work.")
        argv = [
            "gunicorn",
            "trellis.config.wsgi:application",
            "--bind",
            f"{host}:{port}",
            "--workers",
            str(workers),
            "--threads",
            "4",
            "--access-logfile",
            "-",
            "--graceful-timeout",
            "5",
        ]
        # gunicorn reads its options from sys.argv; this process exists only to serve from here on.
        sys.argv = argv
        WSGIApplication("%(prog)s [OPTIONS] [APP_MODULE]").run()
