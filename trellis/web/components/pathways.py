"""Pathways in words: the learner model gives reasons and pacing as codes with parameters (it cannot
translate); this turns them into sentences in the reader's language, for the learner ("you") or for the
adults around them ("they"). Shared by the learner's, teacher's, advisor's and family's pages and the API.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trellis.apps.pathways import selectors
from trellis.learner_model.pathways import Reason

PaceStatus = selectors.PaceStatuses
PACE_LABELS = {
    PaceStatus.AHEAD: gettext_lazy("Ahead of pace"),
    PaceStatus.ON_PACE: gettext_lazy("On pace"),
    PaceStatus.BEHIND: gettext_lazy("Behind pace"),
    PaceStatus.NO_RATE: gettext_lazy("Not enough recent progress to tell"),
    PaceStatus.DONE: gettext_lazy("Reached"),
    PaceStatus.NO_TARGETS: gettext_lazy("No targets yet"),
}
KIND_LABELS = {
    "learn": gettext_lazy("Learn"),
    "review": gettext_lazy("Review"),
    "assigned": gettext_lazy("Assigned"),
}
CHOICE_STATUS_LABELS = {
    "chosen": gettext_lazy("Chosen"),
    "started": gettext_lazy("Started"),
    "done": gettext_lazy("Done"),
}
SOURCE_LABELS = {
    selectors.EXPECTED: gettext_lazy("Expected this year"),
    selectors.SET_WITH_ADVISOR: gettext_lazy("Set with the advisor"),
}


def _day(value: Any) -> str:
    return formats.date_format(value, "DATE_FORMAT") if isinstance(value, dt.date) else ""


def _code(competencies: Mapping[int, Any], pk: Any) -> str:
    competency = competencies.get(pk) if isinstance(pk, int) else None
    if competency is None:
        return _("an earlier step")
    return str(competency.human_code or competency.short_statement)


def modality_label(modality: str) -> str:
    labels = dict(selectors.ActivityModality.choices)
    return str(labels.get(modality, modality)).lower()


def reason_text(reason: Reason, competencies: Mapping[int, Any], *, you: bool = True) -> str:
    """One reason as a sentence, about "you" (the learner reading it) or "they" (an adult reading it)."""
    p = reason.params
    code = reason.code
    if code == "unlocks":
        name = _code(competencies, p.get("competency"))
        return (
            _("You just mastered %(code)s, which unlocks this.")
            if you
            else _("Just mastered %(code)s, which unlocks this.")
        ) % {"code": name}
    if code == "ready":
        return (
            _("You have mastered everything this builds on.")
            if you
            else _("Ready: everything it builds on is mastered.")
        )
    if code == "keep_going":
        return _("You have started this: keep going.") if you else _("Started, not yet mastered.")
    if code == "review_due":
        return _("Due for review, to keep %(code)s fresh.") % {
            "code": _code(competencies, p.get("competency"))
        }
    if code == "revisit":
        name = _code(competencies, p.get("competency"))
        return (
            _("Worth another look: %(code)s builds on it, and %(code)s is taking a while.")
            if you
            else _("Revisit: %(code)s builds on it and is taking a while.")
        ) % {"code": name}
    if code == "interest":
        return (
            _("Matches your interest in %(interest)s.") if you else _("Matches an interest in %(interest)s.")
        ) % {"interest": p.get("interest", "")}
    if code == "working_style":
        return (
            _("Fits how you like to work: %(how)s.") if you else _("Fits how they like to work: %(how)s.")
        ) % {"how": modality_label(str(p.get("modality", "")))}
    if code == "variety":
        return _("Something different: %(how)s.") % {"how": modality_label(str(p.get("modality", "")))}
    if code == "teacher_priority":
        return _("Your teacher prioritized this.") if you else _("The teacher prioritized this.")
    if code == "assigned":
        due = p.get("due")
        if isinstance(due, dt.date):
            return (
                _("Your teacher assigned this, due %(date)s.")
                if you
                else _("Assigned by the teacher, due %(date)s.")
            ) % {"date": _day(due)}
        return _("Your teacher assigned this.") if you else _("Assigned by the teacher.")
    if code == "goal":
        return (
            _("On the way to your goal: “%(goal)s”.") if you else _("On the way to the goal “%(goal)s”.")
        ) % {"goal": p.get("goal", "")}
    if code == "target":
        values = {"code": _code(competencies, p.get("competency")), "date": _day(p.get("date"))}
        return (
            _("On your plan: %(code)s by %(date)s.") if you else _("On the plan: %(code)s by %(date)s.")
        ) % values
    if code == "stretch":
        right = round(float(p.get("success", 0)) * 10)
        return (
            _("A good stretch: you are likely to get about %(n)d in 10 right.")
            if you
            else _("A good stretch: likely about %(n)d in 10 right.")
        ) % {"n": right}
    return ""


@dataclass(frozen=True)
class Worded:
    """A next step with its reasons in words."""

    step: selectors.Step
    reasons: list[str]

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.step.kind, self.step.kind))


def worded_steps(path: selectors.LearnerPath, *, you: bool = True) -> list[Worded]:
    competencies = path.context.competencies
    return [
        Worded(step, [t for t in (reason_text(r, competencies, you=you) for r in step.reasons) if t])
        for step in path.steps
    ]


def worded_reasons(
    reasons: Iterable[Reason], competencies: Mapping[int, Any], *, you: bool = True
) -> list[str]:
    return [t for t in (reason_text(r, competencies, you=you) for r in reasons) if t]


def pace_label(status: str) -> str:
    try:
        return str(PACE_LABELS[PaceStatus(status)])
    except ValueError:
        return status


def pace_sentence(pacing: Any, *, you: bool = True) -> str:
    """The plan's pacing in one sentence: rate, projected completion and the target dates."""
    status = pacing.status
    if status == PaceStatus.NO_TARGETS:
        return _("There are no targets on the plan yet.")
    if status == PaceStatus.DONE:
        return _("Every target on the plan is mastered.")
    if pacing.projected_completion is None:
        return _(
            "%(n)d competencies to go. Nothing was mastered in the last %(weeks)d weeks, "
            "so there is no pace to project from yet."
        ) % {"n": pacing.remaining, "weeks": pacing.window_days // 7}
    values = {
        "n": pacing.remaining,
        "rate": formats.number_format(pacing.rate_per_week, 1),
        "date": _day(pacing.projected_completion),
        "finish": _day(pacing.finish_by),
    }
    if you:
        return (
            _(
                "%(n)d competencies to go. At your pace (%(rate)s a week) you will get there around "
                "%(date)s; the last target date is %(finish)s."
            )
            % values
        )
    return (
        _(
            "%(n)d competencies to go. At the current pace (%(rate)s a week) that is around %(date)s; "
            "the last target date is %(finish)s."
        )
        % values
    )


def way_label(way: str) -> str:
    return str(dict(selectors.WayChoices.choices).get(way, way))


@dataclass(frozen=True)
class TargetRow:
    target: selectors.TargetView
    status: str
    status_label: str
    source_label: str
    projected: dt.date | None


def target_rows(path: selectors.LearnerPath) -> list[TargetRow]:
    rows = []
    for t in path.targets:
        status = PaceStatus.DONE if t.mastered else (t.pace.status if t.pace else PaceStatus.NO_RATE)
        rows.append(
            TargetRow(
                t,
                str(status),
                pace_label(status),
                str(SOURCE_LABELS.get(t.source, t.source)),
                t.pace.projected if t.pace else None,
            )
        )
    return rows


def path_context(path: selectors.LearnerPath, *, you: bool = True) -> dict[str, Any]:
    """What the path templates (`components/pathways_*.html`) read."""
    competencies = path.context.competencies
    return {
        "path": path,
        "steps": worded_steps(path, you=you),
        "targets": target_rows(path),
        "pace_status": str(path.pacing.status),
        "pace_label": pace_label(path.pacing.status),
        "pace_sentence": pace_sentence(path.pacing, you=you),
        "choices": [
            {
                "view": c,
                "status_label": str(CHOICE_STATUS_LABELS.get(c.status, c.status)),
                "reasons": worded_reasons(c.reasons, competencies, you=you),
            }
            for c in path.choices
        ],
        "guided_kinds": [str(kind) for kind in selectors.GUIDED_KINDS],
        "demonstrations": [
            {
                "view": d,
                "ways": [(w, way_label(w)) for w in d.ways],
                "chosen": way_label(d.chosen.way) if d.chosen else "",
            }
            for d in path.demonstrations
        ],
    }
