"""Access-matrix rows for the growth pages: profile, goals, journal, team page, family portal, advisory board,
notifications (joined into CASES by matrix.py). The objects they open are built in world_growth.py.

Who may do what (DOMAIN.md; growth/access.py says why):

- profile, goals: the parts of rosters.access (teachers read goals, not the profile; the world's mentor is
  granted identity and team only, so neither);
- accommodations: staff who lead (advisor, administrators) — never the learner's family, teachers or mentors;
- journal: the learner, advisor and administrators; guardians only the entries shared with them;
- team page: everyone with the team part; its notes and messages not for teachers who only teach the
  learner; staff-only notes for the advisor and administrators.

POST rows send an empty form: an allowed actor gets the page's "what to fix" answer (or, where an empty
form changes nothing by design, the redirect), a denied actor 404; test_growth_matrix.py checks that
nothing changed either way.
"""

from __future__ import annotations

from typing import Any

from django.utils.html import escape

from .matrix_base import RECORD, SCHOOL, SIGNED_IN, Case
from .world import World
from .world_growth import (
    about,
    accommodations,
    goal_title,
    growth_of,
    key_of,
    object_id,
    private_reflection,
    shared_reflection,
    staff_note,
    team_message,
)

ADMINS: dict[str, set[str]] = {
    "school_admin": {"linked", "unlinked"},
    "district_admin": {"linked", "unlinked", "other_school"},
}
LEADS: dict[str, set[str]] = {"advisor": {"linked"}, **ADMINS}
PROFILE: dict[str, set[str]] = {"learner": {"own"}, "guardian": {"linked"}, **LEADS}
PROFILE_WRITERS = PROFILE  # the learner, guardians and staff who lead all write the team's parts
GOALS: dict[str, set[str]] = {**PROFILE, "teacher": {"linked"}}
GOAL_MOVERS: dict[str, set[str]] = {"learner": {"own"}, **LEADS}  # start (learner) or review (staff)
OWN: dict[str, set[str]] = {"learner": {"own"}}
JOURNAL: dict[str, set[str]] = {"learner": {"own"}, **LEADS}
SHARED_JOURNAL: dict[str, set[str]] = {**JOURNAL, "guardian": {"linked"}}
TEAM = RECORD
THREAD: dict[str, set[str]] = {actor: targets for actor, targets in RECORD.items() if actor != "teacher"}
STAFF_SEE = frozenset(LEADS)
LEARNER_ONLY = frozenset({"learner"})


def _goal(w: World, target: str) -> dict[str, Any]:
    return {"goal_id": object_id(w, target, "goal")}


def _shared_entry(w: World, target: str) -> dict[str, Any]:
    return {"entry_id": object_id(w, target, "shared_entry")}


def _private_entry(w: World, target: str) -> dict[str, Any]:
    return {"entry_id": object_id(w, target, "private_entry")}


def _built(w: World, target: str) -> dict[str, Any]:
    """For rows keyed by the learner alone: make sure the growth objects exist before the request."""
    growth_of(w)
    return {}


def _no_accommodations(w: World, actor: str) -> list[str]:
    return [] if actor in STAFF_SEE else [accommodations(k) for k in ("linked", "unlinked", "other_school")]


def _no_private_entries(w: World, actor: str) -> list[str]:
    return [private_reflection("linked")] if actor == "guardian" else []


def _team_hides(w: World, actor: str) -> list[str]:
    if actor == "teacher":
        return [team_message("linked"), staff_note("linked")]
    return [] if actor in STAFF_SEE else [staff_note("linked")]


def _error(message: str) -> Any:
    """The page's answer to an empty form, as the page writes it (HTML-escaped)."""
    return lambda w, actor, target: [escape(message)]


