"""What the learner's pages and the team's pages share about profiles, goals and the journal: reading their
forms (so both say the same thing about bad input) and the words shown for statuses and scales."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trellis.apps.growth import selectors as growth
from trellis.apps.growth import services
from trellis.apps.growth.access import GoalStatus, MoodScale, PlanSource, WorkingStyle
from trellis.lib.errors import ServiceError

GOAL_FIELDS = ("title", "why", "how_i_will_know", "due_on", "steps", "competencies")

# What each goal status means, in words a learner and a family understand.
GOAL_STATUS_HELP = {
    GoalStatus.DRAFT: gettext_lazy("A draft: the advisor hasn't agreed to it yet."),
    GoalStatus.AGREED: gettext_lazy("Agreed with the advisor; ready to start."),
    GoalStatus.ACTIVE: gettext_lazy("Being worked on now."),
    GoalStatus.ACHIEVED: gettext_lazy("Achieved."),
    GoalStatus.REVISED: gettext_lazy("Replaced by a revised goal."),
}


def parse_day(raw: str, *, field: str) -> dt.date | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError as bad:
        raise ServiceError(_("Write the date as year-month-day, e.g. 2026-05-30."), field=field) from bad


@dataclass(frozen=True)
class GoalForm:
    """A goal form as posted: the values to show again, and what to pass to the goal services."""

    values: dict[str, Any]

    @classmethod
    def from_post(cls, post: QueryDict) -> GoalForm:
        return cls(
            {
                "title": post.get("title", ""),
                "why": post.get("why", ""),
                "how_i_will_know": post.get("how_i_will_know", ""),
                "due_on": post.get("due_on", ""),
                "steps": post.get("steps", ""),
                "competencies": post.getlist("competencies"),
            }
        )

    @classmethod
    def from_goal(cls, view: growth.GoalView) -> GoalForm:
        goal = view.goal
        return cls(
            {
                "title": goal.title,
                "why": goal.why,
                "how_i_will_know": goal.how_i_will_know,
                "due_on": goal.due_on.isoformat() if goal.due_on else "",
                "steps": "\n".join(step.text for step in view.steps),
                "competencies": [str(c.public_id) for c, _view in view.competencies],
            }
        )

    def arguments(self, learner: Any) -> dict[str, Any]:
        """Keyword arguments for `draft_goal` / `edit_goal`; raises ServiceError for a bad date or link."""
        chosen = set(self.values["competencies"])
        found = [c for c in growth.linkable_competencies(learner) if str(c.public_id) in chosen]
        if len(found) != len(chosen):
            raise ServiceError(_("Choose competencies and habits from the list."), field="competencies")
        return {
            "title": self.values["title"],
            "why": self.values["why"],
            "how_i_will_know": self.values["how_i_will_know"],
            "due_on": parse_day(self.values["due_on"], field="due_on"),
            "competencies": found,
            "steps": [line for line in self.values["steps"].splitlines() if line.strip()],
        }


def competency_choices(learner: Any) -> list[tuple[str, list[Any]]]:
    """The competencies and habits a goal may link to, grouped by framework (for checkbox groups)."""
    groups: dict[str, list[Any]] = {}
    for competency in growth.linkable_competencies(learner):
        groups.setdefault(competency.framework.title, []).append(competency)
    return list(groups.items())


def plan_items(post: QueryDict, goals: list[Any]) -> list[services.PlanItemInput]:
    """Today's goals as picked: ticked goals (by id), ticked path steps (their words), and written lines."""
    by_id = {str(g.public_id): g for g in goals}
    items = [services.PlanItemInput(goal=by_id[g]) for g in post.getlist("goal") if g in by_id]
    if any(g not in by_id for g in post.getlist("goal")):
        raise ServiceError(_("Pick one of your agreed or active goals."), field="goals")
    items += [
        services.PlanItemInput(text=text, source=PlanSource.SUGGESTION) for text in post.getlist("suggestion")
    ]
    items += [services.PlanItemInput(text=line) for line in post.get("own", "").splitlines() if line.strip()]
    return items


def scale_value(raw: str, *, field: str) -> int | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    if raw not in {str(v) for v in MoodScale.values}:
        raise ServiceError(_("Choose one of the five answers, or leave it empty."), field=field)
    return int(raw)


def scale_choices() -> list[tuple[int, str]]:
    return [(int(value), str(label)) for value, label in MoodScale.choices]


def working_style_choices() -> list[tuple[str, str]]:
    return [(str(value), str(label)) for value, label in WorkingStyle.choices]
