from __future__ import annotations

import uuid
from collections.abc import Sequence

from django.conf import settings
from django.db import connection, transaction

from trellis.lib import bulk, clock

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
    """One read event per subject, in one statement (list pages read many records at once; building a model
    object per row was a tenth of a section page's time)."""
    if not subject_ids:
        return
    at, action, relation, what = clock.now(), AuditEvent.Action.READ, relation[:64], what[:200]
    alone = not connection.in_atomic_block
    # Its own transaction when alone; inside a caller's, no savepoint (a failed insert fails the caller).
    with transaction.atomic(savepoint=False):
        if alone and connection.vendor == "postgresql" and not settings.TRELLIS_READ_AUDIT_DURABLE:
            # A page that only reads commits only its read events: PostgreSQL need not wait for the disk
            # before the page is sent (ADR 0012). A server crash may lose the last fraction of a second of
            # such events, never a change to learner data; a caller's transaction keeps its own setting.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        bulk.insert(
            AuditEvent,
            ("at", "actor_id", "action", "subject_kind", "subject_id", "relation", "what"),
            [(at, actor_id, action, subject_kind, subject_id, relation, what) for subject_id in subject_ids],
        )
