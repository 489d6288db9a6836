"""The two reads pathways builds on: profile tags and the competencies of current goals."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from trellis.apps.frameworks.models import Competency
from trellis.apps.growth import selectors, services
from trellis.apps.rosters.models import Learner

pytestmark = pytest.mark.django_db


def test_profile_tags_are_lower_case_interests_and_working_styles(
    learner: Learner, classmate: Learner
) -> None:
    services.update_profile(
        learner=learner,
        changed_by=learner.user,
        changes={"interests": "Music,  Soccer , music", "working_styles": ["hands_on", "partner"]},
        allowed_fields=services.LEARNER_FIELDS,
    )
    tags = selectors.profile_tags([learner.pk, classmate.pk])
    assert tags == {learner.pk: frozenset({"music", "soccer", "hands_on", "partner"})}


def test_profile_tags_keep_an_empty_profile_and_drop_other_fields(learner: Learner, advisor: Any) -> None:
    services.update_profile(
        learner=learner,
        changed_by=advisor,
        changes={"strengths": "Patient with younger kids"},
        allowed_fields=services.TEAM_FIELDS,
    )
    assert selectors.profile_tags([learner.pk]) == {learner.pk: frozenset()}


def test_profile_tags_run_one_query(learner: Learner, classmate: Learner) -> None:
    for who in (learner, classmate):
        services.update_profile(
            learner=who, changed_by=who.user, changes={"interests": ["art"]}, allowed_fields=["interests"]
        )
    with CaptureQueriesContext(connection) as queries:
        tags = selectors.profile_tags(iter([learner.pk, classmate.pk]))
    assert len(queries) == 1
    assert tags[classmate.pk] == frozenset({"art"})


def test_goal_competencies_cover_agreed_and_active_goals_only(
    learner: Learner, classmate: Learner, advisor: Any, unit_rate: Competency, percent: Competency
) -> None:
    draft = services.draft_goal(
        learner=learner, drafted_by=learner.user, title="Draft", competencies=[percent]
    )
    agreed = services.draft_goal(
        learner=learner, drafted_by=learner.user, title="Rates in recipes", competencies=[unit_rate]
    )
    services.agree_goal(goal=agreed, agreed_by=advisor)
    assert selectors.goal_competencies([learner.pk, classmate.pk]) == {
        learner.pk: {unit_rate.pk: "Rates in recipes"}
    }

    services.start_goal(goal=agreed, started_by=learner.user)
    services.agree_goal(goal=draft, agreed_by=advisor)
    assert selectors.goal_competencies([learner.pk]) == {
        learner.pk: {unit_rate.pk: "Rates in recipes", percent.pk: "Draft"}
    }

    services.achieve_goal(goal=agreed, reviewed_by=advisor)
    assert selectors.goal_competencies([learner.pk]) == {learner.pk: {percent.pk: "Draft"}}


def test_goal_competencies_skip_revised_goals_and_name_the_newest(
    learner: Learner, advisor: Any, unit_rate: Competency
) -> None:
    first = services.draft_goal(
        learner=learner, drafted_by=learner.user, title="First", competencies=[unit_rate]
    )
    services.agree_goal(goal=first, agreed_by=advisor)
    second = services.draft_goal(
        learner=learner, drafted_by=learner.user, title="Second", competencies=[unit_rate]
    )
    services.agree_goal(goal=second, agreed_by=advisor)
    assert selectors.goal_competencies([learner.pk]) == {learner.pk: {unit_rate.pk: "Second"}}

    services.revise_goal(goal=second, revised_by=advisor, note="Too big for this term")
    assert selectors.goal_competencies([learner.pk]) == {learner.pk: {unit_rate.pk: "First"}}


def test_goal_competencies_run_one_query(learner: Learner, advisor: Any, unit_rate: Competency) -> None:
    goal = services.draft_goal(
        learner=learner, drafted_by=learner.user, title="Rates", competencies=[unit_rate]
    )
    services.agree_goal(goal=goal, agreed_by=advisor)
    with CaptureQueriesContext(connection) as queries:
        selectors.goal_competencies([learner.pk])
    assert len(queries) == 1
