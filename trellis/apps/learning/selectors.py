"""Reads of activities, items, rubrics, submissions, peer reviews and practice, for pages, the API and
pathways. Each returns a queryset or plain data with its related rows fetched in a fixed number of queries.

Who may see which learner's work is decided by `rosters.access` before these are called: the selectors that
take a learner or a section trust that the caller went through an access gateway.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Prefetch, Q, QuerySet
from django.http import Http404

from trellis.apps.rosters.models import District, Enrollment, Learner, Section
from trellis.lib import clock
from trellis.lib.models import current_on

from . import scoring
from .models import (
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
from .services import feedback_message


def _by_public_id(queryset: QuerySet, public_id: uuid.UUID | str) -> object:
    try:
        key = public_id if isinstance(public_id, uuid.UUID) else uuid.UUID(str(public_id))
    except ValueError as malformed:
        raise Http404 from malformed
    found = queryset.filter(public_id=key).first()
    if found is None:
        raise Http404
    return found


# -------------------------------------------------------------------------------------------- activities


def activities() -> QuerySet[Activity]:
    return Activity.objects.filter(is_active=True).prefetch_related("competencies").order_by("title")


def activities_for_competencies(
    competency_ids: Iterable[int],
    *,
    kinds: Iterable[str] | None = None,
    district: District | None = None,
) -> QuerySet[Activity]:
    """Active activities aligned to any of these competencies (by primary key), each once, with their
    competencies and rubric fetched. With `district`: the district's own and the shared ones only."""
    found = Activity.objects.filter(is_active=True, competencies__in=list(competency_ids))
    if kinds is not None:
        found = found.filter(kind__in=list(kinds))
    if district is not None:
        found = found.filter(Q(district__isnull=True) | Q(district=district))
    return (
        Activity.objects.filter(pk__in=found.values("pk"))
        .select_related("rubric")
        .prefetch_related("competencies")
        .order_by("title", "pk")
    )


def activities_for_district(district_id: int | None, *, kinds: Iterable[str]) -> QuerySet[Activity]:
    """Active activities of these kinds that a district's learners may do: the district's own and the
    shared ones, by title, with their competencies and rubric fetched."""
    return (
        Activity.objects.filter(is_active=True, kind__in=list(kinds))
        .filter(Q(district__isnull=True) | Q(district_id=district_id))
        .select_related("rubric")
        .prefetch_related("competencies")
        .order_by("title", "pk")
    )


def activity_by_public_id(public_id: uuid.UUID | str) -> Activity:
    """An activity (active or not) by its public id; Http404 when there is none."""
    found = _by_public_id(
        Activity.objects.select_related("rubric").prefetch_related("competencies"), public_id
    )
    assert isinstance(found, Activity)
    return found


def items_of(activity: Activity) -> QuerySet[Item]:
    """A practice set's items in order, each with its competency."""
    return Item.objects.filter(activity=activity).select_related("competency").order_by("position")


def item_by_public_id(public_id: uuid.UUID | str) -> Item:
    found = _by_public_id(Item.objects.select_related("activity", "competency"), public_id)
    assert isinstance(found, Item)
    return found


# ----------------------------------------------------------------------------------------------- rubrics


def rubric_with_levels(rubric: Rubric) -> Rubric:
    """The rubric with its criteria (in order, each with its competency) and their levels (lowest first)
    fetched: `rubric.criteria.all()` and `criterion.levels.all()` then run no queries."""
    return Rubric.objects.prefetch_related(
        Prefetch(
            "criteria",
            queryset=RubricCriterion.objects.select_related("competency").order_by("position"),
        ),
        Prefetch("criteria__levels", queryset=RubricLevel.objects.order_by("value")),
    ).get(pk=rubric.pk)


@dataclass(frozen=True)
class RubricRow:
    criterion: RubricCriterion
    cells: tuple[RubricLevel | None, ...]  # one per column of RubricGrid.values; None where undefined


@dataclass(frozen=True)
class RubricGrid:
    """A rubric as a table: columns are the level values (lowest first), rows the criteria."""

    rubric: Rubric
    values: tuple[int, ...]
    labels: tuple[str, ...]
    rows: tuple[RubricRow, ...]

    @property
    def columns(self) -> list[tuple[int, str]]:
        """(value, label) of each column, lowest first."""
        return list(zip(self.values, self.labels, strict=True))


