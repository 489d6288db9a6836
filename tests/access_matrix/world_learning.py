"""The learning part of the access-matrix world: activities, submitted work, practice and peer reviews.

Each district has a practice set (two items with hints) and a performance task scored with a rubric, both on
that district's competency. Every target learner has handed in work on their district's task (text and a
small file) and has a practice session open. Peer reviews:

- the *linked* learner reviews the *unlinked* learner's work, anonymously (so the linked learner may open
  that work, but never learns whose it is);
- the *unlinked* learner has reviewed the linked learner's work, anonymously, and finished (so the linked
  learner reads feedback from "a classmate", and the linked learner's teacher, who can't see the unlinked
  learner, sees the reviewer only as "a learner from another class");
- the *other_school* and *other_district* learners and a classmate at their own school review each
  other's work (so their work has a reviewer no actor is).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from trellis.apps.evidence.assessment import peer_assess
from trellis.apps.learning.models import Activity
from trellis.apps.learning.services import (
    add_item,
    assign_peer_review,
    create_activity,
    create_rubric,
    start_practice,
    submit_work,
)
from trellis.apps.rosters.models import Learner, LearningTeam, School

if TYPE_CHECKING:
    from .world import World

# Target kinds the learning rows add to the matrix, and their targets: activities belong to a district;
# submissions, practice sessions and peer reviews are a learner's (world.TARGETS, read as learner_for does).
LEARNING_TARGETS: dict[str, tuple[str, ...]] = {
    "practice_set": ("linked", "other_district"),
    "task": ("linked", "other_district"),
    "submission": ("own", "linked", "unlinked", "other_school", "other_district"),
    "session": ("own", "linked", "unlinked", "other_school", "other_district"),
    "review": ("own", "linked", "unlinked", "other_school", "other_district"),
}


def district_of(target: str) -> str:
    """The key of the district-wide objects (practice set, task, items) a target's objects use."""
    return "other_district" if target == "other_district" else "linked"


def learning_target_id(w: World, kind: str, actor: str, target: str) -> Any:
    """The public id a learning target names from this actor's point of view (None: no such object)."""
    if kind in ("practice_set", "task"):
        return w.learning[kind][target].public_id
    learner = w.learner_for(actor, target)
    if learner is None:
        return None
    key = next(k for k, candidate in w.learners.items() if candidate.pk == learner.pk)
    row = w.learning[kind].get(key)
    return row.public_id if row is not None else None


def work_text(key: str) -> str:
    return f"Handed-in work of target {key}"


def file_text(key: str) -> str:
    return f"Attached file of target {key}"


def _extra_learner(school: School, name: str) -> Learner:
    user = get_user_model().objects.create_user(
        username=f"pupil_{name}", first_name="GivenExtra", last_name=f"Family{name.capitalize()}"
    )
    learner = Learner.objects.create(user=user, school=school, grade="07")
    LearningTeam.objects.create(learner=learner)
    return learner


def _hand_in(activity: Activity, learner: Learner, key: str) -> Any:
    upload = SimpleUploadedFile(f"{key}.txt", file_text(key).encode(), content_type="text/plain")
    return submit_work(activity=activity, learner=learner, text=work_text(key), file=upload)


def extend_world(w: World) -> None:
    """Add the learning objects the learning rows of the matrix need (see the module's docstring)."""
    practice_sets, tasks, items = {}, {}, {}
    for key in ("linked", "other_district"):
        competency = w.competencies[key]
        district = competency.framework.district
        label = "Linked" if key == "linked" else "Other"
        practice_sets[key] = create_activity(
            title=f"{label} practice set",
            kind=Activity.Kind.PRACTICE_SET,
            competencies=[competency],
            district=district,
        )
        items[key] = add_item(
            activity=practice_sets[key],
            interaction="choice",
            prompt=f"{label} practice question one",
            choices=[{"id": "a", "text": "Right choice"}, {"id": "b", "text": "Wrong choice"}],
            correct=["a"],
            hints=[f"{label} first hint", f"{label} second hint"],
        )
        add_item(
            activity=practice_sets[key],
            interaction="numeric_entry",
            prompt=f"{label} practice question two",
            correct={"value": 4, "tolerance": 0},
        )
        rubric = create_rubric(
            title=f"{label} rubric",
            district=district,
            criteria=[{"title": f"{label} criterion", "competency": competency}],
        )
        tasks[key] = create_activity(
            title=f"{label} performance task",
            kind=Activity.Kind.PERFORMANCE_TASK,
            competencies=[competency],
            district=district,
            rubric=rubric,
        )

    submissions, sessions = {}, {}
    for key, learner in w.learners.items():
        submissions[key] = _hand_in(tasks[district_of(key)], learner, key)
        sessions[key] = start_practice(learner=learner, activity=practice_sets[district_of(key)])

    reviews = {
        "linked": assign_peer_review(
            submission=submissions["unlinked"],
            reviewer=w.learners["linked"],
            assigned_by=w.users["teacher"],
            anonymous_to_author=True,
        ),
        "unlinked": assign_peer_review(
            submission=submissions["linked"],
            reviewer=w.learners["unlinked"],
            assigned_by=w.users["school_admin"],
            anonymous_to_author=True,
        ),
    }
    criterion = tasks["linked"].rubric.criteria.get()  # type: ignore[union-attr]
    peer_assess(
        review=reviews["unlinked"],
        levels={str(criterion.public_id): 3},
        feedback="Peer feedback from an anonymous classmate",
    )
    for key in ("other_school", "other_district"):
        author = _extra_learner(w.schools[key], f"extra{key.replace('_', '')}")
        reviews[key] = assign_peer_review(
            submission=_hand_in(tasks[district_of(key)], author, f"extra-{key}"),
            reviewer=w.learners[key],
            assigned_by=None,
        )
        assign_peer_review(submission=submissions[key], reviewer=author, assigned_by=None)

    w.learning = {
        "practice_set": practice_sets,
        "task": tasks,
        "item": items,
        "submission": submissions,
        "session": sessions,
        "review": reviews,
    }
