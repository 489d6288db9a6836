"""Who may read and change which part of the learning team's record: profile, goals, journal, team posts.

Built on `rosters.access` (which decides who may see which learner, and which record parts each relation
opens) and, like it, the only place that decides for these objects. A denied request looks exactly like a
missing one (`Http404`), and every read by someone other than the learner is written to the audit log here.

- **Profile** (part PROFILE): read by every relation that opens it. The learner writes their own parts
  (about me, interests, how I like to learn, what helps me) and, with the advisor, guardians and
  administrators, the team's parts (strengths, what I'm working on, strategies, languages). Accommodations
  are for the *staff on the team* only: the advisor and administrators (relations that hold the
  ACCOMMODATIONS part, less the learner and guardians); never mentors — the part isn't grantable.
- **Goals** (part GOALS): anyone who reads them may comment. The learner drafts and edits drafts; the
  advisor and administrators agree, ask for changes, and review (achieved, revised); the learner or the
  advisor starts an agreed goal; the learner ticks steps.
- **Journal** (part JOURNAL): the learner, the advisor and administrators read every entry. Guardians read
  an entry only when it is shared with them: by the learner, entry by entry, unless the school's policy says
  always or never (`JournalPolicy`). Whoever reads an entry may leave feedback; the learner replies.
- **Team page** (part TEAM): members and roles for everyone the part opens to. Notes and the message thread
  are for the team itself — the learner, guardians, the advisor, mentors and other adults granted the team
  part, and administrators — not for teachers who are only teaching the learner. Staff-only posts are for
  the advisor and administrators.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from functools import cached_property

from django.db.models import QuerySet
from django.http import Http404

from trellis.apps.rosters import access as rosters_access
from trellis.apps.rosters.access import AnyUser, LearnerAccess, RecordPart
from trellis.apps.rosters.models import Learner, School

from . import services
from .models import (
    Goal,
    GoalComment,
    JournalEntry,
    JournalPlanItem,
    JournalPolicy,
    Notification,
    TeamPost,
    WorkingStyle,
)

SELF = rosters_access.SELF
GUARDIAN_OF = rosters_access.GUARDIAN_OF
ADVISOR_OF = rosters_access.ADVISOR_OF
# Staff who lead a learner's growth: agree goals, see accommodations and staff-only posts.
LEAD_RELATIONS = frozenset(
    {rosters_access.ADVISOR_OF, rosters_access.SCHOOL_ADMIN_OF, rosters_access.DISTRICT_ADMIN_OF}
)
# Who writes the team's parts of the profile (the learner writes them too, with their own).
PROFILE_TEAM_WRITERS = LEAD_RELATIONS | {rosters_access.GUARDIAN_OF}
# The team itself, for notes and the thread (mentors and other adults only with the TEAM part granted).
THREAD_RELATIONS = LEAD_RELATIONS | {
    rosters_access.SELF,
    rosters_access.GUARDIAN_OF,
    rosters_access.MENTOR_GRANT,
    rosters_access.OTHER_ADULT,
}

ALL_ENTRIES, SHARED_ENTRIES = "all", "shared"

# Re-exported for interfaces (which don't import models).
GoalStatus = Goal.Status
GoalCommentKind = GoalComment.Kind
PostKind = TeamPost.Kind
Sharing = JournalPolicy.Sharing
MoodScale = JournalEntry.Scale
PlanSource = JournalPlanItem.Source
NotificationKind = Notification.Kind
__all__ = [
    "GoalCommentKind",
    "GoalStatus",
    "MoodScale",
    "NotificationKind",
    "PlanSource",
    "PostKind",
    "RecordPart",
    "Sharing",
    "WorkingStyle",
]


@dataclass(frozen=True)
class GrowthAccess:
    """What one person may do with one learner's profile, goals, journal and team page, and why."""

    granted: LearnerAccess

    @property
    def learner(self) -> Learner:
        return self.granted.learner

    @property
    def is_self(self) -> bool:
        return self.granted.is_self

    @property
    def relation(self) -> str:
        return self.granted.relation

    @property
    def relations(self) -> frozenset[str]:
        return self.granted.relations

    def can_see(self, part: str) -> bool:
        return self.granted.can_see(part)

    @property
    def leads(self) -> bool:
        """The advisor or an administrator: agrees goals, sees staff-only things."""
        return bool(self.relations & LEAD_RELATIONS)

    # --- profile

    @property
    def sees_accommodations(self) -> bool:
        return self.leads and self.can_see(RecordPart.ACCOMMODATIONS)

    @property
    def profile_fields(self) -> tuple[str, ...]:
        """The profile fields this person may write."""
        fields: tuple[str, ...] = ()
        if self.is_self:
            fields += services.LEARNER_FIELDS
        if self.is_self or self.relations & PROFILE_TEAM_WRITERS:
            fields += services.TEAM_FIELDS
        if self.sees_accommodations:
            fields += services.STAFF_FIELDS
        return fields

    # --- goals

    @property
    def drafts_goals(self) -> bool:
        return self.is_self

    @property
    def reviews_goals(self) -> bool:
        """Agree, ask for changes, mark achieved, revise."""
        return self.leads and self.can_see(RecordPart.GOALS)

    @property
    def starts_goals(self) -> bool:
        return self.is_self or self.reviews_goals

    # --- journal

    @cached_property
    def policy(self) -> str:
        """The school's rule for guardians and the journal (read once per request)."""
        return guardians_policy(self.learner)

    @property
    def journal_scope(self) -> str:
        """ALL_ENTRIES, SHARED_ENTRIES (a guardian: entries shared with them) or "" (no journal)."""
        if self.can_see(RecordPart.JOURNAL):
            return ALL_ENTRIES
        if GUARDIAN_OF in self.relations and self.policy != Sharing.NEVER:
            return SHARED_ENTRIES
        return ""

    # --- team

    @property
    def in_thread(self) -> bool:
        """Reads and writes the team's notes and messages."""
        return self.can_see(RecordPart.TEAM) and bool(self.relations & THREAD_RELATIONS)

    @property
    def sees_staff_only(self) -> bool:
        return self.leads and self.can_see(RecordPart.TEAM)


