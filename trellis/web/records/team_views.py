"""The learning team's pages about one learner: profile (with its history), goals, journal, and the team
page (members, notes, messages). Everyone a page opens to sees it here, the learner included; what each
person may do on it comes from `growth.access` (the advisor agrees goals, guardians comment, the learner
replies, and so on). Every read by someone other than the learner is audited by the gateways.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from trellis.apps.growth import access as growth_access
from trellis.apps.growth import selectors, services
from trellis.apps.rosters import access
from trellis.apps.rosters.selectors import with_team
from trellis.lib.errors import ServiceError
from trellis.web.components import growth as forms

RecordPart = access.RecordPart
GoalStatus = growth_access.GoalStatus


# ----------------------------------------------------------------------------------------------- profile


def _profile_page(
    request: HttpRequest,
    granted: growth_access.GrowthAccess,
    *,
    errors: dict[str, str] | None = None,
    posted: dict[str, Any] | None = None,
) -> HttpResponse:
    learner = granted.learner
    editable = [f for f in granted.profile_fields if f not in services.LEARNER_FIELDS]
    values = {**selectors.profile_values(learner), **(posted or {})}
    return render(
        request,
        "records/team_profile.html",
        {
            "learner": learner,
            "granted": granted,
            "fields": selectors.profile_fields(learner, with_accommodations=granted.sees_accommodations),
            "edit_rows": [
                {
                    "name": name,
                    "label": selectors.PROFILE_FIELD_LABELS[name],
                    "value": values.get(name, ""),
                    "error": (errors or {}).get(name, ""),
                    "short": name == "languages",
                }
                for name in editable
            ],
            "comments": selectors.profile_comments(learner),
            "errors": errors or {},
            "comment_value": request.POST.get("body", "") if errors and "body" in errors else "",
            "limits": {"long": services.LONG_TEXT, "short": services.SHORT_TEXT},
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest, learner_id: uuid.UUID) -> HttpResponse:
    """The learner's profile as the team sees it; the team's parts (and, for staff, accommodations) can be
    changed here. The learner's own parts are changed by the learner, on their "About me" page."""
    granted = growth_access.access_profile(request.user, learner_id, what="profile")
    if request.method == "POST":
        editable = [f for f in granted.profile_fields if f not in services.LEARNER_FIELDS]
        if not editable:
            raise Http404
        # A field the form didn't send is left as it is.
        posted = {name: request.POST[name] for name in editable if name in request.POST}
        try:
            changed = services.update_profile(
                learner=granted.learner, changed_by=request.user, changes=posted, allowed_fields=editable
            )
        except ServiceError as refused:
            field = refused.field if refused.field in editable else "form"
            return _profile_page(request, granted, errors={field: refused.message}, posted=posted)
        messages.success(request, _("The profile is saved.") if changed else _("Nothing changed."))
        return redirect("records:profile", learner_id=granted.learner.public_id)
    return _profile_page(request, granted)


@login_required
@require_POST
def profile_comment(request: HttpRequest, learner_id: uuid.UUID) -> HttpResponse:
    granted = growth_access.access_profile(request.user, learner_id, what="profile-comment")
    try:
        services.comment_on_profile(
            learner=granted.learner, author=request.user, body=request.POST.get("body", "")
        )
    except ServiceError as refused:
        return _profile_page(request, granted, errors={"body": refused.message})
    messages.success(request, _("Your comment is added."))
    if granted.is_self:
        return redirect("learn:profile")  # the learner comments from their "About me" page
    return redirect("records:profile", learner_id=granted.learner.public_id)


@login_required
def profile_history(request: HttpRequest, learner_id: uuid.UUID) -> HttpResponse:
    """Every change to the profile: who, when, which part, what it said before and after."""
    granted = growth_access.access_profile(request.user, learner_id, what="profile-history")
    return render(
        request,
        "records/team_history.html",
        {
            "learner": granted.learner,
            "granted": granted,
            "changes": selectors.profile_history(
                granted.learner, with_accommodations=granted.sees_accommodations
            ),
        },
    )


