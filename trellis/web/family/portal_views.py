"""The family portal: one page per child that a busy parent reads on a phone in a minute — growth this
term (in words and a small chart), current goals and their progress, recent feedback and shared
reflections, what's next and what's expected by when, and whom to contact. In the guardian's language."""

from __future__ import annotations

import datetime as dt
import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from trellis.apps.growth import access as growth_access
from trellis.apps.growth import selectors
from trellis.apps.rosters.selectors import current_term
from trellis.web.components.charts import stacked_bars
from trellis.web.components.growth import GOAL_STATUS_HELP


@login_required
def portal(request: HttpRequest, learner_id: uuid.UUID) -> HttpResponse:
    granted = growth_access.access_child(request.user, learner_id, what="family-portal")
    term = current_term()
    start = end = None
    if term is not None:
        start = dt.datetime.combine(term.start_date, dt.time.min, tzinfo=dt.UTC)
        end = dt.datetime.combine(term.end_date, dt.time.max, tzinfo=dt.UTC)
    entries = growth_access.visible_entries(granted)
    summary = selectors.family_summary(granted.learner, entries=entries, start=start, end=end)
    shown = [g for g in summary.growth if g.has_any]
    chart = stacked_bars(
        [
            (
                g.framework.title,
                [
                    ("before", g.mastered_before),
                    ("new", len(g.newly_mastered)),
                    ("working", len(g.working_on)),
                ],
            )
            for g in shown
        ]
    )
    return render(
        request,
        "family/portal.html",
        {
            "learner": granted.learner,
            "summary": summary,
            "term": term,
            "growth": summary.growth,
            "chart": chart if shown else None,
            "legend": [
                ("before", _("Mastered before this term")),
                ("new", _("Newly mastered this term")),
                ("working", _("Working on now")),
            ],
            "new_this_term": sum(len(g.newly_mastered) for g in summary.growth),
            "working_on": sum(len(g.working_on) for g in summary.growth),
            "status_help": GOAL_STATUS_HELP,
            "journal_open": bool(granted.journal_scope),
        },
    )
