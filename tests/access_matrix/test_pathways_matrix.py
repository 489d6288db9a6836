"""The pathways rows of the matrix: denied writes change nothing, empty forms change nothing, and plausible
gateway bugs are caught."""

from __future__ import annotations

from typing import Any

import pytest

from trellis.apps.learning.models import PracticeSession
from trellis.apps.pathways import access as pathways_access
from trellis.apps.pathways.models import (
    Assignment,
    Choice,
    DemonstrationChoice,
    DemonstrationWays,
    PlanTarget,
    Steer,
)
from trellis.apps.rosters import access as rosters_access

from .cases_pathways import PATHWAYS_CASES
from .matrix import _is_allowed, _targets, run_matrix
from .world import ACTORS, build_world

pytestmark = pytest.mark.django_db

WRITES = [case for case in PATHWAYS_CASES if case.method == "post" or case.body is not None]


@pytest.fixture
def world() -> Any:
    return build_world()


def _fingerprint() -> dict[str, Any]:
    return {
        "targets": sorted(PlanTarget.objects.values_list("plan__learner_id", "competency_id", "target_date")),
        "choices": sorted(Choice.objects.values_list("pk", "completed_at")),
        "demonstrations": sorted(DemonstrationChoice.objects.values_list("pk", "way")),
        "steers": sorted(Steer.objects.values_list("section_id", "competency_id", "kind")),
        "ways": sorted(DemonstrationWays.objects.values_list("section_id", "competency_id")),
        "assignments": sorted(Assignment.objects.values_list("pk", "ended_at")),
        "sessions": sorted(PracticeSession.objects.values_list("pk", "finished_at")),
    }


@pytest.mark.parametrize("actor", ACTORS)
def test_pathways_writes_an_actor_may_not_make_change_nothing(world: Any, actor: str) -> None:
    denied = [c for c in WRITES if not any(_is_allowed(c, actor, t) for t in _targets(c))]
    before = _fingerprint()
    assert run_matrix(world, actors=[actor], cases=denied) == []
    assert _fingerprint() == before


def test_denied_targets_on_the_plan_change_nothing(world: Any) -> None:
    """Actors allowed for some learners' plans but not others: the refused targets leave no row."""
    cases = [c for c in WRITES if c.url_name == "api-v1:set_plan_target"]
    assert run_matrix(world, actors=["advisor", "school_admin", "district_admin"], cases=cases) == []
    written = set(PlanTarget.objects.values_list("plan__learner_id", flat=True))
    assert written == {world.learners[k].pk for k in ("linked", "unlinked", "other_school")}


def test_empty_pathways_forms_change_nothing_for_those_allowed_to_send_them(world: Any) -> None:
    forms = [c for c in PATHWAYS_CASES if c.method == "post"]
    assert {c.url_name for c in forms} >= {
        "learn:path-choose",
        "teach:pathways-steer",
        "teach:pathways-assign",
    }
    before = _fingerprint()
    assert run_matrix(world, actors=["learner", "teacher"], cases=forms) == []
    assert _fingerprint() == before


def _cases(*names: str) -> list[Any]:
    return [case for case in PATHWAYS_CASES if case.url_name in names]


def test_matrix_catches_steering_opened_to_administrators(
    world: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pathways_access, "access_section_to_steer", rosters_access.access_section)
    failures = run_matrix(world, actors=["school_admin"], cases=_cases("teach:pathways-steer"))
    assert any(f.startswith("LEAK school_admin POST teach:pathways-steer") for f in failures)


def test_matrix_catches_a_path_opened_to_mentors(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    def any_part(user: Any, learner_id: Any, *, what: str) -> Any:
        return rosters_access.access_learner(user, learner_id, what=what)

    monkeypatch.setattr(pathways_access, "access_path", any_part)
    failures = run_matrix(world, actors=["mentor"], cases=_cases("records:path", "api-v1:get_path"))
    assert any(f.startswith("LEAK mentor GET records:path") for f in failures)


def test_matrix_catches_plans_editable_by_teachers(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        pathways_access, "PLAN_EDITORS", pathways_access.PLAN_EDITORS | {rosters_access.TEACHER_OF_SECTION}
    )
    failures = run_matrix(world, actors=["teacher"], cases=_cases("api-v1:set_plan_target"))
    assert any(f.startswith("LEAK teacher POST api-v1:set_plan_target") for f in failures)


def test_matrix_catches_an_unaudited_path(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rosters_access, "audit_reads", lambda *args, **kwargs: None)
    failures = run_matrix(world, actors=["advisor"], cases=_cases("records:path"))
    assert any(f.startswith("UNAUDITED advisor") for f in failures)