# ------------------------------------------------------------------------------------------------- goals


@login_required
def goals(request: HttpRequest, learner_id: uuid.UUID) -> HttpResponse:
    granted = growth_access.access_goals(request.user, learner_id, what="goals")
    learner = granted.learner
    every = selectors.goal_views(selectors.goals_of(learner), learner)
    return render(
        request,
        "records/team_goals.html",
        {
            "learner": learner,
            "granted": granted,
            "open_goals": [g for g in every if g.goal.is_open],
            "past_goals": [g for g in every if not g.goal.is_open],
            "status_help": forms.GOAL_STATUS_HELP,
        },
    )


def _goal_page(
    request: HttpRequest,
    granted: growth_access.GrowthAccess,
    goal: Any,
    *,
    errors: dict[str, str] | None = None,
    form: forms.GoalForm | None = None,
) -> HttpResponse:
    learner = granted.learner
    view = selectors.goal_views([goal], learner)[0]
    editing = granted.drafts_goals and goal.status == GoalStatus.DRAFT
    return render(
        request,
        "records/team_goal.html",
        {
            "learner": learner,
            "granted": granted,
            "view": view,
            "goal": goal,
            "status_help": forms.GOAL_STATUS_HELP,
            "statuses": GoalStatus,
            "editing": editing,
            "form": (form or forms.GoalForm.from_goal(view)).values if editing else {},
            "competency_groups": forms.competency_choices(learner) if editing else [],
            "errors": errors or {},
            "note": request.POST.get("note", "") if errors else "",
            "comment_value": request.POST.get("body", "") if errors and "body" in errors else "",
            "revised_from": selectors.revised_from(goal),
            "limits": {"long": services.LONG_TEXT, "short": services.SHORT_TEXT},
        },
    )


@login_required
def goal(request: HttpRequest, learner_id: uuid.UUID, goal_id: uuid.UUID) -> HttpResponse:
    """One goal: what, why, how we'll know, by when; steps and linked competencies with progress; the
    conversation and reviews; and the actions this person may take."""
    granted, found = growth_access.access_goal(request.user, learner_id, goal_id, what="goal")
    return _goal_page(request, granted, found)


@login_required
@require_POST
def goal_edit(request: HttpRequest, learner_id: uuid.UUID, goal_id: uuid.UUID) -> HttpResponse:
    """The learner changes their draft (before it is agreed, or after changes were asked for)."""
    granted, found = growth_access.access_goal(request.user, learner_id, goal_id, what="goal-edit")
    if not granted.drafts_goals:
        raise Http404
    form = forms.GoalForm.from_post(request.POST)
    try:
        services.edit_goal(goal=found, **form.arguments(granted.learner))
    except ServiceError as refused:
        field = refused.field if refused.field in forms.GOAL_FIELDS else "form"
        return _goal_page(request, granted, found, errors={field: refused.message}, form=form)
    messages.success(request, _("Your draft is saved. Your advisor will see the changes."))
    return redirect("records:goal", learner_id=granted.learner.public_id, goal_id=found.public_id)


# action: (the capability it needs, the service, the service's name for who does it)
REVIEW_ACTIONS: dict[str, tuple[str, Callable[..., Any], str]] = {
    "agree": ("reviews_goals", services.agree_goal, "agreed_by"),
    "changes": ("reviews_goals", services.request_goal_changes, "requested_by"),
    "achieve": ("reviews_goals", services.achieve_goal, "reviewed_by"),
    "revise": ("reviews_goals", services.revise_goal, "revised_by"),
    "start": ("starts_goals", services.start_goal, "started_by"),
}
REVIEW_DONE = {
    "agree": gettext_lazy("The goal is agreed."),
    "changes": gettext_lazy("Your request for changes is sent to the learner."),
    "achieve": gettext_lazy("The goal is marked achieved. Well done!"),
    "revise": gettext_lazy("The goal is kept as it was, and a new draft replaces it, to agree again."),
    "start": gettext_lazy("The goal is started."),
}


