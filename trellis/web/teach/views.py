"""Pages for teachers: the sections they teach now and who is in them."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from trellis.apps.evidence import assessment
from trellis.apps.evidence import selectors as evidence
from trellis.apps.learning import access as work_access
from trellis.apps.learning import selectors as learning
from trellis.apps.learning import services as learning_services
from trellis.apps.rosters import access
from trellis.apps.rosters.selectors import learners_of_section, sections_with_counts, teachers_of_section
from trellis.lib.errors import ServiceError
from trellis.web.components import rubrics
from trellis.web.components.homes import homes


@login_required
def home(request: HttpRequest) -> HttpResponse:
    if not homes(request).teacher:
        raise Http404
    sections = sections_with_counts(
        access.sections_taught_by(request.user, kind=access.SectionKind.SCHEDULED)
    ).order_by("title")
    return render(request, "teach/home.html", {"sections": sections})


@login_required
def section(request: HttpRequest, section_id: uuid.UUID) -> HttpResponse:
    """A section's roster. Teachers of the section and administrators of its school only."""
    granted = access.access_section(request.user, section_id)
    found = granted.section
    learners = list(learners_of_section(found))
    access.audit_reads(request.user, learners, relation=granted.relation, what="section-roster")
    teacher_names = ", ".join(t.user.display_name for t in teachers_of_section(found))
    return render(
        request,
        "teach/section.html",
        {"section": found, "learners": learners, "teacher_names": teacher_names},
    )


@login_required
def mastery(request: HttpRequest, section_id: uuid.UUID) -> HttpResponse:
    """Section × competency heatmap: each cell says its level and status in words, not only in color."""
    granted = access.access_section(request.user, section_id)
    learners = list(
        learners_of_section(granted.section, team=False).order_by("user__last_name", "user__first_name")
    )
    access.audit_reads(request.user, learners, relation=granted.relation, what="section-mastery")
    frameworks = list(evidence.frameworks_for_school(granted.section.school))
    wanted = request.GET.get("framework")
    framework = next(
        (f for f in frameworks if str(f.public_id) == wanted), frameworks[0] if frameworks else None
    )
    grid = evidence.heatmap(framework, learners) if framework else None
    return render(
        request,
        "teach/mastery.html",
        {"section": granted.section, "frameworks": frameworks, "framework": framework, "grid": grid},
    )


# ------------------------------------------------------------------------------------------- evidence inbox


@login_required
def inbox(request: HttpRequest, section_id: uuid.UUID) -> HttpResponse:
    """Work waiting to be scored from the learners in this section now, oldest first."""
    granted = access.access_section(request.user, section_id)
    waiting = list(learning.submissions_to_score(section=granted.section))
    authors = list({s.learner.pk: s.learner for s in waiting}.values())
    access.audit_reads(request.user, authors, relation=granted.relation, what="section-work")
    return render(
        request,
        "teach/inbox.html",
        {
            "section": granted.section,
            "waiting": waiting,
            "can_assess": granted.relation == access.TEACHER_OF_SECTION,
        },
    )


