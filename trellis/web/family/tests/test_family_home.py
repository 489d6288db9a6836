"""The family home: each child's term in a glance, in plain words."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from trellis.apps.evidence.services import record_evidence
from trellis.apps.frameworks.models import Competency
from trellis.apps.imports.demo_frameworks import math_package
from trellis.apps.imports.framework import import_framework
from trellis.apps.rosters.models import District, Guardianship, Learner, LearningTeam, School, Term
from trellis.lib import clock

pytestmark = pytest.mark.django_db
User = get_user_model()
NOW = dt.datetime(2026, 11, 20, 17, 0, tzinfo=dt.UTC)


def test_the_term_summary_names_what_was_mastered_and_what_is_next() -> None:
    district = District.objects.create(name="D")
    school = School.objects.create(district=district, name="S")
    import_framework(math_package(), district=district)
    Term.objects.create(
        title="Fall",
        kind="semester",
        start_date=dt.date(2026, 8, 15),
        end_date=dt.date(2027, 1, 14),
        school_year="2027",
    )
    learner = Learner.objects.create(user=User.objects.create_user(username="kid"), school=school, grade="06")
    LearningTeam.objects.create(learner=learner)
    guardian = User.objects.create_user(username="dad")
    Guardianship.objects.create(guardian=guardian, learner=learner)
    fractions = Competency.objects.get(human_code="5.NF.B.3")
    with clock.frozen_at(NOW):
        for day in (1, 2, 3):
            record_evidence(
                learner=learner,
                competency=fractions,
                source="rubric",
                level=4,
                observed_at=NOW - dt.timedelta(days=day),
            )
        client = Client()
        client.force_login(guardian, backend="trellis.apps.accounts.backends.TrellisBackend")
        page = client.get(reverse("family:home")).content.decode()
    assert "this term (Fall)" in page
    assert "Mastered 1 new skill" in page
    assert fractions.statement in page
    # Ratios open up once fractions-as-division is mastered.
    assert Competency.objects.get(human_code="6.RP.A.1").statement in page
