"""Where learning activities become evidence: practice answers, rubric scores of submitted work, and self-
and peer-assessment. Each wraps the learning app's service and records evidence in the same transaction."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from trellis.apps.learning.models import Activity, Item, PeerReview, PracticeSession, Rubric, Submission
from trellis.apps.learning.services import (
    AnswerOutcome,
    answer_item,
    complete_peer_review,
    mark_submission_scored,
    record_rubric_scores,
)
from trellis.apps.rosters.models import Learner
from trellis.lib.errors import ServiceError

from .models import Evidence
from .services import EvidenceInput, record_evidence, record_many

MAX_REFLECTION = 4000


@transaction.atomic
def answer_practice_item(
    *, session: PracticeSession, item: Item, response: Any, hints_used: int | None = None
) -> AnswerOutcome:
    """Score a practice answer with instant feedback. A learner's first try at an item is evidence on its
    competency; retries after feedback are practice, not evidence (they would reward guessing)."""
    outcome = answer_item(session=session, item=item, response=response, hints_used=hints_used)
    if outcome.recorded and outcome.attempt == 1:
        assert outcome.answer is not None
        record_evidence(
            learner=outcome.learner,
            competency=outcome.competency,
            source=Evidence.Source.PRACTICE,
            score=outcome.score,
            correct=outcome.correct,
            observed_at=outcome.answered_at,
            source_ref=f"practice_answer:{outcome.answer.public_id}",
        )
    return outcome


def _rubric_evidence(
    rubric: Rubric | None,
    levels: Mapping[str, int],
    *,
    learner: Learner,
    activity: Activity,
    source: str,
    assessor: Any,
    note: str,
    source_ref: str,
) -> list[EvidenceInput]:
    """Keep the rating of every criterion (learning's rubric scores), and one evidence per scored criterion
    that names a competency."""
    scores = record_rubric_scores(
        rubric=rubric,
        levels=levels,
        learner=learner,
        activity=activity,
        source=source,
        rated_by=assessor,
        ref=source_ref,
        note=note,
    )
    return [
        EvidenceInput(
            learner=learner,
            competency=score.criterion.competency,
            source=source,
            level=float(score.level),
            observed_at=score.rated_at,
            assessor=assessor,
            note=note,
            source_ref=source_ref,
        )
        for score in scores
        if score.criterion.competency is not None
    ]


@transaction.atomic
def score_submission(
    *, submission: Submission, scorer: Any, levels: Mapping[str, int], comment: str = ""
) -> list[Evidence]:
    """A teacher scores submitted work with its activity's rubric: one evidence per competency criterion."""
    if submission.status != Submission.Status.SUBMITTED:
        raise ServiceError(_("This work has already been scored or returned."))
    rows = _rubric_evidence(
        submission.activity.rubric,
        levels,
        learner=submission.learner,
        activity=submission.activity,
        source=Evidence.Source.RUBRIC,
        assessor=scorer,
        note=comment,
        source_ref=f"submission:{submission.public_id}",
    )
    mark_submission_scored(submission=submission, scored_by=scorer, comment=comment)
    return record_many(rows)


@transaction.atomic
def self_assess(
    *,
    learner: Learner,
    activity: Activity,
    levels: Mapping[str, int],
    reflection: str,
    submission: Submission | None = None,
) -> list[Evidence]:
    """The learner rates their own work on the rubric with a short reflection (self-assessment evidence;
    whether it counts toward mastery is the framework's setting)."""
    if not reflection.strip():
        raise ServiceError(
            _("Write a sentence or two about your work: what went well, what you'd change."),
            field="reflection",
        )
    if len(reflection) > MAX_REFLECTION:
        raise ServiceError(
            _("Keep the reflection under %(n)s characters.") % {"n": MAX_REFLECTION}, field="reflection"
        )
    if submission is not None and submission.learner_id != learner.pk:
        raise ServiceError(_("You can only assess your own work."))
    ref = f"submission:{submission.public_id}" if submission else f"activity:{activity.public_id}"
    rows = _rubric_evidence(
        activity.rubric,
        levels,
        learner=learner,
        activity=activity,
        source=Evidence.Source.SELF,
        assessor=learner.user,
        note=reflection.strip(),
        source_ref=ref,
    )
    return record_many(rows)


@transaction.atomic
def peer_assess(*, review: PeerReview, levels: Mapping[str, int], feedback: str) -> list[Evidence]:
    """A peer scores a classmate's work on the rubric and gives feedback (peer-assessment evidence on the
    author; counted toward mastery only if the framework says so)."""
    if review.completed_at is not None:
        raise ServiceError(_("This peer review is already finished."))
    if not feedback.strip():
        raise ServiceError(
            _("Give your classmate some feedback: one thing that works, one to improve."), field="feedback"
        )
    submission = review.submission
    rows = _rubric_evidence(
        submission.activity.rubric,
        levels,
        learner=submission.learner,
        activity=submission.activity,
        source=Evidence.Source.PEER,
        assessor=review.reviewer.user,
        note=feedback.strip(),
        source_ref=f"peer_review:{review.public_id}",
    )
    complete_peer_review(review=review, feedback=feedback.strip())
    return record_many(rows)
