"""Pages for school and district administrators: people, sections, teams and roster imports."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from trellis.apps.imports import selectors as import_selectors
from trellis.apps.imports import services as imports
from trellis.apps.rosters import access
from trellis.apps.rosters import selectors as rosters
from trellis.apps.rosters import services as team_services
from trellis.lib.errors import ServiceError

from .forms import GuardianRestrictionForm, RosterUploadForm, TeamMemberForm

PAGE_SIZE = 50


def _user_id(request: HttpRequest) -> int:
    assert request.user.pk is not None
    return int(request.user.pk)


def _managed_schools_or_404(request: HttpRequest) -> list[Any]:
    schools = list(access.schools_managed_by(request.user))
    if not schools:
        raise Http404
    return schools


@login_required
def home(request: HttpRequest) -> HttpResponse:
    schools = _managed_schools_or_404(request)
    can_import = access.manages_any_district(request.user)
    runs = import_selectors.runs_started_by(_user_id(request))[:10] if can_import else []
    return render(request, "manage/home.html", {"schools": schools, "can_import": can_import, "runs": runs})


@login_required
def school(request: HttpRequest, school_id: uuid.UUID) -> HttpResponse:
    found = access.access_school(request.user, school_id)
    page = Paginator(rosters.learners_of_school(found), PAGE_SIZE).get_page(request.GET.get("page"))
    learners = list(page.object_list)
    access.audit_reads(request.user, learners, relation=access.SCHOOL_ADMIN_OF, what="school-people")
    sections = rosters.sections_with_counts(access.sections_visible_to(request.user).filter(school=found))
    return render(
        request,
        "manage/school.html",
        {
            "school": found,
            "page": page,
            "learners": learners,
            "staff": rosters.staff_of_school(found),
            "sections": sections.order_by("kind", "title"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def team(request: HttpRequest, learner_id: uuid.UUID) -> HttpResponse:
    """A learner's team: add an advisor, mentor or other adult; end a membership; restrict a guardian."""
    granted = access.access_learner_to_manage(request.user, learner_id, what="manage-team")
    learner = granted.learner
    form = TeamMemberForm(request.POST if request.POST.get("action") == "add" else None)
    if request.method == "POST":
        try:
            _change_team(request, learner, form)
        except ServiceError as refused:
            if refused.field and refused.field in form.fields:
                form.add_error(refused.field, refused.message)
            else:
                messages.error(request, refused.message)
        else:
            return redirect("manage:team", learner_id=learner.public_id)
    return render(
        request,
        "manage/team.html",
        {
            "learner": learner,
            "form": form,
            "memberships": rosters.team_history(learner),
            "guardianships": rosters.guardianships_of(learner),
            "restriction_form": GuardianRestrictionForm(),
        },
    )


def _change_team(request: HttpRequest, learner: Any, form: TeamMemberForm) -> None:
    action = request.POST.get("action")
    if action == "add":
        if not form.is_valid():
            raise ServiceError(_("Correct the errors below."))
        data = form.cleaned_data
        team_services.add_team_member(
            actor=request.user,
            learner=learner,
            username=data["username"],
            role=data["role"],
            start_date=data["start_date"],
            end_date=data["end_date"],
            granted_parts=data["granted_parts"],
            note=data["note"],
        )
        messages.success(request, _("Added to the team."))
    elif action == "end":
        membership = (
            rosters.team_history(learner).filter(public_id=request.POST.get("membership", "")).first()
        )
        if membership is None:
            raise ServiceError(_("That team membership was not found."))
        team_services.end_team_membership(actor=request.user, membership=membership)
        messages.success(request, _("The membership has ended; access ended with it."))
    elif action in ("restrict", "restore"):
        link = (
            rosters.guardianships_of(learner).filter(public_id=request.POST.get("guardianship", "")).first()
        )
        if link is None:
            raise ServiceError(_("That guardian link was not found."))
        restriction = GuardianRestrictionForm(request.POST)
        note = restriction.cleaned_data["note"] if restriction.is_valid() else ""
        team_services.set_guardianship_restriction(
            actor=request.user, guardianship=link, restricted=action == "restrict", note=note
        )
        messages.success(request, _("The guardian link is updated."))
    else:
        raise ServiceError(_("Unknown action."))


def _district_admin_or_404(request: HttpRequest) -> None:
    if not access.manages_any_district(request.user):
        raise Http404


@login_required
@require_http_methods(["GET", "POST"])
def roster_upload(request: HttpRequest) -> HttpResponse:
    """Upload a OneRoster bundle (zip). Nothing changes until the diff has been reviewed and applied."""
    _district_admin_or_404(request)
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        result = imports.stage_roster_upload(form.cleaned_data["bundle"], actor=request.user)
        return redirect("manage:import-run", run_id=result.run.public_id)
    return render(
        request,
        "manage/roster_upload.html",
        {"form": form, "max_mb": settings.ROSTER_UPLOAD_MAX_BYTES // 2**20},
    )


@login_required
def import_run(request: HttpRequest, run_id: uuid.UUID) -> HttpResponse:
    _district_admin_or_404(request)
    run = import_selectors.get_run(run_id, started_by=_user_id(request))
    plan = None
    if run.status == run.Status.PLANNED and run.upload:
        with run.upload.open("rb") as stored:
            plan, _errors = imports.plan_roster_import(stored)
    return render(request, "manage/import_run.html", {"run": run, "plan": plan})


@login_required
@require_POST
def import_apply(request: HttpRequest, run_id: uuid.UUID) -> HttpResponse:
    _district_admin_or_404(request)
    run = import_selectors.get_run(run_id, started_by=_user_id(request))
    result = imports.apply_staged_roster(run, actor=request.user)
    if result.ok:
        messages.success(request, _("The roster is imported."))
    else:
        for error in result.errors[:20]:
            messages.error(request, error)
    return redirect("manage:import-run", run_id=run.public_id)
