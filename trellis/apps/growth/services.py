"""Every write to profiles, goals, the journal, team notes and messages, notifications and digests.

Keyword-only arguments, one transaction each, `full_clean()`, and a `ServiceError` naming the field and what
to change; nothing is written when one is raised. Who may call which write is decided by `access.py` before
the call (the views ask it); the services check what the data itself allows (a goal's status moves, a
field's length, a step's order).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from trellis.apps.frameworks.models import Competency
from trellis.apps.rosters.models import Learner, School
from trellis.lib import clock
from trellis.lib.errors import ServiceError

from . import notifications
from .models import (
    COMMENT_TEXT,
    LONG_TEXT,
    MAX_TAGS,
    SHORT_TEXT,
    TAG_LENGTH,
    Goal,
    GoalComment,
    GoalStep,
    JournalComment,
    JournalEntry,
    JournalPlanItem,
    JournalPolicy,
    LearnerProfile,
    Notification,
    ProfileChange,
    ProfileComment,
    TeamPost,
    WorkingStyle,
)

MAX_GOAL_STEPS = 12
MAX_GOAL_COMPETENCIES = 8

# Profile fields by who writes them (access.py decides who is who).
LEARNER_FIELDS = ("about_me", "interests", "working_styles", "what_helps_me")
TEAM_FIELDS = ("strengths", "challenges", "strategies", "languages")
STAFF_FIELDS = ("accommodations",)
PROFILE_FIELDS = LEARNER_FIELDS + TEAM_FIELDS + STAFF_FIELDS
TAG_FIELDS = ("interests", "working_styles")


def _clean(instance: Any, *, exclude: Iterable[str] = ()) -> None:
    try:
        instance.full_clean(exclude=list(exclude))
    except ValidationError as invalid:
        field = next(iter(invalid.message_dict), "") if hasattr(invalid, "error_dict") else ""
        raise ServiceError(
            "; ".join(invalid.messages), field="" if field == "__all__" else field
        ) from invalid


def _text(value: str, *, field: str, limit: int, required: bool = False, label: str = "") -> str:
    """Trimmed text within its limit; the error names the field and the limit."""
    text = (value or "").strip().replace("\r\n", "\n")
    if required and not text:
        raise ServiceError(_("%(label)s can't be empty.") % {"label": label or field}, field=field)
    if len(text) > limit:
        raise ServiceError(
            _("%(label)s is too long: %(n)s characters, %(limit)s at most.")
            % {"label": label or field, "n": len(text), "limit": limit},
            field=field,
        )
    return text


def tags_from(raw: Iterable[str] | str, *, field: str = "interests") -> list[str]:
    """Short lower-case tags, without repeats, from a list or a comma-separated line."""
    items = raw.split(",") if isinstance(raw, str) else list(raw)
    tags: list[str] = []
    for item in items:
        tag = " ".join(str(item).split()).lower()
        if not tag:
            continue
        if len(tag) > TAG_LENGTH:
            raise ServiceError(
                _("Keep each one short (%(n)s characters at most): “%(tag)s…”.")
                % {"n": TAG_LENGTH, "tag": tag[:TAG_LENGTH]},
                field=field,
            )
        if tag not in tags:
            tags.append(tag)
    if len(tags) > MAX_TAGS:
        raise ServiceError(_("List at most %(n)s.") % {"n": MAX_TAGS}, field=field)
    return tags


def _working_styles(raw: Iterable[str]) -> list[str]:
    styles: list[str] = []
    for value in raw:
        if value not in WorkingStyle.values:
            raise ServiceError(_("Choose working styles from the list."), field="working_styles")
        if value not in styles:
            styles.append(value)
    return styles


def _as_history(value: Any) -> str:
    """How a field's value is written in the history: lists as JSON, text as it is."""
    return json.dumps(value, ensure_ascii=False) if isinstance(value, list) else str(value)


# ----------------------------------------------------------------------------------------------- profile


def profile_of(learner: Learner) -> LearnerProfile:
    """The learner's profile, created empty the first time it is needed."""
    profile, _created = LearnerProfile.objects.get_or_create(learner=learner)
    return profile


