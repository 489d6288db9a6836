"""Shared fixtures: a school with learners, a small framework, and a practice set."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from trellis.apps.frameworks.models import Competency, Framework
from trellis.apps.frameworks.services import add_competency, create_framework, four_level_scale
from trellis.apps.learning.models import Activity, Rubric
from trellis.apps.learning.services import add_item, create_activity, create_rubric
from trellis.apps.rosters.models import District, Learner, School

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
def teacher() -> Any:
    return User.objects.create_user(username="teacher")


@pytest.fixture
def framework(district: District) -> Framework:
    return create_framework(title="Grade 6 Math", scale=four_level_scale(), district=district)


@pytest.fixture
def unit_rate(framework: Framework) -> Competency:
    return add_competency(framework=framework, human_code="6.RP.A.2", statement="Understand unit rates.")


@pytest.fixture
def percent(framework: Framework) -> Competency:
    return add_competency(framework=framework, human_code="6.RP.A.3c", statement="Find a percent.")


@pytest.fixture
def practice_set(unit_rate: Competency, district: District) -> Activity:
    return create_activity(
        title="Unit rates",
        kind=Activity.Kind.PRACTICE_SET,
        competencies=[unit_rate],
        interests=["Sports", "games"],
        district=district,
    )


@pytest.fixture
def practice_with_items(practice_set: Activity) -> Activity:
    add_item(
        activity=practice_set,
        interaction="numeric_entry",
        prompt="12 km in 3 hours: how many km per hour?",
        correct={"value": 4, "tolerance": 0},
        feedback_correct="Yes: 12 ÷ 3 = 4.",
        feedback_incorrect="Divide the distance by the time.",
        hints=["Kilometers per hour means km ÷ hours.", "12 ÷ 3 = ?"],
    )
    add_item(
        activity=practice_set,
        interaction="choice",
        prompt="8 cards cost $2. Price per card?",
        choices=[{"id": "a", "text": "$0.25"}, {"id": "b", "text": "$4"}],
        correct=["a"],
        choice_feedback={"b": "That is cards per dollar."},
    )
    return practice_set


@pytest.fixture
def rubric(unit_rate: Competency, percent: Competency, district: District) -> Rubric:
    return create_rubric(
        title="Trip budget",
        district=district,
        criteria=[
            {"title": "Unit rates", "competency": unit_rate},
            {"title": "Percents", "competency": percent},
        ],
    )


@pytest.fixture
def task(rubric: Rubric, unit_rate: Competency, percent: Competency, district: District) -> Activity:
    return create_activity(
        title="Plan a class trip",
        kind=Activity.Kind.PERFORMANCE_TASK,
        competencies=[unit_rate, percent],
        district=district,
        rubric=rubric,
    )
