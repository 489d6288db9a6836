"""Every write to activities, items, rubrics, submissions, peer reviews and practice sessions.

Keyword-only arguments, one transaction each, `full_clean()`, and a `ServiceError` naming the field and
what to change. Nothing here records evidence: the evidence app wraps `answer_item`, the rubric scoring of
submissions and peer reviews, and writes evidence in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from trellis.apps.frameworks.models import Competency
from trellis.apps.rosters.models import District, Learner
from trellis.lib import clock
from trellis.lib.errors import ServiceError

from . import scoring, uploads
from .models import (
    SUBMITTABLE_KINDS,
    Activity,
    HintReveal,
    Item,
    PeerReview,
    PracticeAnswer,
    PracticeSession,
    Rubric,
    RubricCriterion,
    RubricLevel,
    RubricScore,
    Submission,
)

MAX_INTERESTS = 12
MAX_INTEREST_LENGTH = 40
MAX_HINTS = 5
MAX_CHOICES = 12
MAX_SUBMISSION_TEXT = 20_000
MAX_FEEDBACK = 4_000
MAX_PROMPT = 5_000
_CHOICE_ID = re.compile(r"[A-Za-z0-9_.-]{1,32}")
_WEB_LINK = URLValidator(schemes=["http", "https"])

DEFAULT_MODALITY = {
    Activity.Kind.PRACTICE_SET: Activity.Modality.DIGITAL_PRACTICE,
    Activity.Kind.LESSON: Activity.Modality.DISCUSSION,
    Activity.Kind.READING: Activity.Modality.TEXT,
    Activity.Kind.VIDEO: Activity.Modality.VIDEO,
    Activity.Kind.PERFORMANCE_TASK: Activity.Modality.HANDS_ON,
    Activity.Kind.PROJECT: Activity.Modality.HANDS_ON,
}


def _clean(instance: Any, *, exclude: Iterable[str] = ()) -> None:
    try:
        instance.full_clean(exclude=list(exclude))
    except ValidationError as invalid:
        field = next(iter(invalid.message_dict), "") if hasattr(invalid, "error_dict") else ""
        raise ServiceError(
            "; ".join(invalid.messages), field="" if field == "__all__" else field
        ) from invalid


def _name(competency: Competency) -> str:
    return competency.human_code or competency.short_statement[:40]


def _check_competency(competency: Competency, *, district: District | None, field: str) -> None:
    """A competency work can give evidence on: a standard, target or habit (not a grouping) of a framework
    shared by every district or belonging to this one."""
    if competency.kind == Competency.Kind.GROUPING:
        raise ServiceError(
            _("“%(code)s” is a domain or cluster; choose one of the standards or targets inside it.")
            % {"code": _name(competency)},
            field=field,
        )
    owner = competency.framework.district_id
    if owner is not None and owner != (district.pk if district else None):
        raise ServiceError(
            _("“%(code)s” belongs to another district's framework.") % {"code": _name(competency)},
            field=field,
        )


def _link(url: str, field: str) -> str:
    url = url.strip()
    if not url:
        return ""
    try:
        _WEB_LINK(url)
    except ValidationError as invalid:
        raise ServiceError(
            _("Enter a full web address starting with https:// or http://."), field=field
        ) from invalid
    if len(url) > 1000:
        raise ServiceError(_("That web address is too long (1,000 characters at most)."), field=field)
    return url


# ----------------------------------------------------------------------------------------------- rubrics


@transaction.atomic
def create_rubric(
    *,
    title: str,
    criteria: Sequence[Mapping[str, Any]],
    description: str = "",
    district: District | None = None,
    created_by: Any = None,
) -> Rubric:
    """Create a rubric from a plain spec. Each criterion is a mapping:

        {"title": "Finds unit rates", "description": "...", "competency": <Competency or None>,
         "levels": [{"value": 1, "label": "Beginning", "description": "..."}, ...]}

    `levels` may be left out: the levels of the competency's framework scale are used (or 1–4 Beginning …
    Advanced without a competency). Level values must be levels of the competency's scale, distinct, and at
    least two; criterion titles must be distinct."""
    title = title.strip()
    if not title:
        raise ServiceError(_("Give the rubric a title."), field="title")
    if not criteria:
        raise ServiceError(_("A rubric needs at least one criterion."), field="criteria")
    rubric = Rubric(title=title, description=description.strip(), district=district, created_by=created_by)
    _clean(rubric)
    rows: list[tuple[RubricCriterion, list[RubricLevel]]] = []
    seen_titles: set[str] = set()
    for position, spec in enumerate(criteria, start=1):
        criterion, levels = _criterion(rubric, position, spec, district=district)
        folded = criterion.title.casefold()
        if folded in seen_titles:
            raise ServiceError(
                _("Two criteria are both called “%(title)s”; give each its own title.")
                % {"title": criterion.title},
                field="criteria",
            )
        seen_titles.add(folded)
        rows.append((criterion, levels))
    rubric.save()
    for criterion, levels in rows:
        criterion.rubric = rubric
        criterion.save()
        for level in levels:
            level.criterion = criterion
        RubricLevel.objects.bulk_create(levels)
    return rubric


def _criterion(
    rubric: Rubric, position: int, spec: Mapping[str, Any], *, district: District | None
) -> tuple[RubricCriterion, list[RubricLevel]]:
    if not isinstance(spec, Mapping):
        raise ServiceError(_("Criterion %(n)s is not readable.") % {"n": position}, field="criteria")
    unknown = set(spec) - {"title", "description", "competency", "levels"}
    if unknown:
        raise ServiceError(
            _("Criterion %(n)s has fields a criterion doesn't take: %(fields)s.")
            % {"n": position, "fields": ", ".join(sorted(unknown))},
            field="criteria",
        )
    title = str(spec.get("title") or "").strip()
    if not title:
        raise ServiceError(_("Give criterion %(n)s a title.") % {"n": position}, field="criteria")
    competency = spec.get("competency")
    if competency is not None and not isinstance(competency, Competency):
        raise ServiceError(
            _("Criterion “%(title)s”: choose a competency from a framework.") % {"title": title},
            field="criteria",
        )
    if competency is not None:
        _check_competency(competency, district=district, field="criteria")
    scale = competency.framework.scale if competency is not None else None
    allowed = {int(level["value"]) for level in scale.levels} if scale is not None else None
    raw_levels = spec.get("levels")
    if raw_levels is None:
        raw_levels = scale.levels if scale is not None else _default_levels()
    if not isinstance(raw_levels, Sequence) or isinstance(raw_levels, (str, bytes)) or len(raw_levels) < 2:
        raise ServiceError(
            _("Criterion “%(title)s” needs at least two levels.") % {"title": title}, field="criteria"
        )
    levels: list[RubricLevel] = []
    values: set[int] = set()
    for raw in raw_levels:
        value = raw.get("value") if isinstance(raw, Mapping) else None
        label = str(raw.get("label") or "").strip() if isinstance(raw, Mapping) else ""
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ServiceError(
                _("Criterion “%(title)s”: every level needs a whole-number value of 1 or more.")
                % {"title": title},
                field="criteria",
            )
        if allowed is not None and value not in allowed:
            raise ServiceError(
                _("Criterion “%(title)s”: level %(value)s is not on the %(scale)s scale (%(levels)s).")
                % {
                    "title": title,
                    "value": value,
                    "scale": scale.title if scale is not None else "",
                    "levels": ", ".join(str(v) for v in sorted(allowed)),
                },
                field="criteria",
            )
        if value in values:
            raise ServiceError(
                _("Criterion “%(title)s” lists level %(value)s twice.") % {"title": title, "value": value},
                field="criteria",
            )
        if not label:
            raise ServiceError(
                _("Criterion “%(title)s”: give level %(value)s a label, like “Proficient”.")
                % {"title": title, "value": value},
                field="criteria",
            )
        values.add(value)
        level = RubricLevel(value=value, label=label, description=str(raw.get("description") or "").strip())
        _clean(level, exclude=["criterion"])
        levels.append(level)
    levels.sort(key=lambda level: level.value)
    criterion = RubricCriterion(
        rubric=rubric,
        position=position,
        title=title,
        description=str(spec.get("description") or "").strip(),
        competency=competency,
    )
    _clean(criterion, exclude=["rubric"])
    return criterion, levels


def _default_levels() -> list[dict[str, Any]]:
    return [
        {"value": 1, "label": _("Beginning")},
        {"value": 2, "label": _("Developing")},
        {"value": 3, "label": _("Proficient")},
        {"value": 4, "label": _("Advanced")},
    ]


# -------------------------------------------------------------------------------------------- activities


@transaction.atomic
def create_activity(
    *,
    title: str,
    kind: str,
    competencies: Iterable[Competency],
    description: str = "",
    interests: Iterable[str] = (),
    modality: str = "",
    estimated_minutes: int = 15,
    district: District | None = None,
    rubric: Rubric | None = None,
    url: str = "",
    created_by: Any = None,
) -> Activity:
    """Create an activity aligned to `competencies` (at least one). `modality` defaults by kind (a practice
    set is practice on screen, a project hands-on, ...). Interests are short tags, stored lowercase.
    Only performance tasks and projects take a rubric."""
    title = title.strip()
    if not title:
        raise ServiceError(_("Give the activity a title."), field="title")
    if kind not in Activity.Kind.values:
        raise ServiceError(_("Choose what kind of activity this is."), field="kind")
    modality = modality or DEFAULT_MODALITY[Activity.Kind(kind)]
    if modality not in Activity.Modality.values:
        raise ServiceError(_("Choose how learners work on this activity."), field="modality")
    aligned = list(dict.fromkeys(competencies))
    if not aligned:
        raise ServiceError(_("Align the activity to at least one competency."), field="competencies")
    for competency in aligned:
        _check_competency(competency, district=district, field="competencies")
    if isinstance(estimated_minutes, bool) or not isinstance(estimated_minutes, int):
        raise ServiceError(_("Estimate the time in whole minutes."), field="estimated_minutes")
    if not 1 <= estimated_minutes <= 600:
        raise ServiceError(
            _("Estimate the time between 1 and 600 minutes; split longer work into parts."),
            field="estimated_minutes",
        )
    if rubric is not None:
        if kind not in SUBMITTABLE_KINDS:
            raise ServiceError(
                _("Only performance tasks and projects are scored with a rubric."), field="rubric"
            )
        if rubric.district_id is not None and rubric.district_id != (district.pk if district else None):
            raise ServiceError(_("This rubric belongs to another district."), field="rubric")
    activity = Activity(
        title=title,
        description=description.strip(),
        kind=kind,
        interests=_interests(interests),
        modality=modality,
        estimated_minutes=estimated_minutes,
        district=district,
        rubric=rubric,
        url=_link(url, "url"),
        created_by=created_by,
    )
    _clean(activity)
    activity.save()
    activity.competencies.set(aligned)
    return activity


def _interests(interests: Iterable[str]) -> list[str]:
    if isinstance(interests, str):
        interests = [interests]
    tags: list[str] = []
    for raw in interests:
        tag = " ".join(str(raw).split()).lower()
        if not tag:
            continue
        if len(tag) > MAX_INTEREST_LENGTH:
            raise ServiceError(
                _("Keep each interest short (%(n)s characters at most): “%(tag)s”.")
                % {"n": MAX_INTEREST_LENGTH, "tag": tag[:60]},
                field="interests",
            )
        if tag not in tags:
            tags.append(tag)
    if len(tags) > MAX_INTERESTS:
        raise ServiceError(_("Tag at most %(n)s interests.") % {"n": MAX_INTERESTS}, field="interests")
    return tags


# ------------------------------------------------------------------------------------------------- items


@transaction.atomic
def add_item(
    *,
    activity: Activity,
    interaction: str,
    prompt: str,
    correct: Any,
    competency: Competency | None = None,
    choices: Sequence[Mapping[str, Any]] = (),
    feedback_correct: str = "",
    feedback_incorrect: str = "",
    choice_feedback: Mapping[str, str] | None = None,
    hints: Sequence[str] = (),
    qti_identifier: str = "",
    position: int | None = None,
) -> Item:
    """Add an auto-scored item to a practice set, checking that the answer key fits the interaction (the
    shapes are in `scoring.py`): choice ids exist, a single choice has one answer, a numeric tolerance is at
    least 0, an ordering places every choice once. Without `competency`, a practice set aligned to exactly
    one competency gives it; an item's competency is added to the activity's alignment if missing.
    Items go at the end unless `position` is given."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if activity.kind != Activity.Kind.PRACTICE_SET:
        raise ServiceError(_("Auto-scored items go in practice sets only."), field="activity")
    if interaction not in Item.Interaction.values:
        raise ServiceError(
            _(
                "Choose one of the item types: choose one, choose all that apply, type an answer, type a "
                "number, or put in order."
            ),
            field="interaction",
        )
    if competency is None:
        aligned = list(activity.competencies.all()[:2])
        if len(aligned) != 1:
            raise ServiceError(_("Choose the competency this item gives evidence on."), field="competency")
        competency = aligned[0]
    _check_competency(competency, district=activity.district, field="competency")
    prompt = prompt.strip()
    if not prompt:
        raise ServiceError(_("Write the question."), field="prompt")
    if len(prompt) > MAX_PROMPT:
        raise ServiceError(
            _("Keep the question under %(n)s characters.") % {"n": f"{MAX_PROMPT:,}"}, field="prompt"
        )
    clean_choices = _choices(interaction, choices)
    ids = [choice["id"] for choice in clean_choices]
    key = _answer_key(interaction, correct, ids)
    if interaction == Item.Interaction.ORDERING and key == ids:
        raise ServiceError(
            _("List the cards in a different order from the answer: learners see them in the order listed."),
            field="choices",
        )
    feedback_by_choice = _choice_feedback(interaction, choice_feedback or {}, ids)
    clean_hints = _hints(hints)
    qti_identifier = qti_identifier.strip()
    if qti_identifier and activity.items.filter(qti_identifier=qti_identifier).exists():
        raise ServiceError(
            _("Another item in this practice set has the QTI identifier “%(id)s”.") % {"id": qti_identifier},
            field="qti_identifier",
        )
    last = activity.items.order_by("-position").values_list("position", flat=True).first() or 0
    if position is None:
        position = last + 1
    elif isinstance(position, bool) or not isinstance(position, int) or position < 1:
        raise ServiceError(_("The position is a whole number from 1."), field="position")
    elif activity.items.filter(position=position).exists():
        raise ServiceError(
            _("Another item is already at position %(n)s.") % {"n": position}, field="position"
        )
    item = Item(
        activity=activity,
        competency=competency,
        position=position,
        interaction=interaction,
        prompt=prompt,
        choices=clean_choices,
        correct=key,
        feedback_correct=feedback_correct.strip(),
        feedback_incorrect=feedback_incorrect.strip(),
        choice_feedback=feedback_by_choice,
        hints=clean_hints,
        qti_identifier=qti_identifier,
    )
    _clean(item)
    item.save()
    if not activity.competencies.filter(pk=competency.pk).exists():
        activity.competencies.add(competency)
    return item


