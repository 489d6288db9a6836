"""Framework authoring for school administrators (PRODUCT.md C1, ADR 0010): the frameworks their schools'
learners are measured on, each as a tree; adding and editing competencies, adding and removing links (a
loop is refused naming it), and the mastery rules (changing them recomputes mastery from the evidence).

Every framework page goes through frameworks.access.access_framework (404 for missing and forbidden
alike); the writing pages ask it `to_author`, which shared frameworks (no district) never are. Every write is
a POST through a service; a refusal is shown on the field it names and nothing changes.
"""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from trellis.apps.evidence import services as evidence_services
from trellis.apps.frameworks import access as framework_access
from trellis.apps.frameworks import selectors, services
from trellis.apps.frameworks.selectors import CompetencyKind, TreeNode
from trellis.apps.rosters import access
from trellis.lib.errors import ServiceError

from .framework_forms import CompetencyForm, LinkForm, MasteryRulesForm, NewCompetencyForm


def _refused(form: forms.Form, refused: ServiceError) -> None:
    """Show a service's refusal on the field it names (or above the form)."""
    form.add_error(refused.field if refused.field in form.fields else None, refused.message)


def _framework_url(framework: Any, competency: Any = None) -> str:
    url = reverse("manage:framework", kwargs={"framework_id": framework.public_id})
    return f"{url}#c-{competency.public_id}" if competency is not None else url


def _nodes(framework: Any) -> tuple[list[TreeNode], dict[str, Any]]:
    """The framework's competencies in tree order, and each by its public id (as the forms send it)."""
    nodes = selectors.flatten(selectors.continuum_tree(framework))
    return nodes, {str(node.competency.public_id): node.competency for node in nodes}


@login_required
def frameworks(request: HttpRequest) -> HttpResponse:
    """The frameworks the administrator's schools are measured on: their district's, and shared ones."""
    if not access.schools_managed_by(request.user).exists():
        raise Http404
    readable = selectors.with_counts(framework_access.frameworks_for_admin(request.user))
    # The district's own frameworks first, then the shared ones (NULLs sort differently per database).
    found = list(readable.order_by(F("district_id").asc(nulls_last=True), "kind", "title"))
    authored = set(framework_access.frameworks_authored_by(request.user).values_list("pk", flat=True))
    return render(
        request,
        "manage/frameworks.html",
        {"frameworks": [(f, f.pk in authored) for f in found]},
    )