@login_required
@require_POST
def goal_review(request: HttpRequest, learner_id: uuid.UUID, goal_id: uuid.UUID) -> HttpResponse:
    """Move a goal on: agree, ask for changes, start, mark achieved, or revise — with what was said."""
    granted, found = growth_access.access_goal(request.user, learner_id, goal_id, what="goal-review")
    if not (granted.reviews_goals or granted.starts_goals):
        raise Http404
    action = request.POST.get("action", "")
    if action not in REVIEW_ACTIONS:
        return _goal_page(request, granted, found, errors={"review": _("Choose what to do with the goal.")})
    capability, service, actor_argument = REVIEW_ACTIONS[action]
    if not getattr(granted, capability):
        raise Http404
    try:
        result = service(goal=found, note=request.POST.get("note", ""), **{actor_argument: request.user})
    except ServiceError as refused:
        return _goal_page(request, granted, found, errors={"review": refused.message})
    messages.success(request, str(REVIEW_DONE[action]))
    return redirect("records:goal", learner_id=granted.learner.public_id, goal_id=result.public_id)


@login_required
@require_POST
def goal_step(request: HttpRequest, learner_id: uuid.UUID, goal_id: uuid.UUID) -> HttpResponse:
    """The learner ticks (or unticks) a step."""
    granted, found = growth_access.access_goal(request.user, learner_id, goal_id, what="goal-step")
    if not granted.is_self:
        raise Http404
    position = request.POST.get("position", "")
    try:
        if not position.isdigit():
            raise ServiceError(_("Choose a step to tick."), field="steps")
        services.set_step_done(goal=found, position=int(position), done=request.POST.get("done") == "yes")
    except ServiceError as refused:
        return _goal_page(request, granted, found, errors={"steps": refused.message})
    return redirect("records:goal", learner_id=granted.learner.public_id, goal_id=found.public_id)


@login_required
@require_POST
def goal_comment(request: HttpRequest, learner_id: uuid.UUID, goal_id: uuid.UUID) -> HttpResponse:
    granted, found = growth_access.access_goal(request.user, learner_id, goal_id, what="goal-comment")
    try:
        services.comment_on_goal(goal=found, author=request.user, body=request.POST.get("body", ""))
    except ServiceError as refused:
        return _goal_page(request, granted, found, errors={"body": refused.message})
    messages.success(request, _("Your comment is added."))
    return redirect("records:goal", learner_id=granted.learner.public_id, goal_id=found.public_id)


# ----------------------------------------------------------------------------------------------- journal


@login_required
def journal(request: HttpRequest, learner_id: uuid.UUID) -> HttpResponse:
    """The learner's journal entries this person may read (a guardian: those shared with them)."""
    granted = growth_access.access_journal(request.user, learner_id, what="journal")
    policy = granted.policy
    return render(
        request,
        "records/team_journal.html",
        {
            "learner": granted.learner,
            "granted": granted,
            "entries": selectors.recent_entries(growth_access.visible_entries(granted), limit=30),
            "policy": policy,
            "policy_label": growth_access.Sharing(policy).label,
            "shared_only": granted.journal_scope == growth_access.SHARED_ENTRIES,
        },
    )


def _entry_page(
    request: HttpRequest,
    granted: growth_access.GrowthAccess,
    entry: Any,
    *,
    errors: dict[str, str] | None = None,
) -> HttpResponse:
    found = selectors.with_conversation(growth_access.visible_entries(granted).filter(pk=entry.pk)).get()
    policy = granted.policy
    return render(
        request,
        "records/team_entry.html",
        {
            "learner": granted.learner,
            "granted": granted,
            "entry": found,
            "errors": errors or {},
            "comment_value": request.POST.get("body", "") if errors else "",
            "learner_decides": policy == growth_access.Sharing.LEARNER_DECIDES,
            "policy_label": growth_access.Sharing(policy).label,
            "limits": {"long": services.LONG_TEXT},
        },
    )