def _choices(interaction: str, choices: Sequence[Mapping[str, Any]]) -> list[dict[str, str]]:
    if interaction not in scoring.CHOICE_INTERACTIONS:
        if choices:
            raise ServiceError(_("Typed answers have no choices; leave the choices empty."), field="choices")
        return []
    if isinstance(choices, (str, bytes, Mapping)) or len(choices) < 2:
        raise ServiceError(_("Give at least two choices."), field="choices")
    if len(choices) > MAX_CHOICES:
        raise ServiceError(_("Give at most %(n)s choices.") % {"n": MAX_CHOICES}, field="choices")
    clean: list[dict[str, str]] = []
    for n, choice in enumerate(choices, start=1):
        choice_id = str(choice.get("id", "")).strip() if isinstance(choice, Mapping) else ""
        text = str(choice.get("text", "")).strip() if isinstance(choice, Mapping) else ""
        if not _CHOICE_ID.fullmatch(choice_id):
            raise ServiceError(
                _("Choice %(n)s needs an id of letters, digits, “-”, “_” or “.” (32 at most), like “a”.")
                % {"n": n},
                field="choices",
            )
        if not text:
            raise ServiceError(_("Choice “%(id)s” has no text.") % {"id": choice_id}, field="choices")
        if any(c["id"] == choice_id for c in clean):
            raise ServiceError(_("Two choices have the id “%(id)s”.") % {"id": choice_id}, field="choices")
        clean.append({"id": choice_id, "text": text})
    return clean


