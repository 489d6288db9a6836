"""Who may open or steer which pathway. Built on `rosters.access`, the only place that decides who may see
which learner; a denied request looks exactly like a missing one (`Http404`), and every read of a learner's
path by someone else is audited by the gateways used here.

- A learner's **path** (plan, pacing, suggestions, choices) is part of their academic record: it opens to
  whoever may read their evidence — the learner, their unrestricted guardians, advisor, current teachers
  and administrators (not mentors). Only the learner chooses their next steps and how to show mastery.
- **Targets** on a plan are set with the advisor: by the learner's advisor or an administrator.
- A section's **pathways page** opens to its current teachers and the administrators of its school;
  steering it (priorities, locks, ways to show mastery, assignments) is for its current teachers only.
"""

from __future__ import annotations

import uuid

from django.http import Http404

from trellis.apps.learning.access import own_learner
from trellis.apps.rosters import access as rosters_access
from trellis.apps.rosters.access import AnyUser, LearnerAccess, SectionAccess
from trellis.apps.rosters.models import Learner

__all__ = ["own_learner"]

PLAN_EDITORS = frozenset(
    {rosters_access.ADVISOR_OF, rosters_access.SCHOOL_ADMIN_OF, rosters_access.DISTRICT_ADMIN_OF}
)


def access_path(user: AnyUser | None, learner_id: uuid.UUID | str, *, what: str) -> LearnerAccess:
    """Reading a learner's path: those who may read their evidence; audited for anyone but the learner."""
    return rosters_access.access_learner(user, learner_id, part=rosters_access.RecordPart.EVIDENCE, what=what)


def access_plan_to_edit(user: AnyUser | None, learner_id: uuid.UUID | str, *, what: str) -> Learner:
    """Setting targets on a learner's plan: their advisor or an administrator of their school or district."""
    granted = access_path(user, learner_id, what=what)
    if not granted.relations & PLAN_EDITORS:
        raise Http404
    return granted.learner


def access_guardian_children(user: AnyUser | None, *, what: str) -> list[Learner]:
    """A guardian's children through current, unrestricted links; the reads are audited."""
    children = list(
        rosters_access.learners_related_to(user, rosters_access.GUARDIAN_OF).select_related("user", "school")
    )
    if children:
        assert user is not None
        rosters_access.audit_reads(user, children, relation=rosters_access.GUARDIAN_OF, what=what)
    return children


def access_section_pathways(user: AnyUser | None, section_id: uuid.UUID | str) -> SectionAccess:
    """A section's pathways page: its current teachers and its school's administrators."""
    return rosters_access.access_section(user, section_id)


def access_section_to_steer(user: AnyUser | None, section_id: uuid.UUID | str) -> SectionAccess:
    """Steering a section's pathways: its current teachers only."""
    granted = rosters_access.access_section(user, section_id)
    if granted.relation != rosters_access.TEACHER_OF_SECTION:
        raise Http404
    return granted