@transaction.atomic
def update_profile(
    *, learner: Learner, changed_by: Any, changes: Mapping[str, Any], allowed_fields: Iterable[str]
) -> list[ProfileChange]:
    """Change some fields of a learner's profile, keeping each change (who, when, old → new) in the history.
    `allowed_fields` are the fields this person may write (from `access.py`); naming another is refused.
    Unchanged fields write nothing."""
    allowed = set(allowed_fields)
    for field in changes:
        if field not in PROFILE_FIELDS:
            raise ServiceError(
                _("There is no profile field called “%(f)s”.") % {"f": field[:40]}, field=field
            )
        if field not in allowed:
            raise ServiceError(_("You can't change this part of the profile."), field=field)
    profile = LearnerProfile.objects.select_for_update().filter(learner=learner).first() or profile_of(
        learner
    )
    cleaned: dict[str, Any] = {}
    for field, raw in changes.items():
        if field == "interests":
            cleaned[field] = tags_from(raw, field=field)
        elif field == "working_styles":
            cleaned[field] = _working_styles(raw)
        elif field == "languages":
            cleaned[field] = _text(raw, field=field, limit=SHORT_TEXT, label=_("Languages"))
        else:
            cleaned[field] = _text(raw, field=field, limit=LONG_TEXT, label=str(_field_label(field)))
    now = clock.now()
    history: list[ProfileChange] = []
    for field, value in cleaned.items():
        old = getattr(profile, field)
        if old == value:
            continue
        history.append(
            ProfileChange(
                profile=profile,
                field=field,
                old_value=_as_history(old),
                new_value=_as_history(value),
                changed_by=changed_by,
                changed_at=now,
            )
        )
        setattr(profile, field, value)
    if not history:
        return []
    profile.updated_at = now
    _clean(profile, exclude=["learner"])
    profile.save()
    ProfileChange.objects.bulk_create(history)
    return history


def _field_label(field: str) -> str:
    from .selectors import PROFILE_FIELD_LABELS  # labels live with the display code

    return str(PROFILE_FIELD_LABELS.get(field, field))


@transaction.atomic
def comment_on_profile(*, learner: Learner, author: Any, body: str) -> ProfileComment:
    text = _text(body, field="body", limit=COMMENT_TEXT, required=True, label=_("Your comment"))
    comment = ProfileComment(profile=profile_of(learner), author=author, body=text)
    _clean(comment)
    comment.save()
    people = notifications.team_people(learner)
    notifications.notify(
        kind=Notification.Kind.PROFILE_COMMENT,
        actor=author,
        learner=learner,
        recipients=people["learner"] + people["advisors"],
        link=notifications.link_to_profile(learner),
    )
    return comment


# ------------------------------------------------------------------------------------------------- goals


def _goal_fields(
    *,
    title: str,
    why: str,
    how_i_will_know: str,
    due_on: Any,
    learner: Learner,
) -> dict[str, Any]:
    fields = {
        "title": _text(title, field="title", limit=SHORT_TEXT, required=True, label=_("What my goal is")),
        "why": _text(why, field="why", limit=LONG_TEXT, label=_("Why it matters")),
        "how_i_will_know": _text(
            how_i_will_know, field="how_i_will_know", limit=LONG_TEXT, label=_("How I'll know")
        ),
        "due_on": due_on,
    }
    if due_on is not None and due_on < clock.today():
        raise ServiceError(_("Choose a date from today on for “by when”."), field="due_on")
    return fields


def _goal_competencies(learner: Learner, competencies: Sequence[Competency]) -> list[Competency]:
    unique = list(dict.fromkeys(competencies))
    if len(unique) > MAX_GOAL_COMPETENCIES:
        raise ServiceError(
            _("Link at most %(n)s competencies or habits to one goal.") % {"n": MAX_GOAL_COMPETENCIES},
            field="competencies",
        )
    district_id = learner.school.district_id
    for competency in unique:
        owner = competency.framework.district_id
        if competency.kind == Competency.Kind.GROUPING or (owner is not None and owner != district_id):
            raise ServiceError(
                _("“%(code)s” can't be linked to a goal; choose a standard, target or habit of your school.")
                % {"code": competency.human_code or competency.short_statement[:40]},
                field="competencies",
            )
    return unique


def _tell_about_goal(goal: Goal, actor: Any, kind: str) -> None:
    """The learner and their advisors hear about a goal's drafts, comments and reviews."""
    people = notifications.team_people(goal.learner)
    notifications.notify(
        kind=kind,
        actor=actor,
        learner=goal.learner,
        recipients=people["learner"] + people["advisors"],
        link=notifications.link_to_goal(goal.learner, goal.public_id),
    )


