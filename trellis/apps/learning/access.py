"""Who may open which piece of learners' work: submissions, practice sessions and peer reviews.

Built on `rosters.access` (which decides who may see which learner) and, like it, the only place that decides
for these objects. A denied request looks exactly like a missing one (`Http404`), and every read of a
learner's work by someone other than that learner is written to the audit log here, so a page can't forget.

- A **submission** opens to its author; to the teachers of a section the author is in now, the author's
  advisor, and administrators of the author's school or district (the relations of `rosters.access`); and to
  a learner assigned to peer-review it (who, on an anonymous review, doesn't see whose work it is).
  Guardians and mentors are not given learners' hand-ins here.
- A **practice session** opens to the learner practicing only.
- A **peer review** (the assignment, with the classmate's work to score) opens to its reviewer only.
- A section's **work to score** opens to its teachers and the administrators of its school (the section
  gateway of `rosters.access`); scoring, returning work and assigning reviewers are for its teachers only.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from trellis.apps.rosters import access as rosters_access
from trellis.apps.rosters.access import AnyUser, SectionAccess
from trellis.apps.rosters.models import Enrollment, Learner
from trellis.lib import clock
from trellis.lib.models import current_on

from . import selectors
from .models import SUBMITTABLE_KINDS, Activity, Item, PeerReview, PracticeSession, Submission

PEER_REVIEWER = "peer_reviewer"
# The relations of rosters.access that open a learner's handed-in work, in the order the audit log names
# them when several hold.
WORK_RELATIONS = (
    rosters_access.SELF,
    rosters_access.ADVISOR_OF,
    rosters_access.TEACHER_OF_SECTION,
    rosters_access.SCHOOL_ADMIN_OF,
    rosters_access.DISTRICT_ADMIN_OF,
)
PRACTICE_KINDS = (Activity.Kind.PRACTICE_SET,)
WORK_KINDS = SUBMITTABLE_KINDS

SubmissionStatus = Submission.Status
ActivityKind = Activity.Kind
Interaction = Item.Interaction
__all__ = ["ActivityKind", "Interaction", "SubmissionStatus"]  # re-exported for interfaces


def _signed_in(user: AnyUser | None) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def own_learner(user: AnyUser | None) -> Learner:
    """The signed-in person's own learner record (for learners' pages); 404 for anyone who is not a
    learner."""
    if not _signed_in(user):
        raise Http404
    found = (
        rosters_access.learners_related_to(user, rosters_access.SELF)
        .select_related("user", "school__district")
        .first()
    )
    if found is None:
        raise Http404
    return found


# --- activities ---------------------------------------------------------------------------------------


def activities_open_to(learner: Learner, *, kinds: tuple[str, ...]) -> QuerySet[Activity]:
    """Active activities of these kinds that a learner may work on: shared ones and their district's."""
    return selectors.activities_for_district(learner.school.district_id, kinds=kinds)


def access_activity(
    user: AnyUser | None, activity_id: uuid.UUID | str, *, kinds: tuple[str, ...]
) -> tuple[Learner, Activity]:
    """A learner opening an activity to work on it: 404 unless they are a learner and it is open to them."""
    learner = own_learner(user)
    try:
        activity = activities_open_to(learner, kinds=kinds).get(public_id=activity_id)
    except (Activity.DoesNotExist, ValueError, TypeError) as missing:
        raise Http404 from missing
    return learner, activity


# --- submissions --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SubmissionAccess:
    """What one person may see of one submission, and why."""

    submission: Submission
    relation: str
    hide_author: bool  # a peer reviewer on an anonymous review

    @property
    def is_author(self) -> bool:
        return self.relation == rosters_access.SELF


def _review_by(user: AnyUser, submission: Submission) -> PeerReview | None:
    return (
        PeerReview.objects.filter(submission=submission, reviewer__user_id=rosters_access.user_pk(user))
        .order_by("anonymous_to_author")
        .first()
    )