def rubric_grid_of(activity: Activity) -> RubricGrid | None:
    """The grid of the rubric an activity is scored with, or None when it has none."""
    return rubric_grid(activity.rubric) if activity.rubric is not None else None


def rubric_grid(rubric: Rubric) -> RubricGrid:
    full = rubric_with_levels(rubric)
    criteria = list(full.criteria.all())
    values = sorted({level.value for c in criteria for level in c.levels.all()})
    labels = []
    for value in values:
        labels.append(
            next((lv.label for c in criteria for lv in c.levels.all() if lv.value == value), str(value))
        )
    rows = []
    for criterion in criteria:
        by_value = {level.value: level for level in criterion.levels.all()}
        rows.append(RubricRow(criterion, tuple(by_value.get(v) for v in values)))
    return RubricGrid(full, tuple(values), tuple(labels), tuple(rows))


# -------------------------------------------------------------------------------------------- submissions


def _submissions() -> QuerySet[Submission]:
    return Submission.objects.select_related("activity", "activity__rubric", "learner", "learner__user")


def submissions_to_score(
    *,
    learners: Iterable[Learner] | QuerySet[Learner] | None = None,
    section: Section | None = None,
    activity: Activity | None = None,
    on: dt.date | None = None,
) -> QuerySet[Submission]:
    """Work waiting for a teacher (status "submitted"), oldest first, from these learners and/or the
    learners currently enrolled in `section` (on `on`, default today)."""
    found = _submissions().filter(status=Submission.Status.SUBMITTED)
    if learners is not None:
        found = found.filter(learner__in=learners)
    if section is not None:
        enrolled = Enrollment.objects.filter(
            current_on(on or clock.today()), section=section, role=Enrollment.Role.LEARNER
        ).values("user_id")
        found = found.filter(learner__user_id__in=enrolled)
    if activity is not None:
        found = found.filter(activity=activity)
    return found.order_by("submitted_at", "pk")


def submissions_of(learner: Learner, *, activity: Activity | None = None) -> QuerySet[Submission]:
    """A learner's submitted work, newest first."""
    found = _submissions().filter(learner=learner)
    if activity is not None:
        found = found.filter(activity=activity)
    return found.order_by("-submitted_at", "-pk")


def submission_by_public_id(public_id: uuid.UUID | str) -> Submission:
    found = _by_public_id(_submissions(), public_id)
    assert isinstance(found, Submission)
    return found


# ------------------------------------------------------------------------------------------ peer reviews


def _reviews() -> QuerySet[PeerReview]:
    return PeerReview.objects.select_related(
        "submission",
        "submission__activity",
        "submission__activity__rubric",
        "submission__learner__user",
        "reviewer__user",
    )


def peer_reviews_for(learner: Learner, *, open_only: bool = False) -> QuerySet[PeerReview]:
    """The peer reviews assigned to a learner (as reviewer), open ones first, oldest first."""
    found = _reviews().filter(reviewer=learner)
    if open_only:
        found = found.filter(completed_at__isnull=True)
    return found.order_by(F("completed_at").desc(nulls_first=True), "assigned_at", "pk")


def open_peer_reviews(
    *, learners: Iterable[Learner] | QuerySet[Learner] | None = None, submission: Submission | None = None
) -> QuerySet[PeerReview]:
    """Peer reviews not yet done: by these reviewers and/or on this submission (a teacher's "who still owes a
    review")."""
    found = _reviews().filter(completed_at__isnull=True)
    if learners is not None:
        found = found.filter(reviewer__in=learners)
    if submission is not None:
        found = found.filter(submission=submission)
    return found.order_by("assigned_at", "pk")


def peer_reviews_of(submission: Submission) -> QuerySet[PeerReview]:
    """The reviews of one submission. Show the author `review.reviewer_shown_to_author()`, which hides the
    reviewer on anonymous reviews."""
    return _reviews().filter(submission=submission).order_by("assigned_at", "pk")


def rubric_scores(learner: Learner, ref: str, *, source: str) -> list[RubricScore]:
    """The rubric rating one rater kind gave a piece of work (`ref` as in evidence: "submission:<id>"...),
    criterion by criterion in the rubric's order; the latest rating when there were several."""
    scores = RubricScore.objects.filter(learner=learner, ref=ref, source=source).select_related("criterion")
    latest = {score.criterion_id: score for score in scores.order_by("rated_at", "id")}
    return sorted(latest.values(), key=lambda score: score.criterion.position)


