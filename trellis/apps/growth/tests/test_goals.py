"""Goals: drafted by the learner, agreed (or sent back) by the advisor, started, achieved or revised, with
the conversation recorded and progress from steps and linked competencies."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from trellis.apps.evidence.services import record_evidence
from trellis.apps.frameworks.models import Competency
from trellis.apps.frameworks.services import add_competency, create_framework, four_level_scale
from trellis.apps.growth import selectors, services
from trellis.apps.growth.models import Goal, GoalComment, Notification
from trellis.apps.rosters.models import District, Learner
from trellis.lib import clock
from trellis.lib.errors import ServiceError

pytestmark = pytest.mark.django_db


def _draft(learner: Learner, **extra: Any) -> Goal:
    return services.draft_goal(
        learner=learner,
        drafted_by=learner.user,
        title="Explain unit rates with a recipe",
        why="I want to cook for my family",
        how_i_will_know="I can scale a recipe for 6 people",
        due_on=clock.today() + dt.timedelta(days=30),
        steps=["Watch the video", "Try three recipes", "Teach my sister"],
        **extra,
    )


def test_the_conversation_from_draft_to_achieved(
    learner: Learner, advisor: Any, unit_rate: Competency
) -> None:
    goal = _draft(learner, competencies=[unit_rate])
    assert Notification.objects.filter(recipient=advisor, kind=Notification.Kind.GOAL_DRAFTED).count() == 1

    services.request_goal_changes(goal=goal, requested_by=advisor, note="Add a date for each step?")
    goal.refresh_from_db()
    assert goal.status == Goal.Status.DRAFT and goal.changes_requested

    services.edit_goal(
        goal=goal,
        title="Explain unit rates with a recipe",
        why="I want to cook for my family",
        how_i_will_know="I can scale a recipe for 6 people",
        due_on=None,
        competencies=[unit_rate],
        steps=["Watch the video by Friday", "Try three recipes"],
    )
    services.agree_goal(goal=goal, agreed_by=advisor, note="Great plan.")
    services.start_goal(goal=goal, started_by=learner.user)
    services.set_step_done(goal=goal, position=1, done=True)
    services.achieve_goal(goal=goal, reviewed_by=advisor, note="You did it!")
    goal.refresh_from_db()
    assert goal.status == Goal.Status.ACHIEVED and goal.agreed_by == advisor and not goal.changes_requested
    assert [(c.kind, c.body) for c in goal.comments.all()] == [
        (GoalComment.Kind.CHANGES_REQUESTED, "Add a date for each step?"),
        (GoalComment.Kind.AGREED, "Great plan."),
        (GoalComment.Kind.STARTED, ""),
        (GoalComment.Kind.ACHIEVED, "You did it!"),
    ]
    assert (
        Notification.objects.filter(recipient=learner.user, kind=Notification.Kind.GOAL_REVIEWED).count() == 3
    )


def test_steps_and_mastered_competencies_make_the_progress(
    learner: Learner, advisor: Any, unit_rate: Competency, percent: Competency
) -> None:
    goal = _draft(learner, competencies=[unit_rate, percent])
    services.agree_goal(goal=goal, agreed_by=advisor)
    services.set_step_done(goal=goal, position=2, done=True)
    for _ in range(3):
        record_evidence(learner=learner, competency=unit_rate, source="observation", level=4)
    view = selectors.goal_views([goal], learner)[0]
    assert (view.steps_done, len(view.steps), view.mastered, len(view.competencies)) == (1, 3, 1, 2)
    assert view.progress_percent == 40


def test_a_move_that_does_not_fit_the_status_is_refused(learner: Learner, advisor: Any) -> None:
    goal = _draft(learner)
    with pytest.raises(ServiceError, match="draft now"):
        services.achieve_goal(goal=goal, reviewed_by=advisor)
    with pytest.raises(ServiceError, match="Steps are ticked once"):
        services.set_step_done(goal=goal, position=1, done=True)
    services.agree_goal(goal=goal, agreed_by=advisor)
    with pytest.raises(ServiceError, match="revise it"):
        services.edit_goal(
            goal=goal, title="New", why="", how_i_will_know="", due_on=None, competencies=[], steps=[]
        )
    with pytest.raises(ServiceError, match="Say what you'd like changed"):
        services.request_goal_changes(goal=goal, requested_by=advisor, note="")


def test_revising_keeps_the_old_goal_and_drafts_a_copy(
    learner: Learner, advisor: Any, unit_rate: Competency
) -> None:
    goal = _draft(learner, competencies=[unit_rate])
    services.agree_goal(goal=goal, agreed_by=advisor)
    services.set_step_done(goal=goal, position=1, done=True)
    draft = services.revise_goal(goal=goal, revised_by=advisor, note="Too big for four weeks")
    goal.refresh_from_db()
    assert goal.status == Goal.Status.REVISED and goal.revised_into == draft
    assert draft.status == Goal.Status.DRAFT and draft.title == goal.title
    assert list(draft.competencies.all()) == [unit_rate]
    assert [(s.text, s.done_at is not None) for s in draft.steps.all()] == [
        ("Watch the video", True),
        ("Try three recipes", False),
        ("Teach my sister", False),
    ]
    assert selectors.revised_from(draft) == goal


def test_bad_drafts_say_which_field_and_write_nothing(learner: Learner, unit_rate: Competency) -> None:
    cases: list[tuple[dict[str, Any], str]] = [
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"title": "Ok", "due_on": clock.today() - dt.timedelta(days=1)}, "due_on"),
        ({"title": "Ok", "steps": [f"step {n}" for n in range(13)]}, "steps"),
    ]
    for arguments, field in cases:
        with pytest.raises(ServiceError) as refused:
            services.draft_goal(learner=learner, drafted_by=learner.user, **arguments)
        assert refused.value.field == field
    other = District.objects.create(name="Elsewhere")
    foreign = add_competency(
        framework=create_framework(title="Other", scale=four_level_scale(other), district=other),
        human_code="X.1",
        statement="Somewhere else",
    )
    with pytest.raises(ServiceError) as refused:
        services.draft_goal(learner=learner, drafted_by=learner.user, title="Ok", competencies=[foreign])
    assert refused.value.field == "competencies"
    assert not Goal.objects.exists()


def test_a_comment_needs_words(learner: Learner, guardian: Any) -> None:
    goal = _draft(learner)
    with pytest.raises(ServiceError, match="can't be empty"):
        services.comment_on_goal(goal=goal, author=guardian, body="")
    services.comment_on_goal(goal=goal, author=guardian, body="Proud of you")
    assert Notification.objects.filter(recipient=learner.user, kind=Notification.Kind.GOAL_COMMENT).exists()
