"""Access-matrix rows for the framework authoring pages (joined into CASES by matrix.py). The frameworks they
open are in world_authoring.py.

Who may do what (ADR 0010, frameworks/access.py): administrators of a school — the school administrator of
the linked school, the district administrator of its district — read their district's framework and the
shared one, and author their district's; the shared framework is read-only for them; another district's
framework is not found. Everyone else (teachers, advisors, guardians, learners, mentors, ...) gets 404, and
anonymous visitors the sign-in page.

POST rows send an empty form: an allowed actor gets the page's "what to fix" answer (removing a link: the
redirect, with the message on the next page), a denied actor 404; test_authoring_matrix.py checks that
nothing changed either way, and that denied actors' *valid* forms change nothing either.
"""

from __future__ import annotations

from typing import Any

from django.utils.html import escape

from .matrix_base import Case
from .world import World
from .world_authoring import authoring_of, competency_of

ADMINS = frozenset({"school_admin", "district_admin"})
# Reading a framework's pages: the administrators' own district's framework and the shared one.
READ: dict[str, set[str]] = {actor: {"linked", "shared"} for actor in ADMINS}
# Changing it: their own district's framework only.
AUTHOR: dict[str, set[str]] = {actor: {"linked"} for actor in ADMINS}


def _statement(w: World, actor: str, target: str) -> list[str]:
    return [authoring_of(w)[target].statement]


def _never_another_districts(w: World, actor: str) -> list[str]:
    return [w.competencies["other_district"].framework.title, w.competencies["other_district"].statement]


def _error(message: str) -> Any:
    """The page's answer to an empty form, as the page writes it (HTML-escaped)."""
    return lambda w, actor, target: [escape(message)]


AUTHORING_CASES: tuple[Case, ...] = (
    Case(
        "manage:frameworks",
        allowed=ADMINS,
        shows=lambda w, actor, target: ["Linked Math"],
        hides=_never_another_districts,
    ),
    Case(
        "manage:framework",
        "framework_id",
        "authoring",
        READ,
        shows=lambda w, actor, target: [
            *_statement(w, actor, target),
            "Add a competency" if target == "linked" else "trellis import-framework",
        ],
        hides=_never_another_districts,
    ),
    Case(
        "manage:competency-new",
        "framework_id",
        "authoring",
        AUTHOR,
        shows=lambda w, actor, target: ["Add a competency", w.competencies["linked"].statement],
    ),
    Case(
        "manage:competency-new",
        "framework_id",
        "authoring",
        AUTHOR,
        method="post",
        shows=_error("Write the competency's statement."),
    ),
    Case(
        "manage:competency-edit",
        "framework_id",
        "authoring",
        AUTHOR,
        fixed_kwargs=competency_of,
        shows=_statement,
    ),
    Case(
        "manage:competency-edit",
        "framework_id",
        "authoring",
        AUTHOR,
        method="post",
        fixed_kwargs=competency_of,
        shows=_error("Write the competency's statement."),
    ),
    Case(
        "manage:link-new",
        "framework_id",
        "authoring",
        AUTHOR,
        shows=lambda w, actor, target: ["Add a link", w.competencies["linked"].statement],
        hides=_never_another_districts,
    ),
    Case(
        "manage:link-new",
        "framework_id",
        "authoring",
        AUTHOR,
        method="post",
        shows=_error("Choose a competency of this framework from the list."),
    ),
    Case("manage:link-remove", "framework_id", "authoring", AUTHOR, method="post", ok_status=(302,)),
    Case(
        "manage:framework-rules",
        "framework_id",
        "authoring",
        AUTHOR,
        shows=lambda w, actor, target: ["How mastery is calculated"],
    ),
    Case(
        "manage:framework-rules",
        "framework_id",
        "authoring",
        AUTHOR,
        method="post",
        shows=_error("Choose how mastery is calculated."),
    ),
)