def _answer_key(interaction: str, correct: Any, ids: list[str]) -> Any:
    """The answer key in its stored shape, or a ServiceError on `correct` saying what is wrong."""
    if interaction in scoring.CHOICE_INTERACTIONS:
        key = [correct] if isinstance(correct, str) else correct
        if not isinstance(key, (list, tuple)) or not all(isinstance(k, str) for k in key) or not key:
            raise ServiceError(_("Say which choice ids are right."), field="correct")
        key = [k.strip() for k in key]
        missing = [k for k in key if k not in ids]
        if missing:
            raise ServiceError(
                _("The answer names choices that don't exist: %(ids)s.") % {"ids": ", ".join(missing)},
                field="correct",
            )
        if len(set(key)) != len(key):
            raise ServiceError(_("The answer names a choice twice."), field="correct")
        if interaction == scoring.CHOICE and len(key) != 1:
            raise ServiceError(
                _("A choose-one item has exactly one right choice; use choose-all-that-apply for more."),
                field="correct",
            )
        if interaction == scoring.ORDERING and len(key) != len(ids):
            raise ServiceError(_("The right order must place every card exactly once."), field="correct")
        return key
    if interaction == scoring.TEXT_ENTRY:
        accepted = [correct] if isinstance(correct, str) else correct
        if not isinstance(accepted, (list, tuple)) or not all(isinstance(a, str) for a in accepted):
            raise ServiceError(_("List the accepted answers as text."), field="correct")
        accepted = list(dict.fromkeys(" ".join(a.split()) for a in accepted if a.strip()))
        if not accepted:
            raise ServiceError(_("Give at least one accepted answer."), field="correct")
        try:
            scoring.text_key(accepted)
        except ValueError as empty:
            raise ServiceError(
                _("An accepted answer is empty once spaces and a final “.” or “!” are removed."),
                field="correct",
            ) from empty
        return accepted
    # numeric entry
    if not isinstance(correct, Mapping) or "value" not in correct:
        raise ServiceError(
            _("Give the right number and how far off an answer may be, like value 2.5, tolerance 0."),
            field="correct",
        )
    unknown = set(correct) - {"value", "tolerance", "percent"}
    if unknown:
        raise ServiceError(
            _("The numeric answer takes only value, tolerance and percent (not %(keys)s).")
            % {"keys": ", ".join(sorted(map(str, unknown)))},
            field="correct",
        )
    value = correct["value"]
    if isinstance(value, str):
        parsed = scoring.parse_number(value)
        if parsed is None or parsed[1]:
            raise ServiceError(
                _("The right answer must be a number, like 2.5 or 3/4, written without a percent sign."),
                field="correct",
            )
        value = value.strip()
    elif isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        raise ServiceError(_("The right answer must be a number, like 2.5 or 3/4."), field="correct")
    tolerance = correct.get("tolerance", 0)
    if isinstance(tolerance, bool) or not isinstance(tolerance, (int, float)) or not tolerance >= 0:
        raise ServiceError(
            _("The tolerance must be a number of 0 or more (0 means exactly)."), field="correct"
        )
    percent = correct.get("percent", False)
    if not isinstance(percent, bool):
        raise ServiceError(_("Say whether the answer is a percent: true or false."), field="correct")
    numeric: dict[str, Any] = {"value": value, "tolerance": tolerance}
    if percent:
        numeric["percent"] = True
    try:
        scoring.numeric_key(numeric)
    except ValueError as unreadable:
        raise ServiceError(_("The right answer must be a number, like 2.5 or 3/4."), field="correct") from (
            unreadable
        )
    return numeric


