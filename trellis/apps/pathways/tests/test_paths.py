"""A learner's path from their mastery, plan and teachers' steering; choices and steering through the
services (refused writes change nothing); a fixed number of queries for a section or a school."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from trellis.apps.growth.services import agree_goal, draft_goal, update_profile
from trellis.apps.learning.models import PracticeSession
from trellis.apps.learning.services import finish_practice
from trellis.apps.pathways import selectors, services
from trellis.apps.pathways.models import Assignment, Choice, DemonstrationChoice, PlanTarget, Steer, Way
from trellis.apps.rosters.models import Enrollment
from trellis.learner_model.pacing import PaceStatus
from trellis.learner_model.pathways import Reason
from trellis.lib.errors import ServiceError

from .conftest import TODAY, YEAR_END, School7, make_learner, master

pytestmark = pytest.mark.django_db


def codes(step: selectors.Step) -> list[str]:
    return [r.code for r in step.reasons]


def step_for(path: selectors.LearnerPath, title: str) -> selectors.Step:
    return next(s for s in path.steps if s.activity.title == title)


def fingerprint() -> dict[str, Any]:
    return {
        "targets": sorted(PlanTarget.objects.values_list("competency_id", "target_date")),
        "choices": sorted(Choice.objects.values_list("pk", "completed_at")),
        "demonstrations": sorted(DemonstrationChoice.objects.values_list("competency_id", "way")),
        "steers": sorted(Steer.objects.values_list("competency_id", "kind")),
        "assignments": sorted(Assignment.objects.values_list("pk", "ended_at")),
        "sessions": PracticeSession.objects.count(),
    }


@pytest.fixture
def started(world: School7) -> School7:
    """Fair shares (5.Z) mastered long ago, ratio language (6.A) three days ago."""
    master(world.learner, world.c["5.Z"], days_ago=100)
    master(world.learner, world.c["6.A"], days_ago=3)
    return world


# --- the path ------------------------------------------------------------------------------------------


def test_the_fringe_and_several_options_with_reasons(started: School7) -> None:
    path = selectors.learner_path(started.learner)
    assert [c.human_code for c in path.fringe] == ["6.B", "7.D"]
    assert len(path.steps) >= 3 and all(s.reasons for s in path.steps)
    practice = step_for(path, "Unit rate practice")
    unlocks = practice.reasons[0]
    assert unlocks == Reason("unlocks", {"competency": started.c["6.A"].pk})
    review = step_for(path, "Fair shares")
    assert review.kind == "review" and codes(review)[0] == "review_due"
    assert not any(s.competency == started.c["7.C"] for s in path.steps)  # 6.B not mastered yet


def test_expected_competencies_are_targets_with_pacing(started: School7) -> None:
    path = selectors.learner_path(started.learner)
    assert [(t.competency.human_code, t.target_date, t.source) for t in path.targets] == [
        ("7.D", YEAR_END, selectors.EXPECTED),
        ("7.C", YEAR_END, selectors.EXPECTED),
    ]
    # One mastery (6.A) in the last eight weeks: 7.C needs 6.B and itself after 7.D's one step.
    assert path.pacing.remaining == 3
    assert path.pacing.mastered_in_window == 1
    assert path.pacing.status == PaceStatus.BEHIND


def test_a_target_set_with_the_advisor_moves_the_date_and_the_pacing(
    started: School7, world: School7
) -> None:
    services.set_target(
        learner=world.learner,
        competency=world.c["7.D"],
        target_date=TODAY + dt.timedelta(days=30),
        set_by=world.teacher,
    )
    path = selectors.learner_path(world.learner)
    target = next(t for t in path.targets if t.competency == world.c["7.D"])
    assert (target.target_date, target.source) == (TODAY + dt.timedelta(days=30), selectors.SET_WITH_ADVISOR)
    assert target.pace is not None and target.pace.target_date == TODAY + dt.timedelta(days=30)
    toward = [s for s in path.steps if s.competency == world.c["7.D"]]
    assert toward and all(
        Reason("target", {"competency": world.c["7.D"].pk, "date": TODAY + dt.timedelta(days=30)})
        in s.reasons
        for s in toward
    )
    assert services.remove_target(learner=world.learner, competency=world.c["7.D"])
    assert (
        next(
            t for t in selectors.learner_path(world.learner).targets if t.competency == world.c["7.D"]
        ).source
        == selectors.EXPECTED
    )


@pytest.mark.parametrize(
    ("code", "days", "field"),
    [("RP", 10, "competency"), ("7.D", -1, "target_date")],
)
def test_bad_targets_are_refused_and_change_nothing(world: School7, code: str, days: int, field: str) -> None:
    before = fingerprint()
    with pytest.raises(ServiceError) as refused:
        services.set_target(
            learner=world.learner,
            competency=world.c[code],
            target_date=TODAY + dt.timedelta(days=days),
            set_by=None,
        )
    assert refused.value.field == field
    assert fingerprint() == before


def test_interests_working_styles_and_goals_come_from_the_profile(started: School7) -> None:
    learner = started.learner
    update_profile(
        learner=learner,
        changed_by=learner.user,
        changes={"interests": ["Music"], "working_styles": ["video"]},
        allowed_fields=["interests", "working_styles"],
    )
    goal = draft_goal(
        learner=learner, drafted_by=learner.user, title="Run a bake sale", competencies=[started.c["7.C"]]
    )
    agree_goal(goal=goal, agreed_by=started.teacher)
    path = selectors.learner_path(learner)
    reading = step_for(path, "Song tempos as rates")
    assert Reason("interest", {"interest": "music"}) in reading.reasons
    assert Reason("goal", {"goal": "Run a bake sale", "competency": started.c["7.C"].pk}) in reading.reasons
    video = step_for(path, "Proportions on video")
    assert Reason("working_style", {"modality": "video"}) in video.reasons


# --- choosing -------------------------------------------------------------------------------------------


def test_choosing_records_the_reasons_and_starts_the_practice(started: School7) -> None:
    path = selectors.learner_path(started.learner)
    step = step_for(path, "Unit rate practice")
    chosen = services.choose_step(learner=started.learner, activity_id=str(step.activity.public_id))
    assert chosen.session is not None and chosen.session.activity == step.activity
    choice = chosen.choice
    assert (choice.rank, choice.options, choice.kind) == (step.rank, len(path.steps), "learn")
    assert selectors.reasons_from_json(choice.reasons) == list(step.reasons)
    after = selectors.learner_path(started.learner)
    assert [(c.choice, c.status) for c in after.choices] == [(choice, "started")]
    finish_practice(session=chosen.session)
    assert selectors.learner_path(started.learner).choices[0].status == "done"


def test_choosing_a_reading_and_marking_it_done(started: School7) -> None:
    reading = started.activities["reading B"]
    chosen = services.choose_step(learner=started.learner, activity_id=reading.public_id)
    assert chosen.session is None
    services.complete_choice(learner=started.learner, choice_id=chosen.choice.public_id)
    path = selectors.learner_path(started.learner)
    assert path.choices[0].status == "done"
    assert path.steps[0].activity != reading  # just done: something else comes first


def test_choosing_what_is_not_offered_is_refused_and_changes_nothing(started: School7) -> None:
    before = fingerprint()
    for activity_id in (started.activities["practice C"].public_id, "not-an-id"):
        with pytest.raises(ServiceError) as refused:
            services.choose_step(learner=started.learner, activity_id=activity_id)
        assert refused.value.field == "activity"
    with pytest.raises(ServiceError):
        services.complete_choice(learner=started.learner, choice_id=started.activities["reading B"].public_id)
    assert fingerprint() == before


def test_how_to_show_mastery_among_the_ways_the_teacher_allows(started: School7) -> None:
    d = started.c["7.D"]
    services.set_demonstration_ways(
        section=started.section, competency=d, ways=[Way.PROJECT, Way.PRESENTATION], by=started.teacher
    )
    path = selectors.learner_path(started.learner)
    assert next(x for x in path.demonstrations if x.competency == d).ways == ("project", "presentation")
    before = fingerprint()
    with pytest.raises(ServiceError) as refused:
        services.choose_demonstration(
            learner=started.learner, competency_id=d.public_id, way=Way.PRACTICE_SET
        )
    assert refused.value.field == "way" and "Project, Presentation" in refused.value.message
    with pytest.raises(ServiceError) as refused:
        services.choose_demonstration(
            learner=started.learner, competency_id=started.c["RP"].public_id, way=Way.PROJECT
        )
    assert refused.value.field == "competency"
    assert fingerprint() == before
    services.choose_demonstration(learner=started.learner, competency_id=d.public_id, way=Way.PROJECT)
    services.choose_demonstration(
        learner=started.learner, competency_id=d.public_id, way=Way.PRESENTATION, note="A slideshow"
    )
    chosen = DemonstrationChoice.objects.get(learner=started.learner, competency=d)
    assert (chosen.way, chosen.note) == ("presentation", "A slideshow")
    # Allowing every way again removes the narrowing.
    assert (
        services.set_demonstration_ways(section=started.section, competency=d, ways=Way.values, by=None)
        is None
    )
    assert next(
        x for x in selectors.learner_path(started.learner).demonstrations if x.competency == d
    ).ways == tuple(Way.values)


# --- steering -------------------------------------------------------------------------------------------


def test_priority_puts_a_competency_first_and_a_lock_holds_it_back(started: School7) -> None:
    d = started.c["7.D"]
    services.steer(section=started.section, competency=d, kind=Steer.Kind.PRIORITY, by=started.teacher)
    first = selectors.learner_path(started.learner).steps[0]
    assert first.competency == d and codes(first)[0] == "teacher_priority"
    services.steer(section=started.section, competency=d, kind=Steer.Kind.LOCK, by=started.teacher)
    path = selectors.learner_path(started.learner)
    assert all(s.competency != d for s in path.steps) and d not in path.fringe
    services.steer(section=started.section, competency=d, kind="", by=started.teacher)
    assert not Steer.objects.exists()
    # Steering reaches only the section's current learners.
    Enrollment.objects.filter(section=started.section, user=started.learner.user).update(
        end_date=TODAY - dt.timedelta(days=1)
    )
    services.steer(section=started.section, competency=d, kind=Steer.Kind.LOCK, by=started.teacher)
    assert any(s.competency == d for s in selectors.learner_path(started.learner).steps)


def test_assignments_come_first_until_done_or_ended(started: School7) -> None:
    practice = started.activities["practice D"]
    services.assign(
        section=started.section,
        activity=practice,
        learners=[started.learner, started.classmate],
        by=started.teacher,
        due_date=TODAY + dt.timedelta(days=2),
    )
    first = selectors.learner_path(started.learner).steps[0]
    assert first.activity == practice and first.kind == "assigned"
    assert first.reasons[0] == Reason("assigned", {"due": TODAY + dt.timedelta(days=2)})
    chosen = services.choose_step(learner=started.learner, activity_id=practice.public_id)
    assert chosen.choice.assignment is not None and chosen.session is not None
    finish_practice(session=chosen.session)
    assert all(s.kind != "assigned" for s in selectors.learner_path(started.learner).steps)
    other = Assignment.objects.get(learner=started.classmate)
    services.end_assignment(section=started.section, assignment_id=other.public_id)
    assert all(s.kind != "assigned" for s in selectors.learner_path(started.classmate).steps)


def test_bad_steering_is_refused_and_changes_nothing(started: School7) -> None:
    outsider = make_learner(started.school, "cy")
    before = fingerprint()
    with pytest.raises(ServiceError) as refused:
        services.steer(section=started.section, competency=started.c["RP"], kind=Steer.Kind.LOCK, by=None)
    assert refused.value.field == "competency"
    with pytest.raises(ServiceError) as refused:
        services.steer(section=started.section, competency=started.c["7.D"], kind="delete", by=None)
    assert refused.value.field == "action"
    with pytest.raises(ServiceError) as refused:
        services.assign(
            section=started.section,
            activity=started.activities["practice D"],
            learners=[started.learner, outsider],
            by=None,
        )
    assert refused.value.field == "learners"
    with pytest.raises(ServiceError) as refused:
        services.assign(
            section=started.section, activity=started.activities["practice D"], learners=[], by=None
        )
    assert refused.value.field == "learners"
    with pytest.raises(ServiceError) as refused:
        services.assign(
            section=started.section,
            activity=started.activities["practice D"],
            learners=[started.learner],
            by=None,
            due_date=TODAY - dt.timedelta(days=1),
        )
    assert refused.value.field == "due_date"
    with pytest.raises(ServiceError) as refused:
        services.set_demonstration_ways(
            section=started.section, competency=started.c["7.D"], ways=["dance"], by=None
        )
    assert refused.value.field == "ways"
    with pytest.raises(ServiceError) as refused:
        services.end_assignment(section=started.section, assignment_id="nope")
    assert refused.value.field == "assignment"
    assert fingerprint() == before


# --- a section and a school ------------------------------------------------------------------------------


def test_section_pathways_ready_stuck_and_groups(started: School7) -> None:
    # Ben has mastered 6.A too, and is stuck on 6.B.
    master(started.classmate, started.c["6.A"], days_ago=10)
    from trellis.apps.evidence.services import record_evidence

    for n in range(6):
        record_evidence(
            learner=started.classmate,
            competency=started.c["6.B"],
            source="observation",
            level=1.0,
            observed_at=selectors.clock.now() - dt.timedelta(days=6 - n),
        )
    found = selectors.section_pathways(started.section, [started.learner, started.classmate])
    rows = {r.competency.human_code: r for r in found.rows}
    assert set(rows) == {"5.Z", "6.A", "6.B", "7.C", "7.D"}
    assert rows["7.D"].ready == [started.learner, started.classmate]
    assert rows["6.B"].stuck == [started.classmate] and rows["6.A"].mastered == 2
    kinds = {(g.kind, c.human_code): members for g, c, members in found.groups}
    assert kinds[("ready", "7.D")] == [started.learner, started.classmate]


def _queries(call: Any) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured.captured_queries)


def test_queries_do_not_grow_with_the_class_or_the_school(started: School7) -> None:
    small = _queries(lambda: selectors.section_pathways(started.section, [started.learner]))
    for n in range(4):
        extra = make_learner(started.school, f"extra{n}")
        master(extra, started.c["6.A"], days_ago=5)
        Enrollment.objects.create(section=started.section, user=extra.user, role=Enrollment.Role.LEARNER)
    everyone = list(selectors.Learner.objects.filter(school=started.school))
    assert _queries(lambda: selectors.section_pathways(started.section, everyone)) == small
    school = _queries(lambda: selectors.school_suggestions(started.school))
    found = selectors.school_suggestions(started.school)
    assert set(found) == {learner.pk for learner in everyone}
    assert len(found[started.learner.pk]) >= 3 and all(found.values())
    master(make_learner(started.school, "late"), started.c["6.A"], days_ago=1)
    assert _queries(lambda: selectors.school_suggestions(started.school)) == school


def test_reasons_round_trip_through_json() -> None:
    reasons = [
        Reason("target", {"competency": 3, "date": dt.date(2026, 6, 1)}),
        Reason("assigned", {"due": None}),
        Reason("ready"),
    ]
    assert selectors.reasons_from_json(selectors.reasons_to_json(reasons)) == reasons
    assert selectors.reasons_from_json(
        [{"code": 1}, "x", {"code": "due_bad", "params": {"date": "nope"}}]
    ) == [Reason("due_bad", {})]
