"""Pages for teachers: the sections they teach now and who is in them."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from trellis.apps.evidence import selectors as evidence
from trellis.apps.rosters import access
from trellis.apps.rosters.selectors import learners_of_section, sections_with_counts, teachers_of_section
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
    learners = list(learners_of_section(granted.section).order_by("user__last_name", "user__first_name"))
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