def _choice_feedback(interaction: str, feedback: Mapping[str, str], ids: list[str]) -> dict[str, str]:
    if not feedback:
        return {}
    if interaction not in (scoring.CHOICE, scoring.MULTIPLE_CHOICE):
        raise ServiceError(
            _("Feedback per choice is for choose-one and choose-all items."), field="choice_feedback"
        )
    unknown = [str(k) for k in feedback if k not in ids]
    if unknown:
        raise ServiceError(
            _("There is feedback for choices that don't exist: %(ids)s.") % {"ids": ", ".join(unknown)},
            field="choice_feedback",
        )
    return {k: str(v).strip() for k, v in feedback.items() if str(v).strip()}


def _hints(hints: Sequence[str]) -> list[str]:
    if isinstance(hints, str):
        hints = [hints]
    clean = [str(h).strip() for h in hints]
    if any(not h for h in clean):
        raise ServiceError(_("A hint is empty; write it or remove it."), field="hints")
    if len(clean) > MAX_HINTS:
        raise ServiceError(_("Give at most %(n)s hints.") % {"n": MAX_HINTS}, field="hints")
    return clean


# ----------------------------------------------------------------------------------- submitted work


@transaction.atomic
def submit_work(
    *,
    activity: Activity,
    learner: Learner,
    text: str = "",
    link: str = "",
    file: File[Any] | None = None,
) -> Submission:
    """A learner hands in work for a performance task or project: text, a link, a file, or several.
    The file is checked by extension *and* content (`uploads.py`) and must be at most
    `TRELLIS_SUBMISSION_MAX_BYTES`."""
    if activity.kind not in SUBMITTABLE_KINDS:
        raise ServiceError(_("Work is handed in for performance tasks and projects only."), field="activity")
    if not activity.is_active:
        raise ServiceError(_("This activity is no longer open for work."), field="activity")
    if activity.district_id is not None and activity.district_id != learner.school.district_id:
        raise ServiceError(_("This activity belongs to another district."), field="activity")
    text = text.strip()
    if len(text) > MAX_SUBMISSION_TEXT:
        raise ServiceError(
            _("Keep the text under %(n)s characters, or upload it as a file.")
            % {"n": f"{MAX_SUBMISSION_TEXT:,}"},
            field="text",
        )
    link = _link(link, "link")
    if not (text or link or file):
        raise ServiceError(_("Add your work: write it, paste a link, or upload a file."), field="text")
    submission = Submission(
        activity=activity, learner=learner, submitted_at=clock.now(), text=text, link=link
    )
    if not file:
        _clean(submission)
        submission.save()
        return submission
    check = uploads.check_file(
        file.name or "", file.size or 0, file, max_bytes=settings.TRELLIS_SUBMISSION_MAX_BYTES
    )
    if not check.ok:
        raise ServiceError(_file_problem(check), field="file")
    submission.original_name = uploads.clean_file_name(file.name or "")
    submission.content_type = check.content_type
    submission.size = file.size
    _clean(submission, exclude=["file"])
    # Stored under a random name (see submission_upload_to): only the checked extension comes from here.
    submission.file.save(f"upload.{check.extension}", file, save=False)
    try:
        submission.save()
    except Exception:
        submission.file.delete(save=False)
        raise
    return submission


