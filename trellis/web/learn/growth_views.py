"""The learner's own profile, goals and daily journal.

About me: the learner writes their own parts and, with their team, the shared ones. Goals: the learner drafts
one (what, why, how I'll know, by when, linked competencies or habits, steps); the goal's own page (shared
with the team, under records) holds the conversation, the advisor's agreement and the steps. Journal: the
morning plan (today's goals, picked from agreed goals or written) and the end-of-day reflection; past entries
and their feedback are one click away.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from trellis.apps.growth import access as growth_access
from trellis.apps.growth import selectors, services
from trellis.apps.pathways import selectors as pathways
from trellis.lib import clock
from trellis.lib.errors import ServiceError
from trellis.web.components import growth as forms

PROFILE_FORM_FIELDS = (*services.LEARNER_FIELDS, *services.TEAM_FIELDS)
PATH_STEPS = 3  # next steps of the learner's path offered for today's plan


def _profile_posted(request: HttpRequest) -> dict[str, Any]:
    """The fields the form sent (a field it didn't send is left as it is; the working-styles checkboxes
    send a marker, since no box ticked sends nothing)."""
    values: dict[str, Any] = {}
    for name in PROFILE_FORM_FIELDS:
        if name == "working_styles":
            if "working_styles_sent" in request.POST:
                values[name] = request.POST.getlist(name)
        elif name in request.POST:
            values[name] = request.POST.get(name, "")
    return values


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    """About me: my interests, how I like to learn, what helps me, and what my team and I see in me."""
    mine = growth_access.own_learner(request.user)
    errors: dict[str, str] = {}
    values = selectors.profile_values(mine.learner)
    if request.method == "POST":
        posted = _profile_posted(request)
        try:
            changed = services.update_profile(
                learner=mine.learner,
                changed_by=request.user,
                changes=posted,
                allowed_fields=mine.profile_fields,
            )
        except ServiceError as refused:
            errors[refused.field if refused.field in PROFILE_FORM_FIELDS else "form"] = refused.message
            values = {**values, **posted}
        else:
            if changed:
                messages.success(request, _("Your profile is saved. Your team can see what changed."))
            else:
                messages.success(request, _("Nothing changed."))
            return redirect("learn:profile")
    if isinstance(values.get("interests"), list):
        values["interests"] = ", ".join(values["interests"])
    return render(
        request,
        "learn/profile.html",
        {
            "learner": mine.learner,
            "values": values,
            "errors": errors,
            "labels": selectors.PROFILE_FIELD_LABELS,
            "styles": forms.working_style_choices(),
            "comments": selectors.profile_comments(mine.learner),
            "limits": {"long": services.LONG_TEXT, "short": services.SHORT_TEXT},
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def goals(request: HttpRequest) -> HttpResponse:
    """My goals with their progress, and a form to draft a new one."""
    mine = growth_access.own_learner(request.user)
    learner = mine.learner
    errors: dict[str, str] = {}
    form = forms.GoalForm.from_post(request.POST) if request.method == "POST" else forms.GoalForm({})
    if request.method == "POST":
        try:
            goal = services.draft_goal(learner=learner, drafted_by=request.user, **form.arguments(learner))
        except ServiceError as refused:
            errors[refused.field if refused.field in forms.GOAL_FIELDS else "form"] = refused.message
        else:
            messages.success(
                request, _("Your goal is drafted. Your advisor will read it and agree or suggest changes.")
            )
            return redirect("records:goal", learner_id=learner.public_id, goal_id=goal.public_id)
    every = selectors.goal_views(selectors.goals_of(learner), learner)
    return render(
        request,
        "learn/goals.html",
        {
            "learner": learner,
            "open_goals": [g for g in every if g.goal.is_open],
            "past_goals": [g for g in every if not g.goal.is_open],
            "form": form.values,
            "errors": errors,
            "competency_groups": forms.competency_choices(learner),
            "status_help": forms.GOAL_STATUS_HELP,
            "limits": {"long": services.LONG_TEXT, "short": services.SHORT_TEXT},
        },
    )


def _journal_page(
    request: HttpRequest, mine: growth_access.GrowthAccess, *, errors: dict[str, str] | None = None
) -> HttpResponse:
    learner = mine.learner
    today = clock.today()
    entry = selectors.entry_on(learner, today)
    current = selectors.current_goals(learner)
    planned_goals = {item.goal_id for item in entry.plan_items.all()} if entry else set()
    planned_texts = {item.text for item in entry.plan_items.all()} if entry else set()
    return render(
        request,
        "learn/journal.html",
        {
            "learner": learner,
            "today": today,
            "entry": entry,
            "goals": current,
            "planned_goals": planned_goals,
            "suggestions": [(text, text in planned_texts) for text in _path_steps(learner)],
            "own_lines": "\n".join(
                item.text
                for item in (entry.plan_items.all() if entry else [])
                if item.source == growth_access.PlanSource.OWN
            ),
            "recent": selectors.recent_entries(
                growth_access.visible_entries(mine).exclude(day=today), limit=7
            ),
            "errors": errors or {},
            "values": request.POST if errors else {},
            "scale": forms.scale_choices(),
            "policy": mine.policy,
            "share_checked": entry.shared_with_guardians
            if entry is not None and entry.reflected_at
            else selectors.last_sharing(learner),
            "sharing": growth_access.Sharing,
            "limits": {"long": services.LONG_TEXT, "short": services.SHORT_TEXT},
        },
    )


def _path_steps(learner: Any) -> list[str]:
    """The next steps my path suggests (the same as on My path), in words, to pick for today."""
    path = pathways.learner_path(learner, limit=PATH_STEPS)
    worded = [
        _("%(activity)s (%(competency)s)")
        % {"activity": step.activity.title, "competency": step.competency.short_statement}
        if step.competency is not None
        else step.activity.title
        for step in path.steps
    ]
    return [text[: services.SHORT_TEXT] for text in worded]


@login_required
def journal(request: HttpRequest) -> HttpResponse:
    """Today in my journal: plan my day (today's goals), and reflect on it at the end; recent days below."""
    return _journal_page(request, growth_access.own_learner(request.user))


@login_required
@require_POST
def journal_plan(request: HttpRequest) -> HttpResponse:
    mine = growth_access.own_learner(request.user)
    try:
        items = forms.plan_items(request.POST, selectors.current_goals(mine.learner))
        services.plan_day(learner=mine.learner, items=items)
    except ServiceError as refused:
        return _journal_page(request, mine, errors={"plan": refused.message})
    messages.success(request, _("Today's plan is saved. Come back at the end of the day to reflect."))
    return redirect("learn:journal")


@login_required
@require_POST
def journal_reflect(request: HttpRequest) -> HttpResponse:
    mine = growth_access.own_learner(request.user)
    policy = mine.policy
    try:
        services.reflect_on_day(
            learner=mine.learner,
            what_worked=request.POST.get("what_worked", ""),
            what_didnt=request.POST.get("what_didnt", ""),
            next_steps=request.POST.get("next_steps", ""),
            mood=forms.scale_value(request.POST.get("mood", ""), field="mood"),
            energy=forms.scale_value(request.POST.get("energy", ""), field="energy"),
            done_positions=[int(p) for p in request.POST.getlist("done") if p.isdigit()],
            share_with_guardians=(
                request.POST.get("share") == "yes"
                if policy == growth_access.Sharing.LEARNER_DECIDES
                else None
            ),
        )
    except ServiceError as refused:
        field = (
            refused.field
            if refused.field in ("what_worked", "what_didnt", "next_steps", "mood", "energy")
            else "reflect"
        )
        return _journal_page(request, mine, errors={field: refused.message})
    messages.success(request, _("Your reflection is saved. Your advisor will read it."))
    return redirect("learn:journal")
