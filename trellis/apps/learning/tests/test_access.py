"""The learning gateways: who may open a submission, a practice session, a peer review and a section's work;
what the audit log records; and that a denied or missing object is the same 404."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from trellis.apps.audit.models import AuditEvent
from trellis.apps.learning import access
from trellis.apps.learning.models import Activity, Submission
from trellis.apps.learning.services import (
    assign_peer_review,
    create_activity,
    start_practice,
    submit_work,
)
from trellis.apps.rosters.models import Enrollment, Guardianship, OrgRole, Section, TeamMembership
from trellis.lib import clock

from .conftest import User, make_learner

pytestmark = pytest.mark.django_db


@pytest.fixture
def work(task: Activity, learner: Any) -> Submission:
    return submit_work(activity=task, learner=learner, text="My trip budget")


@pytest.fixture
def section(school: Any, learner: Any, classmate: Any, teacher: Any) -> Section:
    section = Section.objects.create(school=school, title="Math 6")
    for member in (learner, classmate):
        Enrollment.objects.create(section=section, user=member.user, role=Enrollment.Role.LEARNER)
    Enrollment.objects.create(section=section, user=teacher, role=Enrollment.Role.TEACHER)
    return section


def test_the_author_opens_their_work_without_an_audit_event(work: Submission, learner: Any) -> None:
    granted = access.access_submission(learner.user, work.public_id, what="test")
    assert granted.is_author and not granted.hide_author
    assert access.access_own_submission(learner.user, work.public_id) == work
    assert not AuditEvent.objects.exists()


def test_a_teacher_of_the_authors_section_opens_it_and_is_audited(
    work: Submission, section: Section, teacher: Any, learner: Any
) -> None:
    granted = access.access_submission(teacher, work.public_id, what="test")
    assert granted.relation == "teacher_of_section"
    event = AuditEvent.objects.get()
    assert (event.actor_id, event.subject_id, event.relation) == (
        teacher.pk,
        learner.public_id,
        granted.relation,
    )
    with pytest.raises(Http404):
        access.access_own_submission(teacher, work.public_id)


def test_teaching_ends_with_the_enrollment(work: Submission, section: Section, teacher: Any) -> None:
    Enrollment.objects.filter(user=teacher).update(end_date=clock.today() - dt.timedelta(days=1))
    with pytest.raises(Http404):
        access.access_submission(teacher, work.public_id, what="test")


def test_advisor_and_administrators_open_it(work: Submission, learner: Any, school: Any) -> None:
    advisor = User.objects.create_user(username="adv")
    from trellis.apps.rosters.models import LearningTeam

    team = LearningTeam.objects.create(learner=learner)
    TeamMembership.objects.create(team=team, user=advisor, role=TeamMembership.Role.ADVISOR)
    principal = User.objects.create_user(username="principal")
    OrgRole.objects.create(user=principal, school=school, role=OrgRole.Role.PRINCIPAL)
    assert access.access_submission(advisor, work.public_id, what="t").relation == "advisor_of"
    assert access.access_submission(principal, work.public_id, what="t").relation == "school_admin_of"


def test_guardians_mentors_and_strangers_do_not(work: Submission, learner: Any, classmate: Any) -> None:
    guardian = User.objects.create_user(username="mum")
    Guardianship.objects.create(guardian=guardian, learner=learner)
    deactivated = User.objects.create_user(username="gone", is_active=False)
    for user in (guardian, classmate.user, deactivated, AnonymousUser(), None):
        with pytest.raises(Http404):
            access.access_submission(user, work.public_id, what="test")
    assert not AuditEvent.objects.exists()


def test_missing_and_malformed_ids_look_the_same(learner: Any) -> None:
    for public_id in (uuid.uuid4(), "not-a-uuid"):
        with pytest.raises(Http404):
            access.access_submission(learner.user, public_id, what="test")


def test_a_peer_reviewer_opens_the_work_hidden_or_named(
    work: Submission, classmate: Any, teacher: Any, school: Any
) -> None:
    review = assign_peer_review(
        submission=work, reviewer=classmate, assigned_by=teacher, anonymous_to_author=True
    )
    granted = access.access_submission(classmate.user, work.public_id, what="t")
    assert granted.relation == access.PEER_REVIEWER and granted.hide_author
    assert access.access_peer_review(classmate.user, review.public_id, what="t") == review
    assert AuditEvent.objects.filter(relation=access.PEER_REVIEWER).count() == 2
    named_reviewer = make_learner(school, "cy")
    assign_peer_review(submission=work, reviewer=named_reviewer, assigned_by=teacher)
    assert not access.access_submission(named_reviewer.user, work.public_id, what="t").hide_author
    with pytest.raises(Http404):  # the review is the reviewer's, not the author's
        access.access_peer_review(work.learner.user, review.public_id, what="t")


def test_a_practice_session_is_the_learners_only(
    practice_with_items: Activity, learner: Any, classmate: Any, teacher: Any
) -> None:
    session = start_practice(learner=learner, activity=practice_with_items)
    assert access.access_practice_session(learner.user, session.public_id) == session
    for user in (classmate.user, teacher, AnonymousUser()):
        with pytest.raises(Http404):
            access.access_practice_session(user, session.public_id)


def test_activities_open_to_a_learner(
    practice_with_items: Activity, task: Activity, learner: Any, unit_rate: Any
) -> None:
    retired = create_activity(
        title="Old set", kind="practice_set", competencies=[unit_rate], district=learner.school.district
    )
    Activity.objects.filter(pk=retired.pk).update(is_active=False)
    found_learner, found = access.access_activity(
        learner.user, practice_with_items.public_id, kinds=access.PRACTICE_KINDS
    )
    assert (found_learner, found) == (learner, practice_with_items)
    for activity_id, kinds in (
        (task.public_id, access.PRACTICE_KINDS),  # a task is not practiced item by item
        (retired.public_id, access.PRACTICE_KINDS),
    ):
        with pytest.raises(Http404):
            access.access_activity(learner.user, activity_id, kinds=kinds)
    with pytest.raises(Http404):  # a teacher is no learner
        access.access_activity(
            User.objects.create_user(username="t2"), task.public_id, kinds=access.WORK_KINDS
        )


def test_section_work_is_for_its_teachers_and_administrators(
    work: Submission, section: Section, teacher: Any, school: Any, classmate: Any, task: Activity
) -> None:
    opened = access.access_section_submission(teacher, section.public_id, work.public_id, what="t")
    assert opened.can_assess
    assert list(access.peer_reviewer_candidates(opened)) == [classmate]
    principal = User.objects.create_user(username="principal")
    OrgRole.objects.create(user=principal, school=school, role=OrgRole.Role.PRINCIPAL)
    read_only = access.access_section_submission(principal, section.public_id, work.public_id, what="t")
    assert not read_only.can_assess
    with pytest.raises(Http404):
        access.access_section_submission(
            principal, section.public_id, work.public_id, what="t", to_assess=True
        )
    outsider = make_learner(school, "dora")
    theirs = submit_work(activity=task, learner=outsider, text="Not in the section")
    with pytest.raises(Http404):
        access.access_section_submission(teacher, section.public_id, theirs.public_id, what="t")