def _file_problem(check: uploads.FileCheck) -> str:
    if check.problem == "type":
        return _(
            "Trellis can't take .%(ext)s files. Upload a PDF, an image (PNG, JPG, GIF, WebP), text (TXT, "
            "MD), a document (DOCX, PPTX, XLSX, ODT), audio (MP3, M4A, WAV) or video (MP4), or share a link."
        ) % {"ext": check.extension or "?"}
    if check.problem == "empty":
        return _("The file is empty.")
    if check.problem == "too_large":
        return _("The file is too large: upload at most %(mb)s MB, or share a link to it.") % {
            "mb": f"{settings.TRELLIS_SUBMISSION_MAX_BYTES / (1024 * 1024):g}"
        }
    return _(
        "The file's contents don't match its .%(ext)s name. Save it again as a real .%(ext)s file, or share "
        "a link."
    ) % {"ext": check.extension}


@transaction.atomic
def record_rubric_scores(
    *,
    rubric: Rubric | None,
    levels: Mapping[str, int],
    learner: Learner,
    activity: Activity,
    source: str,
    rated_by: Any,
    ref: str,
    note: str = "",
) -> list[RubricScore]:
    """Keep a rating of a learner's work on the rubric, one row per criterion. `levels` maps criterion public
    ids to the chosen level; every criterion must be given one of its levels. The rows come back with their
    criteria (and the criteria's competencies), in the rubric's order."""
    if rubric is None:
        raise ServiceError(_("This work has no rubric to score it with."))
    criteria = list(rubric.criteria.select_related("competency__framework__scale").prefetch_related("levels"))
    missing = [c.title for c in criteria if str(c.public_id) not in levels]
    if missing:
        raise ServiceError(
            _("Choose a level for every criterion: %(c)s.") % {"c": ", ".join(missing)}, field="levels"
        )
    now = clock.now()
    scores = []
    for criterion in criteria:
        value = levels[str(criterion.public_id)]
        if value not in {level.value for level in criterion.levels.all()}:
            raise ServiceError(
                _("“%(c)s” has no level %(v)s.") % {"c": criterion.title, "v": value}, field="levels"
            )
        scores.append(
            RubricScore(
                learner=learner,
                activity=activity,
                criterion=criterion,
                level=value,
                source=source,
                rated_by=rated_by if getattr(rated_by, "pk", None) else None,
                rated_at=now,
                ref=ref[:200],
                note=note[:4000],
            )
        )
    RubricScore.objects.bulk_create(scores)
    return scores


