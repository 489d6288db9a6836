from __future__ import annotations

import uuid

from django.db.models import QuerySet
from django.http import Http404

from .models import ImportRun


def recent_runs(limit: int = 20) -> QuerySet[ImportRun]:
    return ImportRun.objects.select_related("created_by")[:limit]


def runs_started_by(user_id: int) -> QuerySet[ImportRun]:
    return ImportRun.objects.filter(created_by_id=user_id)


def get_run(run_id: uuid.UUID | str, *, started_by: int) -> ImportRun:
    """A staged import, visible only to the administrator who uploaded it (404 otherwise)."""
    try:
        return ImportRun.objects.get(public_id=run_id, created_by_id=started_by)
    except (ImportRun.DoesNotExist, ValueError) as missing:
        raise Http404 from missing
