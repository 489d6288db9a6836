"""The learner's own pages: home, practice with instant feedback, handed-in work, self- and peer-assessment.

Practice works with and without JavaScript: with htmx, "Check" and "Show a hint" swap the item card (or its
hints) in place; without it, the same forms POST and redirect back to the page, which shows the latest try.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from trellis.apps.evidence import assessment
from trellis.apps.evidence import selectors as evidence
from trellis.apps.learning import access as work_access
from trellis.apps.learning import selectors, services
from trellis.apps.rosters import access
from trellis.apps.rosters.selectors import sections_of_learner, with_team
from trellis.lib.errors import ServiceError
from trellis.web.components import rubrics

Interaction = work_access.Interaction


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """My learning: my team and my classes, practice I haven't finished, and reviews I owe."""
    learner = with_team(access.learners_related_to(request.user, access.SELF)).first()
    if learner is None:
        raise Http404
    return render(
        request,
        "learn/home.html",
        {
            "learner": learner,
            "sections": sections_of_learner(learner),
            "practicing": selectors.practice_sessions_of(learner).filter(finished_at__isnull=True)[:5],
            "reviews_to_do": selectors.peer_reviews_for(learner, open_only=True).count(),
        },
    )


# ---------------------------------------------------------------------------------------------- practice


@login_required
@require_POST
def practice_start(request: HttpRequest, activity_id: uuid.UUID) -> HttpResponse:
    """Start a practice set (or pick up the unfinished session on it)."""
    learner, activity = work_access.access_activity(
        request.user, activity_id, kinds=work_access.PRACTICE_KINDS
    )
    try:
        session = services.start_practice(learner=learner, activity=activity)
    except ServiceError as refused:
        messages.error(request, refused.message)
        return redirect("learn:home")
    return redirect("learn:practice", session_id=session.public_id)


def _item_of(session: Any, item_id: uuid.UUID) -> Any:
    item = selectors.items_of(session.activity).filter(public_id=item_id).first()
    if item is None:
        raise Http404
    return item


def _current_item(request: HttpRequest, summary: selectors.PracticeSummary) -> Any:
    wanted = request.GET.get("item", "")
    chosen = next((p.item for p in summary.items if str(p.item.public_id) == wanted), None)
    return chosen or summary.next_item


def _next_item(summary: selectors.PracticeSummary, item: Any) -> Any:
    """The next item not yet answered right after this one (going round to the start), or None."""
    items = list(summary.items)
    here = next(i for i, p in enumerate(items) if p.item.pk == item.pk)
    for progress in items[here + 1 :] + items[:here]:
        if not progress.correct:
            return progress.item
    return None


def _fields(item: Any, feedback: selectors.AnswerFeedback | None) -> dict[str, Any]:
    """What the answer form shows for this item, with the learner's latest response filled in."""
    given = feedback.response if feedback is not None else None
    picked = [str(v) for v in given] if isinstance(given, list) else ([str(given)] if given else [])
    choices = [
        {"id": str(c["id"]), "text": c["text"], "checked": str(c["id"]) in picked} for c in item.choices
    ]
    fields: dict[str, Any] = {"kind": item.interaction, "choices": choices}
    if item.interaction == Interaction.ORDERING:
        placed = picked if len(picked) == len(choices) else [c["id"] for c in choices]
        fields["slots"] = [{"number": n, "selected": chosen} for n, chosen in enumerate(placed, start=1)]
    elif item.interaction in (Interaction.TEXT_ENTRY, Interaction.NUMERIC_ENTRY):
        fields["value"] = picked[0] if len(picked) == 1 else ""
    return fields


def _practice_context(
    request: HttpRequest,
    session: Any,
    *,
    item: Any = None,
    feedback: selectors.AnswerFeedback | None = None,
) -> dict[str, Any]:
    summary = selectors.practice_summary(session)
    item = item or _current_item(request, summary)
    context: dict[str, Any] = {
        "session": session,
        "activity": session.activity,
        "learner": session.learner,
        "summary": summary,
        "total": len(summary.items),
        "state": None,
    }
    if item is not None:
        number = next(n for n, p in enumerate(summary.items, start=1) if p.item.pk == item.pk)
        state = selectors.practice_item_state(session, item, number=number)
        if feedback is not None:
            state = replace(state, feedback=feedback)
        context.update(state=state, fields=_fields(item, state.feedback), next_item=_next_item(summary, item))
    return context


