"""The learning continuum: frameworks of competencies, their hierarchy and prerequisites, and the scales
mastery is reported on (PRODUCT.md C1). Frameworks round-trip to IMS CASE: what CASE carries that we don't
model is kept in `case_extra`, so an export gives back what was imported."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from trellis.apps.rosters.models import District
from trellis.lib.models import PublicIdModel


class ProficiencyScale(PublicIdModel):
    """Ordered levels, e.g. 1 Beginning, 2 Developing, 3 Proficient, 4 Advanced, and the level that counts
    as mastered. `levels` is a list of {"value": int, "label": str, "description": str}, lowest first."""

    district = models.ForeignKey(
        District, on_delete=models.CASCADE, related_name="scales", null=True, blank=True
    )
    title = models.CharField(max_length=200)
    levels = models.JSONField()
    mastery_level = models.PositiveSmallIntegerField(help_text="the lowest level that counts as mastered")

    def __str__(self) -> str:
        return self.title

    @property
    def top_level(self) -> int:
        return max(int(level["value"]) for level in self.levels)

    def label_of(self, value: int | None) -> str:
        for level in self.levels:
            if int(level["value"]) == value:
                return str(level["label"])
        return ""


class CalculationMethod(models.TextChoices):
    """How a school turns rubric evidence into mastery (the learner model decides for practice items)."""

    LEARNER_MODEL = "learner_model", _("Learner model (recommended)")
    DECAYING_AVERAGE = "decaying_average", _("Decaying average")
    MOST_RECENT = "most_recent", _("Most recent")
    HIGHEST = "highest", _("Highest")
    N_TIMES = "n_times", _("N times at or above mastery")


class Framework(PublicIdModel):
    class Kind(models.TextChoices):
        ACADEMIC = "academic", _("Academic")
        HABITS = "habits", _("Habits of learning / social-emotional")

    district = models.ForeignKey(
        District, on_delete=models.CASCADE, related_name="frameworks", null=True, blank=True
    )
    case_identifier = models.UUIDField(default=uuid.uuid4, unique=True)
    case_uri = models.CharField(max_length=500, blank=True)
    title = models.CharField(max_length=300)
    creator = models.CharField(max_length=300, blank=True)
    version = models.CharField(max_length=100, blank=True)
    subject = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    language = models.CharField(max_length=16, blank=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.ACADEMIC)
    scale = models.ForeignKey(ProficiencyScale, on_delete=models.PROTECT, related_name="frameworks")
    calculation_method = models.CharField(
        max_length=32, choices=CalculationMethod.choices, default=CalculationMethod.LEARNER_MODEL
    )
    calculation_options = models.JSONField(
        default=dict, blank=True, help_text='e.g. {"decay": 0.65} or {"n": 3}'
    )
    counts_self_assessment = models.BooleanField(default=False)
    counts_peer_assessment = models.BooleanField(default=False)
    case_extra = models.JSONField(default=dict, blank=True)
    # Raised by every change to the framework's competencies or links (services.framework_changed); pages
    # keep the framework's graph in memory under (id, revision), so a change is seen on the next request.
    revision = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Competency(PublicIdModel):
    """One node of a framework (a CASE CFItem): a standard, a learning target, or a habit."""

    class Kind(models.TextChoices):
        STANDARD = "standard", _("Standard")
        LEARNING_TARGET = "learning_target", _("Learning target")
        HABIT = "habit", _("Habit of learning")
        GROUPING = "grouping", _("Domain or cluster")

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="competencies")
    case_identifier = models.UUIDField(default=uuid.uuid4, unique=True)
    case_uri = models.CharField(max_length=500, blank=True)
    human_code = models.CharField(max_length=100, blank=True)
    statement = models.TextField()
    abbreviated_statement = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.STANDARD)
    case_item_type = models.CharField(max_length=200, blank=True)
    education_levels = models.CharField(max_length=200, blank=True, help_text="comma-separated grade codes")
    list_enumeration = models.CharField(max_length=50, blank=True)
    sequence = models.IntegerField(default=0)
    case_extra = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["framework", "sequence", "human_code"]
        verbose_name_plural = "competencies"
        indexes = [models.Index(fields=["framework", "human_code"])]

    def __str__(self) -> str:
        return f"{self.human_code} {self.short_statement}".strip()

    @property
    def short_statement(self) -> str:
        return self.abbreviated_statement or self.statement[:120]


class CompetencyEdge(PublicIdModel):
    """A typed link between competencies: `child_of` (hierarchy), `prerequisite_of` (source must be mastered
    before target; CASE `precedes`), `related_to`, or another CASE association kept as it came."""

    class Kind(models.TextChoices):
        CHILD_OF = "child_of", _("is part of")
        PREREQUISITE_OF = "prerequisite_of", _("comes before")
        RELATED_TO = "related_to", _("is related to")
        OTHER = "other", _("other CASE association")

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="edges")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    source = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="edges_out")
    target = models.ForeignKey(
        Competency,
        on_delete=models.CASCADE,
        related_name="edges_in",
        null=True,
        blank=True,
        help_text="empty when the association points outside Trellis (see case_extra)",
    )
    case_identifier = models.UUIDField(default=uuid.uuid4, unique=True)
    case_association_type = models.CharField(max_length=64, blank=True)
    sequence = models.IntegerField(null=True, blank=True)
    case_extra = models.JSONField(default=dict, blank=True)

    class Meta:
        indexes = [models.Index(fields=["framework", "kind"])]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target", "kind"],
                condition=models.Q(target__isnull=False),
                name="one_edge_per_kind_and_pair",
            )
        ]
