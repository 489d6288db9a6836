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


class JournalPolicy(models.Model):
    """A school's rule for guardians and learners' reflections (DOMAIN.md: a guardian reads the journal only
    if the learner or school shares it). Schools without a row let each learner decide."""

    class Sharing(models.TextChoices):
        LEARNER_DECIDES = "learner", _("Each learner decides, entry by entry")
        ALWAYS = "always", _("Guardians see every entry")
        NEVER = "never", _("Guardians see no entries")

    school = models.OneToOneField("rosters.School", on_delete=models.CASCADE, related_name="journal_policy")
    guardians_see = models.CharField(max_length=8, choices=Sharing.choices, default=Sharing.LEARNER_DECIDES)
    updated_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(default=clock.now)

    personal_data = ()

    def __str__(self) -> str:
        return f"journal policy of school {self.school_id}: {self.guardians_see}"


class JournalEntry(PublicIdModel):
    """One school day of a learner's advisory journal: the morning plan (today's goals) and the end-of-day
    reflection, with the conversation under it.

    `learner_active_at` and `feedback_at` are the times of the learner's latest word (plan, reflection,
    reply) and of the latest feedback by someone else, so "awaiting feedback" is one comparison."""

    class Scale(models.IntegerChoices):
        VERY_LOW = 1, _("Very low")
        LOW = 2, _("Low")
        OKAY = 3, _("Okay")
        GOOD = 4, _("Good")
        VERY_GOOD = 5, _("Very good")

    learner = models.ForeignKey("rosters.Learner", on_delete=models.CASCADE, related_name="journal")
    day = models.DateField()
    planned_at = models.DateTimeField(null=True, blank=True)
    what_worked = models.TextField(max_length=LONG_TEXT, blank=True)
    what_didnt = models.TextField(max_length=LONG_TEXT, blank=True)
    next_steps = models.TextField(max_length=LONG_TEXT, blank=True)
    mood = models.PositiveSmallIntegerField(choices=Scale.choices, null=True, blank=True)
    energy = models.PositiveSmallIntegerField(choices=Scale.choices, null=True, blank=True)
    reflected_at = models.DateTimeField(null=True, blank=True)
    shared_with_guardians = models.BooleanField(default=False)
    learner_active_at = models.DateTimeField(default=clock.now)
    feedback_at = models.DateTimeField(null=True, blank=True)

    personal_data = ("what_worked", "what_didnt", "next_steps", "mood", "energy")

    class Meta:
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["learner", "day"], name="one_journal_entry_per_day")]

    def __str__(self) -> str:
        return f"journal of learner {self.learner_id} on {self.day}"

    @property
    def awaiting_feedback(self) -> bool:
        return self.reflected_at is not None and (
            self.feedback_at is None or self.feedback_at < self.learner_active_at
        )


class JournalPlanItem(models.Model):
    """One of today's goals on a journal entry: written by the learner, or taken from one of their goals or
    from a pathway suggestion (then `source` says so and `goal` links the goal)."""

    class Source(models.TextChoices):
        GOAL = "goal", _("From my goals")
        SUGGESTION = "suggestion", _("From my path")
        OWN = "own", _("My own words")

    entry = models.ForeignKey(JournalEntry, on_delete=models.CASCADE, related_name="plan_items")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=SHORT_TEXT)
    source = models.CharField(max_length=12, choices=Source.choices, default=Source.OWN)
    goal = models.ForeignKey(Goal, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    done = models.BooleanField(default=False)

    personal_data = ("text",)

    class Meta:
        ordering = ["entry", "position"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "position"], name="one_plan_item_per_position")
        ]

    def __str__(self) -> str:
        return self.text


class JournalComment(PublicIdModel):
    """Feedback on a journal entry by the advisor or a guardian, or the learner's reply."""

    entry = models.ForeignKey(JournalEntry, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    body = models.TextField(max_length=COMMENT_TEXT)
    created_at = models.DateTimeField(default=clock.now)

    personal_data = ("body",)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"comment on {self.entry_id}"


class TeamPost(PublicIdModel):
    """A note kept on a learner's team page, or a message in the team's thread. A staff-only post is read
    by the staff on the team and administrators; others are read by the whole team, learner included."""

    class Kind(models.TextChoices):
        NOTE = "note", _("Team note")
        MESSAGE = "message", _("Message")

    learner = models.ForeignKey("rosters.Learner", on_delete=models.CASCADE, related_name="team_posts")
    author = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    body = models.TextField(max_length=COMMENT_TEXT)
    staff_only = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=clock.now)

    personal_data = ("body",)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["learner", "kind", "created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} on learner {self.learner_id}'s team"


class Notification(models.Model):
    """Something new for one person: who did what about which learner, and where to look. It never holds
    what was written (the link shows it, through the access gateways)."""

    class Kind(models.TextChoices):
        JOURNAL_FEEDBACK = "journal_feedback", _("New feedback on a journal entry")
        JOURNAL_REPLY = "journal_reply", _("A reply in a journal conversation")
        GOAL_DRAFTED = "goal_drafted", _("A goal waiting to be agreed")
        GOAL_COMMENT = "goal_comment", _("A new comment on a goal")
        GOAL_REVIEWED = "goal_reviewed", _("A goal review")
        TEAM_MESSAGE = "team_message", _("A new message from the learning team")
        PROFILE_COMMENT = "profile_comment", _("A new comment on a profile")

    recipient = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    learner = models.ForeignKey("rosters.Learner", on_delete=models.CASCADE, related_name="+")
    link = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=clock.now)
    read_at = models.DateTimeField(null=True, blank=True)

    personal_data = ()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return f"{self.kind} for user {self.recipient_id}"


class DigestSent(models.Model):
    """A guardian's weekly digest for one ISO week (Monday `week_start`) was sent. The unique row is written
    in the same transaction as the decision to send, so a rerun (cron, two servers) never sends it twice."""

    guardian = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    week_start = models.DateField()
    sent_at = models.DateTimeField(default=clock.now)

    personal_data = ()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["guardian", "week_start"], name="one_digest_per_guardian_week")
        ]

    def __str__(self) -> str:
        return f"digest for user {self.guardian_id}, week of {self.week_start}"