@login_required
def journal_entry(request: HttpRequest, learner_id: uuid.UUID, entry_id: uuid.UUID) -> HttpResponse:
    """One day of the journal: the plan, the reflection, and the conversation under it."""
    granted, entry = growth_access.access_journal_entry(
        request.user, learner_id, entry_id, what="journal-entry"
    )
    return _entry_page(request, granted, entry)


@login_required
@require_POST
def journal_comment(request: HttpRequest, learner_id: uuid.UUID, entry_id: uuid.UUID) -> HttpResponse:
    """Feedback on an entry (the advisor, a guardian) or the learner's reply."""
    granted, entry = growth_access.access_journal_entry(
        request.user, learner_id, entry_id, what="journal-comment"
    )
    try:
        services.comment_on_entry(entry=entry, author=request.user, body=request.POST.get("body", ""))
    except ServiceError as refused:
        return _entry_page(request, granted, entry, errors={"body": refused.message})
    messages.success(request, _("Your reply is added.") if granted.is_self else _("Your feedback is added."))
    return redirect("records:journal-entry", learner_id=granted.learner.public_id, entry_id=entry.public_id)


@login_required
@require_POST
def journal_share(request: HttpRequest, learner_id: uuid.UUID, entry_id: uuid.UUID) -> HttpResponse:
    """The learner shares an entry with their guardians, or stops sharing it (where the school lets them)."""
    granted, entry = growth_access.access_journal_entry(
        request.user, learner_id, entry_id, what="journal-share"
    )
    if not granted.is_self:
        raise Http404
    if granted.policy != growth_access.Sharing.LEARNER_DECIDES:
        return _entry_page(
            request, granted, entry, errors={"share": _("Your school decides who sees journal entries.")}
        )
    if request.POST.get("shared") not in ("yes", "no"):
        return _entry_page(
            request, granted, entry, errors={"share": _("Choose to share the entry or to stop sharing it.")}
        )
    shared = request.POST["shared"] == "yes"
    services.share_entry(entry=entry, shared=shared)
    messages.success(
        request,
        _("This entry is shared with your family.")
        if shared
        else _("This entry is no longer shared with your family."),
    )
    return redirect("records:journal-entry", learner_id=granted.learner.public_id, entry_id=entry.public_id)


# -------------------------------------------------------------------------------------------------- team


def _team_page(
    request: HttpRequest, granted: growth_access.GrowthAccess, *, errors: dict[str, str] | None = None
) -> HttpResponse:
    learner = with_team(access.learners_visible_to(request.user).filter(pk=granted.learner.pk)).get()
    posts = selectors.team_posts(growth_access.visible_posts(granted))
    return render(
        request,
        "records/team.html",
        {
            "learner": learner,
            "granted": granted,
            "notes": posts["notes"],
            "messages_": posts["messages"],
            "errors": errors or {},
            "values": request.POST if errors else {},
            "kinds": growth_access.PostKind,
            "limits": {"long": services.COMMENT_TEXT},
        },
    )


@login_required
def team(request: HttpRequest, learner_id: uuid.UUID) -> HttpResponse:
    """The learner's team: who is on it and in what role; the team's notes and message thread."""
    return _team_page(request, growth_access.access_team(request.user, learner_id, what="team"))


@login_required
@require_POST
def team_post(request: HttpRequest, learner_id: uuid.UUID) -> HttpResponse:
    """Add a note or a message (staff may make it staff-only)."""
    granted = growth_access.access_team(request.user, learner_id, what="team-post")
    if not granted.in_thread:
        raise Http404
    kind = request.POST.get("kind", "")
    try:
        services.post_to_team(
            learner=granted.learner,
            author=request.user,
            kind=kind,
            body=request.POST.get("body", ""),
            staff_only=granted.sees_staff_only and request.POST.get("staff_only") == "yes",
        )
    except ServiceError as refused:
        return _team_page(request, granted, errors={refused.field or "body": refused.message})
    messages.success(
        request,
        _("Your note is kept on the team page.")
        if kind == "note"
        else _("Your message is sent to the team."),
    )
    return redirect("records:team", learner_id=granted.learner.public_id)
