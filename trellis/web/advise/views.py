"""Pages for advisors (and mentors): the learners whose team they are on."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from trellis.apps.rosters import access
from trellis.apps.rosters.selectors import sections_with_counts, with_team
from trellis.web.components.homes import homes


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """My advisees and their teams; below, the mentees I was granted."""
    mine = homes(request)
    if not (mine.advisor or mine.mentor):
        raise Http404
    advisees = list(with_team(access.learners_related_to(request.user, access.ADVISOR_OF)))
    mentees = list(
        with_team(
            access.learners_related_to(request.user, access.MENTOR_GRANT)
            | access.learners_related_to(request.user, access.OTHER_ADULT)
        ).distinct()
    )
    access.audit_reads(request.user, advisees, relation=access.ADVISOR_OF, what="advise-home")
    access.audit_reads(request.user, mentees, relation=access.MENTOR_GRANT, what="advise-home")
    advisories = sections_with_counts(
        access.sections_taught_by(request.user, kind=access.SectionKind.HOMEROOM)
    ).order_by("title")
    return render(
        request, "advise/home.html", {"advisees": advisees, "mentees": mentees, "advisories": advisories}
    )
