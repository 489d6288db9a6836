"""The evidence API: one or many rows, all or none, errors per row, and mastery read back."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from trellis.apps.evidence.models import Evidence
from trellis.apps.frameworks.models import Competency
from trellis.apps.imports.demo_frameworks import math_package
from trellis.apps.imports.framework import import_framework
from trellis.apps.rosters.models import District, Enrollment, Learner, School, Section

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def setup() -> dict[str, Any]:
    district = District.objects.create(name="D")
    school = School.objects.create(district=district, name="S")
    framework = import_framework(math_package(), district=district).framework
    section = Section.objects.create(school=school, title="Math")
    teacher = User.objects.create_user(username="t")
    Enrollment.objects.create(section=section, user=teacher, role="teacher")
    learners = []
    for i in range(3):
        learner = Learner.objects.create(
            user=User.objects.create_user(username=f"k{i}"), school=school, grade="06"
        )
        Enrollment.objects.create(section=section, user=learner.user, role="student")
        learners.append(learner)
    stranger = Learner.objects.create(user=User.objects.create_user(username="far"), school=school)
    return {"framework": framework, "teacher": teacher, "learners": learners, "stranger": stranger}


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user, backend="trellis.apps.accounts.backends.TrellisBackend")
    return client


def _row(learner: Learner, code: str, **extra: Any) -> dict[str, Any]:
    competency = Competency.objects.get(human_code=code)
    return {
        "learner": str(learner.public_id),
        "competency": str(competency.public_id),
        "source": "rubric",
        "level": 3,
        **extra,
    }


def test_bulk_records_every_row_and_updates_mastery(setup: dict[str, Any]) -> None:
    rows = [_row(learner, code) for learner in setup["learners"] for code in ("6.RP.A.1", "6.RP.A.2")]
    response = _client(setup["teacher"]).post(
        "/api/v1/evidence/bulk", {"rows": rows}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["recorded"] == 6
    # Each row as recorded: its id, and the time as given (ISO 8601 in UTC).
    recorded = response.json()["evidence"]
    stored = {str(e.public_id): e for e in Evidence.objects.all()}
    assert set(stored) == {row["id"] for row in recorded}
    first = stored[recorded[0]["id"]]
    assert dt.datetime.fromisoformat(recorded[0]["observed_at"]) == first.observed_at
    assert recorded[0]["learner"] == str(first.learner.public_id)
    mastery = _client(setup["teacher"]).get(f"/api/v1/learners/{setup['learners'][0].public_id}/mastery")
    by_code = {row["code"]: row for row in mastery.json()}
    assert by_code["6.RP.A.1"]["evidence_count"] == 1
    assert by_code["6.RP.A.1"]["status"] == "in_progress"


def test_bulk_refuses_all_when_any_row_is_bad_and_says_which(setup: dict[str, Any]) -> None:
    learner = setup["learners"][0]
    rows = [
        _row(learner, "6.RP.A.1"),
        _row(learner, "6.RP.A.1", level=9),
        _row(setup["stranger"], "6.RP.A.1"),
        {**_row(learner, "6.RP.A.1"), "competency": "00000000-0000-4000-8000-000000000000"},
    ]
    response = _client(setup["teacher"]).post(
        "/api/v1/evidence/bulk", {"rows": rows}, content_type="application/json"
    )
    assert response.status_code == 422
    errors = [(e["index"], e["field"]) for e in response.json()["errors"]]
    assert errors == [(1, "level"), (2, "learner"), (3, "competency")]
    assert not Evidence.objects.exists()


def test_a_level_off_the_scale_is_named(setup: dict[str, Any]) -> None:
    response = _client(setup["teacher"]).post(
        "/api/v1/evidence", _row(setup["learners"][0], "6.RP.A.1", level=9), content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "level"


def test_learners_may_record_only_self_assessment(setup: dict[str, Any]) -> None:
    learner = setup["learners"][0]
    client = _client(learner.user)
    refused = client.post("/api/v1/evidence", _row(learner, "6.RP.A.1"), content_type="application/json")
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "source"
    ok = client.post(
        "/api/v1/evidence", _row(learner, "6.RP.A.1", source="self"), content_type="application/json"
    )
    assert ok.status_code == 201
    assert Evidence.objects.get().source == "self"


def test_frameworks_and_competencies_are_listed_with_prerequisites(setup: dict[str, Any]) -> None:
    client = _client(setup["teacher"])
    (framework,) = client.get("/api/v1/frameworks").json()
    assert framework["mastery_level"] == 3
    competencies = client.get(f"/api/v1/frameworks/{framework['id']}/competencies").json()
    by_code = {c["code"]: c for c in competencies}
    assert by_code["6.RP.A.1"]["id"] in by_code["6.RP.A.2"]["prerequisites"]


def test_the_schema_describes_the_evidence_operations(client: Client) -> None:
    schema = json.loads(client.get("/api/v1/openapi.json").content)
    assert "/api/v1/evidence/bulk" in schema["paths"]
    assert "/api/v1/learners/{learner_id}/mastery" in schema["paths"]
