"""Who may do what with the profile, goals, journal and team posts (growth/access.py), by relation."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.http import Http404

from trellis.apps.audit.models import AuditEvent
from trellis.apps.growth import access, services
from trellis.apps.rosters.models import (
    Guardianship,
    Learner,
    LearningTeam,
    OrgRole,
    RecordPart,
    School,
    TeamMembership,
)
from trellis.lib import clock

from .conftest import make_learner

pytestmark = pytest.mark.django_db
User = get_user_model()


def _mentor(learner: Learner, parts: list[str]) -> Any:
    user = User.objects.create_user(username=f"mentor{len(parts)}")
    team, _ = LearningTeam.objects.get_or_create(learner=learner)
    TeamMembership.objects.create(team=team, user=user, role=TeamMembership.Role.MENTOR, granted_parts=parts)
    return user


def _principal(school: School) -> Any:
    user = User.objects.create_user(username="principal")
    OrgRole.objects.create(user=user, school=school, role=OrgRole.Role.PRINCIPAL)
    return user


def test_what_each_relation_may_do(learner: Learner, advisor: Any, guardian: Any, school: School) -> None:
    mentor = _mentor(learner, [RecordPart.PROFILE, RecordPart.GOALS, RecordPart.TEAM])
    principal = _principal(school)
    rows = {}
    for name, user in {
        "learner": learner.user,
        "advisor": advisor,
        "guardian": guardian,
        "mentor": mentor,
        "principal": principal,
    }.items():
        granted = access.access_profile(user, learner.public_id, what="test")
        rows[name] = (
            granted.sees_accommodations,
            set(granted.profile_fields),
            granted.reviews_goals,
            granted.drafts_goals,
            granted.journal_scope,
            granted.in_thread,
            granted.sees_staff_only,
        )
    learner_fields = set(services.LEARNER_FIELDS) | set(services.TEAM_FIELDS)
    team_fields = set(services.TEAM_FIELDS)
    staff_fields = team_fields | set(services.STAFF_FIELDS)
    assert rows == {
        "learner": (False, learner_fields, False, True, "all", True, False),
        "advisor": (True, staff_fields, True, False, "all", True, True),
        "guardian": (False, team_fields, False, False, "shared", True, False),
        "mentor": (False, set(), False, False, "", True, False),
        "principal": (True, staff_fields, True, False, "all", True, True),
    }


def test_a_mentor_without_the_profile_grant_is_refused(learner: Learner) -> None:
    mentor = _mentor(learner, [RecordPart.TEAM])
    with pytest.raises(Http404):
        access.access_profile(mentor, learner.public_id, what="test")
    assert access.access_team(mentor, learner.public_id, what="test").in_thread


def test_a_restricted_guardian_and_a_siblings_guardian_see_nothing(learner: Learner, school: School) -> None:
    restricted = User.objects.create_user(username="restricted")
    Guardianship.objects.create(guardian=restricted, learner=learner, restricted=True)
    sibling = make_learner(school, "sib")
    siblings_parent = User.objects.create_user(username="siblingsparent")
    Guardianship.objects.create(guardian=siblings_parent, learner=sibling)
    for user in (restricted, siblings_parent):
        for gateway in (
            access.access_profile,
            access.access_goals,
            access.access_journal,
            access.access_team,
        ):
            with pytest.raises(Http404):
                gateway(user, learner.public_id, what="test")
        with pytest.raises(Http404):
            access.access_child(user, learner.public_id, what="test")
    assert access.children_of(restricted, what="test") == []
    assert access.children_of(siblings_parent, what="test") == [sibling]


def test_guardians_read_entries_by_the_schools_rule(learner: Learner, guardian: Any, school: School) -> None:
    today = clock.today()
    shared = services.reflect_on_day(
        learner=learner, what_worked="a", what_didnt="", next_steps="", share_with_guardians=True, day=today
    )
    private = services.reflect_on_day(
        learner=learner,
        what_worked="b",
        what_didnt="",
        next_steps="",
        share_with_guardians=False,
        day=today - dt.timedelta(days=1),
    )
    granted = access.access_journal(guardian, learner.public_id, what="test")
    assert list(access.visible_entries(granted)) == [shared]
    with pytest.raises(Http404):
        access.access_journal_entry(guardian, learner.public_id, private.public_id, what="test")

    services.set_journal_policy(school=school, guardians_see="always", set_by=None)
    granted = access.access_journal(guardian, learner.public_id, what="test")  # the rule is read per request
    assert set(access.visible_entries(granted)) == {shared, private}

    services.set_journal_policy(school=school, guardians_see="never", set_by=None)
    with pytest.raises(Http404):
        access.access_journal(guardian, learner.public_id, what="test")


def test_reads_by_others_are_audited_and_refused_reads_are_not(learner: Learner, advisor: Any) -> None:
    stranger = User.objects.create_user(username="stranger")
    with pytest.raises(Http404):
        access.access_profile(stranger, learner.public_id, what="profile")
    assert not AuditEvent.objects.filter(actor_id=stranger.pk).exists()
    access.access_profile(advisor, learner.public_id, what="profile")
    access.access_profile(learner.user, learner.public_id, what="profile")
    assert list(AuditEvent.objects.values_list("actor_id", "subject_id")) == [(advisor.pk, learner.public_id)]


def test_an_entry_or_goal_of_another_learner_is_missing(
    learner: Learner, classmate: Learner, advisor: Any
) -> None:
    theirs = services.draft_goal(learner=classmate, drafted_by=classmate.user, title="Theirs")
    with pytest.raises(Http404):
        access.access_goal(advisor, learner.public_id, theirs.public_id, what="test")
    with pytest.raises(Http404):
        access.own_goal(learner.user, theirs.public_id)


def test_staff_only_posts_are_for_the_advisor_and_administrators(
    learner: Learner, advisor: Any, guardian: Any
) -> None:
    services.post_to_team(learner=learner, author=advisor, kind="note", body="Staff note", staff_only=True)
    services.post_to_team(learner=learner, author=advisor, kind="message", body="Hello team")
    seen = {
        name: sorted(
            p.body for p in access.visible_posts(access.access_team(user, learner.public_id, what="t"))
        )
        for name, user in {"advisor": advisor, "guardian": guardian, "learner": learner.user}.items()
    }
    assert seen == {
        "advisor": ["Hello team", "Staff note"],
        "guardian": ["Hello team"],
        "learner": ["Hello team"],
    }
