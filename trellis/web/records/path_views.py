"""A learner's path, read-only, for the adults who may read their record's evidence: advisors, teachers,
administrators and guardians (the learner has their own page, My path, where they choose)."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from trellis.apps.pathways import access, selectors
from trellis.web.components import pathways as words


@login_required
def path(request: HttpRequest, learner_id: uuid.UUID) -> HttpResponse:
    granted = access.access_path(request.user, learner_id, what="learner-path")
    found = selectors.learner_path(granted.learner)
    return render(
        request,
        "records/path.html",
        {"learner": granted.learner, "granted": granted, **words.path_context(found, you=granted.is_self)},
    )
