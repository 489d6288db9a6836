"""Access-matrix rows for the learning pages (practice, submitted work, scoring, peer review).

Kept apart from matrix.py so each room of the product adds its rows in its own file; matrix.py joins them.
The objects the rows open are built in world_learning.py (see its docstring for who reviews whose work).

POST rows send no form data: an allowed actor gets the page's "what to fix" answer (or, for starting,
hinting and finishing practice, the redirect), and nothing about the work changes; a denied actor gets 404.
The practice-finish row comes last, because it closes the learner's session for the rows after it.
"""

from __future__ import annotations

from typing import Any

from .matrix_base import SECTION, Case
from .world import World
from .world_learning import district_of, file_text, work_text

OWN: dict[str, set[str]] = {"learner": {"own"}}
# A learner's handed-in work: the author; their teachers, advisor and administrators (not guardians or
# mentors); and a learner assigned to review it (the linked learner reviews the unlinked learner's work).
WORK: dict[str, set[str]] = {
    "learner": {"own", "unlinked"},
    "advisor": {"linked"},
    "teacher": {"linked"},
    "school_admin": {"linked", "unlinked"},
    "district_admin": {"linked", "unlinked", "other_school"},
}
# Scoring, returning and assigning reviewers: the section's current teachers only.
ASSESS_SECTION: dict[str, set[str]] = {"teacher": {"linked"}}
DISTRICT_ACTIVITY: dict[str, set[str]] = {"learner": {"linked"}}


def _item(w: World, target: str) -> dict[str, Any]:
    return {"item_id": w.learning["item"][district_of(target)].public_id}


def _section_work(w: World, target: str) -> dict[str, Any]:
    return {"submission_id": w.learning["submission"][target].public_id}


def _learner_key(w: World, actor: str, target: str) -> str:
    learner = w.learner_for(actor, target)
    assert learner is not None
    return next(k for k, candidate in w.learners.items() if candidate.pk == learner.pk)


LEARNING_CASES: tuple[Case, ...] = (
    Case(
        "learn:practice-start",
        "activity_id",
        "practice_set",
        DISTRICT_ACTIVITY,
        method="post",
        ok_status=(302,),
    ),
    Case(
        "learn:practice",
        "session_id",
        "session",
        OWN,
        shows=lambda w, actor, target: ["Linked practice set", "Linked practice question one"],
    ),
    Case(
        "learn:practice-answer",
        "session_id",
        "session",
        OWN,
        method="post",
        fixed_kwargs=_item,
        shows=lambda w, actor, target: ["Choose an answer first."],
    ),
    Case(
        "learn:practice-hint",
        "session_id",
        "session",
        OWN,
        method="post",
        fixed_kwargs=_item,
        ok_status=(302,),
    ),
    Case(
        "learn:work",
        allowed=frozenset({"learner"}),
        shows=lambda w, actor, target: ["Linked performance task", "A classmate's work on"],
    ),
    Case(
        "learn:activity",
        "activity_id",
        "task",
        DISTRICT_ACTIVITY,
        shows=lambda w, actor, target: ["Linked performance task", "Linked criterion"],
    ),
    Case(
        "learn:activity",
        "activity_id",
        "task",
        DISTRICT_ACTIVITY,
        method="post",
        shows=lambda w, actor, target: ["Add your work: write it, paste a link, or upload a file."],
    ),
    Case(
        "learn:submission",
        "submission_id",
        "submission",
        OWN,
        shows=lambda w, actor, target: [work_text("linked"), "Peer feedback from an anonymous classmate"],
    ),
    Case(
        "learn:self-assess",
        "submission_id",
        "submission",
        OWN,
        method="post",
        shows=lambda w, actor, target: ["Write a sentence or two about your work"],
    ),
    Case(
        "learn:review",
        "review_id",
        "review",
        OWN,
        shows=lambda w, actor, target: [work_text("unlinked"), "names are hidden on this review"],
    ),
    Case(
        "learn:review",
        "review_id",
        "review",
        OWN,
        method="post",
        shows=lambda w, actor, target: ["Give your classmate some feedback"],
    ),
    Case(
        "records:submission-file",
        "submission_id",
        "submission",
        WORK,
        audits_read=True,
        shows=lambda w, actor, target: [file_text(_learner_key(w, actor, target))],
    ),
    Case(
        "teach:inbox",
        "section_id",
        "section",
        SECTION,
        audits_read=True,
        shows=lambda w, actor, target: [
            w.learners[target].user.last_name,
            f"{'Other' if target == 'other_district' else 'Linked'} performance task",
        ],
    ),
    Case(
        "teach:score",
        "section_id",
        "section",
        SECTION,
        fixed_kwargs=_section_work,
        audits_read=True,
        shows=lambda w, actor, target: [w.learners[target].user.last_name, work_text(target)],
    ),
    Case(
        "teach:score",
        "section_id",
        "section",
        ASSESS_SECTION,
        method="post",
        fixed_kwargs=_section_work,
        shows=lambda w, actor, target: ["Choose a level for every criterion"],
    ),
    Case(
        "teach:return",
        "section_id",
        "section",
        ASSESS_SECTION,
        method="post",
        fixed_kwargs=_section_work,
        shows=lambda w, actor, target: ["Tell the learner what to revise."],
    ),
    Case(
        "teach:assign-reviewer",
        "section_id",
        "section",
        ASSESS_SECTION,
        method="post",
        fixed_kwargs=_section_work,
        shows=lambda w, actor, target: ["Choose a learner from this class to review the work."],
    ),
    Case(
        "learn:practice-finish",
        "session_id",
        "session",
        OWN,
        method="post",
        ok_status=(302,),
    ),
)
