"""Pathways for a section: who is ready for what, who is stuck, suggested small groups, what each learner
chose and why, and the teacher's steering — prioritize or lock a competency, narrow the ways to show it,
assign activities to a learner, a group or the class. The page opens to the section's current teachers and
its school's administrators; steering is for its current teachers."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trellis.apps.pathways import access as pathways_access
from trellis.apps.pathways import selectors, services
from trellis.apps.rosters import access
from trellis.apps.rosters.selectors import learners_of_section
from trellis.lib.errors import ServiceError
from trellis.web.components import pathways as words

FIELDS = ("competency", "action", "ways", "activity", "learners", "due_date", "note", "assignment", "form")


def _learners(section: Any) -> list[Any]:
    return list(
        learners_of_section(section, team=False).order_by("user__last_name", "user__first_name", "pk")
    )


def _page(request: HttpRequest, granted: Any, *, errors: dict[str, str] | None = None) -> HttpResponse:
    section = granted.section
    learners = _learners(section)
    access.audit_reads(request.user, learners, relation=granted.relation, what="section-pathways")
    found = selectors.section_pathways(section, learners, framework_id=request.GET.get("framework"))
    competencies = found.paths[0].context.competencies if found.paths else {}
    people = []
    for path in found.paths:
        latest = path.choices[0] if path.choices else None
        people.append(
            {
                "learner": path.learner,
                "pace_label": words.pace_label(path.pacing.status),
                "ready": path.fringe[:4],
                "stuck": path.stuck,
                "choice": latest,
                "choice_status": str(words.CHOICE_STATUS_LABELS.get(latest.status, "")) if latest else "",
                "choice_reasons": words.worded_reasons(latest.reasons, competencies, you=False)
                if latest
                else [],
                "demonstrations": [
                    (d.competency, words.way_label(d.chosen.way)) for d in path.demonstrations if d.chosen
                ],
                "next": path.steps[0] if path.steps else None,
            }
        )
    return render(
        request,
        "teach/pathways.html",
        {
            "section": section,
            "data": found,
            "people": people,
            "rows": [
                {
                    "row": row,
                    "ways": [words.way_label(w) for w in row.ways],
                    "all_ways": len(row.ways) == len(words.selectors.ALL_WAYS),
                }
                for row in found.rows
            ],
            "way_choices": list(selectors.WayChoices.choices),
            "can_steer": granted.relation == access.TEACHER_OF_SECTION,
            "errors": errors or {},
            "values": {f: request.POST.get(f, "") for f in FIELDS},
        },
        status=200,
    )


@login_required
def pathways(request: HttpRequest, section_id: uuid.UUID) -> HttpResponse:
    return _page(request, pathways_access.access_section_pathways(request.user, section_id))


def _back(granted: Any, request: HttpRequest) -> HttpResponse:
    url = reverse("teach:pathways", kwargs={"section_id": granted.section.public_id})
    framework = request.POST.get("framework", "")
    return redirect(f"{url}?framework={framework}" if framework else url)


def _refused(request: HttpRequest, granted: Any, refused: ServiceError, default: str) -> HttpResponse:
    field = refused.field if refused.field in FIELDS else default
    return _page(request, granted, errors={field: refused.message})


@login_required
@require_POST
def steer(request: HttpRequest, section_id: uuid.UUID) -> HttpResponse:
    """Prioritize, lock or clear a competency for the section's learners."""
    granted = pathways_access.access_section_to_steer(request.user, section_id)
    actions = {"priority": selectors.SteerKind.PRIORITY, "lock": selectors.SteerKind.LOCK, "clear": ""}
    try:
        competency = services.competency_by_public_id(
            granted.section.school, request.POST.get("competency", "")
        )
        action = request.POST.get("action", "")
        if action not in actions:
            raise ServiceError(_("Choose to prioritize, lock or clear the competency."), field="action")
        services.steer(section=granted.section, competency=competency, kind=actions[action], by=request.user)
    except ServiceError as refused:
        return _refused(request, granted, refused, "competency")
    messages.success(
        request,
        {
            "priority": _("%(code)s is prioritized for this class."),
            "lock": _("%(code)s is locked: it won't be suggested until you unlock it."),
            "clear": _("%(code)s is back to normal."),
        }[action]
        % {"code": competency.human_code or competency.short_statement},
    )
    return _back(granted, request)


@login_required
@require_POST
def ways(request: HttpRequest, section_id: uuid.UUID) -> HttpResponse:
    """Set the ways this class may show a competency."""
    granted = pathways_access.access_section_to_steer(request.user, section_id)
    try:
        competency = services.competency_by_public_id(
            granted.section.school, request.POST.get("competency", "")
        )
        services.set_demonstration_ways(
            section=granted.section, competency=competency, ways=request.POST.getlist("ways"), by=request.user
        )
    except ServiceError as refused:
        return _refused(request, granted, refused, "ways")
    messages.success(request, _("Saved the ways to show %(code)s.") % {"code": competency.human_code})
    return _back(granted, request)


def _due(value: str) -> dt.date | None:
    if not value.strip():
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError as bad:
        raise ServiceError(
            _("Give the due date as a date, e.g. 2026-03-20, or leave it empty."), field="due_date"
        ) from bad


@login_required
@require_POST
def assign(request: HttpRequest, section_id: uuid.UUID) -> HttpResponse:
    """Assign an activity to chosen learners of the class (a group, or everyone)."""
    granted = pathways_access.access_section_to_steer(request.user, section_id)
    learners = _learners(granted.section)
    everyone = request.POST.get("everyone") == "on"
    wanted = (
        {str(learner.public_id) for learner in learners}
        if everyone
        else set(request.POST.getlist("learners"))
    )
    chosen = [learner for learner in learners if str(learner.public_id) in wanted]
    try:
        activity = services.activity_for_school(granted.section.school, request.POST.get("activity", ""))
        if wanted and len(chosen) != len(wanted):
            raise ServiceError(_("Choose learners who are in this class now."), field="learners")
        assigned = services.assign(
            section=granted.section,
            activity=activity,
            learners=chosen,
            by=request.user,
            due_date=_due(request.POST.get("due_date", "")),
            note=request.POST.get("note", ""),
        )
    except ServiceError as refused:
        return _refused(request, granted, refused, "activity")
    messages.success(
        request,
        _("Assigned “%(title)s” to %(n)d learner(s).") % {"title": activity.title, "n": len(assigned)},
    )
    return _back(granted, request)


@login_required
@require_POST
def end_assignment(request: HttpRequest, section_id: uuid.UUID) -> HttpResponse:
    """Take an assignment off a learner's path."""
    granted = pathways_access.access_section_to_steer(request.user, section_id)
    try:
        ended = services.end_assignment(
            section=granted.section, assignment_id=request.POST.get("assignment", "")
        )
    except ServiceError as refused:
        return _refused(request, granted, refused, "assignment")
    messages.success(request, _("Ended the assignment “%(title)s”.") % {"title": ended.activity.title})
    return _back(granted, request)
