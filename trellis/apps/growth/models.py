"""The learning team around a learner (PRODUCT.md C5–C8, C11): an assets-based profile with its change
history, co-created goals with steps and the conversation around them.

Every write goes through `services.py`; who may read or change what is decided in `access.py` (built on
`rosters.access`). Text people write is stored as typed, length-limited here, and escaped when shown.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trellis.lib import clock
from trellis.lib.models import PublicIdModel

USER = settings.AUTH_USER_MODEL

# Length limits shared by models, forms and services (the form says the limit; the service enforces it).
SHORT_TEXT = 200
LONG_TEXT = 2000
COMMENT_TEXT = 2000
TAG_LENGTH = 40
MAX_TAGS = 15


class WorkingStyle(models.TextChoices):
    """Ways a learner says they learn well. The first six are the activity modalities (`learning.Activity`)
    so pathway suggestions can match them; the others are about working with people and space."""

    TEXT = "text", _("Reading and writing")
    VIDEO = "video", _("Watching someone show me")
    AUDIO = "audio", _("Listening")
    HANDS_ON = "hands_on", _("Hands-on, making things")
    DISCUSSION = "discussion", _("Talking it through")
    DIGITAL_PRACTICE = "digital_practice", _("Practising on screen")
    ALONE = "alone", _("Working on my own")
    PARTNER = "partner", _("Working with a partner")
    GROUP = "group", _("Working in a group")
    QUIET = "quiet", _("A quiet place")
    MOVEMENT = "movement", _("Moving around, short breaks")


class LearnerProfile(models.Model):
    """What a learner is good at, cares about and needs, in their words and their team's. One per learner.

    The learner writes "about me", interests, working styles and what helps them; the whole team (learner,
    advisor, guardians) writes strengths, challenges, strategies that work and languages; accommodations are
    staff-only. Every change is kept in `ProfileChange`."""

    learner = models.OneToOneField("rosters.Learner", on_delete=models.CASCADE, related_name="profile")
    about_me = models.TextField(max_length=LONG_TEXT, blank=True)
    interests = models.JSONField(default=list, blank=True)
    working_styles = models.JSONField(default=list, blank=True)
    what_helps_me = models.TextField(max_length=LONG_TEXT, blank=True)
    strengths = models.TextField(max_length=LONG_TEXT, blank=True)
    challenges = models.TextField(max_length=LONG_TEXT, blank=True)
    strategies = models.TextField(max_length=LONG_TEXT, blank=True)
    languages = models.CharField(max_length=SHORT_TEXT, blank=True)
    accommodations = models.TextField(max_length=LONG_TEXT, blank=True)
    updated_at = models.DateTimeField(default=clock.now)

    personal_data = (
        "about_me",
        "interests",
        "working_styles",
        "what_helps_me",
        "strengths",
        "challenges",
        "strategies",
        "languages",
        "accommodations",
    )

    def __str__(self) -> str:
        return f"profile of learner {self.learner_id}"


class ProfileChange(models.Model):
    """One field of a profile changed: who, when, old → new. Append-only; never edited or deleted."""

    profile = models.ForeignKey(LearnerProfile, on_delete=models.CASCADE, related_name="changes")
    field = models.CharField(max_length=32)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)
    changed_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    changed_at = models.DateTimeField(default=clock.now)

    personal_data = ("old_value", "new_value")

    class Meta:
        ordering = ["-changed_at", "-pk"]
        indexes = [models.Index(fields=["profile", "-changed_at"])]

    def __str__(self) -> str:
        return f"{self.field} changed at {self.changed_at:%Y-%m-%d %H:%M}"


class ProfileComment(PublicIdModel):
    """A team member's comment on a learner's profile."""

    profile = models.ForeignKey(LearnerProfile, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    body = models.TextField(max_length=COMMENT_TEXT)
    created_at = models.DateTimeField(default=clock.now)

    personal_data = ("body",)

    class Meta:
        ordering = ["created_at", "pk"]


class Goal(PublicIdModel):
    """A learner-owned SMART goal: drafted by the learner, agreed with the advisor, worked on in steps.

    Status moves draft → agreed → active → achieved, or to revised when a new draft replaces it
    (`revised_into`). What each move means and who may make it is in `services.py`."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        AGREED = "agreed", _("Agreed")
        ACTIVE = "active", _("Active")
        ACHIEVED = "achieved", _("Achieved")
        REVISED = "revised", _("Revised")

    learner = models.ForeignKey("rosters.Learner", on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(max_length=SHORT_TEXT)
    why = models.TextField(max_length=LONG_TEXT, blank=True)
    how_i_will_know = models.TextField(max_length=LONG_TEXT, blank=True)
    due_on = models.DateField(null=True, blank=True)
    competencies = models.ManyToManyField("frameworks.Competency", blank=True, related_name="goals")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    changes_requested = models.BooleanField(default=False)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=clock.now)
    updated_at = models.DateTimeField(default=clock.now)
    agreed_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    agreed_at = models.DateTimeField(null=True, blank=True)
    achieved_at = models.DateTimeField(null=True, blank=True)
    revised_into = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="revised_from"
    )

    personal_data = ("title", "why", "how_i_will_know", "due_on")

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["learner", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        """Still being worked on (not achieved or replaced)."""
        return self.status in (self.Status.DRAFT, self.Status.AGREED, self.Status.ACTIVE)


class GoalStep(models.Model):
    """One step toward a goal; done when the learner ticks it."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=SHORT_TEXT)
    done_at = models.DateTimeField(null=True, blank=True)

    personal_data = ("text",)

    class Meta:
        ordering = ["goal", "position"]
        constraints = [
            models.UniqueConstraint(fields=["goal", "position"], name="one_goal_step_per_position")
        ]

    def __str__(self) -> str:
        return self.text


class GoalComment(PublicIdModel):
    """The conversation about a goal: comments by the team, and the review moments (agreed, changes asked,
    started, achieved, revised) with what was said at each."""

    class Kind(models.TextChoices):
        COMMENT = "comment", _("Comment")
        CHANGES_REQUESTED = "changes_requested", _("Asked for changes")
        AGREED = "agreed", _("Agreed")
        STARTED = "started", _("Started")
        ACHIEVED = "achieved", _("Achieved")
        REVISED = "revised", _("Revised")

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.COMMENT)
    body = models.TextField(max_length=COMMENT_TEXT, blank=True)
    created_at = models.DateTimeField(default=clock.now)

    personal_data = ("body",)

    class Meta:
        ordering = ["created_at", "pk"]
