"""The daily journal: plan, reflect, feedback and replies, sharing with guardians, and the advisory board."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from trellis.apps.growth import selectors, services
from trellis.apps.growth.models import JournalEntry, Notification
from trellis.apps.rosters.models import Learner, LearningTeam, TeamMembership
from trellis.lib import clock
from trellis.lib.errors import ServiceError

from .conftest import make_learner

pytestmark = pytest.mark.django_db
MONDAY = dt.datetime(2026, 3, 2, 15, 0, tzinfo=dt.UTC)


def _reflect(learner: Learner, day: dt.date, didnt: str = "", **extra: Any) -> JournalEntry:
    return services.reflect_on_day(
        learner=learner, what_worked="Worked", what_didnt=didnt, next_steps="", day=day, **extra
    )


def test_a_plan_from_goals_and_own_words(learner: Learner, advisor: Any) -> None:
    goal = services.draft_goal(learner=learner, drafted_by=learner.user, title="Read every day")
    with pytest.raises(ServiceError, match="agreed or active"):
        services.plan_day(learner=learner, items=[services.PlanItemInput(goal=goal)])
    services.agree_goal(goal=goal, agreed_by=advisor)
    entry = services.plan_day(
        learner=learner,
        items=[
            services.PlanItemInput(goal=goal),
            services.PlanItemInput(text="Finish the poster"),
            services.PlanItemInput(text="finish the poster"),
            services.PlanItemInput(text="Practice: unit rates", source="suggestion"),
        ],
    )
    assert [(i.text, i.source, i.goal) for i in entry.plan_items.all()] == [
        ("Read every day", "goal", goal),
        ("Finish the poster", "own", None),
        ("Practice: unit rates", "suggestion", None),
    ]
    with pytest.raises(ServiceError, match="at least one"):
        services.plan_day(learner=learner, items=[services.PlanItemInput(text="  ")])
    assert entry.plan_items.count() == 3


def test_someone_elses_goal_cannot_be_planned(learner: Learner, classmate: Learner, advisor: Any) -> None:
    goal = services.draft_goal(learner=classmate, drafted_by=classmate.user, title="Theirs")
    services.agree_goal(goal=goal, agreed_by=advisor)
    with pytest.raises(ServiceError):
        services.plan_day(learner=learner, items=[services.PlanItemInput(goal=goal)])


def test_reflecting_ticks_the_plan_and_needs_some_words(learner: Learner) -> None:
    services.plan_day(
        learner=learner, items=[services.PlanItemInput(text="A"), services.PlanItemInput(text="B")]
    )
    with pytest.raises(ServiceError, match="at least one of"):
        services.reflect_on_day(learner=learner, what_worked="", what_didnt=" ", next_steps="")
    with pytest.raises(ServiceError) as refused:
        services.reflect_on_day(learner=learner, what_worked="ok", what_didnt="", next_steps="", mood=9)
    assert refused.value.field == "mood"
    entry = services.reflect_on_day(
        learner=learner, what_worked="Focused", what_didnt="", next_steps="More", mood=4, done_positions=[2]
    )
    assert [(i.text, i.done) for i in entry.plan_items.all()] == [("A", False), ("B", True)]
    assert entry.mood == 4 and entry.reflected_at is not None


def test_feedback_and_replies_move_the_awaiting_flag_and_tell_the_other_side(
    learner: Learner, advisor: Any, guardian: Any
) -> None:
    with clock.frozen_at(MONDAY):
        entry = _reflect(learner, clock.today(), share_with_guardians=True)
        assert entry.awaiting_feedback
    with clock.frozen_at(MONDAY + dt.timedelta(minutes=5)):
        services.comment_on_entry(entry=entry, author=guardian, body="¡Muy bien!")
    entry.refresh_from_db()
    assert not entry.awaiting_feedback
    assert Notification.objects.filter(recipient=learner.user, kind="journal_feedback").count() == 1
    assert Notification.objects.filter(recipient=advisor, kind="journal_feedback").count() == 1
    with clock.frozen_at(MONDAY + dt.timedelta(minutes=10)):
        services.comment_on_entry(entry=entry, author=learner.user, body="Gracias")
    entry.refresh_from_db()
    assert entry.awaiting_feedback
    # The guardian who commented hears the reply; the learner doesn't hear their own.
    assert Notification.objects.filter(recipient=guardian, kind="journal_reply").count() == 1
    assert not Notification.objects.filter(recipient=learner.user, kind="journal_reply").exists()


def test_a_new_entry_is_private_until_the_learner_shares_it(learner: Learner) -> None:
    today = clock.today()
    first = _reflect(learner, today - dt.timedelta(days=2), share_with_guardians=True)
    assert first.shared_with_guardians and selectors.last_sharing(learner)
    second = services.plan_day(
        learner=learner, items=[services.PlanItemInput(text="Next")], day=today - dt.timedelta(days=1)
    )
    assert not second.shared_with_guardians
    assert not _reflect(learner, today - dt.timedelta(days=1)).shared_with_guardians


def test_the_board_says_who_planned_reflected_and_went_quiet(
    learner: Learner, classmate: Learner, advisor: Any, school: Any
) -> None:
    quiet = make_learner(school, "quinn")
    for someone in (classmate, quiet):
        team, _ = LearningTeam.objects.get_or_create(learner=someone)
        TeamMembership.objects.create(team=team, user=advisor, role=TeamMembership.Role.ADVISOR)
    today = clock.today()
    services.plan_day(learner=learner, items=[services.PlanItemInput(text="Plan")], day=today)
    _reflect(learner, today, didnt="The noise in the hallway")
    _reflect(classmate, today - dt.timedelta(days=5), didnt="Noise in the hallway again")
    _reflect(classmate, today - dt.timedelta(days=6), didnt="hallway noise")
    advisees = [learner, classmate, quiet]
    with CaptureQueriesContext(connection) as queries:
        board = selectors.advisory_board(advisees, day=today, quiet_days=3)
    assert len(queries) == 2
    assert [r.learner for r in board.planned] == [learner]
    assert [r.learner for r in board.reflected] == [learner]
    assert {(learner_.pk, entry.day) for learner_, entry in board.awaiting} == {
        (learner.pk, today),
        (classmate.pk, today - dt.timedelta(days=5)),
        (classmate.pk, today - dt.timedelta(days=6)),
    }
    assert [r.learner for r in board.quiet] == [quiet, classmate]
    themes = {row.learner.pk: [t.term for t in row.themes] for row in board.rows}
    assert themes[classmate.pk][:2] == ["hallway", "noise"]
    assert themes[learner.pk] == []
