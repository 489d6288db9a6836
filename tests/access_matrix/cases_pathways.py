"""Access-matrix rows for the pathways pages and API operations (joined into CASES by matrix.py).

A learner's path is part of their academic record: it opens to whoever may read their evidence (EVIDENCE:
the learner, unrestricted guardians, advisor, current teachers, administrators; never mentors). Only the
learner chooses; targets are set by the advisor or an administrator; a section's pathways page opens to its
teachers and its school's administrators, and only its current teachers steer.

In the world every learner is ready for their district's one competency, so their path offers its practice
set and performance task. POST rows send no form data: an allowed actor gets the page back with what to fix
and nothing changes (test_pathways_matrix.py checks it); a denied one gets 404.
"""

from __future__ import annotations

from typing import Any

from .matrix_base import EVIDENCE, SECTION, Case
from .world import World
from .world_learning import district_of

# Steering a section: its current teachers only.
STEER: dict[str, set[str]] = {"teacher": {"linked"}}
# Setting targets on a plan: the advisor and administrators.
PLAN: dict[str, set[str]] = {
    "advisor": {"linked"},
    "school_admin": {"linked", "unlinked"},
    "district_admin": {"linked", "unlinked", "other_school"},
}
LEARNER_ONLY = frozenset({"learner"})


def _practice_title(target: str) -> str:
    return f"{'Other' if district_of(target) == 'other_district' else 'Linked'} practice set"


def _learner_key(w: World, actor: str, target: str) -> str:
    learner = w.learner_for(actor, target)
    assert learner is not None
    return next(k for k, candidate in w.learners.items() if candidate.pk == learner.pk)


def _path_shows(w: World, actor: str, target: str) -> list[str]:
    learner = w.learner_for(actor, target)
    assert learner is not None
    return [learner.user.last_name, _practice_title(_learner_key(w, actor, target))]


def _target_body(w: World, actor: str, target: str) -> dict[str, Any]:
    if w.learner_for(actor, target) is None:
        return {}
    return {"competency": str(w.competency_for(target).public_id), "target_date": "2099-06-01"}


PATHWAYS_CASES: tuple[Case, ...] = (
    Case(
        "learn:path", allowed=LEARNER_ONLY, shows=lambda w, actor, target: ["Linked practice set", "My path"]
    ),
    Case(
        "learn:path-activity",
        "activity_id",
        "practice_set",
        {"learner": {"linked"}},
        shows=lambda w, actor, target: ["Linked practice set", "Linked competency statement"],
    ),
    Case(
        "learn:path-choose",
        allowed=LEARNER_ONLY,
        method="post",
        shows=lambda w, actor, target: ["That option is no longer on your path."],
    ),
    Case(
        "learn:path-done",
        allowed=LEARNER_ONLY,
        method="post",
        shows=lambda w, actor, target: ["Choose a lesson, reading or video you picked from your path."],
    ),
    Case(
        "learn:path-demonstrate",
        allowed=LEARNER_ONLY,
        method="post",
        shows=lambda w, actor, target: ["Choose a competency from your plan or from your next steps."],
    ),
    Case("records:path", "learner_id", "learner", EVIDENCE, shows=_path_shows, audits_read=True),
    Case(
        "family:whats-next",
        allowed=frozenset({"guardian", "restricted_guardian"}),
        shows=lambda w, actor, target: (
            [w.learners["linked"].user.last_name, "Linked practice set"]
            if actor == "guardian"
            else ["What's next"]
        ),
    ),
    Case(
        "teach:pathways",
        "section_id",
        "section",
        SECTION,
        audits_read=True,
        shows=lambda w, actor, target: [w.sections[target].title, w.learners[target].user.last_name],
    ),
    Case(
        "teach:pathways-steer",
        "section_id",
        "section",
        STEER,
        method="post",
        shows=lambda w, actor, target: ["Choose a competency from this school"],
    ),
    Case(
        "teach:pathways-ways",
        "section_id",
        "section",
        STEER,
        method="post",
        shows=lambda w, actor, target: ["Choose a competency from this school"],
    ),
    Case(
        "teach:pathways-assign",
        "section_id",
        "section",
        STEER,
        method="post",
        shows=lambda w, actor, target: ["Choose an activity from the list."],
    ),
    Case(
        "teach:pathways-end-assignment",
        "section_id",
        "section",
        STEER,
        method="post",
        shows=lambda w, actor, target: ["Choose an open assignment of this class."],
    ),
    Case(
        "api-v1:get_path",
        "learner_id",
        "learner",
        EVIDENCE,
        audits_read=True,
        shows=lambda w, actor, target: [_practice_title(_learner_key(w, actor, target))],
    ),
    Case(
        "api-v1:set_plan_target",
        "learner_id",
        "learner",
        PLAN,
        method="post",
        body=_target_body,
        ok_status=(201,),
        audits_read=True,
        shows=lambda w, actor, target: ["2099-06-01"],
    ),
)
