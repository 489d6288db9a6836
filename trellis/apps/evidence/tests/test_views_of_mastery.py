"""What people see: statuses from the prerequisite graph, roll-up to parents, growth over a period."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from trellis.apps.evidence.selectors import (
    IN_PROGRESS,
    MASTERED,
    NOT_YET,
    READY,
    framework_graph,
    growth_between,
    growth_curve,
    mastery_views,
)
from trellis.apps.evidence.services import record_evidence
from trellis.apps.frameworks.models import Competency, Framework
from trellis.apps.imports.demo_frameworks import math_package
from trellis.apps.imports.framework import import_framework
from trellis.apps.rosters.models import District, Learner, School
from trellis.lib import clock

pytestmark = pytest.mark.django_db
User = get_user_model()
T0 = dt.datetime(2026, 9, 1, 15, 0, tzinfo=dt.UTC)


@pytest.fixture
def math() -> tuple[Framework, list[Learner]]:
    district = District.objects.create(name="D")
    school = School.objects.create(district=district, name="S")
    result = import_framework(math_package(), district=district)
    assert result.framework is not None
    learners = [
        Learner.objects.create(user=User.objects.create_user(username=f"m{i}"), school=school)
        for i in range(30)
    ]
    return result.framework, learners


def _code(code: str) -> Competency:
    return Competency.objects.get(human_code=code)


def _master(learner: Learner, code: str, at: dt.datetime = T0) -> None:
    with clock.frozen_at(at + dt.timedelta(days=1)):
        for n in range(3):
            record_evidence(
                learner=learner,
                competency=_code(code),
                source="rubric",
                level=4,
                observed_at=at + dt.timedelta(minutes=n),
            )


def test_statuses_follow_prerequisites(math: Any) -> None:
    framework, (learner, *_) = math
    graph = framework_graph(framework)
    views = mastery_views(framework, graph, [learner.pk])
    assert views[learner.pk][_code("6.RP.A.1").pk].status == NOT_YET  # needs 5.NF.B.3 first
    assert views[learner.pk][_code("5.NF.B.3").pk].status == READY
    _master(learner, "5.NF.B.3")
    with clock.frozen_at(T0 + dt.timedelta(days=2)):
        record_evidence(learner=learner, competency=_code("6.RP.A.1"), source="rubric", level=2)
    views = mastery_views(framework, graph, [learner.pk])
    assert views[learner.pk][_code("5.NF.B.3").pk].status == MASTERED
    assert views[learner.pk][_code("6.RP.A.1").pk].status == IN_PROGRESS
    assert views[learner.pk][_code("6.RP.A.1").pk].level_label == "Developing"
    assert views[learner.pk][_code("6.RP.A.2").pk].status == NOT_YET


def test_parents_roll_up_from_their_children(math: Any) -> None:
    framework, (learner, *_) = math
    for code in ("5.NF.A.1", "5.NF.B.3", "5.NF.B.4", "5.NF.B.7", "6.NS.A.1"):
        _master(learner, code)
    view = mastery_views(framework, framework_graph(framework), [learner.pk])[learner.pk][_code("NF").pk]
    assert view.rolled_up
    assert view.status == MASTERED


def test_views_for_a_whole_section_take_a_fixed_number_of_queries(math: Any) -> None:
    framework, learners = math
    graph = framework_graph(framework)
    with CaptureQueriesContext(connection) as few:
        mastery_views(framework, graph, [learners[0].pk])
    with CaptureQueriesContext(connection) as many:
        views = mastery_views(framework, graph, [learner.pk for learner in learners])
    assert len(many) == len(few)
    assert sorted(views) == sorted(learner.pk for learner in learners)
    assert all(len(mine) == len(graph.competencies) for mine in views.values())


def test_growth_over_a_term_and_the_growth_curve(math: Any) -> None:
    framework, (learner, *_) = math
    competency = _code("6.EE.A.2")
    with clock.frozen_at(T0 + dt.timedelta(days=90)):
        record_evidence(learner=learner, competency=competency, source="rubric", level=1, observed_at=T0)
        record_evidence(
            learner=learner,
            competency=competency,
            source="rubric",
            level=2,
            observed_at=T0 + dt.timedelta(days=30),
        )
        record_evidence(
            learner=learner,
            competency=competency,
            source="rubric",
            level=4,
            observed_at=T0 + dt.timedelta(days=60),
        )
        record_evidence(
            learner=learner,
            competency=competency,
            source="rubric",
            level=4,
            observed_at=T0 + dt.timedelta(days=61),
        )
    term = growth_between(framework, [learner.pk], T0 + dt.timedelta(days=20), T0 + dt.timedelta(days=90))
    (growth,) = term[learner.pk]
    assert growth.level_before is not None and growth.level_after is not None
    assert growth.level_after > growth.level_before
    assert growth.change > 0
    curve = growth_curve(learner, competency)
    assert len(curve) == 4
    views = mastery_views(framework, framework_graph(framework), [learner.pk])[learner.pk]
    assert curve[-1].level == views[competency.pk].level