def access_submission(user: AnyUser | None, public_id: uuid.UUID | str, *, what: str) -> SubmissionAccess:
    """The gateway for one piece of handed-in work (see the module's docstring for who); audits others'
    reads."""
    if not _signed_in(user):
        raise Http404
    assert user is not None
    submission = selectors.submission_by_public_id(public_id)
    author = submission.learner
    granted = rosters_access.relations_to(user, author)
    relation = next((r for r in WORK_RELATIONS if granted and r in granted.relations), None)
    hide_author = False
    if relation is None:
        review = _review_by(user, submission)
        if review is None:
            raise Http404
        relation, hide_author = PEER_REVIEWER, review.anonymous_to_author
    if relation != rosters_access.SELF:
        rosters_access.audit_reads(user, [author], relation=relation, what=what)
    return SubmissionAccess(submission, relation, hide_author)


def access_own_submission(user: AnyUser | None, public_id: uuid.UUID | str) -> Submission:
    """A learner's own handed-in work, for its author's pages only (no one else's read happens here)."""
    if not _signed_in(user):
        raise Http404
    submission = selectors.submission_by_public_id(public_id)
    if submission.learner.user_id != rosters_access.user_pk(user):
        raise Http404
    return submission


# --- practice -----------------------------------------------------------------------------------------


def access_practice_session(user: AnyUser | None, public_id: uuid.UUID | str) -> PracticeSession:
    """A practice session, for the learner practicing only."""
    if not _signed_in(user):
        raise Http404
    session = selectors.practice_session_by_public_id(public_id)
    if session.learner.user_id != rosters_access.user_pk(user):
        raise Http404
    return session


# --- peer review --------------------------------------------------------------------------------------


def access_peer_review(user: AnyUser | None, public_id: uuid.UUID | str, *, what: str) -> PeerReview:
    """A peer review, for its reviewer only. Opening it shows a classmate's work: that read is audited."""
    if not _signed_in(user):
        raise Http404
    assert user is not None
    review = selectors.peer_review_by_public_id(public_id)
    if review.reviewer.user_id != rosters_access.user_pk(user):
        raise Http404
    rosters_access.audit_reads(user, [review.submission.learner], relation=PEER_REVIEWER, what=what)
    return review


# --- a section's work ---------------------------------------------------------------------------------


def access_section_to_assess(user: AnyUser | None, section_id: uuid.UUID | str) -> SectionAccess:
    """A section whose learners' work `user` may score, return and send to peers: its current teachers."""
    granted = rosters_access.access_section(user, section_id)
    if granted.relation != rosters_access.TEACHER_OF_SECTION:
        raise Http404
    return granted


@dataclass(frozen=True)
class SectionWork:
    """One learner's submission opened from a section they are in now."""

    section_access: SectionAccess
    submission: Submission

    @property
    def can_assess(self) -> bool:
        return self.section_access.relation == rosters_access.TEACHER_OF_SECTION


def _learners_in(section_access: SectionAccess) -> QuerySet[Enrollment]:
    return Enrollment.objects.filter(
        current_on(clock.today()), section=section_access.section, role=Enrollment.Role.LEARNER
    )


def access_section_submission(
    user: AnyUser | None,
    section_id: uuid.UUID | str,
    submission_id: uuid.UUID | str,
    *,
    what: str,
    to_assess: bool = False,
) -> SectionWork:
    """A submission by a learner who is in the section now, for the section's teachers and its school's
    administrators (`to_assess`: teachers only). 404 otherwise; the read of the learner's work is
    audited."""
    granted = (
        access_section_to_assess(user, section_id)
        if to_assess
        else rosters_access.access_section(user, section_id)
    )
    assert user is not None
    submission = selectors.submission_by_public_id(submission_id)
    if not _learners_in(granted).filter(user_id=submission.learner.user_id).exists():
        raise Http404
    rosters_access.audit_reads(user, [submission.learner], relation=granted.relation, what=what)
    return SectionWork(granted, submission)


def peer_reviewer_candidates(work: SectionWork) -> QuerySet[Learner]:
    """Who a teacher may ask to review this work: the section's current learners, not the author, and not
    anyone already reviewing it."""
    already = PeerReview.objects.filter(submission=work.submission).values("reviewer_id")
    return (
        Learner.objects.filter(user_id__in=_learners_in(work.section_access).values("user_id"))
        .exclude(pk=work.submission.learner_id)
        .exclude(pk__in=already)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )
