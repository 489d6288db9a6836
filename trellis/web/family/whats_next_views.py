"""What's next, for guardians: each linked child's plan and pace and the next steps on their path, in plain
language. Only children through current, unrestricted links; every read is audited."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from trellis.apps.pathways import access, selectors
from trellis.web.components import pathways as words
from trellis.web.components.homes import homes

STEPS_SHOWN = 3


@login_required
def whats_next(request: HttpRequest) -> HttpResponse:
    if not homes(request).guardian:
        raise Http404
    children = []
    for child in access.access_guardian_children(request.user, what="whats-next"):
        path = selectors.learner_path(child, limit=STEPS_SHOWN)
        children.append({"learner": child, **words.path_context(path, you=False)})
    return render(request, "family/whats_next.html", {"children": children})