def _practice_url(session: Any, item: Any = None, anchor: str = "") -> str:
    url = reverse("learn:practice", kwargs={"session_id": session.public_id})
    if item is not None:
        url += f"?item={item.public_id}"
    return url + (f"#{anchor}" if anchor else "")


@login_required
def practice(request: HttpRequest, session_id: uuid.UUID) -> HttpResponse:
    """One item at a time with instant feedback; once finished, the summary and the continuum it moved."""
    session = work_access.access_practice_session(request.user, session_id)
    if session.is_open:
        return render(request, "learn/practice.html", _practice_context(request, session))
    summary = selectors.practice_summary(session)
    return render(
        request,
        "learn/practice_summary.html",
        {
            "session": session,
            "activity": session.activity,
            "learner": session.learner,
            "summary": summary,
            "total": len(summary.items),
            "first_try": sum(1 for p in summary.items if p.first_try_correct),
            "mastery": evidence.mastery_of(session.learner, session.activity.competencies.all()),
        },
    )


def _response_of(request: HttpRequest, item: Any) -> Any:
    if item.interaction in (Interaction.MULTIPLE_CHOICE, Interaction.ORDERING):
        return request.POST.getlist("response")
    return request.POST.get("response", "")


def _session_closed(request: HttpRequest, session: Any, refused: ServiceError) -> HttpResponse:
    messages.error(request, refused.message)
    url = _practice_url(session)
    return HttpResponseClientRedirect(url) if _is_htmx(request) else redirect(url)


