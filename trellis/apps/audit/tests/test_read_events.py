"""Read events: one per record read, committed with the page's own transaction or, on a page that only reads,
in their own — where PostgreSQL does not wait for the disk (ADR 0012), for that transaction only."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from trellis.apps.audit.models import AuditEvent
from trellis.apps.audit.services import record_reads

ASYNC_COMMIT = "SET LOCAL synchronous_commit TO OFF"


def _read(subjects: list[uuid.UUID]) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        record_reads(
            actor_id=7, subject_kind="learner", subject_ids=subjects, relation="teacher_of", what="page"
        )
    return [q["sql"] for q in queries.captured_queries]


def _synchronous_commit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return str(cursor.fetchone()[0])


@pytest.mark.django_db(transaction=True)
def test_a_page_that_only_reads_commits_its_read_events_alone() -> None:
    subjects = [uuid.uuid4(), uuid.uuid4()]
    statements = _read(subjects)
    assert set(AuditEvent.objects.values_list("subject_id", flat=True)) == set(subjects)
    assert AuditEvent.objects.filter(actor_id=7, action="read", what="page").count() == 2
    if connection.vendor == "postgresql":
        assert ASYNC_COMMIT in statements
        assert _synchronous_commit() == "on"  # the next transaction waits for the disk again
    else:
        assert ASYNC_COMMIT not in statements


@pytest.mark.django_db(transaction=True)
def test_read_events_in_a_callers_transaction_keep_its_commit_and_fail_with_it() -> None:
    statements: list[str] = []
    commit: list[str] = []

    def page_that_writes_and_fails() -> None:
        with transaction.atomic():
            statements.extend(_read([uuid.uuid4()]))
            if connection.vendor == "postgresql":
                commit.append(_synchronous_commit())
            raise RuntimeError("the caller's write failed")

    with pytest.raises(RuntimeError):
        page_that_writes_and_fails()
    assert statements and ASYNC_COMMIT not in statements
    assert commit == (["on"] if connection.vendor == "postgresql" else [])  # the caller's commit is durable
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db(transaction=True)
@override_settings(TRELLIS_READ_AUDIT_DURABLE=True)
def test_a_school_can_have_every_read_event_on_disk_before_the_page_is_sent() -> None:
    statements = _read([uuid.uuid4()])
    assert ASYNC_COMMIT not in statements
    assert AuditEvent.objects.count() == 1
