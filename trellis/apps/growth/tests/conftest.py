"""Shared fixtures: a school, a learner with an advisor, a guardian and a mentor, and a small framework."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from trellis.apps.frameworks.models import Competency, Framework
from trellis.apps.frameworks.services import add_competency, create_framework, four_level_scale
from trellis.apps.rosters.models import District, Guardianship, Learner, LearningTeam, School, TeamMembership

User = get_user_model()


@pytest.fixture
def district() -> District:
    return District.objects.create(name="Riverbend")


@pytest.fixture
def school(district: District) -> School:
    return School.objects.create(district=district, name="Riverbend Middle")


def make_learner(school: School, username: str) -> Learner:
    user = User.objects.create_user(username=username, first_name=username.title(), last_name="Lee")
    return Learner.objects.create(user=user, school=school, grade="06")


@pytest.fixture
def learner(school: School) -> Learner:
    return make_learner(school, "ana")


@pytest.fixture
def classmate(school: School) -> Learner:
    return make_learner(school, "ben")


@pytest.fixture
def advisor(learner: Learner) -> Any:
    user = User.objects.create_user(username="rivera", first_name="Ms.", last_name="Rivera")
    team, _ = LearningTeam.objects.get_or_create(learner=learner)
    TeamMembership.objects.create(team=team, user=user, role=TeamMembership.Role.ADVISOR)
    return user


@pytest.fixture
def guardian(learner: Learner) -> Any:
    user = User.objects.create_user(username="mama", first_name="Rosa", last_name="Lee", language="es")
    Guardianship.objects.create(guardian=user, learner=learner, relationship=Guardianship.Relationship.PARENT)
    return user


@pytest.fixture
def framework(district: District) -> Framework:
    return create_framework(title="Grade 6 Math", scale=four_level_scale(), district=district)


@pytest.fixture
def unit_rate(framework: Framework) -> Competency:
    return add_competency(framework=framework, human_code="6.RP.A.2", statement="Understand unit rates.")


@pytest.fixture
def percent(framework: Framework) -> Competency:
    return add_competency(framework=framework, human_code="6.RP.A.3c", statement="Find a percent.")


def in_spanish(msgid: str) -> str:
    """The Spanish of a message, failing while the catalogue lacks it (the lead translates new strings at
    integration: until then the tests that check Spanish fail on purpose, saying which string is missing)."""
    with translation.override("es"):
        translated = translation.gettext(msgid)
    assert translated != msgid, f"not yet in the Spanish catalogue: {msgid!r}"
    return translated
