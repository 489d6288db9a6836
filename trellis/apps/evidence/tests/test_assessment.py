"""Learning activities becoming evidence: practice, scored work, self- and peer-assessment."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from trellis.apps.evidence.assessment import answer_practice_item, peer_assess, score_submission, self_assess
from trellis.apps.evidence.models import Evidence, MasteryState
from trellis.apps.imports.demo_frameworks import habits_package, math_package
from trellis.apps.imports.framework import import_framework
from trellis.apps.learning.demo_content import load_demo_content
from trellis.apps.learning.models import Activity, Item, RubricScore, Submission
from trellis.apps.learning.services import assign_peer_review, start_practice, submit_work
from trellis.apps.rosters.models import District, Learner, School
from trellis.lib.errors import ServiceError

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def school() -> dict[str, Any]:
    district = District.objects.create(name="D")
    school = School.objects.create(district=district, name="S")
    math = import_framework(math_package(), district=district).framework
    habits = import_framework(habits_package(), habits=True, district=district).framework
    assert math is not None
    load_demo_content(math, habits)
    learners = [
        Learner.objects.create(user=User.objects.create_user(username=f"p{i}"), school=school, grade="06")
        for i in range(2)
    ]
    return {"learners": learners, "teacher": User.objects.create_user(username="t")}


def _task() -> Activity:
    return Activity.objects.filter(kind__in=("performance_task", "project"), rubric__isnull=False).first()  # type: ignore[return-value]


def _levels(activity: Activity, value: int) -> dict[str, int]:
    assert activity.rubric is not None
    return {str(c.public_id): value for c in activity.rubric.criteria.all()}


def test_a_first_try_is_evidence_and_a_retry_is_practice(school: dict[str, Any]) -> None:
    learner = school["learners"][0]
    item = Item.objects.filter(interaction="numeric_entry").select_related("activity").first()
    assert item is not None
    session = start_practice(learner=learner, activity=item.activity)
    unreadable = answer_practice_item(session=session, item=item, response="about four")
    assert not unreadable.recorded
    assert unreadable.feedback
    assert not Evidence.objects.exists()
    wrong = answer_practice_item(session=session, item=item, response=str(float(item.correct["value"]) + 7))
    assert wrong.recorded
    assert not wrong.correct
    assert Evidence.objects.get().correct is False
    right = answer_practice_item(session=session, item=item, response=str(item.correct["value"]))
    assert right.correct
    assert right.attempt == 2
    assert Evidence.objects.count() == 1
    assert MasteryState.objects.get(learner=learner, competency=item.competency).n_evidence == 1


def test_scored_work_gives_evidence_on_each_criterion_competency(school: dict[str, Any]) -> None:
    learner, teacher = school["learners"][0], school["teacher"]
    task = _task()
    submission = submit_work(activity=task, learner=learner, text="My trip budget: $12 per person.")
    evidence = score_submission(
        submission=submission, scorer=teacher, levels=_levels(task, 3), comment="Good"
    )
    assert evidence
    assert {e.source for e in evidence} == {"rubric"}
    assert all(e.assessor == teacher for e in evidence)
    submission.refresh_from_db()
    assert submission.status == Submission.Status.SCORED
    assert MasteryState.objects.filter(learner=learner).count() == len(evidence)
    assert task.rubric is not None
    kept = RubricScore.objects.filter(learner=learner, ref=f"submission:{submission.public_id}")
    assert sorted(kept.values_list("criterion_id", "level", "source", "rated_by_id")) == sorted(
        (c.pk, 3, "rubric", teacher.pk) for c in task.rubric.criteria.all()
    )
    with pytest.raises(ServiceError, match="already been scored"):
        score_submission(submission=submission, scorer=teacher, levels=_levels(task, 4))


def test_scoring_needs_every_criterion(school: dict[str, Any]) -> None:
    task = _task()
    submission = submit_work(activity=task, learner=school["learners"][0], text="Work")
    with pytest.raises(ServiceError, match="every criterion"):
        score_submission(submission=submission, scorer=school["teacher"], levels={})
    assert not Evidence.objects.exists()


def test_self_assessment_is_evidence_that_counts_only_if_the_school_says(school: dict[str, Any]) -> None:
    learner = school["learners"][0]
    task = _task()
    with pytest.raises(ServiceError, match="Write a sentence"):
        self_assess(learner=learner, activity=task, levels=_levels(task, 4), reflection="")
    evidence = self_assess(
        learner=learner, activity=task, levels=_levels(task, 4), reflection="I checked units."
    )
    assert {e.source for e in evidence} == {"self"}
    assert not MasteryState.objects.filter(learner=learner).exists()


def test_peer_assessment_scores_the_author(school: dict[str, Any]) -> None:
    author, peer = school["learners"]
    task = _task()
    submission = submit_work(activity=task, learner=author, text="Recipe for 30")
    review = assign_peer_review(submission=submission, reviewer=peer, assigned_by=school["teacher"])
    evidence = peer_assess(review=review, levels=_levels(task, 2), feedback="Clear steps; check the totals.")
    assert {e.learner for e in evidence} == {author}
    assert {e.assessor for e in evidence} == {peer.user}
    with pytest.raises(ServiceError, match="already finished"):
        peer_assess(review=review, levels=_levels(task, 2), feedback="again")