@login_required
def framework(request: HttpRequest, framework_id: uuid.UUID) -> HttpResponse:
    """The continuum as a tree, with each competency's prerequisites in words, and the mastery rules."""
    granted = framework_access.access_framework(request.user, framework_id)
    return render(
        request,
        "manage/framework.html",
        {
            "framework": granted.framework,
            "may_author": granted.may_author,
            "tree": selectors.continuum_tree(granted.framework),
            "rules": selectors.mastery_rules(granted.framework),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def competency_new(request: HttpRequest, framework_id: uuid.UUID) -> HttpResponse:
    found = framework_access.access_framework(request.user, framework_id, to_author=True).framework
    nodes, by_id = _nodes(found)
    posted = request.POST if request.method == "POST" else None
    form = NewCompetencyForm(posted, nodes=nodes, initial={"parent": request.GET.get("parent", "")})
    if posted is not None and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.add_competency(
                framework=found,
                statement=data["statement"],
                human_code=data["human_code"],
                kind=data["kind"] or CompetencyKind.STANDARD,
                parent=by_id.get(data["parent"]),
                education_levels=data["education_levels"],
                abbreviated_statement=data["abbreviated_statement"].strip(),
            )
        except ServiceError as refused:
            _refused(form, refused)
        else:
            messages.success(request, _("The competency is added."))
            return redirect(_framework_url(found, created))
    return render(
        request, "manage/competency_form.html", {"framework": found, "form": form, "competency": None}
    )


@login_required
@require_http_methods(["GET", "POST"])
def competency_edit(request: HttpRequest, framework_id: uuid.UUID, competency_id: uuid.UUID) -> HttpResponse:
    found = framework_access.access_framework(request.user, framework_id, to_author=True).framework
    competency = selectors.competency_in(found, competency_id)
    posted = request.POST if request.method == "POST" else None
    form = CompetencyForm(
        posted,
        initial={
            "statement": competency.statement,
            "human_code": competency.human_code,
            "kind": competency.kind,
            "education_levels": competency.education_levels.replace(",", ", "),
            "abbreviated_statement": competency.abbreviated_statement,
        },
    )
    if posted is not None and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_competency(
                competency=competency,
                statement=data["statement"],
                human_code=data["human_code"],
                kind=data["kind"] or competency.kind,
                education_levels=data["education_levels"],
                abbreviated_statement=data["abbreviated_statement"],
            )
        except ServiceError as refused:
            _refused(form, refused)
        else:
            messages.success(request, _("The competency is saved."))
            return redirect(_framework_url(found, competency))
    return render(
        request,
        "manage/competency_form.html",
        {
            "framework": found,
            "form": form,
            "competency": competency,
            "links": selectors.links_of(competency),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def link_new(request: HttpRequest, framework_id: uuid.UUID) -> HttpResponse:
    """Link two competencies: one is part of, comes before, or is related to the other."""
    found = framework_access.access_framework(request.user, framework_id, to_author=True).framework
    nodes, by_id = _nodes(found)
    posted = request.POST if request.method == "POST" else None
    form = LinkForm(posted, nodes=nodes, initial={"source": request.GET.get("source", "")})
    if posted is not None and form.is_valid():
        data = form.cleaned_data
        source = by_id[data["source"]]
        try:
            services.add_edge(source=source, target=by_id[data["target"]], kind=data["kind"])
        except ServiceError as refused:
            _refused(form, refused)
        else:
            messages.success(request, _("The link is added."))
            return redirect(_framework_url(found, source))
    return render(request, "manage/link_form.html", {"framework": found, "form": form})


@login_required
@require_POST
def link_remove(request: HttpRequest, framework_id: uuid.UUID) -> HttpResponse:
    """Remove one link; back to the competency page it was removed from (or the framework)."""
    found = framework_access.access_framework(request.user, framework_id, to_author=True).framework
    edge = selectors.edge_in(found, request.POST.get("link", ""))
    if edge is None:
        messages.error(request, _("That link was not found: it may have been removed already."))
    else:
        services.remove_edge(edge=edge)
        messages.success(request, _("The link is removed."))
    back = request.POST.get("competency", "")
    try:
        competency = selectors.competency_in(found, back)
    except Http404:
        return redirect(_framework_url(found))
    return redirect(
        "manage:competency-edit", framework_id=found.public_id, competency_id=competency.public_id
    )


@login_required
@require_http_methods(["GET", "POST"])
def rules(request: HttpRequest, framework_id: uuid.UUID) -> HttpResponse:
    """How the framework's evidence becomes mastery. Saving recomputes every learner's mastery of it."""
    found = framework_access.access_framework(request.user, framework_id, to_author=True).framework
    current = selectors.mastery_rules(found)
    posted = request.POST if request.method == "POST" else None
    form = MasteryRulesForm(
        posted,
        initial={
            "calculation_method": current.calculation_method,
            "decay": current.decay,
            "n": current.n,
            "counts_self_assessment": current.counts_self_assessment,
            "counts_peer_assessment": current.counts_peer_assessment,
        },
    )
    if posted is not None and form.is_valid():
        data = form.cleaned_data
        try:
            change = evidence_services.change_mastery_rules(
                framework=found,
                calculation_method=data["calculation_method"],
                decay=data["decay"],
                n=data["n"],
                counts_self_assessment=data["counts_self_assessment"],
                counts_peer_assessment=data["counts_peer_assessment"],
            )
        except ServiceError as refused:
            _refused(form, refused)
        else:
            messages.success(request, _changed_in_words(change))
            return redirect(_framework_url(found))
    return render(request, "manage/rules.html", {"framework": found, "form": form, "rules": current})


def _changed_in_words(change: Any) -> str:
    if not change.learners:
        return _(
            "The mastery rules are saved. Mastery was recomputed from the evidence: no learner's changed."
        )
    return ngettext(
        "The mastery rules are saved. Mastery was recomputed from the evidence and changed for %(n)s "
        "learner (%(states)s competency states): %(gained)s newly mastered, %(lost)s no longer mastered.",
        "The mastery rules are saved. Mastery was recomputed from the evidence and changed for %(n)s "
        "learners (%(states)s competency states): %(gained)s newly mastered, %(lost)s no longer mastered.",
        change.learners,
    ) % {
        "n": change.learners,
        "states": change.states,
        "gained": change.newly_mastered,
        "lost": change.no_longer_mastered,
    }
