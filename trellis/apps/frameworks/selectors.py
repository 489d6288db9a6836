from __future__ import annotations

import uuid

from django.db.models import QuerySet
from django.http import Http404

from .models import Competency, Framework


def frameworks() -> QuerySet[Framework]:
    return Framework.objects.select_related("scale").order_by("title")


def framework_by_reference(reference: str) -> Framework:
    """A framework by its public id, its CASE identifier, or its exact title (for the command line)."""
    try:
        key = uuid.UUID(reference)
    except ValueError:
        found = Framework.objects.filter(title=reference).first()
    else:
        found = (
            Framework.objects.filter(public_id=key).first()
            or Framework.objects.filter(case_identifier=key).first()
        )
    if found is None:
        raise Http404(reference)
    return found


def competencies_by_public_id(public_ids: set[uuid.UUID]) -> dict[uuid.UUID, Competency]:
    """Competencies (with framework and scale) for the given public ids, in one query."""
    found = Competency.objects.filter(public_id__in=public_ids).select_related("framework__scale")
    return {c.public_id: c for c in found}