@transaction.atomic
def mark_submission_scored(*, submission: Submission, scored_by: Any, comment: str = "") -> Submission:
    """Record that a teacher scored the work (the evidence app keeps the rubric scores and records them as
    evidence in the same transaction)."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.status != Submission.Status.SUBMITTED:
        raise ServiceError(_("This work has already been scored or returned."), field="status")
    _review(submission, Submission.Status.SCORED, scored_by, comment)
    return submission


@transaction.atomic
def return_submission(*, submission: Submission, returned_by: Any, comment: str) -> Submission:
    """Send work back to the learner to revise, saying what to change. Their revision is a new
    submission."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.status == Submission.Status.RETURNED:
        raise ServiceError(_("This work has already been returned."), field="status")
    if not comment.strip():
        raise ServiceError(_("Tell the learner what to revise."), field="comment")
    _review(submission, Submission.Status.RETURNED, returned_by, comment)
    return submission


def _review(submission: Submission, status: str, by: Any, comment: str) -> None:
    comment = comment.strip()
    if len(comment) > MAX_FEEDBACK:
        raise ServiceError(
            _("Keep the comment under %(n)s characters.") % {"n": f"{MAX_FEEDBACK:,}"}, field="comment"
        )
    submission.status = status
    submission.reviewed_by = by
    submission.reviewed_at = clock.now()
    submission.teacher_comment = comment
    _clean(submission)
    submission.save(update_fields=["status", "reviewed_by", "reviewed_at", "teacher_comment"])


# ------------------------------------------------------------------------------------------ peer review


