"""Pages for guardians: their own children only."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from trellis.apps.rosters import access
from trellis.apps.rosters.selectors import with_team
from trellis.web.components.homes import homes


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """My children and the adults around each of them (none shown for a restricted link)."""
    if not homes(request).guardian:
        raise Http404
    children = list(with_team(access.learners_related_to(request.user, access.GUARDIAN_OF)))
    access.audit_reads(request.user, children, relation=access.GUARDIAN_OF, what="family-home")
    return render(request, "family/home.html", {"children": children})
