"""The access matrix over the whole product, its coverage of every URL, and the mutants it must catch."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db.models import Q

from trellis.apps.rosters import access
from trellis.lib import models as lib_models

from .matrix import CASES, run_matrix, uncovered_urls
from .world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> Any:
    return build_world()


def test_every_url_and_api_operation_is_in_the_matrix() -> None:
    assert uncovered_urls() == []


def test_access_policy_holds_for_every_actor_url_and_target(world: Any) -> None:
    failures = run_matrix(world)
    assert failures == [], "\n".join(failures)


# --- mutants: each is a plausible authorization bug; the matrix must catch every one -----------------


def _cases(*names: str) -> list[Any]:
    return [case for case in CASES if case.url_name in names]


def _ignoring_end_dates(on: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}start_date__isnull": True}) | Q(**{f"{prefix}start_date__lte": on})


def test_matrix_catches_a_gateway_that_ignores_end_dates(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(access, "current_on", _ignoring_end_dates)
    failures = run_matrix(
        world, actors=["ended_enrollment", "expired_mentor"], cases=_cases("records:learner")
    )
    assert any("LEAK ended_enrollment" in f for f in failures)
    assert any("LEAK expired_mentor" in f for f in failures)


def test_matrix_catches_a_dropped_guardian_restriction(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    real = access.Guardianship.objects

    class IgnoresRestriction:
        def filter(self, *args: Any, **kwargs: Any) -> Any:
            kwargs.pop("restricted", None)
            return real.filter(*args, **kwargs)

    class Mutant:
        objects = IgnoresRestriction()

    monkeypatch.setattr(access, "Guardianship", Mutant)
    failures = run_matrix(
        world, actors=["restricted_guardian"], cases=_cases("records:learner", "family:home")
    )
    assert any("LEAK restricted_guardian" in f for f in failures)


def test_matrix_catches_a_widened_school_filter(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    def every_school_of_the_district(user: Any, on: dt.date) -> Any:
        mine = real(user, on)
        return access.School.objects.filter(district_id__in=mine.values("district_id"))

    real = access._managed_schools
    monkeypatch.setattr(access, "_managed_schools", every_school_of_the_district)
    failures = run_matrix(world, actors=["school_admin"], cases=_cases("manage:school", "teach:section"))
    assert any("LEAK school_admin" in f for f in failures)


def test_matrix_catches_mentor_grants_widened_to_every_part(
    world: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(access, "_granted_parts", lambda user, learner, on: set(access.ALL_PARTS))
    failures = run_matrix(world, actors=["mentor"], cases=_cases("records:learner", "api-v1:get_learner"))
    assert any("outside mentor's granted parts" in f for f in failures)


def test_matrix_catches_a_missing_audit_event(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(access, "audit_reads", lambda *args, **kwargs: None)
    failures = run_matrix(world, actors=["guardian"], cases=_cases("records:learner"))
    assert any(f.startswith("UNAUDITED guardian") for f in failures)


def test_matrix_catches_a_wrongful_denial(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        access, "_PARTS_BY_RELATION", {**access._PARTS_BY_RELATION, access.ADVISOR_OF: frozenset()}
    )
    failures = run_matrix(world, actors=["advisor"], cases=_cases("records:learner"))
    assert any(f.startswith("WRONGFUL DENIAL advisor") for f in failures)


def test_current_on_is_the_window_filter_access_uses() -> None:
    # The end-date mutant above patches access.current_on; make sure that is the function access calls.
    assert access.current_on is lib_models.current_on