def _steps(steps: Sequence[str]) -> list[str]:
    cleaned = [_text(s, field="steps", limit=SHORT_TEXT, label=_("Each step")) for s in steps]
    cleaned = [s for s in cleaned if s]
    if len(cleaned) > MAX_GOAL_STEPS:
        raise ServiceError(_("Keep to %(n)s steps at most.") % {"n": MAX_GOAL_STEPS}, field="steps")
    return cleaned


@transaction.atomic
def draft_goal(
    *,
    learner: Learner,
    drafted_by: Any,
    title: str,
    why: str = "",
    how_i_will_know: str = "",
    due_on: Any = None,
    competencies: Sequence[Competency] = (),
    steps: Sequence[str] = (),
) -> Goal:
    """A learner's new goal, in draft until the advisor agrees."""
    fields = _goal_fields(
        title=title, why=why, how_i_will_know=how_i_will_know, due_on=due_on, learner=learner
    )
    linked = _goal_competencies(learner, competencies)
    step_texts = _steps(steps)
    now = clock.now()
    goal = Goal(learner=learner, created_by=drafted_by, created_at=now, updated_at=now, **fields)
    _clean(goal, exclude=["competencies", "revised_into"])
    goal.save()
    goal.competencies.set(linked)
    GoalStep.objects.bulk_create(
        [GoalStep(goal=goal, position=i, text=text) for i, text in enumerate(step_texts, start=1)]
    )
    _tell_about_goal(goal, drafted_by, Notification.Kind.GOAL_DRAFTED)
    return goal


@transaction.atomic
def edit_goal(
    *,
    goal: Goal,
    title: str,
    why: str,
    how_i_will_know: str,
    due_on: Any,
    competencies: Sequence[Competency],
    steps: Sequence[str],
) -> Goal:
    """Change a draft (not agreed yet, or changes asked for). Agreed goals change by revising."""
    goal = Goal.objects.select_for_update().get(pk=goal.pk)
    if goal.status != Goal.Status.DRAFT:
        raise ServiceError(
            _("This goal is already agreed; revise it to change what it says."), field="status"
        )
    fields = _goal_fields(
        title=title, why=why, how_i_will_know=how_i_will_know, due_on=due_on, learner=goal.learner
    )
    linked = _goal_competencies(goal.learner, competencies)
    step_texts = _steps(steps)
    for name, value in fields.items():
        setattr(goal, name, value)
    goal.updated_at = clock.now()
    _clean(goal, exclude=["competencies", "revised_into"])
    goal.save()
    goal.competencies.set(linked)
    _replace_steps(goal, step_texts)
    if goal.changes_requested:
        _tell_about_goal(goal, goal.learner.user, Notification.Kind.GOAL_DRAFTED)
    return goal


def _replace_steps(goal: Goal, texts: list[str]) -> None:
    """Keep ticked steps whose words are unchanged; rewrite the list in the new order."""
    done = {step.text: step.done_at for step in goal.steps.all() if step.done_at}
    goal.steps.all().delete()
    GoalStep.objects.bulk_create(
        [
            GoalStep(goal=goal, position=i, text=text, done_at=done.get(text))
            for i, text in enumerate(texts, start=1)
        ]
    )


def _move(goal: Goal, *, by: Any, kind: str, note: str, allowed_from: tuple[str, ...]) -> Goal:
    locked = Goal.objects.select_for_update().get(pk=goal.pk)
    if locked.status not in allowed_from:
        raise ServiceError(
            _("This goal is %(status)s now, so that step doesn't apply; reload the page to see it.")
            % {"status": locked.get_status_display().lower()},
            field="status",
        )
    text = _text(note, field="body", limit=COMMENT_TEXT, label=_("What you said"))
    GoalComment.objects.create(goal=locked, author=by, kind=kind, body=text)
    _tell_about_goal(locked, by, Notification.Kind.GOAL_REVIEWED)
    return locked


@transaction.atomic
def agree_goal(*, goal: Goal, agreed_by: Any, note: str = "") -> Goal:
    """The advisor agrees to a draft: it becomes the learner's agreed goal."""
    locked = _move(
        goal, by=agreed_by, kind=GoalComment.Kind.AGREED, note=note, allowed_from=(Goal.Status.DRAFT,)
    )
    now = clock.now()
    locked.status = Goal.Status.AGREED
    locked.changes_requested = False
    locked.agreed_by = agreed_by
    locked.agreed_at = now
    locked.updated_at = now
    locked.save(update_fields=["status", "changes_requested", "agreed_by", "agreed_at", "updated_at"])
    return locked


