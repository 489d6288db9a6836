"""The learner record, as each person allowed to open it may see it: team, classes, and the continuum."""

from __future__ import annotations

import csv
import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from trellis.apps.evidence import selectors as mastery
from trellis.apps.learning import access as work_access
from trellis.apps.learning import selectors as learning
from trellis.apps.rosters import access
from trellis.apps.rosters.selectors import sections_of_learner, with_team
from trellis.web.components.charts import level_chart


@login_required
def learner(request: HttpRequest, learner_id: uuid.UUID) -> HttpResponse:
    granted = access.access_learner(request.user, learner_id, what="learner-record")
    found = with_team(access.learners_visible_to(request.user).filter(pk=granted.learner.pk)).get()
    context = {
        "learner": found,
        "granted": granted,
        "show_team": granted.can_see(access.RecordPart.TEAM),
        "show_continuum": granted.can_see(access.RecordPart.EVIDENCE),
        "sections": sections_of_learner(found) if granted.can_see(access.RecordPart.SECTIONS) else None,
    }
    return render(request, "records/learner.html", context)


def _framework_for(request: HttpRequest, learner: Any) -> tuple[Any, list[Any]]:
    frameworks = list(mastery.frameworks_for(learner))
    if not frameworks:
        return None, []
    wanted = request.GET.get("framework")
    chosen = next((f for f in frameworks if str(f.public_id) == wanted), frameworks[0])
    return chosen, frameworks


@login_required
def continuum(request: HttpRequest, learner_id: uuid.UUID) -> HttpResponse:
    """Mastered, in progress, ready to learn, not yet — and when each is expected — for one framework."""
    granted = access.access_learner(
        request.user, learner_id, part=access.RecordPart.EVIDENCE, what="continuum"
    )
    framework, frameworks = _framework_for(request, granted.learner)
    rows = mastery.continuum(granted.learner, framework) if framework else []
    counts = {
        status: sum(
            1
            for r in rows
            if r.view.status == status
            and not r.view.rolled_up
            and r.competency.kind != r.competency.Kind.GROUPING
        )
        for status in mastery.STATUS_LABELS
    }
    return render(
        request,
        "records/continuum.html",
        {
            "learner": granted.learner,
            "granted": granted,
            "framework": framework,
            "frameworks": frameworks,
            "rows": rows,
            "counts": [(mastery.STATUS_LABELS[s], counts[s], s) for s in mastery.STATUS_LABELS],
            "plain": granted.relation == access.GUARDIAN_OF,
        },
    )


@login_required
def continuum_csv(request: HttpRequest, learner_id: uuid.UUID) -> HttpResponse:
    """The same values as the continuum page, as CSV (one row per competency)."""
    granted = access.access_learner(
        request.user, learner_id, part=access.RecordPart.EVIDENCE, what="continuum-export"
    )
    framework, _frameworks = _framework_for(request, granted.learner)
    if framework is None:
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="continuum-{granted.learner.public_id}.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "framework",
            "code",
            "statement",
            "status",
            "level",
            "level_label",
            "confidence",
            "evidence_count",
            "last_evidence",
            "expected_grade",
        ]
    )
    for row in mastery.continuum(granted.learner, framework):
        view = row.view
        writer.writerow(
            [
                framework.title,
                row.competency.human_code,
                row.competency.statement,
                view.status,
                "" if view.level is None else f"{view.level:.1f}",
                view.level_label,
                f"{view.confidence:.2f}",
                view.n_evidence,
                view.last_observed_at.date().isoformat() if view.last_observed_at else "",
                row.expected_grade,
            ]
        )
    return response


@login_required
def competency(request: HttpRequest, learner_id: uuid.UUID, competency_id: uuid.UUID) -> HttpResponse:
    """One competency for one learner: where they are, the evidence behind it, and their growth."""
    granted = access.access_learner(
        request.user, learner_id, part=access.RecordPart.EVIDENCE, what="competency-evidence"
    )
    found = mastery.frameworks_for(granted.learner).filter(competencies__public_id=competency_id).first()
    if found is None:
        raise Http404
    target = found.competencies.get(public_id=competency_id)
    graph = mastery.framework_graph(found)
    view = mastery.mastery_views(found, graph, [granted.learner.pk])[granted.learner.pk][target.pk]
    curve = mastery.growth_curve(granted.learner, target)
    scale = found.scale
    chart = level_chart(
        [(p.at, p.level) for p in curve],
        levels=[(int(level["value"]), str(level["label"])) for level in scale.levels],
        threshold=float(scale.mastery_level),
    )
    return render(
        request,
        "records/competency.html",
        {
            "learner": granted.learner,
            "framework": found,
            "competency": target,
            "view": view,
            "timeline": mastery.evidence_timeline(granted.learner, target),
            "chart": chart,
            "chart_title": _("Growth on %(code)s") % {"code": target.human_code or target.short_statement},
            "curve": curve,
            "is_self": granted.is_self,
            "activities": learning.activities_for_competencies(
                [target.pk], district=granted.learner.school.district
            ),
        },
    )


@login_required
def submission_file(request: HttpRequest, submission_id: uuid.UUID) -> FileResponse:
    """A file handed in as work, for those who may see the work: always a download (never shown inline),
    with the type recorded when it was checked, and `nosniff`, so it can't run as a page of this site."""
    granted = work_access.access_submission(request.user, submission_id, what="submission-file")
    found = granted.submission
    if not found.file:
        raise Http404
    try:
        handle = found.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    extension = found.file.name.rsplit(".", 1)[-1] if "." in found.file.name else "bin"
    # A reviewer on an anonymous review gets a neutral name: a file's own name often carries its author's.
    name = f"work.{extension}" if granted.hide_author else (found.original_name or f"work.{extension}")
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=name,
        content_type=found.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
