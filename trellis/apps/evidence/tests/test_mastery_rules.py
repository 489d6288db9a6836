"""A school changes a framework's mastery rules: every learner's state of that framework is folded again from
the evidence log in the same transaction (ADR 0010), the rebuild check finds nothing to fix afterwards, other
frameworks' states are left alone, and a refused change changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from trellis.apps.evidence.models import MasteryState
from trellis.apps.evidence.services import change_mastery_rules, rebuild_mastery, record_evidence
from trellis.apps.frameworks.models import CalculationMethod, Framework
from trellis.apps.frameworks.services import add_competency, create_framework, four_level_scale
from trellis.apps.rosters.models import District, Learner, School
from trellis.lib import clock
from trellis.lib.errors import ServiceError

pytestmark = pytest.mark.django_db
User = get_user_model()
NOW = dt.datetime(2026, 11, 20, 15, 0, tzinfo=dt.UTC)


@pytest.fixture
def world() -> Any:
    district = District.objects.create(name="D")
    school = School.objects.create(district=district, name="S")
    math = create_framework(title="Math", scale=four_level_scale(district), district=district)
    habits = create_framework(title="Habits", scale=four_level_scale(district), district=district)
    ratio = add_competency(framework=math, human_code="6.RP.A.1", statement="Ratios.")
    rate = add_competency(framework=math, human_code="6.RP.A.2", statement="Unit rates.")
    focus = add_competency(framework=habits, human_code="H.1", statement="Stays with a hard task.")
    learners = [
        Learner.objects.create(user=User.objects.create_user(username=f"l{i}"), school=school)
        for i in range(3)
    ]
    first, second, third = learners
    with clock.frozen_at(NOW - dt.timedelta(days=3)):
        # The first learner: scored work that climbs; the highest level is reached once only.
        for level in (2, 3, 4, 2):
            record_evidence(learner=first, competency=ratio, source="rubric", level=level)
        # The second: only self-assessment (recorded, not counted yet), and one observation.
        record_evidence(learner=second, competency=rate, source="self", level=4)
        record_evidence(learner=second, competency=ratio, source="observation", level=3)
        # The third: habits only, another framework.
        record_evidence(learner=third, competency=focus, source="observation", level=3)
    return math, (ratio, rate), learners


def _rules(framework: Framework, **changed: Any) -> dict[str, Any]:
    return {
        "framework": framework,
        "calculation_method": framework.calculation_method,
        "counts_self_assessment": framework.counts_self_assessment,
        "counts_peer_assessment": framework.counts_peer_assessment,
        **changed,
    }


def _states() -> dict[tuple[int, int], tuple[Any, ...]]:
    return {
        (m.learner_id, m.competency_id): (m.level, m.mastered, m.method, m.n_evidence, m.updated_at)
        for m in MasteryState.objects.all()
    }


def test_counting_self_assessment_recomputes_the_frameworks_states(world: Any) -> None:
    math, (_ratio, rate), (_first, second, third) = world
    assert not MasteryState.objects.filter(learner=second, competency=rate).exists()
    habits_state = MasteryState.objects.get(learner=third)
    with clock.frozen_at(NOW):
        change = change_mastery_rules(**_rules(math, counts_self_assessment=True))
    state = MasteryState.objects.get(learner=second, competency=rate)
    assert (state.n_evidence, state.mastered) == (1, False)  # one piece is not enough for the learner model
    assert (change.learners, change.states, change.newly_mastered, change.no_longer_mastered) == (1, 1, 0, 0)
    math.refresh_from_db()
    assert math.counts_self_assessment is True
    # The other framework's state was not rewritten.
    assert MasteryState.objects.get(learner=third).updated_at == habits_state.updated_at
    assert rebuild_mastery(check=True).differences == []


@pytest.mark.parametrize("method", CalculationMethod.values)
def test_every_method_leaves_nothing_for_the_rebuild_check(world: Any, method: str) -> None:
    math, _competencies, _learners = world
    options = {"decay": 0.3} if method == "decaying_average" else {"n": 2} if method == "n_times" else {}
    change_mastery_rules(**_rules(math, calculation_method=method, **options))
    assert rebuild_mastery(check=True).differences == []
    assert set(MasteryState.objects.filter(competency__framework=math).values_list("method", flat=True)) == {
        method
    }
    call_command("rebuild_mastery", "--check")  # the command says the same (it raises on any difference)


def test_the_count_says_whose_mastery_changed(world: Any) -> None:
    math, (ratio, _rate), (first, _second, _third) = world
    change_mastery_rules(**_rules(math, calculation_method="highest"))
    assert MasteryState.objects.get(learner=first, competency=ratio).level == 4.0
    # Most recent: the first learner's last evidence was a 2, so they drop below mastery.
    change = change_mastery_rules(**_rules(math, calculation_method="most_recent"))
    assert MasteryState.objects.get(learner=first, competency=ratio).mastered is False
    assert change.no_longer_mastered == 1
    assert change.learners == 1  # the second learner's single observation reads the same either way


@pytest.mark.parametrize(
    ("changed", "field"),
    [
        ({"calculation_method": "median"}, "calculation_method"),
        ({"calculation_method": "decaying_average", "decay": 0.0}, "decay"),
        ({"calculation_method": "decaying_average", "decay": 1.5}, "decay"),
        ({"calculation_method": "decaying_average"}, "decay"),
        ({"calculation_method": "n_times", "n": 0}, "n"),
        ({"calculation_method": "n_times", "n": 21}, "n"),
    ],
)
def test_a_refused_change_changes_nothing(world: Any, changed: dict[str, Any], field: str) -> None:
    math, _competencies, _learners = world
    before = _states()
    with pytest.raises(ServiceError) as refused:
        change_mastery_rules(**_rules(math, counts_self_assessment=True, **changed))
    assert refused.value.field == field
    stored = Framework.objects.get(pk=math.pk)
    assert (stored.calculation_method, stored.counts_self_assessment) == ("learner_model", False)
    assert _states() == before


def test_only_the_chosen_methods_option_is_kept(world: Any) -> None:
    math, _competencies, _learners = world
    change_mastery_rules(**_rules(math, calculation_method="n_times", n=4, decay=0.5))
    math.refresh_from_db()
    assert math.calculation_options == {"n": 4}
    change_mastery_rules(**_rules(math, calculation_method="highest", n=4))
    math.refresh_from_db()
    assert math.calculation_options == {}
