"""Every write to pathways: plan targets set with the advisor, a learner's choice of a next step (and
starting it) and of how to show mastery, and a teacher's steering (priorities, locks, the ways a
competency may be shown, assignments).

Keyword-only arguments, one transaction each, `full_clean()`, and a `ServiceError` naming the field and
what to change; a refused write changes nothing. Who may call which is decided by `access.py` first.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from trellis.apps.evidence.selectors import frameworks_for_school
from trellis.apps.frameworks.models import Competency
from trellis.apps.learning.models import Activity, PracticeSession
from trellis.apps.learning.services import start_practice
from trellis.apps.rosters.models import Enrollment, Learner, School, Section
from trellis.lib import clock
from trellis.lib.errors import ServiceError
from trellis.lib.models import current_on

from . import selectors
from .models import (
    MAX_NOTE,
    Assignment,
    Choice,
    DemonstrationChoice,
    DemonstrationWays,
    Plan,
    PlanTarget,
    Steer,
    Way,
)

GUIDED_KINDS = selectors.GUIDED_KINDS


def _clean(instance: Any) -> None:
    try:
        instance.full_clean()
    except ValidationError as invalid:
        field = next(iter(invalid.message_dict), "") if hasattr(invalid, "error_dict") else ""
        raise ServiceError(
            "; ".join(invalid.messages), field="" if field == "__all__" else field
        ) from invalid


def _note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise ServiceError(
            _("Keep the note to %(n)d characters (it has %(m)d).") % {"n": MAX_NOTE, "m": len(note)},
            field="note",
        )
    return note


def _public_id(value: object, *, field: str, message: str) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError as malformed:
        raise ServiceError(message, field=field) from malformed


def school_competency(school: School, competency: Competency | None) -> Competency:
    """A competency a school's learners can work toward: in one of the school's frameworks, and not a
    grouping of other competencies."""
    if (
        competency is None
        or competency.kind == Competency.Kind.GROUPING
        or not frameworks_for_school(school).filter(pk=competency.framework_id).exists()
    ):
        raise ServiceError(
            _("Choose a competency from this school's frameworks (a standard or target, not a domain)."),
            field="competency",
        )
    return competency


def competency_by_public_id(school: School, public_id: object) -> Competency:
    message = _("Choose a competency from this school's frameworks (a standard or target, not a domain).")
    key = _public_id(public_id, field="competency", message=message)
    return school_competency(school, Competency.objects.filter(public_id=key).first())


# --- the plan ------------------------------------------------------------------------------------------


@transaction.atomic
def set_target(
    *, learner: Learner, competency: Competency, target_date: dt.date, set_by: Any, note: str = ""
) -> PlanTarget:
    """Put a competency on the learner's plan with a date (or move its date), as agreed with the advisor."""
    school_competency(learner.school, competency)
    if not isinstance(target_date, dt.date) or target_date < clock.today():
        raise ServiceError(_("Give a target date from today on."), field="target_date")
    plan, _created = Plan.objects.get_or_create(learner=learner)
    target = PlanTarget.objects.filter(plan=plan, competency=competency).first() or PlanTarget(
        plan=plan, competency=competency
    )
    target.target_date = target_date
    target.note = _note(note)
    target.set_by = set_by if getattr(set_by, "pk", None) else None
    target.set_at = clock.now()
    _clean(target)
    target.save()
    return target


@transaction.atomic
def remove_target(*, learner: Learner, competency: Competency) -> bool:
    """Take a competency off the plan (an expected one stays expected). True when there was one."""
    deleted, _rows = PlanTarget.objects.filter(plan__learner=learner, competency=competency).delete()
    return bool(deleted)


# --- the learner's choices -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Chosen:
    choice: Choice
    session: PracticeSession | None  # started for a practice set


@transaction.atomic
def choose_step(*, learner: Learner, activity_id: object) -> Chosen:
    """The learner picks one of the next steps offered to them now; it is recorded with the reasons they
    were shown, and a practice set is started (one click from choosing to working)."""
    message = _("That option is no longer on your path. Choose one of the options shown now.")
    key = _public_id(activity_id, field="activity", message=message)
    path = selectors.learner_path(learner)
    step = next((s for s in path.steps if s.activity.public_id == key), None)
    if step is None:
        raise ServiceError(message, field="activity")
    assignment = next((a for a in path.assignments if a.activity_id == step.activity.pk), None)
    choice = Choice(
        learner=learner,
        activity=step.activity,
        competency=step.competency,
        kind=step.kind,
        reasons=selectors.reasons_to_json(step.reasons),
        rank=step.rank,
        options=len(path.steps),
        assignment=assignment,
        chosen_at=clock.now(),
    )
    _clean(choice)
    choice.save()
    session = None
    if step.activity.kind == Activity.Kind.PRACTICE_SET:
        session = start_practice(learner=learner, activity=step.activity)
    return Chosen(choice, session)


@transaction.atomic
def complete_choice(*, learner: Learner, choice_id: object) -> Choice:
    """The learner says they have done a lesson, reading or video they chose (practice sets and handed-in
    work count as done by themselves)."""
    message = _("Choose a lesson, reading or video you picked from your path.")
    key = _public_id(choice_id, field="choice", message=message)
    choice = (
        Choice.objects.select_for_update()
        .select_related("activity")
        .filter(public_id=key, learner=learner, activity__kind__in=GUIDED_KINDS)
        .first()
    )
    if choice is None:
        raise ServiceError(message, field="choice")
    if choice.completed_at is None:
        choice.completed_at = clock.now()
        choice.save(update_fields=["completed_at"])
    return choice


