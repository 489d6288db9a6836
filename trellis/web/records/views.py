"""The learner record, as each person allowed to open it may see it."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from trellis.apps.rosters import access
from trellis.apps.rosters.selectors import sections_of_learner, with_team


@login_required
def learner(request: HttpRequest, learner_id: uuid.UUID) -> HttpResponse:
    granted = access.access_learner(request.user, learner_id, what="learner-record")
    found = with_team(access.learners_visible_to(request.user).filter(pk=granted.learner.pk)).get()
    context = {
        "learner": found,
        "granted": granted,
        "show_team": granted.can_see(access.RecordPart.TEAM),
        "sections": sections_of_learner(found) if granted.can_see(access.RecordPart.SECTIONS) else None,
    }
    return render(request, "records/learner.html", context)
