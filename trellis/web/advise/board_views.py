"""The advisory board: my advisees' journals today — who has planned and reflected, entries awaiting my
feedback, who hasn't written for a while — and the recurring themes in what hasn't worked for them. Also
the school's rule for guardians and the journal, set by its administrators."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from trellis.apps.growth import access as growth_access
from trellis.apps.growth import selectors, services
from trellis.lib import clock
from trellis.lib.errors import ServiceError
from trellis.web.components.homes import homes

QUIET_DAYS = 3
QUIET_CHOICES = (2, 3, 5, 7, 14)


def _quiet_days(raw: str) -> int:
    return int(raw) if raw.isdigit() and int(raw) in QUIET_CHOICES else QUIET_DAYS


@login_required
def board(request: HttpRequest) -> HttpResponse:
    if not homes(request).advisor:
        raise Http404
    advisees = growth_access.advisees(request.user, what="advisory-board")
    quiet = _quiet_days(request.GET.get("quiet", ""))
    found = selectors.advisory_board(advisees, day=clock.today(), quiet_days=quiet)
    return render(
        request,
        "advise/board.html",
        {"board": found, "quiet_choices": QUIET_CHOICES, "today": found.day},
    )


@login_required
def themes(request: HttpRequest, learner_id: uuid.UUID) -> HttpResponse:
    """One advisee's recurring themes in "what didn't work", each with the entries it came from."""
    granted = growth_access.access_advisee(request.user, learner_id, what="journal-themes")
    details, entries = selectors.learner_themes(granted.learner)
    return render(
        request,
        "advise/board_themes.html",
        {
            "learner": granted.learner,
            "details": details,
            "entries": entries,
            "window": selectors.THEME_WINDOW,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def journal_policy(request: HttpRequest, school_id: uuid.UUID) -> HttpResponse:
    """Who among guardians sees learners' journal entries at this school (its administrators decide)."""
    school = growth_access.access_school_policy(request.user, school_id)
    error = ""
    if request.method == "POST":
        try:
            services.set_journal_policy(
                school=school, guardians_see=request.POST.get("guardians_see", ""), set_by=request.user
            )
        except ServiceError as refused:
            error = refused.message
        else:
            messages.success(request, _("The journal rule for this school is saved."))
            return redirect("advise:journal-policy", school_id=school.public_id)
    return render(
        request,
        "advise/board_policy.html",
        {
            "school": school,
            "current": selectors.journal_policy_of(school),
            "choices": growth_access.Sharing.choices,
            "error": error,
        },
    )
