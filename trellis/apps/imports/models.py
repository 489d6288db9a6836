"""A record of each import: what was planned, what was applied, by whom."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trellis.lib.models import PublicIdModel


class ImportRun(PublicIdModel):
    class Kind(models.TextChoices):
        ROSTER = "roster", _("Roster (OneRoster)")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned (not applied)")
        APPLIED = "applied", _("Applied")
        REJECTED = "rejected", _("Rejected: the file has errors")

    kind = models.CharField(max_length=16, choices=Kind.choices)
    status = models.CharField(max_length=16, choices=Status.choices)
    source_name = models.CharField(max_length=255)
    upload = models.FileField(upload_to="imports/", blank=True)
    summary = models.JSONField(default=dict, blank=True, help_text="counts per kind of change")
    errors = models.JSONField(default=list, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
