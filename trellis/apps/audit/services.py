from __future__ import annotations

import uuid
from collections.abc import Sequence

from trellis.lib import clock

from .models import AuditEvent


def record_event(
    *, actor_id: int | None, action: str, subject_kind: str, subject_id: uuid.UUID, relation: str, what: str
) -> AuditEvent:
    return AuditEvent.objects.create(
        at=clock.now(),
        actor_id=actor_id,
        action=action,
        subject_kind=subject_kind,
        subject_id=subject_id,
        relation=relation[:64],
        what=what[:200],
    )


def record_reads(
    *, actor_id: int | None, subject_kind: str, subject_ids: Sequence[uuid.UUID], relation: str, what: str
) -> None:
    """One read event per subject, in a single INSERT (list pages read many records at once)."""
    at = clock.now()
    AuditEvent.objects.bulk_create(
        AuditEvent(
            at=at,
            actor_id=actor_id,
            action=AuditEvent.Action.READ,
            subject_kind=subject_kind,
            subject_id=subject_id,
            relation=relation[:64],
            what=what[:200],
        )
        for subject_id in subject_ids
    )
