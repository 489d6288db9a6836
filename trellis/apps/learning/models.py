"""What learners do: activities aligned to competencies, auto-scored items inside practice sets, rubrics for
performance tasks and projects, the work learners hand in, peer-review assignments, and practice sessions
(PRODUCT.md C2, C4).

This app records what happened; turning it into evidence of mastery is the evidence app's job (it wraps
`services.answer_item` and rubric scoring). Every write goes through `services.py`.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from trellis.lib import clock
from trellis.lib.models import PublicIdModel

from . import scoring

USER = settings.AUTH_USER_MODEL


class Rubric(PublicIdModel):
    """Criteria × levels, for scoring performance tasks and projects, and for self- and peer-assessment."""

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    district = models.ForeignKey(
        "rosters.District", on_delete=models.CASCADE, null=True, blank=True, related_name="rubrics"
    )
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=clock.now)

    personal_data = ()

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class RubricCriterion(PublicIdModel):
    """One row of a rubric. With a competency, a score on this row is evidence on that competency."""

    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    competency = models.ForeignKey(
        "frameworks.Competency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rubric_criteria",
    )

    personal_data = ()

    class Meta:
        ordering = ["rubric", "position"]
        verbose_name_plural = "rubric criteria"
        constraints = [
            models.UniqueConstraint(fields=["rubric", "position"], name="one_criterion_per_rubric_position")
        ]

    def __str__(self) -> str:
        return self.title


class RubricLevel(models.Model):
    """One cell of a rubric: what work at `value` (a level of the framework's scale, e.g. 1–4) looks like
    on this criterion."""

    criterion = models.ForeignKey(RubricCriterion, on_delete=models.CASCADE, related_name="levels")
    value = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=100)
    description = models.TextField(blank=True)

    personal_data = ()

    class Meta:
        ordering = ["criterion", "value"]
        constraints = [
            models.UniqueConstraint(fields=["criterion", "value"], name="one_level_per_criterion_value")
        ]

    def __str__(self) -> str:
        return f"{self.value} {self.label}"


class Activity(PublicIdModel):
    """Something a learner can do to learn or show learning, aligned to the competencies it works on and
    tagged so pathways can offer a choice that fits the learner (interests, modality, time)."""

    class Kind(models.TextChoices):
        PRACTICE_SET = "practice_set", _("Practice set")
        LESSON = "lesson", _("Lesson")
        READING = "reading", _("Reading")
        VIDEO = "video", _("Video")
        PERFORMANCE_TASK = "performance_task", _("Performance task")
        PROJECT = "project", _("Project")

    class Modality(models.TextChoices):
        TEXT = "text", _("Reading and writing")
        VIDEO = "video", _("Watching")
        AUDIO = "audio", _("Listening")
        HANDS_ON = "hands_on", _("Hands-on")
        DISCUSSION = "discussion", _("Discussion")
        DIGITAL_PRACTICE = "digital_practice", _("Practice on screen")

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    competencies = models.ManyToManyField("frameworks.Competency", related_name="activities")
    interests = models.JSONField(default=list, blank=True, help_text='short tags, e.g. ["music", "sports"]')
    modality = models.CharField(max_length=20, choices=Modality.choices)
    estimated_minutes = models.PositiveSmallIntegerField()
    district = models.ForeignKey(
        "rosters.District", on_delete=models.CASCADE, null=True, blank=True, related_name="activities"
    )
    rubric = models.ForeignKey(
        Rubric, on_delete=models.PROTECT, null=True, blank=True, related_name="activities"
    )
    url = models.URLField(max_length=1000, blank=True, help_text="an external resource, if any")
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=clock.now)
    is_active = models.BooleanField(default=True)

    personal_data = ()

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "activities"
        indexes = [models.Index(fields=["kind", "is_active"])]

    def __str__(self) -> str:
        return self.title

    @property
    def takes_submissions(self) -> bool:
        return self.kind in SUBMITTABLE_KINDS


SUBMITTABLE_KINDS = (Activity.Kind.PERFORMANCE_TASK, Activity.Kind.PROJECT)


class Item(PublicIdModel):
    """One auto-scored question in a practice set, giving instant feedback and hints one at a time.

    The interactions mirror QTI 3 (the answer key's shape for each is in `scoring.py`):

    - `choice`: qti-choice-interaction with max-choices="1" (one right answer);
    - `multiple_choice`: qti-choice-interaction with max-choices="0" (choose all that apply);
    - `text_entry`: qti-text-entry-interaction, base-type="string";
    - `numeric_entry`: qti-text-entry-interaction, base-type="float" (a tolerance around the value);
    - `ordering`: qti-order-interaction.

    `choices` is a list of {"id", "text"} in display order; `choice_feedback` maps a choice id to what a
    learner who picks it should read (QTI modal feedback per choice); `qti_identifier` is the item's QTI
    identifier when it came from, or goes to, a QTI package.
    """

    class Interaction(models.TextChoices):
        CHOICE = scoring.CHOICE, _("Choose one")
        MULTIPLE_CHOICE = scoring.MULTIPLE_CHOICE, _("Choose all that apply")
        TEXT_ENTRY = scoring.TEXT_ENTRY, _("Type an answer")
        NUMERIC_ENTRY = scoring.NUMERIC_ENTRY, _("Type a number")
        ORDERING = scoring.ORDERING, _("Put in order")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="items")
    competency = models.ForeignKey("frameworks.Competency", on_delete=models.PROTECT, related_name="items")
    position = models.PositiveSmallIntegerField()
    interaction = models.CharField(max_length=20, choices=Interaction.choices)
    prompt = models.TextField()
    choices = models.JSONField(default=list, blank=True)
    correct = models.JSONField()
    feedback_correct = models.TextField(blank=True)
    feedback_incorrect = models.TextField(blank=True)
    choice_feedback = models.JSONField(default=dict, blank=True)
    hints = models.JSONField(default=list, blank=True)
    qti_identifier = models.CharField(max_length=100, blank=True)

    personal_data = ()

    class Meta:
        ordering = ["activity", "position"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "position"], name="one_item_per_activity_position")
        ]

    def __str__(self) -> str:
        return f"{self.activity} #{self.position}"

    @property
    def choice_ids(self) -> list[str]:
        return [str(choice["id"]) for choice in self.choices]

    def score(self, response: Any) -> scoring.ScoreResult:
        return scoring.score_response(
            self.interaction,
            self.correct,
            response,
            choice_ids=self.choice_ids if self.interaction in scoring.CHOICE_INTERACTIONS else None,
        )


def submission_upload_to(instance: Submission, filename: str) -> str:
    """submissions/<year>/<month>/<random>.<ext>: the learner's own file name (which may carry their name)
    is kept in `original_name`, never in the storage path."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"submissions/{clock.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


class Submission(PublicIdModel):
    """Work a learner hands in for a performance task or project: text, a link, a file, or several.
    A returned submission goes back to the learner to revise; the revision is a new submission."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting to be scored")
        SCORED = "scored", _("Scored")
        RETURNED = "returned", _("Returned to revise")

    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="submissions")
    learner = models.ForeignKey("rosters.Learner", on_delete=models.CASCADE, related_name="submissions")
    submitted_at = models.DateTimeField()
    text = models.TextField(blank=True)
    link = models.URLField(max_length=1000, blank=True)
    file = models.FileField(upload_to=submission_upload_to, max_length=255, blank=True)
    original_name = models.CharField(max_length=255, blank=True, help_text="the file's name on upload")
    content_type = models.CharField(max_length=100, blank=True, help_text="from the checked file type")
    size = models.PositiveIntegerField(null=True, blank=True, help_text="bytes")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SUBMITTED)
    reviewed_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    teacher_comment = models.TextField(blank=True)

    personal_data = ("text", "link", "file", "original_name", "teacher_comment")

    class Meta:
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["status", "submitted_at"]),
            models.Index(fields=["learner", "activity"]),
        ]

    def __str__(self) -> str:
        return f"{self.activity} ({self.submitted_at:%Y-%m-%d})"


class RubricScore(PublicIdModel):
    """The level one rater gave one criterion of a learner's work: the rubric scoring as it was given.

    Criteria aligned to a competency also become evidence (the evidence app records both in one
    transaction); criteria without one, e.g. "presentation", exist only here, so nothing a teacher, a peer
    or the learner scored is lost, and the work's page shows every criterion."""

    class Source(models.TextChoices):
        TEACHER = "rubric", _("Teacher")
        SELF = "self", _("Self-assessment")
        PEER = "peer", _("Peer review")

    learner = models.ForeignKey("rosters.Learner", on_delete=models.CASCADE, related_name="rubric_scores")
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="rubric_scores")
    criterion = models.ForeignKey(RubricCriterion, on_delete=models.PROTECT, related_name="scores")
    level = models.PositiveSmallIntegerField()
    source = models.CharField(max_length=8, choices=Source.choices)
    rated_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    rated_at = models.DateTimeField()
    # What was rated, as evidence names it: "submission:<id>", "activity:<id>" or "peer_review:<id>".
    ref = models.CharField(max_length=200)
    note = models.TextField(blank=True, max_length=4000)

    personal_data = ("level", "note")

    class Meta:
        ordering = ["criterion__position", "id"]
        indexes = [models.Index(fields=["learner", "ref", "source"])]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.level}"


class PeerReview(PublicIdModel):
    """A teacher's assignment of a learner to review a classmate's submission with the activity's rubric.
    The reviewer's rubric scores are evidence (the evidence app); this row is the assignment, its state,
    and the reviewer's written feedback."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="peer_reviews")
    reviewer = models.ForeignKey(
        "rosters.Learner", on_delete=models.CASCADE, related_name="peer_reviews_assigned"
    )
    anonymous_to_author = models.BooleanField(default=False)
    assigned_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    assigned_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    feedback = models.TextField(blank=True)

    personal_data = ("feedback",)

    class Meta:
        ordering = ["assigned_at", "id"]
        indexes = [models.Index(fields=["reviewer", "completed_at"])]
        constraints = [
            models.UniqueConstraint(fields=["submission", "reviewer"], name="one_peer_review_per_reviewer")
        ]

    @property
    def is_open(self) -> bool:
        return self.completed_at is None

    def reviewer_shown_to_author(self) -> str:
        """The reviewer's name as the author may see it: hidden when the review is anonymous."""
        if self.anonymous_to_author:
            return gettext("A classmate")
        return self.reviewer.user.display_name


class PracticeSession(PublicIdModel):
    """A learner working through a practice set, item by item, with instant feedback."""

    learner = models.ForeignKey("rosters.Learner", on_delete=models.CASCADE, related_name="practice_sessions")
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="practice_sessions")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    personal_data = ()

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["learner", "activity", "finished_at"])]

    def __str__(self) -> str:
        return f"{self.activity} ({self.started_at:%Y-%m-%d %H:%M})"

    @property
    def is_open(self) -> bool:
        return self.finished_at is None


