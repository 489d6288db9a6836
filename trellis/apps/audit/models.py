"""The append-only audit log: who read or changed which learner's record, when, and through what."""

from __future__ import annotations

from typing import Any

from django.db import models


class AuditEvent(models.Model):
    """One event. Rows are never updated or deleted by the product.

    The actor and subject are kept as opaque ids (not foreign keys) so the log outlives an erased account and
    holds no names.
    """

    class Action(models.TextChoices):
        READ = "read", "read"
        WRITE = "write", "write"
        EXPORT = "export", "export"
        ERASE = "erase", "erase"

    at = models.DateTimeField(db_index=True)
    actor_id = models.BigIntegerField(null=True)
    action = models.CharField(max_length=16, choices=Action.choices)
    subject_kind = models.CharField(max_length=32)
    subject_id = models.UUIDField(db_index=True)
    relation = models.CharField(max_length=64, help_text="why the actor was allowed, e.g. guardian_of")
    what = models.CharField(max_length=200, help_text="the page or operation, e.g. learner-record")

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["actor_id", "at"])]

    def __str__(self) -> str:
        return (
            f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.subject_kind} {self.subject_id} ({self.relation})"
        )

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("Audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValueError("Audit events are append-only")
