"""Reads for display and for other apps: profiles, goals, the journal, the team and the family summary.

Callers have passed the access gateways of `access.py`; these functions only read. Each runs a fixed number
of queries however many rows it returns.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from .models import Goal, LearnerProfile

PROFILE_FIELD_LABELS = {
    "about_me": _("About me"),
    "interests": _("Interests"),
    "working_styles": _("How I like to learn"),
    "what_helps_me": _("What helps me"),
    "strengths": _("Strengths"),
    "challenges": _("What I'm working on"),
    "strategies": _("Strategies that work"),
    "languages": _("Languages"),
    "accommodations": _("Accommodations (staff only)"),
}

# Goals that count for pathways and progress: agreed with the advisor and not yet achieved or replaced.
CURRENT_GOAL_STATUSES = (Goal.Status.AGREED, Goal.Status.ACTIVE)


# --- for pathways (called with database ids; no access check: pathways decides who sees suggestions) ----


def profile_tags(learner_ids: Iterable[int]) -> dict[int, frozenset[str]]:
    """Each learner's interests and working styles as lower-case tags, for matching activities' interests
    and modality. Learners without a profile are absent. One query."""
    tags: dict[int, frozenset[str]] = {}
    rows = LearnerProfile.objects.filter(learner_id__in=list(learner_ids)).values_list(
        "learner_id", "interests", "working_styles"
    )
    for learner_id, interests, styles in rows:
        tags[learner_id] = frozenset(
            str(tag).strip().lower() for tag in [*interests, *styles] if str(tag).strip()
        )
    return tags


def goal_competencies(learner_ids: Iterable[int]) -> dict[int, dict[int, str]]:
    """For each learner, the competencies linked to their agreed and active goals, with the goal's title
    (the newest goal's when two link the same competency). Learners without such goals are absent. One
    query."""
    linked: dict[int, dict[int, str]] = defaultdict(dict)
    rows = (
        Goal.competencies.through.objects.filter(
            goal__learner_id__in=list(learner_ids), goal__status__in=CURRENT_GOAL_STATUSES
        )
        .order_by("goal__created_at", "goal_id")
        .values_list("goal__learner_id", "competency_id", "goal__title")
    )
    for learner_id, competency_id, title in rows:
        linked[learner_id][competency_id] = title
    return dict(linked)
