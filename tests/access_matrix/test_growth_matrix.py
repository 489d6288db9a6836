"""The growth rows of the matrix: every actor × page × target, denied writes change nothing, and plausible
gateway bugs are caught."""

from __future__ import annotations

from typing import Any

import pytest

from trellis.apps.growth import access as growth_access
from trellis.apps.growth.models import (
    Goal,
    GoalComment,
    GoalStep,
    JournalComment,
    JournalEntry,
    JournalPlanItem,
    JournalPolicy,
    LearnerProfile,
    ProfileChange,
    ProfileComment,
    TeamPost,
)
from trellis.apps.rosters import access as rosters_access

from .cases_growth import GROWTH_CASES
from .matrix import _is_allowed, _targets, run_matrix
from .world import ACTORS, build_world
from .world_growth import growth_of

pytestmark = pytest.mark.django_db

POSTS = [case for case in GROWTH_CASES if case.method == "post"]
# Marking one's own notifications read is the one empty POST that changes something, for its own sender.
CHANGE_WHEN_ALLOWED = {"accounts:notifications-read"}


@pytest.fixture
def world() -> Any:
    w = build_world()
    growth_of(w)
    return w


def _fingerprint() -> dict[str, Any]:
    return {
        "profiles": sorted(
            LearnerProfile.objects.values_list("pk", "about_me", "strengths", "accommodations")
        ),
        "changes": ProfileChange.objects.count(),
        "profile_comments": ProfileComment.objects.count(),
        "goals": sorted(Goal.objects.values_list("pk", "title", "status", "changes_requested")),
        "steps": sorted(GoalStep.objects.values_list("pk", "text", "done_at")),
        "goal_comments": GoalComment.objects.count(),
        "entries": sorted(
            JournalEntry.objects.values_list("pk", "what_worked", "shared_with_guardians", "planned_at")
        ),
        "plan_items": JournalPlanItem.objects.count(),
        "journal_comments": JournalComment.objects.count(),
        "posts": TeamPost.objects.count(),
        "policies": sorted(JournalPolicy.objects.values_list("school_id", "guardians_see")),
    }


def test_growth_rows_hold_for_every_actor(world: Any) -> None:
    failures = run_matrix(world, cases=GROWTH_CASES)
    assert failures == [], "\n".join(failures)


@pytest.mark.parametrize("actor", ACTORS)
def test_growth_posts_an_actor_may_not_make_change_nothing(world: Any, actor: str) -> None:
    denied = [c for c in POSTS if not any(_is_allowed(c, actor, t) for t in _targets(c))]
    before = _fingerprint()
    assert run_matrix(world, actors=[actor], cases=denied) == []
    assert _fingerprint() == before


def test_empty_growth_forms_change_nothing_for_the_actors_allowed_to_send_them(world: Any) -> None:
    checked = [c for c in POSTS if c.url_name not in CHANGE_WHEN_ALLOWED]
    before = _fingerprint()
    assert run_matrix(world, actors=["learner", "guardian", "advisor", "school_admin"], cases=checked) == []
    assert _fingerprint() == before


def _cases(*names: str) -> list[Any]:
    return [case for case in GROWTH_CASES if case.url_name in names]


def test_matrix_catches_accommodations_shown_to_families(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        growth_access.GrowthAccess,
        "sees_accommodations",
        property(lambda self: self.can_see(rosters_access.RecordPart.ACCOMMODATIONS)),
    )
    failures = run_matrix(world, actors=["guardian"], cases=_cases("records:profile"))
    assert any(f.startswith("LEAK guardian GET records:profile") for f in failures)


def test_matrix_catches_a_journal_that_ignores_sharing(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    real = growth_access.visible_entries

    def everything(growth: Any) -> Any:
        return real(growth).model.objects.filter(learner=growth.learner)

    monkeypatch.setattr(growth_access, "visible_entries", everything)
    failures = run_matrix(
        world, actors=["guardian"], cases=_cases("records:journal", "records:journal-entry")
    )
    assert any(f.startswith("LEAK guardian GET records:journal") for f in failures)


def test_matrix_catches_the_thread_opened_to_teachers(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        growth_access,
        "THREAD_RELATIONS",
        growth_access.THREAD_RELATIONS | {rosters_access.TEACHER_OF_SECTION},
    )
    failures = run_matrix(world, actors=["teacher"], cases=_cases("records:team", "records:team-post"))
    assert any(f.startswith("LEAK teacher GET records:team") for f in failures)


def test_matrix_catches_staff_notes_shown_to_the_team(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(growth_access.GrowthAccess, "sees_staff_only", property(lambda self: self.in_thread))
    failures = run_matrix(world, actors=["learner", "mentor"], cases=_cases("records:team"))
    assert any(f.startswith("LEAK learner") for f in failures)
    assert any(f.startswith("LEAK mentor") for f in failures)


def test_matrix_catches_the_portal_open_to_staff(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        growth_access,
        "access_child",
        lambda user, learner_id, what: growth_access.access_profile(user, learner_id, what=what),
    )
    failures = run_matrix(world, actors=["advisor"], cases=_cases("family:portal"))
    assert any(f.startswith("LEAK advisor GET family:portal") for f in failures)


def test_matrix_catches_an_unaudited_read_of_the_profile(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rosters_access, "audit_reads", lambda *args, **kwargs: None)
    failures = run_matrix(world, actors=["guardian"], cases=_cases("records:profile", "records:journal"))
    assert any(f.startswith("UNAUDITED guardian GET records:profile") for f in failures)
    assert any(f.startswith("UNAUDITED guardian GET records:journal") for f in failures)


def test_matrix_catches_goal_reviews_opened_to_teachers(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(growth_access.GrowthAccess, "reviews_goals", property(lambda self: True))
    failures = run_matrix(world, actors=["teacher", "guardian"], cases=_cases("records:goal-review"))
    assert any(f.startswith("LEAK teacher POST records:goal-review") for f in failures)
    assert any(f.startswith("LEAK guardian POST records:goal-review") for f in failures)
