"""The learning rows of the matrix: denied writes change nothing, and plausible gateway bugs are caught."""

from __future__ import annotations

from typing import Any

import pytest

from trellis.apps.evidence.models import Evidence
from trellis.apps.learning import access as work_access
from trellis.apps.learning.models import HintReveal, PeerReview, PracticeAnswer, PracticeSession, Submission
from trellis.apps.rosters import access as rosters_access

from .cases_learning import LEARNING_CASES
from .matrix import _is_allowed, _targets, run_matrix
from .world import ACTORS, build_world

pytestmark = pytest.mark.django_db

POSTS = [case for case in LEARNING_CASES if case.method == "post"]
# POSTs that change something even when sent empty by the actor allowed to (start resumes, hint reveals).
CHANGE_WHEN_ALLOWED = {"learn:practice-hint", "learn:practice-finish", "learn:practice-start"}


@pytest.fixture
def world() -> Any:
    return build_world()


def _fingerprint() -> dict[str, Any]:
    return {
        "submissions": sorted(Submission.objects.values_list("pk", "status", "teacher_comment")),
        "reviews": sorted(PeerReview.objects.values_list("pk", "completed_at", "feedback")),
        "sessions": sorted(PracticeSession.objects.values_list("pk", "finished_at")),
        "answers": PracticeAnswer.objects.count(),
        "hints": HintReveal.objects.count(),
        "evidence": Evidence.objects.count(),
    }


@pytest.mark.parametrize("actor", ACTORS)
def test_learning_posts_an_actor_may_not_make_change_nothing(world: Any, actor: str) -> None:
    denied = [c for c in POSTS if not any(_is_allowed(c, actor, t) for t in _targets(c))]
    before = _fingerprint()
    assert run_matrix(world, actors=[actor], cases=denied) == []
    assert _fingerprint() == before


def test_empty_learning_forms_change_nothing_for_the_actors_allowed_to_send_them(world: Any) -> None:
    checked = [c for c in POSTS if c.url_name not in CHANGE_WHEN_ALLOWED]
    assert {c.url_name for c in checked} >= {"teach:score", "teach:return", "learn:review", "learn:activity"}
    before = _fingerprint()
    assert run_matrix(world, actors=["learner", "teacher"], cases=checked) == []
    assert _fingerprint() == before


def _cases(*names: str) -> list[Any]:
    return [case for case in LEARNING_CASES if case.url_name in names]


def test_matrix_catches_work_opened_to_every_relation(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    every = (*work_access.WORK_RELATIONS, rosters_access.GUARDIAN_OF, rosters_access.MENTOR_GRANT)
    monkeypatch.setattr(work_access, "WORK_RELATIONS", every)
    failures = run_matrix(world, actors=["guardian", "mentor"], cases=_cases("records:submission-file"))
    assert any(f.startswith("LEAK guardian") for f in failures)
    assert any(f.startswith("LEAK mentor") for f in failures)


def test_matrix_catches_a_review_gate_that_forgets_the_reviewer(
    world: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        work_access,
        "_review_by",
        lambda user, submission: PeerReview.objects.filter(submission=submission).first(),
    )
    failures = run_matrix(world, actors=["learner"], cases=_cases("records:submission-file"))
    assert any("LEAK learner GET records:submission-file [other_school]" in f for f in failures)


def test_matrix_catches_scoring_opened_to_administrators(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(work_access, "access_section_to_assess", rosters_access.access_section)
    failures = run_matrix(world, actors=["school_admin"], cases=_cases("teach:score", "teach:return"))
    assert any(f.startswith("LEAK school_admin POST teach:score") for f in failures)


def test_matrix_catches_a_practice_gate_open_to_everyone(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from trellis.apps.learning import selectors

    monkeypatch.setattr(
        work_access,
        "access_practice_session",
        lambda user, public_id: selectors.practice_session_by_public_id(public_id),
    )
    failures = run_matrix(world, actors=["teacher"], cases=_cases("learn:practice"))
    assert any(f.startswith("LEAK teacher GET learn:practice") for f in failures)


def test_matrix_catches_an_unaudited_read_of_work(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rosters_access, "audit_reads", lambda *args, **kwargs: None)
    failures = run_matrix(world, actors=["advisor"], cases=_cases("records:submission-file"))
    assert any(f.startswith("UNAUDITED advisor") for f in failures)