def peer_review_by_public_id(public_id: uuid.UUID | str) -> PeerReview:
    found = _by_public_id(_reviews(), public_id)
    assert isinstance(found, PeerReview)
    return found


# --------------------------------------------------------------------------------------------- practice


def practice_session_by_public_id(public_id: uuid.UUID | str) -> PracticeSession:
    found = _by_public_id(PracticeSession.objects.select_related("activity", "learner__user"), public_id)
    assert isinstance(found, PracticeSession)
    return found


def practice_sessions_of(learner: Learner, *, activity: Activity | None = None) -> QuerySet[PracticeSession]:
    found = PracticeSession.objects.filter(learner=learner).select_related("activity")
    if activity is not None:
        found = found.filter(activity=activity)
    return found.order_by("-started_at", "-pk")


@dataclass(frozen=True)
class ItemProgress:
    item: Item
    attempts: int
    correct: bool  # answered correctly at some attempt
    first_try_correct: bool
    hints_used: int  # on the latest attempt
    latest: PracticeAnswer | None


@dataclass(frozen=True)
class PracticeSummary:
    session: PracticeSession
    items: tuple[ItemProgress, ...]

    @property
    def answered(self) -> int:
        return sum(1 for p in self.items if p.attempts)

    @property
    def correct(self) -> int:
        return sum(1 for p in self.items if p.correct)

    @property
    def next_item(self) -> Item | None:
        """The first item not yet answered correctly, or None when all are."""
        return next((p.item for p in self.items if not p.correct), None)


def practice_summary(session: PracticeSession) -> PracticeSummary:
    """Where a learner stands in a session, item by item (a fixed number of queries)."""
    answers: dict[int, list[PracticeAnswer]] = {}
    for answer in PracticeAnswer.objects.filter(session=session).order_by("attempt"):
        answers.setdefault(answer.item_id, []).append(answer)
    progress = []
    for item in items_of(session.activity):
        tries = answers.get(item.pk, [])
        progress.append(
            ItemProgress(
                item=item,
                attempts=len(tries),
                correct=any(a.correct for a in tries),
                first_try_correct=bool(tries) and tries[0].correct,
                hints_used=tries[-1].hints_used if tries else 0,
                latest=tries[-1] if tries else None,
            )
        )
    return PracticeSummary(session, tuple(progress))


@dataclass(frozen=True)
class AnswerFeedback:
    """What to tell a learner about one response: `outcome` is "correct", "partial", "incorrect", or
    "invalid" (the response could not be read and was not stored); `response` is what they gave, to show
    again in the form."""

    outcome: str
    message: str
    choice_messages: tuple[str, ...]
    response: Any
    attempt: int

    @property
    def correct(self) -> bool:
        return self.outcome == scoring.CORRECT


def feedback_for(item: Item, response: Any, *, attempt: int) -> AnswerFeedback:
    """The feedback for a response to an item, the same words `answer_item` gave when it was scored."""
    result = item.score(response)
    return AnswerFeedback(
        outcome=result.feedback_key,
        message=feedback_message(item, result),
        choice_messages=tuple(
            str(item.choice_feedback[c]) for c in result.selected if item.choice_feedback.get(c)
        ),
        response=response,
        attempt=attempt,
    )


@dataclass(frozen=True)
class ItemState:
    """One item as a learner sees it in a session: the hints shown so far, and the latest try."""

    item: Item
    number: int  # its place in the practice set, from 1
    hints: tuple[str, ...]
    more_hints: bool
    attempts: int
    solved: bool  # answered correctly at some try
    feedback: AnswerFeedback | None  # on the latest try


def practice_item_state(session: PracticeSession, item: Item, *, number: int) -> ItemState:
    """Where a learner stands on one item of a session (three queries)."""
    tries = list(PracticeAnswer.objects.filter(session=session, item=item).order_by("attempt"))
    shown = min(HintReveal.objects.filter(session=session, item=item).count(), len(item.hints))
    latest = tries[-1] if tries else None
    return ItemState(
        item=item,
        number=number,
        hints=tuple(str(hint) for hint in item.hints[:shown]),
        more_hints=shown < len(item.hints),
        attempts=len(tries),
        solved=any(answer.correct for answer in tries),
        feedback=feedback_for(item, latest.response, attempt=latest.attempt) if latest else None,
    )