def guardians_policy(learner: Learner) -> str:
    """The school's rule for guardians and the journal (learner decides, when the school set none)."""
    found = JournalPolicy.objects.filter(school_id=learner.school_id).values_list("guardians_see", flat=True)
    return next(iter(found), Sharing.LEARNER_DECIDES)


def _signed_in(user: AnyUser | None) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def _open(user: AnyUser | None, learner_id: uuid.UUID | str, *, what: str, allow: str) -> GrowthAccess:
    """Load the learner, work out the relations, decide with `allow`, then audit the read (not before: a
    refused request leaves no read in the log)."""
    try:
        learner = Learner.objects.select_related("user", "school").get(public_id=learner_id)
    except (Learner.DoesNotExist, ValueError, TypeError) as missing:
        raise Http404 from missing
    granted = rosters_access.relations_to(user, learner)
    if granted is None:
        raise Http404
    growth = GrowthAccess(granted)
    allowed = {
        "profile": growth.can_see(RecordPart.PROFILE),
        "goals": growth.can_see(RecordPart.GOALS),
        "journal": bool(growth.journal_scope),
        "team": growth.can_see(RecordPart.TEAM),
    }[allow]
    if not allowed:
        raise Http404
    if not growth.is_self:
        assert user is not None
        rosters_access.audit_reads(user, [learner], relation=growth.relation, what=what)
    return growth


def access_profile(user: AnyUser | None, learner_id: uuid.UUID | str, *, what: str) -> GrowthAccess:
    return _open(user, learner_id, what=what, allow="profile")


def access_goals(user: AnyUser | None, learner_id: uuid.UUID | str, *, what: str) -> GrowthAccess:
    return _open(user, learner_id, what=what, allow="goals")


def access_goal(
    user: AnyUser | None, learner_id: uuid.UUID | str, goal_id: uuid.UUID | str, *, what: str
) -> tuple[GrowthAccess, Goal]:
    """One goal of one learner: 404 unless the goal is that learner's and the goals part is open."""
    goal = _goal_of(learner_id, goal_id)
    return access_goals(user, learner_id, what=what), goal


def _goal_of(learner_id: uuid.UUID | str, goal_id: uuid.UUID | str) -> Goal:
    try:
        return Goal.objects.select_related("learner__school").get(
            public_id=goal_id, learner__public_id=learner_id
        )
    except (Goal.DoesNotExist, ValueError, TypeError) as missing:
        raise Http404 from missing


def access_journal(user: AnyUser | None, learner_id: uuid.UUID | str, *, what: str) -> GrowthAccess:
    return _open(user, learner_id, what=what, allow="journal")


def visible_entries(growth: GrowthAccess) -> QuerySet[JournalEntry]:
    """The learner's journal entries this person may read: all, or (a guardian) those shared with them."""
    entries = JournalEntry.objects.filter(learner=growth.learner)
    if growth.journal_scope == ALL_ENTRIES:
        return entries
    if growth.journal_scope == SHARED_ENTRIES:
        return entries if growth.policy == Sharing.ALWAYS else entries.filter(shared_with_guardians=True)
    return entries.none()