@transaction.atomic
def request_goal_changes(*, goal: Goal, requested_by: Any, note: str) -> Goal:
    """The advisor asks for changes to a draft, saying what (the note is required)."""
    if not (note or "").strip():
        raise ServiceError(_("Say what you'd like changed, so the learner knows what to do."), field="body")
    locked = _move(
        goal,
        by=requested_by,
        kind=GoalComment.Kind.CHANGES_REQUESTED,
        note=note,
        allowed_from=(Goal.Status.DRAFT,),
    )
    locked.changes_requested = True
    locked.updated_at = clock.now()
    locked.save(update_fields=["changes_requested", "updated_at"])
    return locked


@transaction.atomic
def start_goal(*, goal: Goal, started_by: Any, note: str = "") -> Goal:
    """An agreed goal is being worked on now."""
    locked = _move(
        goal, by=started_by, kind=GoalComment.Kind.STARTED, note=note, allowed_from=(Goal.Status.AGREED,)
    )
    locked.status = Goal.Status.ACTIVE
    locked.updated_at = clock.now()
    locked.save(update_fields=["status", "updated_at"])
    return locked


@transaction.atomic
def achieve_goal(*, goal: Goal, reviewed_by: Any, note: str = "") -> Goal:
    """The review says the goal is met."""
    locked = _move(
        goal,
        by=reviewed_by,
        kind=GoalComment.Kind.ACHIEVED,
        note=note,
        allowed_from=(Goal.Status.AGREED, Goal.Status.ACTIVE),
    )
    now = clock.now()
    locked.status = Goal.Status.ACHIEVED
    locked.achieved_at = now
    locked.updated_at = now
    locked.save(update_fields=["status", "achieved_at", "updated_at"])
    return locked


@transaction.atomic
def revise_goal(*, goal: Goal, revised_by: Any, note: str) -> Goal:
    """The review changes an agreed or active goal: it is kept as it was (status revised) and a new draft
    with the same words, links and steps replaces it, to be agreed again. Returns the new draft."""
    if not (note or "").strip():
        raise ServiceError(_("Say why the goal is changing; it is kept with the review."), field="body")
    locked = _move(
        goal,
        by=revised_by,
        kind=GoalComment.Kind.REVISED,
        note=note,
        allowed_from=(Goal.Status.AGREED, Goal.Status.ACTIVE),
    )
    now = clock.now()
    draft = Goal.objects.create(
        learner=locked.learner,
        title=locked.title,
        why=locked.why,
        how_i_will_know=locked.how_i_will_know,
        due_on=locked.due_on,
        created_by=revised_by,
        created_at=now,
        updated_at=now,
    )
    draft.competencies.set(locked.competencies.all())
    GoalStep.objects.bulk_create(
        [
            GoalStep(goal=draft, position=step.position, text=step.text, done_at=step.done_at)
            for step in locked.steps.all()
        ]
    )
    locked.status = Goal.Status.REVISED
    locked.revised_into = draft
    locked.updated_at = now
    locked.save(update_fields=["status", "revised_into", "updated_at"])
    return draft


@transaction.atomic
def comment_on_goal(*, goal: Goal, author: Any, body: str) -> GoalComment:
    text = _text(body, field="body", limit=COMMENT_TEXT, required=True, label=_("Your comment"))
    comment = GoalComment.objects.create(goal=goal, author=author, kind=GoalComment.Kind.COMMENT, body=text)
    _tell_about_goal(goal, author, Notification.Kind.GOAL_COMMENT)
    return comment


@transaction.atomic
def set_step_done(*, goal: Goal, position: int, done: bool) -> GoalStep:
    """Tick or untick a step of an agreed or active goal."""
    goal = Goal.objects.select_for_update().get(pk=goal.pk)
    if goal.status not in (Goal.Status.AGREED, Goal.Status.ACTIVE):
        raise ServiceError(_("Steps are ticked once the goal is agreed."), field="steps")
    step = GoalStep.objects.select_for_update().filter(goal=goal, position=position).first()
    if step is None:
        raise ServiceError(_("That step isn't part of this goal any more; reload the page."), field="steps")
    step.done_at = clock.now() if done else None
    step.save(update_fields=["done_at"])
    return step


