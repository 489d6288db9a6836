"""A learner and the people around them, for the learning-team pages' tests: an advisor, a guardian who
reads Spanish, a restricted guardian, a sibling with their own guardian, a mentor, a teacher and a
principal; a small framework; and a term around the pinned day. Built with the product's services.

`HOSTILE` is what every free-text field is tried with: a script tag, an attribute break-out with an
image error handler, a `javascript:` link, and a very long text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.test import Client

from trellis.apps.frameworks.models import Competency
from trellis.apps.frameworks.services import add_competency, create_framework, four_level_scale
from trellis.apps.rosters.models import (
    District,
    Enrollment,
    Guardianship,
    Learner,
    LearningTeam,
    OrgRole,
    RecordPart,
    School,
    Section,
    TeamMembership,
    Term,
)

User = get_user_model()
BACKEND = "trellis.apps.accounts.backends.TrellisBackend"
NOW = dt.datetime(2026, 3, 4, 17, 0, tzinfo=dt.UTC)  # a Wednesday in the spring term

SCRIPT = '<script>alert("pwned")</script>'
BREAKOUT = '"><img src=x onerror=alert(1)>'
JS_LINK = "javascript:alert(document.cookie)"
HOSTILE = f"{SCRIPT} {BREAKOUT} {JS_LINK}"
# What must never reach a page, an email or a notification as markup.
RAW_MARKERS = ("<script>alert", "<img src=x", 'href="javascript:', "onerror=alert(1)>")


@dataclass
class Team:
    school: School
    learner: Learner
    sibling: Learner
    advisor: Any
    guardian: Any  # reads Spanish
    restricted: Any
    siblings_guardian: Any
    mentor: Any
    teacher: Any
    principal: Any
    unit_rate: Competency
    percent: Competency


def make_learner(school: School, username: str, first: str, last: str) -> Learner:
    user = User.objects.create_user(username=username, first_name=first, last_name=last)
    learner = Learner.objects.create(user=user, school=school, grade="06")
    LearningTeam.objects.create(learner=learner)
    return learner


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user, backend=BACKEND)
    return client


def build_team() -> Team:
    district = District.objects.create(name="Riverbend")
    school = School.objects.create(district=district, name="Riverbend Middle")
    Term.objects.create(
        title="Spring",
        kind="semester",
        start_date=dt.date(2026, 1, 10),
        end_date=dt.date(2026, 6, 10),
        school_year="2026",
    )
    learner = make_learner(school, "mia", "Mia", "Santos")
    sibling = make_learner(school, "leo", "Leo", "Santos")
    advisor = User.objects.create_user(
        username="rivera", first_name="Elena", last_name="Rivera", email="rivera@example.org"
    )
    TeamMembership.objects.create(team=learner.team, user=advisor, role=TeamMembership.Role.ADVISOR)
    guardian = User.objects.create_user(
        username="rosa", first_name="Rosa", last_name="Santos", email="rosa@example.org", language="es"
    )
    Guardianship.objects.create(
        guardian=guardian, learner=learner, relationship=Guardianship.Relationship.PARENT
    )
    restricted = User.objects.create_user(username="restricted", first_name="Ray", last_name="Stone")
    Guardianship.objects.create(
        guardian=restricted, learner=learner, restricted=True, restriction_note="order"
    )
    siblings_guardian = User.objects.create_user(username="uncle", first_name="Tio", last_name="Santos")
    Guardianship.objects.create(guardian=siblings_guardian, learner=sibling)
    mentor = User.objects.create_user(username="mentor", first_name="Max", last_name="Mentor")
    TeamMembership.objects.create(
        team=learner.team,
        user=mentor,
        role=TeamMembership.Role.MENTOR,
        granted_parts=[RecordPart.IDENTITY, RecordPart.TEAM, RecordPart.GOALS],
    )
    teacher = User.objects.create_user(username="teacher", first_name="Tom", last_name="Teacher")
    section = Section.objects.create(school=school, title="Math 6")
    Enrollment.objects.create(section=section, user=teacher, role=Enrollment.Role.TEACHER)
    Enrollment.objects.create(section=section, user=learner.user, role=Enrollment.Role.LEARNER)
    principal = User.objects.create_user(username="principal", first_name="Pat", last_name="Principal")
    OrgRole.objects.create(user=principal, school=school, role=OrgRole.Role.PRINCIPAL)
    framework = create_framework(title="Grade 6 Math", scale=four_level_scale(district), district=district)
    unit_rate = add_competency(
        framework=framework, human_code="6.RP.A.2", statement="Understand unit rates.", education_levels="06"
    )
    percent = add_competency(
        framework=framework,
        human_code="6.RP.A.3c",
        statement="Find a percent of a quantity.",
        education_levels="06",
    )
    return Team(
        school=school,
        learner=learner,
        sibling=sibling,
        advisor=advisor,
        guardian=guardian,
        restricted=restricted,
        siblings_guardian=siblings_guardian,
        mentor=mentor,
        teacher=teacher,
        principal=principal,
        unit_rate=unit_rate,
        percent=percent,
    )


def assert_no_raw_markup(text: str) -> None:
    for marker in RAW_MARKERS:
        assert marker not in text, f"unescaped {marker!r}"
