"""Pages for guardians: their own children only."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from trellis.apps.rosters import access
from trellis.apps.rosters.selectors import with_team


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """My children and the adults around each of them."""
    children = list(with_team(access.learners_related_to(request.user, access.GUARDIAN_OF)))
    access.audit_reads(request.user, children, relation=access.GUARDIAN_OF, what="family-home")
    return render(request, "family/home.html", {"children": children})