# ------------------------------------------------------------------------------------------------- journal

MAX_PLAN_ITEMS = 6


def _entry_for(learner: Learner, day: dt.date) -> JournalEntry:
    """The day's entry, created the first time. A new entry is not shared with guardians until the learner
    says so when reflecting (the form suggests their last choice)."""
    entry, _created = JournalEntry.objects.select_for_update().get_or_create(learner=learner, day=day)
    return entry


@dataclass(frozen=True)
class PlanItemInput:
    """One of today's goals as the learner picked it: their own words, one of their goals, or a step of
    their path (then `text` is what the step says)."""

    text: str = ""
    goal: Goal | None = None
    source: str = JournalPlanItem.Source.OWN


@transaction.atomic
def plan_day(*, learner: Learner, items: Sequence[PlanItemInput], day: dt.date | None = None) -> JournalEntry:
    """Set today's goals on the learner's journal entry for the day (replacing an earlier plan that day)."""
    day = day or clock.today()
    current = set(
        Goal.objects.filter(learner=learner, status__in=(Goal.Status.AGREED, Goal.Status.ACTIVE)).values_list(
            "pk", flat=True
        )
    )
    rows: list[tuple[str, str, Goal | None]] = []
    for item in items:
        if item.goal is not None:
            if item.goal.pk not in current:
                raise ServiceError(_("Pick one of your agreed or active goals."), field="goals")
            text = item.text.strip() or item.goal.title
            rows.append(
                (
                    _text(text, field="goals", limit=SHORT_TEXT, label=_("Today's goal")),
                    JournalPlanItem.Source.GOAL,
                    item.goal,
                )
            )
            continue
        text = _text(item.text, field="own", limit=SHORT_TEXT, label=_("Today's goal"))
        if text:
            source = (
                item.source if item.source in JournalPlanItem.Source.values else JournalPlanItem.Source.OWN
            )
            rows.append((text, source, None))
    unique: list[tuple[str, str, Goal | None]] = []
    seen: set[tuple[str, int | None]] = set()
    for text, source, goal in rows:  # the first of repeated lines is kept, as written
        key = (text.casefold(), goal.pk if goal else None)
        if key not in seen:
            seen.add(key)
            unique.append((text, source, goal))
    if not unique:
        raise ServiceError(_("Pick or write at least one goal for today."), field="goals")
    if len(unique) > MAX_PLAN_ITEMS:
        raise ServiceError(_("Pick %(n)s goals for today at most.") % {"n": MAX_PLAN_ITEMS}, field="goals")
    entry = _entry_for(learner, day)
    now = clock.now()
    done = {item.text.casefold() for item in entry.plan_items.filter(done=True)}
    entry.plan_items.all().delete()
    JournalPlanItem.objects.bulk_create(
        [
            JournalPlanItem(
                entry=entry, position=i, text=text, source=source, goal=goal, done=text.casefold() in done
            )
            for i, (text, source, goal) in enumerate(unique, start=1)
        ]
    )
    entry.planned_at = entry.planned_at or now
    entry.learner_active_at = now
    entry.save(update_fields=["planned_at", "learner_active_at"])
    return entry


@transaction.atomic
def reflect_on_day(
    *,
    learner: Learner,
    what_worked: str,
    what_didnt: str,
    next_steps: str,
    mood: int | None = None,
    energy: int | None = None,
    done_positions: Iterable[int] = (),
    share_with_guardians: bool | None = None,
    day: dt.date | None = None,
) -> JournalEntry:
    """The end-of-day reflection on the day's entry (a day without a morning plan can still be reflected on).
    `share_with_guardians` is the learner's choice where the school lets learners decide (None: unchanged)."""
    day = day or clock.today()
    cleaned = {
        "what_worked": _text(what_worked, field="what_worked", limit=LONG_TEXT, label=_("What worked")),
        "what_didnt": _text(what_didnt, field="what_didnt", limit=LONG_TEXT, label=_("What didn't work")),
        "next_steps": _text(next_steps, field="next_steps", limit=LONG_TEXT, label=_("Next steps")),
    }
    if not any(cleaned.values()):
        raise ServiceError(
            _("Write at least one of: what worked, what didn't, or your next steps."), field="what_worked"
        )
    for scale_name, scale_value in (("mood", mood), ("energy", energy)):
        if scale_value is not None and scale_value not in JournalEntry.Scale.values:
            raise ServiceError(_("Choose one of the five answers, or leave it empty."), field=scale_name)
    entry = _entry_for(learner, day)
    now = clock.now()
    for name, value in cleaned.items():
        setattr(entry, name, value)
    entry.mood, entry.energy = mood, energy
    entry.reflected_at = now
    entry.learner_active_at = now
    if share_with_guardians is not None:
        entry.shared_with_guardians = share_with_guardians
    _clean(entry, exclude=["learner"])
    entry.save()
    ticked = set(done_positions)
    for item in entry.plan_items.all():
        if item.done != (item.position in ticked):
            item.done = item.position in ticked
            item.save(update_fields=["done"])
    if entry.comments.exists():
        _notify_conversation(entry, learner.user, kind=Notification.Kind.JOURNAL_REPLY)
    return entry


