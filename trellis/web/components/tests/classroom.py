"""A small class for the learning pages' tests: a framework with two competencies, a practice set with one
item of each interaction, a performance task with a rubric, and the people around a learner.

Built through the same services the product uses, so the pages are tested against real content.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.test import Client

from trellis.apps.frameworks.models import Competency, Framework
from trellis.apps.frameworks.services import add_competency, create_framework, four_level_scale
from trellis.apps.learning.models import Activity, Item, Rubric
from trellis.apps.learning.services import add_item, create_activity, create_rubric
from trellis.apps.rosters.models import (
    District,
    Enrollment,
    Guardianship,
    Learner,
    LearningTeam,
    OrgRole,
    School,
    Section,
    TeamMembership,
)
from trellis.lib import clock

User = get_user_model()
BACKEND = "trellis.apps.accounts.backends.TrellisBackend"


@dataclass
class Classroom:
    district: District
    school: School
    framework: Framework
    unit_rate: Competency
    percent: Competency
    practice: Activity
    items: dict[str, Item]  # by interaction
    rubric: Rubric
    task: Activity
    section: Section
    learner: Learner
    classmate: Learner
    outsider: Learner  # same school, not in the section
    teacher: Any
    guardian: Any
    advisor: Any
    principal: Any


def make_learner(school: School, username: str, first: str, last: str) -> Learner:
    user = User.objects.create_user(username=username, first_name=first, last_name=last)
    learner = Learner.objects.create(user=user, school=school, grade="06")
    LearningTeam.objects.create(learner=learner)
    return learner


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user, backend=BACKEND)
    return client


def _practice_items(practice: Activity) -> dict[str, Item]:
    return {
        "choice": add_item(
            activity=practice,
            interaction="choice",
            prompt="8 cards cost $2. What is the price per card?",
            choices=[{"id": "a", "text": "$0.25"}, {"id": "b", "text": "$4"}],
            correct=["a"],
            feedback_correct="Yes: $2 ÷ 8 = $0.25.",
            feedback_incorrect="Price per card means dollars ÷ cards.",
            choice_feedback={"b": "That is cards per dollar."},
            hints=["Divide the price by the number of cards.", "2 ÷ 8 = ?"],
        ),
        "multiple_choice": add_item(
            activity=practice,
            interaction="multiple_choice",
            prompt="Which are unit rates? Choose all that apply.",
            choices=[
                {"id": "a", "text": "4 km per hour"},
                {"id": "b", "text": "12 km in 3 hours"},
                {"id": "c", "text": "$0.25 per card"},
            ],
            correct=["a", "c"],
            hints=["A unit rate is per 1."],
        ),
        "text_entry": add_item(
            activity=practice,
            interaction="text_entry",
            prompt="Complete: a unit rate is how much for ___ unit.",
            correct=["1", "one"],
        ),
        "numeric_entry": add_item(
            activity=practice,
            interaction="numeric_entry",
            prompt="12 km in 3 hours: how many km per hour?",
            correct={"value": 4, "tolerance": 0},
        ),
        "ordering": add_item(
            activity=practice,
            interaction="ordering",
            prompt="Put the runners from slowest to fastest.",
            choices=[
                {"id": "a", "text": "3 meters per second"},
                {"id": "b", "text": "5 meters per second"},
                {"id": "c", "text": "2 meters per second"},
            ],
            correct=["c", "a", "b"],
        ),
    }


def build_classroom() -> Classroom:
    long_ago = clock.today() - dt.timedelta(days=100)
    district = District.objects.create(name="Riverbend")
    school = School.objects.create(district=district, name="Riverbend Middle")
    framework = create_framework(title="Grade 6 Math", scale=four_level_scale(district), district=district)
    unit_rate = add_competency(framework=framework, human_code="6.RP.A.2", statement="Understand unit rates.")
    percent = add_competency(framework=framework, human_code="6.RP.A.3c", statement="Find a percent.")
    practice = create_activity(
        title="Unit rates in sports",
        kind=Activity.Kind.PRACTICE_SET,
        competencies=[unit_rate],
        district=district,
    )
    items = _practice_items(practice)
    rubric = create_rubric(
        title="Trip budget rubric",
        district=district,
        criteria=[
            {"title": "Uses unit rates", "competency": unit_rate},
            {"title": "Works with percents", "competency": percent},
            {"title": "Explains reasoning"},
        ],
    )
    task = create_activity(
        title="Plan a class trip",
        kind=Activity.Kind.PERFORMANCE_TASK,
        description="Compare two bus companies.",
        competencies=[unit_rate, percent],
        district=district,
        rubric=rubric,
    )
    section = Section.objects.create(school=school, title="Math 6 Blue")
    learner = make_learner(school, "ana", "Ana", "Alvarez")
    classmate = make_learner(school, "ben", "Ben", "Brooks")
    outsider = make_learner(school, "cleo", "Cleo", "Castro")
    for member in (learner, classmate):
        Enrollment.objects.create(
            section=section, user=member.user, role=Enrollment.Role.LEARNER, start_date=long_ago
        )
    teacher = User.objects.create_user(username="tess", first_name="Tess", last_name="Teacher")
    Enrollment.objects.create(
        section=section, user=teacher, role=Enrollment.Role.TEACHER, start_date=long_ago
    )
    guardian = User.objects.create_user(username="gus", first_name="Gus", last_name="Guardian")
    Guardianship.objects.create(guardian=guardian, learner=learner, start_date=long_ago)
    advisor = User.objects.create_user(username="ada", first_name="Ada", last_name="Advisor")
    TeamMembership.objects.create(
        team=learner.team, user=advisor, role=TeamMembership.Role.ADVISOR, start_date=long_ago
    )
    principal = User.objects.create_user(username="pat", first_name="Pat", last_name="Principal")
    OrgRole.objects.create(user=principal, school=school, role=OrgRole.Role.PRINCIPAL)
    return Classroom(
        district=district,
        school=school,
        framework=framework,
        unit_rate=unit_rate,
        percent=percent,
        practice=practice,
        items=items,
        rubric=rubric,
        task=task,
        section=section,
        learner=learner,
        classmate=classmate,
        outsider=outsider,
        teacher=teacher,
        guardian=guardian,
        advisor=advisor,
        principal=principal,
    )