def access_journal_entry(
    user: AnyUser | None, learner_id: uuid.UUID | str, entry_id: uuid.UUID | str, *, what: str
) -> tuple[GrowthAccess, JournalEntry]:
    """One journal entry: 404 unless it is the learner's and this person may read it (a guardian: shared)."""
    try:
        entry = JournalEntry.objects.get(public_id=entry_id, learner__public_id=learner_id)
    except (JournalEntry.DoesNotExist, ValueError, TypeError) as missing:
        raise Http404 from missing
    try:
        learner = Learner.objects.select_related("user", "school").get(pk=entry.learner_id)
    except Learner.DoesNotExist as missing:  # pragma: no cover - the entry's learner row cascades with it
        raise Http404 from missing
    granted = rosters_access.relations_to(user, learner)
    if granted is None:
        raise Http404
    growth = GrowthAccess(granted)
    if not visible_entries(growth).filter(pk=entry.pk).exists():
        raise Http404
    if not growth.is_self:
        assert user is not None
        rosters_access.audit_reads(user, [learner], relation=growth.relation, what=what)
    return growth, entry


def access_team(user: AnyUser | None, learner_id: uuid.UUID | str, *, what: str) -> GrowthAccess:
    return _open(user, learner_id, what=what, allow="team")


def visible_posts(growth: GrowthAccess) -> QuerySet[TeamPost]:
    posts = TeamPost.objects.filter(learner=growth.learner)
    if not growth.in_thread:
        return posts.none()
    return posts if growth.sees_staff_only else posts.filter(staff_only=False)


# --- the learner's own pages and the advisor's board --------------------------------------------------


def own_learner(user: AnyUser | None) -> GrowthAccess:
    """The signed-in learner's access to their own record (for learners' pages); 404 for anyone else."""
    if not _signed_in(user):
        raise Http404
    learner = (
        rosters_access.learners_related_to(user, rosters_access.SELF).select_related("user", "school").first()
    )
    if learner is None:
        raise Http404
    granted = rosters_access.relations_to(user, learner)
    assert granted is not None
    return GrowthAccess(granted)


def own_goal(user: AnyUser | None, goal_id: uuid.UUID | str) -> tuple[GrowthAccess, Goal]:
    mine = own_learner(user)
    return mine, _goal_of(mine.learner.public_id, goal_id)


def own_entry(user: AnyUser | None, entry_id: uuid.UUID | str) -> tuple[GrowthAccess, JournalEntry]:
    mine = own_learner(user)
    try:
        return mine, JournalEntry.objects.get(public_id=entry_id, learner=mine.learner)
    except (JournalEntry.DoesNotExist, ValueError, TypeError) as missing:
        raise Http404 from missing


def advisees(user: AnyUser | None, *, what: str) -> list[Learner]:
    """The learners `user` advises now (the advisory board), with their reads audited in one INSERT."""
    if not _signed_in(user):
        return []
    assert user is not None
    found = list(
        rosters_access.learners_related_to(user, ADVISOR_OF)
        .select_related("user", "school")
        .order_by("user__last_name", "user__first_name")
    )
    rosters_access.audit_reads(user, found, relation=ADVISOR_OF, what=what)
    return found


def access_advisee(user: AnyUser | None, learner_id: uuid.UUID | str, *, what: str) -> GrowthAccess:
    """One learner `user` advises (the board's views of one advisee): 404 for anyone else."""
    growth = _open(user, learner_id, what=what, allow="journal")
    if ADVISOR_OF not in growth.relations:
        raise Http404
    return growth


def children_of(user: AnyUser | None, *, what: str) -> list[Learner]:
    """A guardian's linked children (restricted links give none), reads audited in one INSERT."""
    if not _signed_in(user):
        return []
    assert user is not None
    found = list(
        rosters_access.learners_related_to(user, GUARDIAN_OF)
        .select_related("user", "school")
        .order_by("user__first_name")
    )
    rosters_access.audit_reads(user, found, relation=GUARDIAN_OF, what=what)
    return found


def access_child(user: AnyUser | None, learner_id: uuid.UUID | str, *, what: str) -> GrowthAccess:
    """One of a guardian's children (the family portal): 404 for anyone who isn't their guardian."""
    try:
        learner = Learner.objects.select_related("user", "school").get(public_id=learner_id)
    except (Learner.DoesNotExist, ValueError, TypeError) as missing:
        raise Http404 from missing
    granted = rosters_access.relations_to(user, learner)
    if granted is None or GUARDIAN_OF not in granted.relations:
        raise Http404
    assert user is not None
    rosters_access.audit_reads(user, [learner], relation=GUARDIAN_OF, what=what)
    return GrowthAccess(granted)


def access_school_policy(user: AnyUser | None, school_id: uuid.UUID | str) -> School:
    """A school whose journal policy `user` may set: its administrators (and the district's)."""
    return rosters_access.access_school(user, school_id)
