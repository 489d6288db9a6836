"""Template filters for the learning team's pages."""

from __future__ import annotations

from typing import Any

from django import template

from trellis.apps.growth.access import GrowthAccess

register = template.Library()


@register.filter
def opens_journal(granted: Any) -> bool:
    """Whether this access (a rosters LearnerAccess) opens the learner's journal, or part of it (a guardian:
    what is shared with them)."""
    return bool(GrowthAccess(granted).journal_scope) if granted is not None else False
