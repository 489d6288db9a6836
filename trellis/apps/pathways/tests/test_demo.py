"""The demo school's pathways: right after `trellis demo`, My path offers at least three options with
reasons, the plan has targets agreed with the advisor, the math section has a priority and an assignment,
and classmates have chosen; loading again adds nothing."""

from __future__ import annotations

from typing import Any

import pytest

from trellis.apps.imports.demo import load_demo
from trellis.apps.pathways import selectors
from trellis.apps.pathways.demo import load_demo_pathways
from trellis.apps.pathways.models import Assignment, Choice, DemonstrationWays, PlanTarget, Steer
from trellis.apps.rosters.models import Learner

pytestmark = pytest.mark.django_db


def test_the_demo_learner_has_a_path_to_choose_from(settings: Any, tmp_path: Any) -> None:
    settings.DEMO_MODE = True
    load_demo(directory=tmp_path)
    learner = Learner.objects.get(user__username="learner")
    path = selectors.learner_path(learner)
    assert len(path.steps) >= 3 and all(step.reasons for step in path.steps)
    codes = {r.code for step in path.steps for r in step.reasons}
    assert {"teacher_priority", "assigned"} <= codes
    assert [t.source for t in path.targets].count(selectors.SET_WITH_ADVISOR) == 2
    assert path.pacing.status != "no_targets"
    assert Steer.objects.count() == 1 and DemonstrationWays.objects.count() == 1
    assert Assignment.objects.filter(learner=learner).exists()
    assert Choice.objects.exclude(learner=learner).count() >= 3
    before = (
        PlanTarget.objects.count(),
        Steer.objects.count(),
        Assignment.objects.count(),
        Choice.objects.count(),
    )
    assert load_demo_pathways() == []
    assert (
        PlanTarget.objects.count(),
        Steer.objects.count(),
        Assignment.objects.count(),
        Choice.objects.count(),
    ) == before
