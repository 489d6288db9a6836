"""The parts of the access matrix that every file of rows shares: the Case shape and the policy tables."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .world import ACTORS, World

SIGNED_IN = frozenset(a for a in ACTORS if a not in {"anonymous", "deactivated"})

# Which targets' learner records each actor may read (DOMAIN.md). Actors not listed may read none.
RECORD: dict[str, set[str]] = {
    "learner": {"own"},
    "guardian": {"linked"},
    "advisor": {"linked"},
    "teacher": {"linked"},
    "mentor": {"linked"},
    "school_admin": {"linked", "unlinked"},
    "district_admin": {"linked", "unlinked", "other_school"},
}
# The evidence part of a record: everyone with a record relation except mentors (not on their grant).
EVIDENCE: dict[str, set[str]] = {actor: targets for actor, targets in RECORD.items() if actor != "mentor"}
# Who may record evidence about a learner: staff who assess them, and the learner (self-assessment only).
ASSESS: dict[str, set[str]] = {
    "learner": {"own"},
    "advisor": {"linked"},
    "teacher": {"linked"},
    "school_admin": {"linked", "unlinked"},
    "district_admin": {"linked", "unlinked", "other_school"},
}
MANAGE: dict[str, set[str]] = {
    "school_admin": {"linked", "unlinked"},
    "district_admin": {"linked", "unlinked", "other_school"},
}
SECTION: dict[str, set[str]] = {
    "teacher": {"linked"},
    "school_admin": {"linked", "unlinked"},
    "district_admin": {"linked", "unlinked", "other_school"},
}
SCHOOL: dict[str, set[str]] = {"school_admin": {"linked"}, "district_admin": {"linked", "other_school"}}
RUN: dict[str, set[str]] = {"district_admin": {"linked"}}

# Pages that show no one's data, with the reason they need no matrix row.
PUBLIC = {
    "accounts:sign-in": "the sign-in form",
    "accounts:sign-out": "ends the caller's own session",
    "api-v1:openapi-json": "the API's schema, no data",
    "api-v1:api-root": "the API's index, no data",
}


@dataclass(frozen=True)
class Case:
    url_name: str
    param: str = ""  # the URL kwarg a target fills, "" for pages without one
    target_kind: str = "none"  # learner | section | school | run | none, or a kind of world_learning.py
    allowed: dict[str, set[str]] | frozenset[str] = field(default_factory=dict)
    method: str = "get"
    shows: Callable[[World, str, str], list[str]] = lambda w, actor, target: []
    hides: Callable[[World, str], list[str]] = lambda w, actor: []
    audits_read: bool = False
    ok_status: tuple[int, ...] = (200,)
    fixed_kwargs: Callable[[World, str], dict[str, Any]] = lambda w, target: {}
    # A JSON body per (actor, target), for operations whose target is in the body rather than the URL.
    body: Callable[[World, str, str], dict[str, Any]] | None = None
    denied_status: tuple[int, ...] = (401, 403, 404)
