"""A small school for pathways: a grade 6–7 framework with prerequisites, activities of every kind, a
seventh grader in a math section with a teacher, and a school year around the pinned clock.

    6.A ──> 6.B ──> 7.C
      └───────────> 7.D          (RP is the grouping all four sit under; 5.Z stands alone, mastered early)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from trellis.apps.evidence.services import record_evidence
from trellis.apps.frameworks.models import Competency, CompetencyEdge, Framework
from trellis.apps.frameworks.services import add_competency, add_edge, create_framework, four_level_scale
from trellis.apps.learning.models import Activity
from trellis.apps.learning.services import add_item, create_activity
from trellis.apps.rosters.models import District, Enrollment, Learner, LearningTeam, School, Section, Term
from trellis.lib import clock

User = get_user_model()
NOW = timezone.make_aware(dt.datetime(2026, 3, 2, 10, 0))
TODAY = NOW.date()
YEAR_END = dt.date(2026, 6, 12)


@dataclass
class School7:
    district: District
    school: School
    framework: Framework
    c: dict[str, Competency]
    activities: dict[str, Activity]
    learner: Learner
    classmate: Learner
    section: Section
    teacher: Any


def make_learner(school: School, username: str, grade: str = "07") -> Learner:
    user = User.objects.create_user(username=username, first_name=username.title(), last_name="Rivera")
    learner = Learner.objects.create(user=user, school=school, grade=grade)
    LearningTeam.objects.create(learner=learner)
    return learner


def master(learner: Learner, competency: Competency, *, days_ago: int = 30) -> None:
    """Three top-level observations, the last `days_ago` days ago: mastered then."""
    for n in (2, 1, 0):
        record_evidence(
            learner=learner,
            competency=competency,
            source="observation",
            level=4.0,
            observed_at=NOW - dt.timedelta(days=days_ago + n),
        )


def practice_set(title: str, competency: Competency, district: District, **kw: Any) -> Activity:
    activity = create_activity(
        title=title, kind=Activity.Kind.PRACTICE_SET, competencies=[competency], district=district, **kw
    )
    add_item(
        activity=activity,
        interaction="numeric_entry",
        prompt=f"{title}: what is 2 + 2?",
        correct={"value": 4, "tolerance": 0},
    )
    return activity


@pytest.fixture
def pinned() -> Iterator[None]:
    with clock.frozen_at(NOW):
        yield


@pytest.fixture
def world(pinned: None) -> School7:
    district = District.objects.create(name="Riverbend")
    school = School.objects.create(district=district, name="Riverbend Middle")
    Term.objects.create(
        title="2025–26",
        kind=Term.Kind.SCHOOL_YEAR,
        start_date=dt.date(2025, 8, 20),
        end_date=YEAR_END,
        school_year="2026",
    )
    framework = create_framework(title="Ratios 6–7", scale=four_level_scale(district), district=district)
    rp = add_competency(
        framework=framework, human_code="RP", statement="Ratios", kind=Competency.Kind.GROUPING
    )
    c = {"RP": rp}
    for code, grade, statement in (
        ("5.Z", "05", "Fractions as division."),
        ("6.A", "06", "Ratio language."),
        ("6.B", "06", "Unit rates."),
        ("7.C", "07", "Unit rates with fractions."),
        ("7.D", "07", "Proportional relationships."),
    ):
        c[code] = add_competency(
            framework=framework, human_code=code, statement=statement, parent=rp, education_levels=grade
        )
    for source, target in (("6.A", "6.B"), ("6.B", "7.C"), ("6.A", "7.D")):
        add_edge(source=c[source], target=c[target], kind=CompetencyEdge.Kind.PREREQUISITE_OF)
    activities = {
        "practice A": practice_set("Ratio practice", c["6.A"], district),
        "practice B": practice_set("Unit rate practice", c["6.B"], district),
        "reading B": create_activity(
            title="Song tempos as rates",
            kind=Activity.Kind.READING,
            competencies=[c["6.B"]],
            interests=["music"],
            district=district,
        ),
        "practice C": practice_set("Fraction rate practice", c["7.C"], district),
        "practice D": practice_set("Proportion practice", c["7.D"], district),
        "video D": create_activity(
            title="Proportions on video", kind=Activity.Kind.VIDEO, competencies=[c["7.D"]], district=district
        ),
        "task D": create_activity(
            title="Recipe scaling",
            kind=Activity.Kind.PERFORMANCE_TASK,
            competencies=[c["7.D"]],
            district=district,
        ),
        "practice Z": practice_set("Fair shares", c["5.Z"], district),
    }
    learner = make_learner(school, "ana")
    classmate = make_learner(school, "ben")
    section = Section.objects.create(school=school, title="Math 7")
    teacher = User.objects.create_user(username="teacher", first_name="Tess", last_name="Teacher")
    Enrollment.objects.create(section=section, user=teacher, role=Enrollment.Role.TEACHER)
    for member in (learner, classmate):
        Enrollment.objects.create(section=section, user=member.user, role=Enrollment.Role.LEARNER)
    return School7(district, school, framework, c, activities, learner, classmate, section, teacher)
