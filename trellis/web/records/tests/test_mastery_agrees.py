"""Mastery shown to the learner, the teacher, the advisor and the guardian, and in the CSV export, agrees."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from trellis.apps.evidence.services import record_evidence
from trellis.apps.frameworks.models import Competency
from trellis.apps.imports.demo_frameworks import math_package
from trellis.apps.imports.framework import import_framework
from trellis.apps.rosters.models import (
    District,
    Enrollment,
    Guardianship,
    Learner,
    LearningTeam,
    School,
    Section,
    TeamMembership,
)
from trellis.lib import clock

pytestmark = pytest.mark.django_db
User = get_user_model()
CODES = ("5.NF.B.3", "6.RP.A.1", "6.RP.A.2", "6.EE.A.2")


@pytest.fixture
def people() -> dict[str, Any]:
    district = District.objects.create(name="D")
    school = School.objects.create(district=district, name="S")
    import_framework(math_package(), district=district)
    learner = Learner.objects.create(
        user=User.objects.create_user(username="kid", first_name="Kid", last_name="Learner"),
        school=school,
        grade="06",
    )
    team = LearningTeam.objects.create(learner=learner)
    section = Section.objects.create(school=school, title="Math 6")
    teacher = User.objects.create_user(username="teach")
    Enrollment.objects.create(section=section, user=teacher, role="teacher")
    Enrollment.objects.create(section=section, user=learner.user, role="student")
    guardian = User.objects.create_user(username="mum")
    Guardianship.objects.create(guardian=guardian, learner=learner)
    advisor = User.objects.create_user(username="adv")
    TeamMembership.objects.create(team=team, user=advisor, role="advisor")
    levels = {"5.NF.B.3": [4, 4, 3], "6.RP.A.1": [2, 3], "6.RP.A.2": [1]}
    with clock.frozen_at(dt.datetime(2026, 11, 2, 16, 0, tzinfo=dt.UTC)):
        for code, scores in levels.items():
            for score in scores:
                record_evidence(
                    learner=learner,
                    competency=Competency.objects.get(human_code=code),
                    source="rubric",
                    level=score,
                )
    return {
        "learner": learner,
        "section": section,
        "teacher": teacher,
        "guardian": guardian,
        "advisor": advisor,
    }


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user, backend="trellis.apps.accounts.backends.TrellisBackend")
    return client


def _continuum_levels(html: str) -> dict[str, str]:
    """code -> 'Status|level' as the continuum page shows it (the plain page has no codes: statements)."""
    found = {}
    for code in CODES:
        statement = Competency.objects.get(human_code=code).statement
        item = next(li for li in html.split("<li") if statement in li)
        status = re.search(r'class="status status-\w+">([^<]+)<', item)
        level = re.search(r"\((\d\.\d)\)", item)
        found[code] = f"{status.group(1) if status else ''}|{level.group(1) if level else ''}"
    return found


def test_every_audience_and_the_export_show_the_same_mastery(people: dict[str, Any]) -> None:
    learner = people["learner"]
    url = reverse("records:continuum", kwargs={"learner_id": learner.public_id})
    seen = {
        who: _continuum_levels(
            _client(people[who] if who != "learner" else learner.user).get(url).content.decode()
        )
        for who in ("learner", "guardian", "advisor", "teacher")
    }
    assert seen["learner"] == seen["guardian"] == seen["advisor"] == seen["teacher"]
    assert seen["learner"]["5.NF.B.3"].startswith("Mastered|")
    assert seen["learner"]["6.EE.A.2"] == "Ready to learn|"

    export = _client(learner.user).get(
        reverse("records:continuum-csv", kwargs={"learner_id": learner.public_id})
    )
    rows = {row["code"]: row for row in csv.DictReader(io.StringIO(export.content.decode()))}
    for code, shown in seen["learner"].items():
        assert f"{rows[code]['level']}" == shown.split("|")[1]

    heatmap = (
        _client(people["teacher"])
        .get(reverse("teach:mastery", kwargs={"section_id": people["section"].public_id}))
        .content.decode()
    )
    for code in ("5.NF.B.3", "6.RP.A.1", "6.RP.A.2"):
        level = seen["learner"][code].split("|")[1]
        assert f">{level}</span>" in heatmap
