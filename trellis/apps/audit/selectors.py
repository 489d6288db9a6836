from __future__ import annotations

import uuid

from django.db.models import QuerySet

from .models import AuditEvent


def events_about(subject_id: uuid.UUID) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(subject_id=subject_id)


def events_by(actor_id: int) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(actor_id=actor_id)
