"""`trellis send-digests`: this week's family digest to every guardian who hasn't had it (cron-safe)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from trellis.apps.growth.digests import send_weekly_digests


class Command(BaseCommand):
    help = (
        "Send the weekly family digest (one email per guardian per ISO week, in their language). "
        "Safe to run from cron: a week's digest is never sent twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date", help="a day of the week to send for, YYYY-MM-DD (default: today)", default=""
        )

    def handle(self, *args: Any, date: str, **options: Any) -> None:
        try:
            on = dt.date.fromisoformat(date) if date else None
        except ValueError as bad:
            raise CommandError(f"--date {date!r}: write the day as YYYY-MM-DD, e.g. 2026-03-02.") from bad
        run = send_weekly_digests(on=on)
        self.stdout.write(
            f"Week of {run.week_start.isoformat()}: sent {len(run.sent)} digest(s); "
            f"{run.already_sent} already sent this week; "
            f"{run.without_children} guardian(s) with no child to report."
        )