@transaction.atomic
def share_entry(*, entry: JournalEntry, shared: bool) -> JournalEntry:
    """The learner shares an entry with their guardians, or stops sharing it."""
    entry.shared_with_guardians = shared
    entry.save(update_fields=["shared_with_guardians"])
    return entry


@transaction.atomic
def comment_on_entry(*, entry: JournalEntry, author: Any, body: str) -> JournalComment:
    """Feedback on an entry by a team member, or the learner's reply. Whoever else is in the conversation
    (the learner, the advisor, and those who commented before) is told."""
    text = _text(body, field="body", limit=COMMENT_TEXT, required=True, label=_("Your comment"))
    locked = JournalEntry.objects.select_for_update().select_related("learner__user").get(pk=entry.pk)
    comment = JournalComment.objects.create(entry=locked, author=author, body=text)
    is_learner = author.pk == locked.learner.user_id
    if is_learner:
        locked.learner_active_at = comment.created_at
        locked.save(update_fields=["learner_active_at"])
    else:
        locked.feedback_at = comment.created_at
        locked.save(update_fields=["feedback_at"])
    _notify_conversation(
        locked,
        author,
        kind=Notification.Kind.JOURNAL_REPLY if is_learner else Notification.Kind.JOURNAL_FEEDBACK,
    )
    return comment


def _notify_conversation(entry: JournalEntry, author: Any, *, kind: str) -> None:
    learner = entry.learner
    people = notifications.team_people(learner)
    commenters = set(entry.comments.values_list("author_id", flat=True))
    recipients = people["learner"] + people["advisors"]
    recipients += [g for g in people["guardians"] if g.pk in commenters]
    notifications.notify(
        kind=kind,
        actor=author,
        learner=learner,
        recipients=recipients,
        link=notifications.link_to_entry(learner, entry.public_id),
    )


@transaction.atomic
def set_journal_policy(*, school: School, guardians_see: str, set_by: Any) -> JournalPolicy:
    if guardians_see not in JournalPolicy.Sharing.values:
        raise ServiceError(_("Choose one of the three rules."), field="guardians_see")
    policy, _created = JournalPolicy.objects.update_or_create(
        school=school,
        defaults={"guardians_see": guardians_see, "updated_by": set_by, "updated_at": clock.now()},
    )
    return policy


# ---------------------------------------------------------------------------------------------- team page


@transaction.atomic
def post_to_team(
    *, learner: Learner, author: Any, kind: str, body: str, staff_only: bool = False
) -> TeamPost:
    """A team note or a message in the team's thread. The team is told about messages (staff-only ones:
    the advisors only); notes are kept quietly on the page."""
    if kind not in TeamPost.Kind.values:
        raise ServiceError(_("Choose a note or a message."), field="kind")
    text = _text(body, field="body", limit=COMMENT_TEXT, required=True, label=_("What you wrote"))
    post = TeamPost.objects.create(
        learner=learner, author=author, kind=kind, body=text, staff_only=staff_only
    )
    if kind == TeamPost.Kind.MESSAGE:
        people = notifications.team_people(learner)
        recipients = people["advisors"]
        if not staff_only:
            recipients = people["learner"] + recipients + people["guardians"] + people["granted"]
        notifications.notify(
            kind=Notification.Kind.TEAM_MESSAGE,
            actor=author,
            learner=learner,
            recipients=recipients,
            link=notifications.link_to_team(learner),
        )
    return post
