"""A practice session: answer, get instant feedback, reveal hints, try again; the outcome carries what the
evidence app records."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from trellis.apps.learning import selectors
from trellis.apps.learning.models import Activity, HintReveal, Item, PracticeAnswer, PracticeSession
from trellis.apps.learning.services import (
    add_item,
    answer_item,
    create_activity,
    finish_practice,
    reveal_hint,
    start_practice,
)
from trellis.apps.rosters.models import District, Learner, School
from trellis.lib import clock
from trellis.lib.errors import ServiceError

from .conftest import make_learner

pytestmark = pytest.mark.django_db
MORNING = timezone.make_aware(dt.datetime(2026, 11, 2, 9, 30))


def _items(activity: Activity) -> tuple[Item, Item]:
    numeric, choice = selectors.items_of(activity)
    return numeric, choice


def test_answer_hint_and_retry_carry_what_evidence_needs(
    practice_with_items: Activity, learner: Learner
) -> None:
    numeric, _choice = _items(practice_with_items)
    with clock.frozen_at(MORNING):
        session = start_practice(learner=learner, activity=practice_with_items)
        wrong = answer_item(session=session, item=numeric, response="3")
    assert wrong.recorded and wrong.answer is not None
    assert (wrong.learner, wrong.competency, wrong.item) == (learner, numeric.competency, numeric)
    assert (wrong.correct, wrong.score, wrong.attempt, wrong.hints_used) == (False, 0.0, 1, 0)
    assert wrong.answered_at == MORNING
    assert wrong.feedback == "Divide the distance by the time."
    assert wrong.more_hints

    assert reveal_hint(session=session, item=numeric) == "Kilometers per hour means km ÷ hours."
    assert reveal_hint(session=session, item=numeric) == "12 ÷ 3 = ?"
    assert reveal_hint(session=session, item=numeric) is None  # no more hints; nothing recorded
    assert HintReveal.objects.filter(session=session, item=numeric).count() == 2

    right = answer_item(session=session, item=numeric, response="4 ")
    assert (right.correct, right.score, right.attempt, right.hints_used, right.more_hints) == (
        True,
        1.0,
        2,
        2,
        False,
    )
    assert right.feedback == "Yes: 12 ÷ 3 = 4."
    assert right.result.normalized_response == 4.0
    stored = PracticeAnswer.objects.get(pk=right.answer.pk)  # type: ignore[union-attr]
    assert (stored.response, stored.correct, stored.score, stored.hints_used) == ("4 ", True, 1.0, 2)
    assert PracticeAnswer.personal_data == ("response",)


def test_an_unreadable_answer_is_explained_and_not_stored(
    practice_with_items: Activity, learner: Learner
) -> None:
    numeric, choice = _items(practice_with_items)
    session = start_practice(learner=learner, activity=practice_with_items)
    outcome = answer_item(session=session, item=numeric, response="four kilometers")
    assert not outcome.recorded
    assert outcome.feedback == "Enter a number, like 2.5, 3/4 or 1 1/2, without units or words."
    assert outcome.result.feedback_key == "invalid" and outcome.attempt == 0
    assert answer_item(session=session, item=choice, response="").feedback == "Choose an answer first."
    assert (
        answer_item(session=session, item=choice, response=["a", "b"]).feedback == "Choose just one answer."
    )
    assert not PracticeAnswer.objects.exists()
    # The next readable answer is still the first attempt.
    assert answer_item(session=session, item=numeric, response="4").attempt == 1


def test_choice_feedback_and_defaults(practice_with_items: Activity, learner: Learner) -> None:
    _numeric, choice = _items(practice_with_items)
    session = start_practice(learner=learner, activity=practice_with_items)
    wrong = answer_item(session=session, item=choice, response="b")
    assert wrong.choice_feedback == ("That is cards per dollar.",)
    assert wrong.feedback == "Not quite. Check your work, or ask for a hint."
    assert not wrong.more_hints
    assert reveal_hint(session=session, item=choice) is None
    right = answer_item(session=session, item=choice, response=["a"])
    assert (right.feedback, right.choice_feedback) == ("Correct!", ())


def test_a_client_may_report_more_hints_but_never_fewer(
    practice_with_items: Activity, learner: Learner
) -> None:
    numeric, _choice = _items(practice_with_items)
    session = start_practice(learner=learner, activity=practice_with_items)
    assert answer_item(session=session, item=numeric, response="4", hints_used=1).hints_used == 1
    reveal_hint(session=session, item=numeric)
    reveal_hint(session=session, item=numeric)
    assert answer_item(session=session, item=numeric, response="4", hints_used=0).hints_used == 2
    with pytest.raises(ServiceError) as refused:
        answer_item(session=session, item=numeric, response="4", hints_used=3)
    assert refused.value.field == "hints_used"


def test_start_resumes_and_finish_ends_a_session(practice_with_items: Activity, learner: Learner) -> None:
    numeric, choice = _items(practice_with_items)
    with clock.frozen_at(MORNING):
        session = start_practice(learner=learner, activity=practice_with_items)
    assert start_practice(learner=learner, activity=practice_with_items) == session
    answer_item(session=session, item=numeric, response="3")
    answer_item(session=session, item=numeric, response="4")
    summary = selectors.practice_summary(session)
    assert (summary.answered, summary.correct, summary.next_item) == (1, 1, choice)
    assert [(p.attempts, p.correct, p.first_try_correct) for p in summary.items] == [
        (2, True, False),
        (0, False, False),
    ]
    finished = finish_practice(session=session)
    assert finished.finished_at is not None and not finished.is_open
    with pytest.raises(ServiceError, match="ended") as ended:
        answer_item(session=finished, item=choice, response="a")
    assert ended.value.field == "session"
    with pytest.raises(ServiceError, match="ended"):
        reveal_hint(session=finished, item=choice)
    with clock.frozen_at(MORNING + dt.timedelta(hours=1)):
        again = start_practice(learner=learner, activity=practice_with_items)
    assert again != session and again.is_open
    assert list(selectors.practice_sessions_of(learner)) == [again, session]


def test_practice_refusals(
    practice_with_items: Activity, practice_set: Activity, task: Activity, learner: Learner, unit_rate: Any
) -> None:
    with pytest.raises(ServiceError) as not_practice:
        start_practice(learner=learner, activity=task)
    assert not_practice.value.field == "activity"
    empty = create_activity(
        title="Empty",
        kind=Activity.Kind.PRACTICE_SET,
        competencies=[unit_rate],
        district=practice_set.district,
    )
    with pytest.raises(ServiceError, match="no questions"):
        start_practice(learner=learner, activity=empty)
    outsider = make_learner(
        School.objects.create(district=District.objects.create(name="Far"), name="F"), "zed"
    )
    with pytest.raises(ServiceError, match="another district"):
        start_practice(learner=outsider, activity=practice_with_items)
    session = start_practice(learner=learner, activity=practice_with_items)
    stray = add_item(activity=empty, interaction="text_entry", prompt="Q?", correct=["a"])
    with pytest.raises(ServiceError) as wrong_item:
        answer_item(session=session, item=stray, response="a")
    assert wrong_item.value.field == "item"
    assert PracticeSession.objects.count() == 1
