"""The demo school: generated, imported through the real importer, idempotent, demo mode only."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from trellis.apps.frameworks.models import Framework
from trellis.apps.imports.demo import DemoModeOff, demo_sign_ins, load_demo
from trellis.apps.imports.models import ImportRun
from trellis.apps.imports.services import plan_roster_import
from trellis.apps.rosters import access
from trellis.apps.rosters.models import Learner, School
from trellis.apps.rosters.selectors import homes_for

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_demo_refuses_to_load_outside_demo_mode(settings: Any, tmp_path: Any) -> None:
    settings.DEMO_MODE = False
    with pytest.raises(DemoModeOff):
        load_demo(directory=tmp_path)
    assert not User.objects.exists()


def test_demo_school_has_every_persona_in_place(settings: Any, tmp_path: Any) -> None:
    settings.DEMO_MODE = True
    load_demo(directory=tmp_path)
    assert School.objects.count() == 2
    assert sorted(Framework.objects.values_list("kind", flat=True)) == ["academic", "habits"]
    assert 140 <= Learner.objects.count() <= 160
    people = {s.username: User.objects.get(username=s.username) for s in demo_sign_ins()}
    assert all(p.is_demo for p in people.values())
    learner = people["learner"].learner
    assert homes_for(people["learner"]).learner
    for username, relation in [
        ("guardian", access.GUARDIAN_OF),
        ("advisor", access.ADVISOR_OF),
        ("teacher", access.TEACHER_OF_SECTION),
        ("mentor", access.MENTOR_GRANT),
        ("schooladmin", access.SCHOOL_ADMIN_OF),
        ("districtadmin", access.DISTRICT_ADMIN_OF),
    ]:
        granted = access.relations_to(people[username], learner)
        assert granted is not None and relation in granted.relations, username
    assert access.relations_to(people["restricted.guardian"], learner) is None
    assert access.learners_related_to(people["guardian"], access.GUARDIAN_OF).count() == 2
    assert access.relations_to(people["teacher"], learner).parts != access.ALL_PARTS  # type: ignore[union-attr]


def test_loading_the_demo_twice_changes_nothing(settings: Any, tmp_path: Any) -> None:
    settings.DEMO_MODE = True
    load_demo(directory=tmp_path)
    users = User.objects.count()
    load_demo(directory=tmp_path)
    assert User.objects.count() == users
    plan, errors = plan_roster_import(tmp_path)
    assert errors == [] and plan is not None and plan.is_empty
    assert ImportRun.objects.filter(status=ImportRun.Status.APPLIED).count() == 2