GROWTH_CASES: tuple[Case, ...] = (
    # The team's pages about one learner (records/), learner included.
    Case(
        "records:profile",
        "learner_id",
        "learner",
        PROFILE,
        fixed_kwargs=_built,
        shows=lambda w, actor, target: [
            about(key_of(target)),
            *([accommodations(key_of(target))] if actor in STAFF_SEE else []),
        ],
        hides=_no_accommodations,
        audits_read=True,
    ),
    Case(
        "records:profile",
        "learner_id",
        "learner",
        PROFILE_WRITERS,
        method="post",
        fixed_kwargs=_built,
        ok_status=(302,),
    ),
    Case(
        "records:profile-comment",
        "learner_id",
        "learner",
        PROFILE,
        method="post",
        fixed_kwargs=_built,
        shows=_error("Your comment can't be empty."),
    ),
    Case(
        "records:profile-history",
        "learner_id",
        "learner",
        PROFILE,
        fixed_kwargs=_built,
        shows=lambda w, actor, target: [about(key_of(target))],
        hides=_no_accommodations,
        audits_read=True,
    ),
    Case(
        "records:goals",
        "learner_id",
        "learner",
        GOALS,
        fixed_kwargs=_built,
        shows=lambda w, actor, target: [goal_title(key_of(target))],
        audits_read=True,
    ),
    Case(
        "records:goal",
        "learner_id",
        "learner",
        GOALS,
        fixed_kwargs=_goal,
        shows=lambda w, actor, target: [goal_title(key_of(target)), f"First step of {key_of(target)} target"],
        audits_read=True,
    ),
    Case(
        "records:goal-edit",
        "learner_id",
        "learner",
        OWN,
        method="post",
        fixed_kwargs=_goal,
        shows=_error("What my goal is can't be empty."),
    ),
    Case(
        "records:goal-review",
        "learner_id",
        "learner",
        GOAL_MOVERS,
        method="post",
        fixed_kwargs=_goal,
        shows=_error("Choose what to do with the goal."),
    ),
    Case(
        "records:goal-step",
        "learner_id",
        "learner",
        OWN,
        method="post",
        fixed_kwargs=_goal,
        shows=_error("Choose a step to tick."),
    ),
    Case(
        "records:goal-comment",
        "learner_id",
        "learner",
        GOALS,
        method="post",
        fixed_kwargs=_goal,
        shows=_error("Your comment can't be empty."),
    ),
    Case(
        "records:journal",
        "learner_id",
        "learner",
        SHARED_JOURNAL,
        fixed_kwargs=_built,
        shows=lambda w, actor, target: [
            shared_reflection(key_of(target)),
            *([] if actor == "guardian" else [private_reflection(key_of(target))]),
        ],
        hides=_no_private_entries,
        audits_read=True,
    ),
    Case(
        "records:journal-entry",
        "learner_id",
        "learner",
        SHARED_JOURNAL,
        fixed_kwargs=_shared_entry,
        shows=lambda w, actor, target: [
            shared_reflection(key_of(target)),
            f"Feedback of {key_of(target)} target",
        ],
        audits_read=True,
    ),
    Case(
        "records:journal-entry",
        "learner_id",
        "learner",
        JOURNAL,
        fixed_kwargs=_private_entry,
        shows=lambda w, actor, target: [private_reflection(key_of(target))],
        audits_read=True,
    ),
    Case(
        "records:journal-comment",
        "learner_id",
        "learner",
        SHARED_JOURNAL,
        method="post",
        fixed_kwargs=_shared_entry,
        shows=_error("Your comment can't be empty."),
    ),
    Case(
        "records:journal-share",
        "learner_id",
        "learner",
        OWN,
        method="post",
        fixed_kwargs=_shared_entry,
        shows=_error("Choose to share the entry or to stop sharing it."),
    ),
    Case(
        "records:team",
        "learner_id",
        "learner",
        TEAM,
        fixed_kwargs=_built,
        shows=lambda w, actor, target: [
            "Who is on the team",
            *([team_message(key_of(target))] if actor != "teacher" else []),
            *([staff_note(key_of(target))] if actor in STAFF_SEE else []),
        ],
        hides=_team_hides,
        audits_read=True,
    ),
    Case(
        "records:team-post",
        "learner_id",
        "learner",
        THREAD,
        method="post",
        fixed_kwargs=_built,
        shows=_error("Choose a note or a message."),
    ),
    # The family portal: a guardian's own child only.
    Case(
        "family:portal",
        "learner_id",
        "learner",
        {"guardian": {"linked"}},
        fixed_kwargs=_built,
        shows=lambda w, actor, target: [shared_reflection("linked"), "Who to contact", "FamilyAdvisor"],
        hides=_no_private_entries,
        audits_read=True,
    ),
    # The learner's own pages.
    Case("learn:profile", allowed=LEARNER_ONLY, shows=lambda w, actor, target: [about("linked")]),
    Case("learn:profile", allowed=LEARNER_ONLY, method="post", ok_status=(302,)),
    Case("learn:goals", allowed=LEARNER_ONLY, shows=lambda w, actor, target: [goal_title("linked")]),
    Case(
        "learn:goals",
        allowed=LEARNER_ONLY,
        method="post",
        shows=_error("What my goal is can't be empty."),
    ),
    Case(
        "learn:journal", allowed=LEARNER_ONLY, shows=lambda w, actor, target: [private_reflection("linked")]
    ),
    Case(
        "learn:journal-plan",
        allowed=LEARNER_ONLY,
        method="post",
        shows=_error("Pick or write at least one goal for today."),
    ),
    Case(
        "learn:journal-reflect",
        allowed=LEARNER_ONLY,
        method="post",
        shows=_error("Write at least one of: what worked, what didn't, or your next steps."),
    ),
    # The advisory board.
    Case(
        "advise:board",
        allowed=frozenset({"advisor"}),
        shows=lambda w, actor, target: [w.learners["linked"].user.last_name, "Awaiting your feedback"],
    ),
    Case(
        "advise:themes",
        "learner_id",
        "learner",
        {"advisor": {"linked"}},
        fixed_kwargs=_built,
        shows=lambda w, actor, target: ["distractions near"],
        audits_read=True,
    ),
    Case(
        "advise:journal-policy",
        "school_id",
        "school",
        SCHOOL,
        shows=lambda w, actor, target: [w.schools[target].name, "Each learner decides"],
    ),
    Case(
        "advise:journal-policy",
        "school_id",
        "school",
        SCHOOL,
        method="post",
        shows=_error("Choose one of the three rules."),
    ),
    # Notifications: everyone's own.
    Case(
        "accounts:notifications",
        allowed=SIGNED_IN,
        shows=lambda w, actor, target: {
            "advisor": ["A goal of"],
            "learner": ["left feedback on your journal"],
            "guardian": ["wrote to the learning team of"],
            "mentor": ["wrote to the learning team of"],
        }.get(actor, []),
    ),
    Case("accounts:notifications-read", allowed=SIGNED_IN, method="post", ok_status=(302,)),
)