def _card(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    """The item card, and the progress list swapped out of band (htmx)."""
    card = render_to_string("learn/practice.html#item-card", {**context, "focus": "feedback"}, request)
    progress = render_to_string("learn/practice.html#progress", {**context, "oob": True}, request)
    return HttpResponse(card + progress)


@login_required
@require_POST
def practice_answer(request: HttpRequest, session_id: uuid.UUID, item_id: uuid.UUID) -> HttpResponse:
    """ "Check": score the answer and show feedback. The first try at an item is evidence (the evidence app
    decides); an answer that can't be read is not stored and the learner is told what to do."""
    session = work_access.access_practice_session(request.user, session_id)
    item = _item_of(session, item_id)
    response = _response_of(request, item)
    try:
        outcome = assessment.answer_practice_item(session=session, item=item, response=response)
    except ServiceError as refused:
        return _session_closed(request, session, refused)
    unread = None
    if not outcome.recorded:
        unread = selectors.AnswerFeedback("invalid", outcome.feedback, (), response, 0)
    if _is_htmx(request):
        return _card(request, _practice_context(request, session, item=item, feedback=unread))
    if unread is not None:  # nothing was stored: show the form again with what to do
        context = _practice_context(request, session, item=item, feedback=unread)
        return render(request, "learn/practice.html", {**context, "focus": "feedback"})
    return redirect(_practice_url(session, item, "feedback"))


@login_required
@require_POST
def practice_hint(request: HttpRequest, session_id: uuid.UUID, item_id: uuid.UUID) -> HttpResponse:
    """ "Show a hint": reveal the item's next hint (hints come one at a time; each one shown is counted)."""
    session = work_access.access_practice_session(request.user, session_id)
    item = _item_of(session, item_id)
    try:
        services.reveal_hint(session=session, item=item)
    except ServiceError as refused:
        return _session_closed(request, session, refused)
    if _is_htmx(request):
        context = _practice_context(request, session, item=item)
        return render(request, "learn/practice.html#hints", {**context, "focus": "hint"})
    return redirect(_practice_url(session, item, "hints"))


@login_required
@require_POST
def practice_finish(request: HttpRequest, session_id: uuid.UUID) -> HttpResponse:
    session = work_access.access_practice_session(request.user, session_id)
    services.finish_practice(session=session)
    return redirect("learn:practice", session_id=session.public_id)


# ------------------------------------------------------------------------------------------ handed-in work


@login_required
def work(request: HttpRequest) -> HttpResponse:
    """My work: tasks and projects I can hand work in for, what I handed in, and peer reviews to do."""
    learner = work_access.own_learner(request.user)
    return render(
        request,
        "learn/work.html",
        {
            "learner": learner,
            "activities": work_access.activities_open_to(learner, kinds=work_access.WORK_KINDS),
            "submissions": selectors.submissions_of(learner),
            "reviews": selectors.peer_reviews_for(learner),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity(request: HttpRequest, activity_id: uuid.UUID) -> HttpResponse:
    """A performance task or project: what to do, the rubric it is scored with, and handing in work."""
    learner, found = work_access.access_activity(request.user, activity_id, kinds=work_access.WORK_KINDS)
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            submission = services.submit_work(
                activity=found,
                learner=learner,
                text=request.POST.get("text", ""),
                link=request.POST.get("link", ""),
                file=request.FILES.get("file"),
            )
        except ServiceError as refused:
            errors[refused.field if refused.field in ("text", "link", "file") else "form"] = refused.message
        else:
            messages.success(
                request, _("Your work is handed in. Your teacher will score it with the rubric.")
            )
            return redirect("learn:submission", submission_id=submission.public_id)
    return render(
        request,
        "learn/activity.html",
        {
            "learner": learner,
            "activity": found,
            "grid": selectors.rubric_grid_of(found),
            "submissions": selectors.submissions_of(learner, activity=found),
            "errors": errors,
            "values": {"text": request.POST.get("text", ""), "link": request.POST.get("link", "")},
            "max_mb": settings.TRELLIS_SUBMISSION_MAX_BYTES // 2**20,
        },
    )


def _submission_page(
    request: HttpRequest,
    submission: Any,
    *,
    errors: dict[str, str] | None = None,
    chosen: dict[str, int] | None = None,
) -> HttpResponse:
    learner = submission.learner
    grid = selectors.rubric_grid_of(submission.activity)
    ref = f"submission:{submission.public_id}"
    own = selectors.rubric_scores(learner, ref, source=evidence.EvidenceSource.SELF)
    teacher = selectors.rubric_scores(learner, ref, source=evidence.EvidenceSource.RUBRIC)
    return render(
        request,
        "learn/submission.html",
        {
            "learner": learner,
            "submission": submission,
            "grid": grid,
            "self_assessed": rubrics.recorded_levels(grid, own) if grid and own else None,
            "reflection": own[0].note if own else "",
            "teacher_levels": rubrics.recorded_levels(grid, teacher) if grid and teacher else None,
            "reviews": [r for r in selectors.peer_reviews_of(submission) if not r.is_open],
            "rows": rubrics.form_rows(grid, chosen) if grid and not own else None,
            "errors": errors or {},
            "values": {"reflection": request.POST.get("reflection", "")},
        },
    )


@login_required
def submission(request: HttpRequest, submission_id: uuid.UUID) -> HttpResponse:
    """My handed-in work: its status, my teacher's comment and scores, peers' feedback, my self-assessment."""
    return _submission_page(request, work_access.access_own_submission(request.user, submission_id))


@login_required
@require_POST
def self_assess(request: HttpRequest, submission_id: uuid.UUID) -> HttpResponse:
    """Rate my own work on the rubric, with a short reflection."""
    found = work_access.access_own_submission(request.user, submission_id)
    grid = selectors.rubric_grid_of(found.activity)
    if grid is None:
        raise Http404
    levels = rubrics.levels_from_post(request.POST, grid)
    try:
        assessment.self_assess(
            learner=found.learner,
            activity=found.activity,
            levels=levels,
            reflection=request.POST.get("reflection", ""),
            submission=found,
        )
    except ServiceError as refused:
        field = refused.field if refused.field in ("levels", "reflection") else "form"
        return _submission_page(request, found, errors={field: refused.message}, chosen=levels)
    messages.success(request, _("Your self-assessment is saved."))
    return redirect("learn:submission", submission_id=found.public_id)


@login_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, review_id: uuid.UUID) -> HttpResponse:
    """A peer review assigned to me: read a classmate's work and score it on the rubric, with feedback."""
    found = work_access.access_peer_review(request.user, review_id, what="peer-review")
    work_done = found.submission
    grid = selectors.rubric_grid_of(work_done.activity)
    errors: dict[str, str] = {}
    chosen: dict[str, int] = {}
    if request.method == "POST":
        chosen = rubrics.levels_from_post(request.POST, grid) if grid else {}
        try:
            assessment.peer_assess(review=found, levels=chosen, feedback=request.POST.get("feedback", ""))
        except ServiceError as refused:
            errors[refused.field if refused.field in ("levels", "feedback") else "form"] = refused.message
        else:
            messages.success(request, _("Thank you: your review is sent to your classmate."))
            return redirect("learn:work")
    return render(
        request,
        "learn/review.html",
        {
            "review": found,
            "submission": work_done,
            "author": None if found.anonymous_to_author else work_done.learner.user.display_name,
            "grid": grid,
            "rows": rubrics.form_rows(grid, chosen) if grid and found.is_open else None,
            "errors": errors,
            "values": {"feedback": request.POST.get("feedback", "")},
        },
    )
