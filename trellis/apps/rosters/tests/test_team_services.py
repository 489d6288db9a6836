"""In-app edits of a learner's team and guardian links, and what they do to access."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from trellis.apps.audit.models import AuditEvent
from trellis.apps.rosters import access
from trellis.apps.rosters.models import (
    District,
    Guardianship,
    Learner,
    LearningTeam,
    RecordPart,
    School,
    TeamMembership,
)
from trellis.apps.rosters.services import (
    add_guardianship,
    add_team_member,
    end_team_membership,
    set_guardianship_restriction,
)
from trellis.lib import clock
from trellis.lib.errors import ServiceError

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def learner() -> Learner:
    school = School.objects.create(district=District.objects.create(name="D"), name="S")
    learner = Learner.objects.create(user=User.objects.create_user(username="lee"), school=school)
    LearningTeam.objects.create(learner=learner)
    return learner


@pytest.fixture
def adult() -> Any:
    return User.objects.create_user(username="morgan")


def test_a_mentor_grant_opens_only_the_granted_parts(learner: Learner, adult: Any) -> None:
    add_team_member(
        actor=None,
        learner=learner,
        username="morgan",
        role=TeamMembership.Role.MENTOR,
        end_date=clock.today() + dt.timedelta(days=30),
        granted_parts=[RecordPart.IDENTITY, RecordPart.GOALS],
    )
    granted = access.relations_to(adult, learner)
    assert granted is not None
    assert granted.parts == {RecordPart.IDENTITY, RecordPart.GOALS}
    assert AuditEvent.objects.filter(subject_id=learner.public_id, action="write").exists()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"granted_parts": [RecordPart.HEALTH], "end_date": dt.date(2099, 1, 1)}, "granted_parts"),
        ({"granted_parts": [RecordPart.SPECIAL_EDUCATION], "end_date": dt.date(2099, 1, 1)}, "granted_parts"),
        ({"granted_parts": [], "end_date": dt.date(2099, 1, 1)}, "granted_parts"),
        ({"granted_parts": [RecordPart.GOALS]}, "end_date"),
        ({"granted_parts": [RecordPart.GOALS], "end_date": dt.date(2000, 1, 1)}, "end_date"),
    ],
)
def test_mentor_grants_are_refused_with_the_field_to_fix(
    learner: Learner, adult: Any, kwargs: dict[str, Any], field: str
) -> None:
    with pytest.raises(ServiceError) as refused:
        add_team_member(
            actor=None, learner=learner, username="morgan", role=TeamMembership.Role.MENTOR, **kwargs
        )
    assert refused.value.field == field
    assert not TeamMembership.objects.exists()


def test_unknown_or_inactive_people_cannot_join_a_team(learner: Learner, adult: Any) -> None:
    adult.is_active = False
    adult.save()
    with pytest.raises(ServiceError, match="No active account"):
        add_team_member(actor=None, learner=learner, username="morgan", role=TeamMembership.Role.ADVISOR)


def test_ending_a_membership_ends_access_and_keeps_the_row(learner: Learner, adult: Any) -> None:
    membership = add_team_member(
        actor=None,
        learner=learner,
        username="morgan",
        role=TeamMembership.Role.ADVISOR,
        start_date=clock.today() - dt.timedelta(days=10),
    )
    assert access.relations_to(adult, learner) is not None
    end_team_membership(actor=None, membership=membership)
    assert access.relations_to(adult, learner) is None
    assert TeamMembership.objects.filter(
        pk=membership.pk, end_date=clock.today() - dt.timedelta(days=1)
    ).exists()
    with pytest.raises(ServiceError, match="already ended"):
        end_team_membership(actor=None, membership=membership)


def test_a_restricted_guardianship_grants_nothing_until_lifted(learner: Learner, adult: Any) -> None:
    link = add_guardianship(actor=None, learner=learner, username="morgan")
    assert access.relations_to(adult, learner) is not None
    with pytest.raises(ServiceError, match="Say why"):
        set_guardianship_restriction(actor=None, guardianship=link, restricted=True, note=" ")
    set_guardianship_restriction(
        actor=None, guardianship=link, restricted=True, note="Court order 2026-10-01"
    )
    assert access.relations_to(adult, learner) is None
    assert access.learners_visible_to(adult).count() == 0
    set_guardianship_restriction(actor=None, guardianship=link, restricted=False)
    assert Guardianship.objects.get(pk=link.pk).restriction_note == ""
    assert access.relations_to(adult, learner) is not None


def test_a_learner_cannot_be_their_own_guardian_or_team_member(learner: Learner) -> None:
    with pytest.raises(ServiceError):
        add_guardianship(actor=None, learner=learner, username="lee")
    with pytest.raises(ServiceError):
        add_team_member(actor=None, learner=learner, username="lee", role=TeamMembership.Role.ADVISOR)


def test_siblings_do_not_share_access(learner: Learner, adult: Any) -> None:
    sibling = Learner.objects.create(user=User.objects.create_user(username="sib"), school=learner.school)
    add_guardianship(actor=None, learner=learner, username="morgan")
    assert access.relations_to(learner.user, sibling) is None
    assert list(access.learners_visible_to(sibling.user)) == [sibling]
