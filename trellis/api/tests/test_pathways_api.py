"""The pathways API: a learner's path with reason codes, and targets set by the advisor (bad input: 422,
nothing written)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from trellis.apps.pathways.models import PlanTarget
from trellis.apps.pathways.tests.conftest import School7, master, pinned, world  # noqa: F401
from trellis.apps.rosters.models import LearningTeam, TeamMembership

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user, backend="trellis.apps.accounts.backends.TrellisBackend")
    return client


def test_the_path_carries_reason_codes_with_public_ids(world: School7) -> None:  # noqa: F811
    master(world.learner, world.c["6.A"], days_ago=3)
    body = client_for(world.learner.user).get(f"/api/v1/learners/{world.learner.public_id}/path").json()
    assert body["pacing"]["status"] == "behind" and body["pacing"]["remaining"] == 3
    assert {t["code"] for t in body["targets"]} == {"7.C", "7.D"}
    unlocked = [s for s in body["steps"] if s["reasons"][0]["code"] == "unlocks"]
    assert unlocked and unlocked[0]["reasons"][0]["params"] == {"competency": str(world.c["6.A"].public_id)}
    target = next(r for s in body["steps"] for r in s["reasons"] if r["code"] == "target")
    assert target["params"]["date"] == "2026-06-12"


def test_the_advisor_sets_a_target_and_bad_input_changes_nothing(world: School7) -> None:  # noqa: F811
    advisor = world.teacher
    TeamMembership.objects.create(
        team=LearningTeam.objects.get(learner=world.learner), user=advisor, role=TeamMembership.Role.ADVISOR
    )
    client = client_for(advisor)
    url = f"/api/v1/learners/{world.learner.public_id}/plan/targets"
    good = {"competency": str(world.c["7.D"].public_id), "target_date": "2026-04-30"}
    response = client.post(url, good, content_type="application/json")
    assert response.status_code == 201 and response.json()["target_date"] == "2026-04-30"
    for bad, field in (
        ({**good, "target_date": "2020-01-01"}, "target_date"),
        ({**good, "competency": str(world.c["RP"].public_id)}, "competency"),
    ):
        refused = client.post(url, bad, content_type="application/json")
        assert refused.status_code == 422 and refused.json()["field"] == field
    assert list(PlanTarget.objects.values_list("competency__human_code", "target_date")) == [
        ("7.D", dt.date(2026, 4, 30))
    ]
    learner = client_for(world.learner.user).post(url, good, content_type="application/json")
    assert learner.status_code == 404
