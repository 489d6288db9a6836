"""The evidence log and its mastery projection: incremental updates equal a rebuild, under every method."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trellis.apps.evidence.models import Evidence, MasteryState
from trellis.apps.evidence.services import (
    EvidenceInput,
    EvidenceRejected,
    rebuild_mastery,
    record_evidence,
    record_many,
    retract_evidence,
)
from trellis.apps.frameworks.models import CalculationMethod, Competency, Framework
from trellis.apps.frameworks.services import add_competency, create_framework, four_level_scale
from trellis.apps.rosters.models import District, Learner, School
from trellis.lib import bulk, clock
from trellis.lib.errors import ServiceError

pytestmark = pytest.mark.django_db
User = get_user_model()
NOW = dt.datetime(2026, 11, 20, 15, 0, tzinfo=dt.UTC)


@pytest.fixture
def world() -> Any:
    district = District.objects.create(name="D")
    school = School.objects.create(district=district, name="S")
    framework = create_framework(title="Math", scale=four_level_scale(district), district=district)
    competencies = [
        add_competency(framework=framework, human_code=f"C{i}", statement=f"Competency {i}") for i in range(3)
    ]
    learners = [
        Learner.objects.create(user=User.objects.create_user(username=f"l{i}"), school=school)
        for i in range(2)
    ]
    return framework, competencies, learners


def _state(learner: Learner, competency: Competency) -> MasteryState:
    return MasteryState.objects.get(learner=learner, competency=competency)


def test_each_evidence_updates_mastery(world: Any) -> None:
    _framework, (c, *_), (learner, _) = world
    with clock.frozen_at(NOW):
        record_evidence(learner=learner, competency=c, source="rubric", level=2)
        assert _state(learner, c).mastered is False
        for _ in range(4):
            record_evidence(learner=learner, competency=c, source="rubric", level=4)
    state = _state(learner, c)
    assert state.mastered is True
    assert state.n_evidence == 5
    assert state.algorithm_version.startswith("trellis-rubric/")
    assert rebuild_mastery(check=True).differences == []


@pytest.mark.parametrize("method", CalculationMethod.values)
def test_every_method_gives_a_level_and_a_confidence(world: Any, method: str) -> None:
    framework, (c, *_), (learner, _) = world
    Framework.objects.filter(pk=framework.pk).update(calculation_method=method)
    with clock.frozen_at(NOW):
        for level in (2, 3, 4, 3):
            record_evidence(learner=learner, competency=c, source="observation", level=level)
    state = _state(learner, c)
    assert state.method == method
    assert 1.0 <= state.level <= 4.0
    assert 0.0 < state.confidence <= 1.0


def test_practice_answers_count_as_evidence_on_the_scale(world: Any) -> None:
    _framework, (c, *_), (learner, _) = world
    with clock.frozen_at(NOW):
        right = record_evidence(learner=learner, competency=c, source="practice", correct=True)
        wrong = record_evidence(learner=learner, competency=c, source="practice", correct=False)
    assert (right.level, wrong.level) == (4.0, 1.0)


def test_self_assessment_counts_only_when_the_school_says_so(world: Any) -> None:
    framework, (c, *_), (learner, _) = world
    with clock.frozen_at(NOW):
        record_evidence(learner=learner, competency=c, source="self", level=4)
    assert not MasteryState.objects.exists()
    Framework.objects.filter(pk=framework.pk).update(counts_self_assessment=True)
    assert len(rebuild_mastery(check=True).differences) == 1
    rebuild_mastery()
    assert _state(learner, c).n_evidence == 1


def test_withdrawn_evidence_no_longer_counts(world: Any) -> None:
    _framework, (c, *_), (learner, _) = world
    with clock.frozen_at(NOW):
        keep = record_evidence(learner=learner, competency=c, source="rubric", level=2)
        mistake = record_evidence(learner=learner, competency=c, source="rubric", level=4)
        with pytest.raises(ServiceError, match="Say why"):
            retract_evidence(evidence=mistake, actor=None, reason=" ")
        retract_evidence(evidence=mistake, actor=None, reason="scored the wrong learner")
        with pytest.raises(ServiceError, match="already withdrawn"):
            retract_evidence(evidence=mistake, actor=None, reason="again")
    assert _state(learner, c).n_evidence == 1
    assert _state(learner, c).last_evidence_id == keep.id
    assert Evidence.objects.count() == 3  # nothing deleted
    keep.note = "edited"
    with pytest.raises(ValueError, match="append-only"):
        keep.save()


def test_bulk_records_all_or_nothing_and_names_each_bad_row(world: Any) -> None:
    _framework, (c0, c1, _), (learner, other) = world
    rows = [
        EvidenceInput(learner=learner, competency=c0, source="rubric", level=3),
        EvidenceInput(learner=other, competency=c1, source="rubric", level=7),
        EvidenceInput(learner=learner, competency=c1, source="nonsense", level=2),
        EvidenceInput(
            learner=learner,
            competency=c1,
            source="rubric",
            level=2,
            observed_at=dt.datetime(2030, 1, 1, tzinfo=dt.UTC),
        ),
    ]
    with clock.frozen_at(NOW), pytest.raises(EvidenceRejected) as rejected:
        record_many(rows)
    assert [(e.index, e.field) for e in rejected.value.errors] == [
        (1, "level"),
        (2, "source"),
        (3, "observed_at"),
    ]
    assert not Evidence.objects.exists()
    with clock.frozen_at(NOW):
        record_many([rows[0], EvidenceInput(learner=other, competency=c1, source="rubric", level=1)])
    assert MasteryState.objects.count() == 2


def test_a_large_batch_is_written_as_bulk_create_would_and_agrees_with_a_rebuild(world: Any) -> None:
    """Batches of COPY_FROM rows and more take the fast write path (COPY on PostgreSQL): every value lands
    as the model would store it, and each object knows its id."""
    _framework, competencies, learners = world
    auditor = User.objects.create_user(username="teacher")
    rows = [
        EvidenceInput(
            learner=learners[n % 2],
            competency=competencies[n % 3],
            source=("rubric", "practice", "observation")[n % 3],
            level=float(1 + n % 4),
            observed_at=NOW - dt.timedelta(minutes=300 - n),
            assessor=auditor if n % 2 else None,
            note=f"note {n} with 'quotes', a tab\tand ünïcode" if n % 5 == 0 else "",
        )
        for n in range(3 * bulk.COPY_FROM)
    ]
    with clock.frozen_at(NOW):
        created = record_many(rows)
    assert [e.pk for e in created] == list(
        Evidence.objects.filter(public_id__in=[e.public_id for e in created])
        .order_by("id")
        .values_list("id", flat=True)
    )
    stored = {e.public_id: e for e in Evidence.objects.all()}
    for evidence, row in zip(created, rows, strict=True):
        saved = stored[evidence.public_id]
        assert (saved.learner_id, saved.competency_id, saved.level, saved.note) == (
            row.learner.pk,
            row.competency.pk,
            row.level,
            row.note,
        )
        assert saved.observed_at == row.observed_at and saved.assessor_id == getattr(row.assessor, "pk", None)
    assert MasteryState.objects.count() == 6
    assert all(
        isinstance(state, dict) and state["n"] > 0
        for state in MasteryState.objects.values_list("state", flat=True)
    )
    assert rebuild_mastery(check=True).differences == []


def test_a_batch_over_existing_states_updates_each_in_place_as_a_rebuild_would(world: Any) -> None:
    """Changed states are updated in one statement per batch (PostgreSQL: one array per column): every field
    of every state lands, including a first mastery time and a state that stays unmastered."""
    _framework, competencies, learners = world
    pairs = [(learner, competency) for learner in learners for competency in competencies]
    with clock.frozen_at(NOW - dt.timedelta(hours=1)):
        record_many([EvidenceInput(learner=lr, competency=c, source="rubric", level=2.0) for lr, c in pairs])
    ids = dict(MasteryState.objects.values_list("id", "n_evidence"))
    with clock.frozen_at(NOW):
        record_many(
            [
                EvidenceInput(learner=lr, competency=c, source="rubric", level=4.0 if n % 2 else 1.0)
                for n, (lr, c) in enumerate(pairs * 4)
            ]
        )
    states = list(MasteryState.objects.all())
    assert {m.pk for m in states} == set(ids)  # updated, not replaced
    assert all(m.n_evidence == 5 and m.updated_at == NOW for m in states)
    mastered = {(m.learner_id, m.competency_id) for m in states if m.mastered}
    assert mastered and len(mastered) < len(states)
    assert all(m.first_mastered_at is not None for m in states if m.mastered)
    assert rebuild_mastery(check=True).differences == []


def test_rebuild_check_command_fails_on_a_tampered_state(world: Any) -> None:
    _framework, (c, *_), (learner, _) = world
    with clock.frozen_at(NOW):
        record_evidence(learner=learner, competency=c, source="rubric", level=3)
    call_command("rebuild_mastery", "--check")
    MasteryState.objects.update(level=1.5)
    with pytest.raises(CommandError, match="difference"):
        call_command("rebuild_mastery", "--check")
    call_command("rebuild_mastery")
    call_command("rebuild_mastery", "--check")


events = st.lists(
    st.tuples(
        st.integers(0, 1),  # learner
        st.integers(0, 2),  # competency
        st.sampled_from(["rubric", "practice", "self", "observation", "retract"]),
        st.integers(1, 4),  # level
        st.integers(-3000, 0),  # minutes before now: back-dated evidence arrives out of order
        st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(hours=3)),
    ),
    min_size=1,
    max_size=25,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(events=events, method=st.sampled_from(CalculationMethod.values))
def test_incremental_state_always_equals_a_rebuild(world: Any, events: list[Any], method: str) -> None:
    framework, competencies, learners = world
    # Each example starts from an empty log (a test may clear it; the product never deletes evidence).
    MasteryState.objects.all().delete()
    Evidence.objects.filter(retracts__isnull=False).delete()
    Evidence.objects.all().delete()
    Framework.objects.filter(pk=framework.pk).update(calculation_method=method)
    now = NOW
    for learner_i, competency_i, source, level, minutes, step in events:
        now += step
        with clock.frozen_at(now):
            learner, competency = learners[learner_i], competencies[competency_i]
            if source == "retract":
                live = Evidence.objects.filter(
                    learner=learner, competency=competency, retracts__isnull=True, retracted_by__isnull=True
                ).first()
                if live is not None:
                    retract_evidence(evidence=live, actor=None, reason="correction")
                continue
            observed = now + dt.timedelta(minutes=minutes)
            if source == "practice":
                record_evidence(
                    learner=learner,
                    competency=competency,
                    source=source,
                    correct=level > 2,
                    observed_at=observed,
                )
            else:
                record_evidence(
                    learner=learner, competency=competency, source=source, level=level, observed_at=observed
                )
    assert rebuild_mastery(check=True).differences == []