class PracticeAnswer(PublicIdModel):
    """One scored attempt at an item. Responses that could not be read are not stored (nothing was
    scored); `attempt` counts this learner's scored attempts at the item in this session, from 1."""

    session = models.ForeignKey(PracticeSession, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="answers")
    response = models.JSONField(help_text="as the learner gave it")
    correct = models.BooleanField()
    score = models.FloatField()
    hints_used = models.PositiveSmallIntegerField(default=0)
    attempt = models.PositiveSmallIntegerField(default=1)
    answered_at = models.DateTimeField()

    personal_data = ("response",)

    class Meta:
        ordering = ["answered_at", "id"]
        indexes = [models.Index(fields=["session", "item"])]
        constraints = [
            models.UniqueConstraint(fields=["session", "item", "attempt"], name="one_answer_per_attempt"),
            models.CheckConstraint(
                name="practice_score_between_0_and_1", condition=models.Q(score__gte=0, score__lte=1)
            ),
        ]


class HintReveal(models.Model):
    """A hint shown to a learner in a practice session: the `number`-th hint of `item`."""

    session = models.ForeignKey(PracticeSession, on_delete=models.CASCADE, related_name="hint_reveals")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveSmallIntegerField()
    revealed_at = models.DateTimeField()

    personal_data = ()

    class Meta:
        ordering = ["revealed_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "item", "number"], name="one_reveal_per_hint")
        ]

    def __str__(self) -> str:
        return f"hint {self.number} of item {self.item_id}"
