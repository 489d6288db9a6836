"""Pages for guardians: their own children only."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from trellis.apps.evidence import selectors as mastery
from trellis.apps.rosters import access
from trellis.apps.rosters.selectors import current_term, with_team
from trellis.web.components.homes import homes


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """My children and the adults around each of them (none shown for a restricted link)."""
    if not homes(request).guardian:
        raise Http404
    children = list(with_team(access.learners_related_to(request.user, access.GUARDIAN_OF)))
    access.audit_reads(request.user, children, relation=access.GUARDIAN_OF, what="family-home")
    term = current_term()
    summaries = {}
    if term is not None:
        start = dt.datetime.combine(term.start_date, dt.time.min, tzinfo=dt.UTC)
        end = dt.datetime.combine(term.end_date, dt.time.max, tzinfo=dt.UTC)
        summaries = {child.pk: mastery.term_summary(child, start, end) for child in children}
    return render(
        request,
        "family/home.html",
        {"children": [(child, summaries.get(child.pk, [])) for child in children], "term": term},
    )