def _score_page(
    request: HttpRequest,
    work: work_access.SectionWork,
    *,
    errors: dict[str, str] | None = None,
    chosen: dict[str, int] | None = None,
) -> HttpResponse:
    found = work.submission
    grid = learning.rubric_grid_of(found.activity)
    scored = learning.rubric_scores(
        found.learner, f"submission:{found.public_id}", source=evidence.EvidenceSource.RUBRIC
    )
    reviews = list(learning.peer_reviews_of(found))
    # A reviewer's name is shown only to someone who may see that learner (reviewers come from a section).
    visible = set(
        access.learners_visible_to(request.user)
        .filter(pk__in=[r.reviewer_id for r in reviews])
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "teach/score.html",
        {
            "section": work.section_access.section,
            "submission": found,
            "learner": found.learner,
            "can_assess": work.can_assess,
            "grid": grid,
            "rows": rubrics.form_rows(grid, chosen) if grid else None,
            "scored": rubrics.recorded_levels(grid, scored) if grid and scored else None,
            "reviews": [
                (r, r.reviewer.user.display_name if r.reviewer_id in visible else None) for r in reviews
            ],
            "candidates": work_access.peer_reviewer_candidates(work) if work.can_assess else [],
            "earlier": learning.submissions_of(found.learner, activity=found.activity).exclude(pk=found.pk),
            "errors": errors or {},
            "values": {
                "comment": request.POST.get("comment", ""),
                "return_comment": request.POST.get("return_comment", ""),
                "reviewer": request.POST.get("reviewer", ""),
            },
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def score(request: HttpRequest, section_id: uuid.UUID, submission_id: uuid.UUID) -> HttpResponse:
    """One learner's work: score it on the rubric with a comment (each criterion aligned to a competency
    becomes evidence), return it to revise, or ask classmates to review it."""
    work = work_access.access_section_submission(
        request.user, section_id, submission_id, what="score-work", to_assess=request.method == "POST"
    )
    if request.method != "POST":
        return _score_page(request, work)
    found = work.submission
    grid = learning.rubric_grid_of(found.activity)
    if grid is None:
        return _score_page(request, work, errors={"form": _("This work has no rubric to score it with.")})
    levels = rubrics.levels_from_post(request.POST, grid)
    try:
        assessment.score_submission(
            submission=found, scorer=request.user, levels=levels, comment=request.POST.get("comment", "")
        )
    except ServiceError as refused:
        field = refused.field if refused.field in ("levels", "comment") else "form"
        return _score_page(request, work, errors={field: refused.message}, chosen=levels)
    messages.success(
        request,
        _("Scored. The evidence is on %(name)s's continuum now.") % {"name": found.learner.user.display_name},
    )
    return redirect("teach:inbox", section_id=work.section_access.section.public_id)


@login_required
@require_POST
def return_work(request: HttpRequest, section_id: uuid.UUID, submission_id: uuid.UUID) -> HttpResponse:
    """Send the work back to the learner to revise, saying what to change."""
    work = work_access.access_section_submission(
        request.user, section_id, submission_id, what="return-work", to_assess=True
    )
    found = work.submission
    try:
        learning_services.return_submission(
            submission=found, returned_by=request.user, comment=request.POST.get("return_comment", "")
        )
    except ServiceError as refused:
        return _score_page(request, work, errors={"return_comment": refused.message})
    messages.success(
        request, _("Returned to %(name)s to revise.") % {"name": found.learner.user.display_name}
    )
    return redirect("teach:inbox", section_id=work.section_access.section.public_id)


@login_required
@require_POST
def assign_reviewer(request: HttpRequest, section_id: uuid.UUID, submission_id: uuid.UUID) -> HttpResponse:
    """Ask a learner of this section to review the work with the rubric (optionally without names)."""
    work = work_access.access_section_submission(
        request.user, section_id, submission_id, what="assign-peer-review", to_assess=True
    )
    wanted = request.POST.get("reviewer", "")
    reviewer = next(
        (c for c in work_access.peer_reviewer_candidates(work) if str(c.public_id) == wanted), None
    )
    if reviewer is None:
        return _score_page(
            request, work, errors={"reviewer": _("Choose a learner from this class to review the work.")}
        )
    try:
        learning_services.assign_peer_review(
            submission=work.submission,
            reviewer=reviewer,
            assigned_by=request.user,
            anonymous_to_author=request.POST.get("anonymous") == "on",
        )
    except ServiceError as refused:
        return _score_page(request, work, errors={"reviewer": refused.message})
    messages.success(request, _("%(name)s will review this work.") % {"name": reviewer.user.display_name})
    return redirect(
        "teach:score",
        section_id=work.section_access.section.public_id,
        submission_id=work.submission.public_id,
    )