@transaction.atomic
def assign_peer_review(
    *,
    submission: Submission,
    reviewer: Learner,
    assigned_by: Any,
    anonymous_to_author: bool = False,
) -> PeerReview:
    """Ask a learner to review a classmate's work with the activity's rubric. Whether the two share a
    section is the caller's check (its access gateway); here: not the author, the author's school, once."""
    author = submission.learner
    if reviewer.pk == author.pk:
        raise ServiceError(_("Learners can't peer-review their own work."), field="reviewer")
    if reviewer.school_id != author.school_id:
        raise ServiceError(_("A peer reviewer must be at the author's school."), field="reviewer")
    if submission.activity.rubric_id is None:
        raise ServiceError(
            _("Add a rubric to this activity first: peers score the work with it."), field="submission"
        )
    if PeerReview.objects.filter(submission=submission, reviewer=reviewer).exists():
        raise ServiceError(
            _("%(name)s is already reviewing this work.") % {"name": reviewer.user.display_name},
            field="reviewer",
        )
    review = PeerReview(
        submission=submission,
        reviewer=reviewer,
        anonymous_to_author=anonymous_to_author,
        assigned_by=assigned_by,
        assigned_at=clock.now(),
    )
    _clean(review)
    review.save()
    return review


@transaction.atomic
def complete_peer_review(*, review: PeerReview, feedback: str = "") -> PeerReview:
    """Close a peer review with the reviewer's written feedback (the evidence app records the reviewer's
    rubric scores in the same transaction)."""
    review = PeerReview.objects.select_for_update().get(pk=review.pk)
    if review.completed_at is not None:
        raise ServiceError(_("This peer review is already finished."), field="review")
    feedback = feedback.strip()
    if len(feedback) > MAX_FEEDBACK:
        raise ServiceError(
            _("Keep the feedback under %(n)s characters.") % {"n": f"{MAX_FEEDBACK:,}"}, field="feedback"
        )
    review.feedback = feedback
    review.completed_at = clock.now()
    review.save(update_fields=["feedback", "completed_at"])
    return review


# --------------------------------------------------------------------------------------------- practice


@transaction.atomic
def start_practice(*, learner: Learner, activity: Activity) -> PracticeSession:
    """Start (or resume: the learner's unfinished session on this practice set is returned) a practice
    session."""
    if activity.kind != Activity.Kind.PRACTICE_SET:
        raise ServiceError(_("Only practice sets are practiced item by item."), field="activity")
    if not activity.is_active:
        raise ServiceError(_("This practice set is no longer open."), field="activity")
    if activity.district_id is not None and activity.district_id != learner.school.district_id:
        raise ServiceError(_("This activity belongs to another district."), field="activity")
    if not activity.items.exists():
        raise ServiceError(_("This practice set has no questions yet."), field="activity")
    open_session = (
        PracticeSession.objects.select_for_update()
        .filter(learner=learner, activity=activity, finished_at__isnull=True)
        .order_by("-started_at")
        .first()
    )
    if open_session is not None:
        return open_session
    session = PracticeSession(learner=learner, activity=activity, started_at=clock.now())
    _clean(session)
    session.save()
    return session


@transaction.atomic
def finish_practice(*, session: PracticeSession) -> PracticeSession:
    session = PracticeSession.objects.select_for_update().get(pk=session.pk)
    if session.finished_at is None:
        session.finished_at = clock.now()
        session.save(update_fields=["finished_at"])
    return session


@dataclass(frozen=True)
class AnswerOutcome:
    """What `answer_item` did, with everything the evidence app needs to record evidence and the page needs
    to respond.

    `recorded` is False when the response could not be read (then `feedback` says what to do, nothing was
    stored, and no evidence should be written). Otherwise `answer` is the stored PracticeAnswer and
    `learner`, `competency`, `correct`, `score` (0..1), `hints_used`, `attempt` and `answered_at` describe
    it; `attempt` 1 is the learner's first try at this item in this session."""

    result: scoring.ScoreResult
    feedback: str
    choice_feedback: tuple[str, ...]
    answer: PracticeAnswer | None
    session: PracticeSession
    item: Item
    learner: Learner
    competency: Competency
    correct: bool
    score: float
    hints_used: int
    attempt: int
    answered_at: dt.datetime | None
    more_hints: bool

    @property
    def recorded(self) -> bool:
        return self.answer is not None


def _open_session(session: PracticeSession, item: Item) -> PracticeSession:
    locked = PracticeSession.objects.select_for_update().select_related("learner").get(pk=session.pk)
    if locked.finished_at is not None:
        raise ServiceError(_("This practice session has ended; start a new one."), field="session")
    if item.activity_id != locked.activity_id:
        raise ServiceError(_("This question is not part of this practice set."), field="item")
    return locked


