"""My path: the learner's plan and pacing, next steps to choose from (each with its reasons), how they will
show mastery, and what they chose. Choosing a step records it and starts it in one click: a practice set
opens its session, a task or project its hand-in page, a lesson, reading or video its page here."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trellis.apps.learning import access as work_access
from trellis.apps.pathways import access, selectors, services
from trellis.lib.errors import ServiceError
from trellis.web.components import pathways as words

ALL_KINDS = tuple(work_access.ActivityKind.values)


def _page(
    request: HttpRequest, learner: Any, *, errors: dict[str, str] | None = None, status: int = 200
) -> HttpResponse:
    path = selectors.learner_path(learner)
    return render(
        request,
        "learn/path.html",
        {
            "learner": learner,
            **words.path_context(path),
            "errors": errors or {},
            "values": {"competency": request.POST.get("competency", ""), "way": request.POST.get("way", "")},
        },
        status=status,
    )


@login_required
def path(request: HttpRequest) -> HttpResponse:
    return _page(request, access.own_learner(request.user))


@login_required
@require_POST
def choose(request: HttpRequest) -> HttpResponse:
    """Choose one of the next steps offered, and start it."""
    learner = access.own_learner(request.user)
    try:
        chosen = services.choose_step(learner=learner, activity_id=request.POST.get("activity", ""))
    except ServiceError as refused:
        return _page(request, learner, errors={"choose": refused.message})
    activity = chosen.choice.activity
    if chosen.session is not None:
        return redirect("learn:practice", session_id=chosen.session.public_id)
    messages.success(request, _("You chose “%(title)s”.") % {"title": activity.title})
    if activity.takes_submissions:
        return redirect("learn:activity", activity_id=activity.public_id)
    return redirect("learn:path-activity", activity_id=activity.public_id)


@login_required
@require_POST
def done(request: HttpRequest) -> HttpResponse:
    """Mark a lesson, reading or video I chose as done."""
    learner = access.own_learner(request.user)
    try:
        choice = services.complete_choice(learner=learner, choice_id=request.POST.get("choice", ""))
    except ServiceError as refused:
        return _page(request, learner, errors={"done": refused.message})
    messages.success(request, _("Marked “%(title)s” as done.") % {"title": choice.activity.title})
    return redirect("learn:path")


@login_required
@require_POST
def demonstrate(request: HttpRequest) -> HttpResponse:
    """Choose how I will show mastery of a competency, among the ways my teacher allows."""
    learner = access.own_learner(request.user)
    try:
        services.choose_demonstration(
            learner=learner,
            competency_id=request.POST.get("competency", ""),
            way=request.POST.get("way", ""),
            note=request.POST.get("note", ""),
        )
    except ServiceError as refused:
        return _page(request, learner, errors={"demonstrate": refused.message})
    messages.success(request, _("Saved how you will show what you know."))
    return redirect("learn:path")


@login_required
def activity(request: HttpRequest, activity_id: uuid.UUID) -> HttpResponse:
    """An activity from my path: what it is about, where to find it, and marking it done."""
    learner, found = work_access.access_activity(request.user, activity_id, kinds=ALL_KINDS)
    return render(
        request,
        "learn/path_activity.html",
        {
            "learner": learner,
            "activity": found,
            "competencies": list(found.competencies.all()),
            "open_choice": selectors.open_choice(learner, found),
            "guided": found.kind in selectors.GUIDED_KINDS,
        },
    )
