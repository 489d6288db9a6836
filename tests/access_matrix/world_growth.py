"""The growth part of the access-matrix world: each target learner's profile, a goal, two journal entries
(yesterday's shared with guardians, today's not), a team message and a staff-only team note.

Every text names its target ("... of linked target"), never a learner's name, so a page that shows another
learner's text is caught by `shows`/`hides`, and the matrix's name check still means what it says. The rows
in cases_growth.py build these objects on first use (`growth_of`), so the whole matrix and the growth tests
share one world whichever runs first.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from trellis.apps.growth import services
from trellis.apps.rosters.models import Learner
from trellis.lib import clock

if TYPE_CHECKING:
    from .world import World

KEYS = ("linked", "unlinked", "other_school", "other_district")


def about(key: str) -> str:
    return f"About me of {key} target"


def accommodations(key: str) -> str:
    return f"Accommodations note of {key} target"


def goal_title(key: str) -> str:
    return f"Goal of {key} target"


def shared_reflection(key: str) -> str:
    return f"Shared reflection of {key} target"


def private_reflection(key: str) -> str:
    return f"Private reflection of {key} target"


def team_message(key: str) -> str:
    return f"Team message of {key} target"


def staff_note(key: str) -> str:
    return f"Staff note of {key} target"


def key_of(target: str) -> str:
    """The learner key a target names (the learner's `own` record is the linked learner's)."""
    return "linked" if target == "own" else target


def _build(w: World, key: str, learner: Learner) -> dict[str, Any]:
    adult = w.users["advisor"] if key == "linked" else w.users["district_admin"]
    services.update_profile(
        learner=learner,
        changed_by=learner.user,
        changes={"about_me": about(key), "interests": ["music"], "working_styles": ["hands_on"]},
        allowed_fields=services.LEARNER_FIELDS,
    )
    services.update_profile(
        learner=learner,
        changed_by=adult,
        changes={"accommodations": accommodations(key), "strengths": f"Strengths of {key} target"},
        allowed_fields=services.TEAM_FIELDS + services.STAFF_FIELDS,
    )
    goal = services.draft_goal(
        learner=learner, drafted_by=learner.user, title=goal_title(key), steps=[f"First step of {key} target"]
    )
    today = clock.today()
    services.plan_day(
        learner=learner,
        items=[services.PlanItemInput(text=f"Plan of {key} target")],
        day=today - dt.timedelta(1),
    )
    shared = services.reflect_on_day(
        learner=learner,
        what_worked=shared_reflection(key),
        what_didnt=f"Distractions near the window, {key} target",
        next_steps="",
        share_with_guardians=True,
        day=today - dt.timedelta(1),
    )
    private = services.reflect_on_day(
        learner=learner,
        what_worked=private_reflection(key),
        what_didnt=f"Distractions near the window again, {key} target",
        next_steps="",
        share_with_guardians=False,
        day=today,
    )
    services.comment_on_entry(entry=shared, author=adult, body=f"Feedback of {key} target")
    services.post_to_team(learner=learner, author=adult, kind="message", body=team_message(key))
    services.post_to_team(learner=learner, author=adult, kind="note", body=staff_note(key), staff_only=True)
    return {"goal": goal, "shared_entry": shared, "private_entry": private}


def growth_of(w: World) -> dict[str, dict[str, Any]]:
    """The growth objects of every target learner, built the first time they are asked for."""
    if "growth" not in w.learning:
        w.learning["growth"] = {key: _build(w, key, w.learners[key]) for key in KEYS}
    return w.learning["growth"]


def object_id(w: World, target: str, name: str) -> Any:
    return growth_of(w)[key_of(target)][name].public_id