@transaction.atomic
def choose_demonstration(
    *, learner: Learner, competency_id: object, way: str, note: str = ""
) -> DemonstrationChoice:
    """How the learner will show mastery of a competency on their path: one of the ways their teachers
    allow for it. The latest choice replaces the earlier one."""
    message = _("Choose a competency from your plan or from your next steps.")
    key = _public_id(competency_id, field="competency", message=message)
    path = selectors.learner_path(learner)
    offered = next((d for d in path.demonstrations if d.competency.public_id == key), None)
    if offered is None:
        raise ServiceError(message, field="competency")
    if way not in offered.ways:
        labels = ", ".join(str(Way(w).label) for w in offered.ways)
        raise ServiceError(
            _("Choose one of the ways your teacher allows: %(ways)s.") % {"ways": labels}, field="way"
        )
    found = DemonstrationChoice.objects.filter(learner=learner, competency=offered.competency).first()
    choice = found or DemonstrationChoice(learner=learner, competency=offered.competency)
    choice.way = way
    choice.note = _note(note)
    choice.chosen_at = clock.now()
    _clean(choice)
    choice.save()
    return choice


# --- the teacher's steering ------------------------------------------------------------------------------


@transaction.atomic
def steer(*, section: Section, competency: Competency, kind: str, by: Any) -> Steer | None:
    """Prioritize a competency for the section's learners, lock it (not suggested until unlocked), or clear
    either (`kind` ""). Returns the steer, or None once cleared."""
    school_competency(section.school, competency)
    if kind not in ("", *Steer.Kind.values):
        raise ServiceError(_("Choose to prioritize, lock or clear the competency."), field="action")
    current = Steer.objects.filter(section=section, competency=competency).first()
    if not kind:
        if current is not None:
            current.delete()
        return None
    found = current or Steer(section=section, competency=competency)
    found.kind = kind
    found.set_by = by if getattr(by, "pk", None) else None
    found.set_at = clock.now()
    _clean(found)
    found.save()
    return found


@transaction.atomic
def set_demonstration_ways(
    *, section: Section, competency: Competency, ways: Iterable[str], by: Any
) -> DemonstrationWays | None:
    """The ways the section's learners may show a competency; every way allowed again when all are given."""
    school_competency(section.school, competency)
    given = set(ways)
    if given - set(Way.values):
        raise ServiceError(_("Choose ways from the list."), field="ways")
    chosen = [w for w in Way.values if w in given]
    if not chosen:
        raise ServiceError(_("Allow at least one way to show this competency."), field="ways")
    current = DemonstrationWays.objects.filter(section=section, competency=competency).first()
    if len(chosen) == len(Way.values):
        if current is not None:
            current.delete()
        return None
    found = current or DemonstrationWays(section=section, competency=competency)
    found.ways = chosen
    found.set_by = by if getattr(by, "pk", None) else None
    found.set_at = clock.now()
    _clean(found)
    found.save()
    return found


def activity_for_school(school: School, public_id: object) -> Activity:
    message = _("Choose an activity from the list.")
    key = _public_id(public_id, field="activity", message=message)
    found = (
        Activity.objects.filter(public_id=key, is_active=True)
        .filter(Q(district__isnull=True) | Q(district_id=school.district_id))
        .first()
    )
    if found is None:
        raise ServiceError(message, field="activity")
    return found


@transaction.atomic
def assign(
    *,
    section: Section,
    activity: Activity,
    learners: Sequence[Learner],
    by: Any,
    due_date: dt.date | None = None,
    note: str = "",
) -> list[Assignment]:
    """Ask learners of the section (one, a small group, or all) to do an activity. A learner who already
    has it assigned and open keeps that assignment. Returns the open assignments of these learners."""
    if not learners:
        raise ServiceError(_("Choose at least one learner of this class."), field="learners")
    enrolled = set(
        Enrollment.objects.filter(
            current_on(clock.today()), section=section, role=Enrollment.Role.LEARNER
        ).values_list("user_id", flat=True)
    )
    if any(learner.user_id not in enrolled for learner in learners):
        raise ServiceError(_("Choose learners who are in this class now."), field="learners")
    if not activity.is_active or activity.district_id not in (None, section.school.district_id):
        raise ServiceError(_("Choose an activity from the list."), field="activity")
    if due_date is not None and due_date < clock.today():
        raise ServiceError(_("Give a due date from today on, or none."), field="due_date")
    note = _note(note)
    now = clock.now()
    existing = {
        a.learner_id: a
        for a in Assignment.objects.filter(
            section=section, activity=activity, learner__in=list(learners), ended_at__isnull=True
        )
    }
    out = []
    for learner in dict.fromkeys(learners):
        found = existing.get(learner.pk)
        if found is None:
            found = Assignment(
                section=section,
                learner=learner,
                activity=activity,
                assigned_by=by if getattr(by, "pk", None) else None,
                assigned_at=now,
                due_date=due_date,
                note=note,
            )
            _clean(found)
            found.save()
        out.append(found)
    return out


@transaction.atomic
def end_assignment(*, section: Section, assignment_id: object) -> Assignment:
    """Take an assignment off a learner's path (it stays in the record as ended)."""
    message = _("Choose an open assignment of this class.")
    key = _public_id(assignment_id, field="assignment", message=message)
    found = (
        Assignment.objects.select_for_update()
        .filter(public_id=key, section=section, ended_at__isnull=True)
        .first()
    )
    if found is None:
        raise ServiceError(message, field="assignment")
    found.ended_at = clock.now()
    found.save(update_fields=["ended_at"])
    return found
