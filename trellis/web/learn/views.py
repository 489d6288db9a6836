"""The learner's own pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from trellis.apps.rosters import access
from trellis.apps.rosters.selectors import sections_of_learner, with_team


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """My learning: my team and my classes."""
    learner = with_team(access.learners_related_to(request.user, access.SELF)).first()
    if learner is None:
        raise Http404
    return render(request, "learn/home.html", {"learner": learner, "sections": sections_of_learner(learner)})