@transaction.atomic
def reveal_hint(*, session: PracticeSession, item: Item) -> str | None:
    """The item's next hint, recorded as used; None when every hint has been shown."""
    session = _open_session(session, item)
    shown = HintReveal.objects.filter(session=session, item=item).count()
    if shown >= len(item.hints):
        return None
    HintReveal.objects.create(session=session, item=item, number=shown + 1, revealed_at=clock.now())
    return str(item.hints[shown])


@transaction.atomic
def answer_item(
    *, session: PracticeSession, item: Item, response: Any, hints_used: int | None = None
) -> AnswerOutcome:
    """Score a response with instant feedback and store it as an attempt. The hints counted are the ones
    `reveal_hint` recorded in this session, or `hints_used` when a client shows hints itself and reports
    more (never fewer: a hint seen stays seen). An unreadable response is not stored. Records no evidence:
    the evidence app wraps this."""
    session = _open_session(session, item)
    result = item.score(response)
    revealed = HintReveal.objects.filter(session=session, item=item).count()
    if hints_used is not None and (
        isinstance(hints_used, bool)
        or not isinstance(hints_used, int)
        or not 0 <= hints_used <= len(item.hints)
    ):
        raise ServiceError(
            _("Hints used must be between 0 and %(n)s.") % {"n": len(item.hints)}, field="hints_used"
        )
    used = max(revealed, hints_used or 0)
    competency = item.competency
    if not result.valid:
        return AnswerOutcome(
            result=result,
            feedback=problem_message(item.interaction, result.problem),
            choice_feedback=(),
            answer=None,
            session=session,
            item=item,
            learner=session.learner,
            competency=competency,
            correct=False,
            score=0.0,
            hints_used=used,
            attempt=0,
            answered_at=None,
            more_hints=revealed < len(item.hints),
        )
    attempt = PracticeAnswer.objects.filter(session=session, item=item).count() + 1
    answer = PracticeAnswer(
        session=session,
        item=item,
        response=response if _is_json(response) else result.normalized_response,
        correct=result.correct,
        score=result.score,
        hints_used=used,
        attempt=attempt,
        answered_at=clock.now(),
    )
    _clean(answer)
    answer.save()
    return AnswerOutcome(
        result=result,
        feedback=feedback_message(item, result),
        choice_feedback=tuple(
            item.choice_feedback[c] for c in result.selected if item.choice_feedback.get(c)
        ),
        answer=answer,
        session=session,
        item=item,
        learner=session.learner,
        competency=competency,
        correct=result.correct,
        score=result.score,
        hints_used=used,
        attempt=attempt,
        answered_at=answer.answered_at,
        more_hints=revealed < len(item.hints),
    )


def _is_json(value: Any, depth: int = 0) -> bool:
    if depth > 4:
        return False
    if value is None or isinstance(value, (str, bool, int)):
        return not isinstance(value, str) or len(value) <= scoring.MAX_TEXT_LENGTH
    if isinstance(value, float):
        return value == value and value not in (float("inf"), float("-inf"))
    if isinstance(value, (list, tuple)):
        return len(value) <= 50 and all(_is_json(v, depth + 1) for v in value)
    return False


def feedback_message(item: Item, result: scoring.ScoreResult) -> str:
    """The feedback to show a learner for a scored response (the item's own words when it has them)."""
    if result.feedback_key == scoring.INVALID:
        return problem_message(item.interaction, result.problem)
    if result.feedback_key == scoring.CORRECT:
        return item.feedback_correct or _("Correct!")
    if result.feedback_key == scoring.PARTIAL:
        return " ".join(filter(None, [_("Part of your answer is right."), item.feedback_incorrect]))
    return item.feedback_incorrect or _("Not quite. Check your work, or ask for a hint.")


def problem_message(interaction: str, problem: str) -> str:
    """What a learner should do when their response could not be read."""
    if problem == scoring.EMPTY:
        return {
            scoring.CHOICE: _("Choose an answer first."),
            scoring.MULTIPLE_CHOICE: _("Choose at least one answer."),
            scoring.TEXT_ENTRY: _("Type your answer first."),
            scoring.NUMERIC_ENTRY: _("Type a number first, like 2.5 or 3/4."),
            scoring.ORDERING: _("Put the cards in order first."),
        }.get(interaction, _("Answer the question first."))
    if problem == scoring.NOT_A_NUMBER:
        return _("Enter a number, like 2.5, 3/4 or 1 1/2, without units or words.")
    if problem == scoring.TOO_LONG:
        return _("That answer is too long. Keep it short.")
    if problem == scoring.UNKNOWN_CHOICE:
        return _("That isn't one of the choices. Choose again.")
    if problem == scoring.ONE_CHOICE:
        return _("Choose just one answer.")
    if problem == scoring.ORDER_ALL:
        return _("Place every card once, in the order you think is right.")
    return _("We couldn't read that answer. Try again.")
