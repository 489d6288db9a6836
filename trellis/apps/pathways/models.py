"""Pathways (PRODUCT.md C4): a learner's plan, their choices among suggested next steps and of how to show
mastery, and their teachers' steering (priorities, locks, assignments, the ways a competency may be shown).

Suggestions themselves are not stored: they are ranked on demand by the learner model
(`trellis.learner_model.pathways`) from the mastery, the plan and the steering below, so they are never
stale (ADR 0008). What a learner chose is stored with the reasons they were shown.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trellis.lib import clock
from trellis.lib.models import PublicIdModel

USER = settings.AUTH_USER_MODEL
MAX_NOTE = 300


class Plan(PublicIdModel):
    """A learner's pathway: the targets set with their advisor (the school's expectations for their grade
    are targets too, without a row) and, through `Choice`, the activities they chose."""

    learner = models.OneToOneField("rosters.Learner", on_delete=models.CASCADE, related_name="plan")
    created_at = models.DateTimeField(default=clock.now)

    personal_data = ()

    def __str__(self) -> str:
        return f"plan of learner {self.learner_id}"


class PlanTarget(PublicIdModel):
    """A competency the learner means to master by a date, set with their advisor."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    competency = models.ForeignKey("frameworks.Competency", on_delete=models.PROTECT, related_name="+")
    target_date = models.DateField()
    set_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    set_at = models.DateTimeField(default=clock.now)
    note = models.CharField(max_length=MAX_NOTE, blank=True)

    personal_data = ("target_date", "note")

    class Meta:
        ordering = ["target_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "competency"], name="one_target_per_plan_competency")
        ]

    def __str__(self) -> str:
        return f"{self.competency_id} by {self.target_date}"


class Way(models.TextChoices):
    """Ways to show mastery of a competency, which a teacher may narrow for a section."""

    PRACTICE_SET = "practice_set", _("Practice set")
    PERFORMANCE_TASK = "performance_task", _("Performance task")
    PROJECT = "project", _("Project")
    PRESENTATION = "presentation", _("Presentation")


class Steer(PublicIdModel):
    """A teacher's steering of one competency for a section's learners: put it first, or hold it back
    (a locked competency is not suggested until the teacher clears the lock)."""

    class Kind(models.TextChoices):
        PRIORITY = "priority", _("Prioritized")
        LOCK = "lock", _("Locked")

    section = models.ForeignKey("rosters.Section", on_delete=models.CASCADE, related_name="steers")
    competency = models.ForeignKey("frameworks.Competency", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    set_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    set_at = models.DateTimeField(default=clock.now)

    personal_data = ()

    class Meta:
        ordering = ["section", "competency"]
        constraints = [
            models.UniqueConstraint(fields=["section", "competency"], name="one_steer_per_section_competency")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.competency_id} in section {self.section_id}"


class DemonstrationWays(models.Model):
    """The ways a section's teacher allows its learners to show one competency (all four when unset)."""

    section = models.ForeignKey("rosters.Section", on_delete=models.CASCADE, related_name="+")
    competency = models.ForeignKey("frameworks.Competency", on_delete=models.CASCADE, related_name="+")
    ways = models.JSONField(help_text="a non-empty list of Way values")
    set_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    set_at = models.DateTimeField(default=clock.now)

    personal_data = ()

    class Meta:
        verbose_name_plural = "demonstration ways"
        constraints = [
            models.UniqueConstraint(fields=["section", "competency"], name="one_ways_per_section_competency")
        ]

    def __str__(self) -> str:
        return f"{', '.join(self.ways)} for {self.competency_id} in section {self.section_id}"


class Assignment(PublicIdModel):
    """A teacher asked a learner of their section to do an activity (one row per learner, so assigning to a
    group writes one per member). It stays on the learner's path until done or ended."""

    section = models.ForeignKey("rosters.Section", on_delete=models.CASCADE, related_name="assignments")
    learner = models.ForeignKey("rosters.Learner", on_delete=models.CASCADE, related_name="assignments")
    activity = models.ForeignKey("learning.Activity", on_delete=models.PROTECT, related_name="+")
    assigned_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    assigned_at = models.DateTimeField()
    due_date = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=MAX_NOTE, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    personal_data = ("note",)

    class Meta:
        ordering = ["-assigned_at", "-id"]
        indexes = [models.Index(fields=["learner", "ended_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "learner", "activity"],
                condition=models.Q(ended_at__isnull=True),
                name="one_open_assignment_per_learner_activity",
            )
        ]

    def __str__(self) -> str:
        return f"activity {self.activity_id} for learner {self.learner_id}"


class Choice(PublicIdModel):
    """A learner chose one of the next steps offered: which activity, for which competency, where it stood
    among the options, and the reasons they were shown (reason codes and parameters, as the learner model
    gave them), so a teacher sees what each learner chose and why."""

    learner = models.ForeignKey("rosters.Learner", on_delete=models.CASCADE, related_name="pathway_choices")
    activity = models.ForeignKey("learning.Activity", on_delete=models.PROTECT, related_name="+")
    competency = models.ForeignKey(
        "frameworks.Competency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=16, help_text="learn, review or assigned")
    reasons = models.JSONField(help_text='[{"code": ..., "params": {...}}, ...]')
    rank = models.PositiveSmallIntegerField(help_text="its place among the options shown, from 1")
    options = models.PositiveSmallIntegerField(help_text="how many options were shown")
    assignment = models.ForeignKey(
        Assignment, on_delete=models.SET_NULL, null=True, blank=True, related_name="choices"
    )
    chosen_at = models.DateTimeField()
    completed_at = models.DateTimeField(
        null=True, blank=True, help_text="for lessons, readings and videos, which the learner marks done"
    )

    personal_data = ("reasons",)

    class Meta:
        ordering = ["-chosen_at", "-id"]
        indexes = [models.Index(fields=["learner", "chosen_at"])]

    def __str__(self) -> str:
        return f"learner {self.learner_id} chose activity {self.activity_id}"


class DemonstrationChoice(PublicIdModel):
    """How a learner chose to show mastery of a competency (the latest choice counts)."""

    learner = models.ForeignKey("rosters.Learner", on_delete=models.CASCADE, related_name="+")
    competency = models.ForeignKey("frameworks.Competency", on_delete=models.PROTECT, related_name="+")
    way = models.CharField(max_length=20, choices=Way.choices)
    note = models.CharField(max_length=MAX_NOTE, blank=True)
    chosen_at = models.DateTimeField()

    personal_data = ("way", "note")

    class Meta:
        ordering = ["-chosen_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["learner", "competency"], name="one_demonstration_per_competency")
        ]

    def __str__(self) -> str:
        return f"learner {self.learner_id}: {self.way} for {self.competency_id}"
