"""The evidence log (append-only, the source of truth) and mastery (a projection of it, rebuildable).

Log order is (observed_at, id): when the learner showed it, then when it was written. A correction is a new
row that retracts an earlier one; rows are never updated or deleted by the product.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trellis.lib.models import PublicIdModel


class Evidence(PublicIdModel):
    class Source(models.TextChoices):
        PRACTICE = "practice", _("Practice")
        RUBRIC = "rubric", _("Scored work")
        OBSERVATION = "observation", _("Teacher observation")
        SELF = "self", _("Self-assessment")
        PEER = "peer", _("Peer assessment")
        EXHIBITION = "exhibition", _("Exhibition panel")
        EXTERNAL = "external", _("External tool")

    learner = models.ForeignKey("rosters.Learner", on_delete=models.PROTECT, related_name="evidence")
    competency = models.ForeignKey("frameworks.Competency", on_delete=models.PROTECT, related_name="evidence")
    source = models.CharField(max_length=16, choices=Source.choices)
    level = models.FloatField(
        null=True, blank=True, help_text="on the framework's scale; empty on retractions"
    )
    score = models.FloatField(null=True, blank=True, help_text="0..1 for auto-scored work")
    correct = models.BooleanField(null=True, blank=True)
    observed_at = models.DateTimeField()
    recorded_at = models.DateTimeField()
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(blank=True, max_length=4000)
    source_ref = models.CharField(
        max_length=200, blank=True, help_text="what produced it, e.g. submission:<id>"
    )
    retracts = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="retracted_by"
    )

    personal_data = ("level", "score", "correct", "note", "observed_at")

    class Meta:
        ordering = ["observed_at", "id"]
        indexes = [
            models.Index(fields=["learner", "competency", "observed_at", "id"]),
            models.Index(fields=["competency", "observed_at"]),
            models.Index(fields=["assessor", "recorded_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="evidence_has_a_level_unless_a_retraction",
                condition=models.Q(retracts__isnull=False, level__isnull=True)
                | models.Q(retracts__isnull=True, level__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_source_display()} {self.level} on {self.competency_id} at {self.observed_at:%Y-%m-%d}"
        )

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("Evidence is append-only: record a retraction and a new row instead")
        super().save(*args, **kwargs)


class MasteryState(models.Model):
    """Learner × competency: the projection of that pair's counted evidence under the framework's method."""

    learner = models.ForeignKey("rosters.Learner", on_delete=models.CASCADE, related_name="mastery")
    competency = models.ForeignKey("frameworks.Competency", on_delete=models.CASCADE, related_name="mastery")
    estimate = models.FloatField()
    level = models.FloatField()
    confidence = models.FloatField()
    mastered = models.BooleanField()
    n_evidence = models.PositiveIntegerField()
    method = models.CharField(max_length=32)
    algorithm_version = models.CharField(max_length=64)
    state = models.JSONField(help_text="the learner model's folded state, to continue from")
    last_observed_at = models.DateTimeField()
    last_evidence_id = models.BigIntegerField()
    first_mastered_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField()

    personal_data = ("estimate", "level", "confidence", "mastered")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["learner", "competency"], name="one_mastery_per_pair")]
        indexes = [models.Index(fields=["competency", "mastered"])]

    def __str__(self) -> str:
        return f"learner {self.learner_id} × competency {self.competency_id}: {self.level:.2f}"


# Not a retraction. Said by the level (the check constraint gives every row but a retraction a level) rather
# than `retracts IS NULL`: SQLite's planner takes IS NULL on the unique `retracts` index for a selective
# lookup and walks every row of the log with it (1.4 s for a learner's term at 10M rows instead of 10 ms).
NOT_A_RETRACTION = models.Q(level__isnull=False)


def not_withdrawn(learner_ids: Iterable[int]) -> models.Q:
    """Rows of these learners that no retraction withdraws. The retractions are looked up among the same
    learners' rows (a retraction carries its row's learner) rather than by joining the whole log: for that
    join SQLite, once it had statistics, built a temporary index over all 10M rows on every page."""
    withdrawn = Evidence.objects.filter(learner_id__in=list(learner_ids), retracts__isnull=False)
    return ~models.Q(id__in=withdrawn.values("retracts_id"))
