"""Pages for teachers: the sections they teach now and who is in them."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

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
