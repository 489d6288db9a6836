"""Peer-review assignments: who may review whose work, anonymity, and the reviewer's list."""

from __future__ import annotations

from typing import Any

import pytest

from trellis.apps.learning import selectors
from trellis.apps.learning.models import Activity, PeerReview, Submission
from trellis.apps.learning.services import (
    assign_peer_review,
    complete_peer_review,
    create_activity,
    submit_work,
)
from trellis.apps.rosters.models import Learner, School
from trellis.lib.errors import ServiceError

from .conftest import make_learner

pytestmark = pytest.mark.django_db


@pytest.fixture
def work(task: Activity, learner: Learner) -> Submission:
    return submit_work(activity=task, learner=learner, text="Bus B is cheaper per hour.")


def test_a_teacher_assigns_reviewers_and_anonymity_hides_the_name(
    work: Submission, classmate: Learner, school: School, teacher: Any
) -> None:
    named = assign_peer_review(submission=work, reviewer=classmate, assigned_by=teacher)
    third = make_learner(school, "cai")
    hidden = assign_peer_review(
        submission=work, reviewer=third, assigned_by=teacher, anonymous_to_author=True
    )
    assert (named.assigned_by, named.is_open, named.completed_at) == (teacher, True, None)
    shown = {r.pk: r.reviewer_shown_to_author() for r in selectors.peer_reviews_of(work)}
    assert shown == {named.pk: "Ben Lee", hidden.pk: "A classmate"}
    assert PeerReview.personal_data == ("feedback",)


@pytest.mark.parametrize("case", ["author", "duplicate", "other school", "no rubric"])
def test_peer_review_refusals(
    case: str, work: Submission, learner: Learner, classmate: Learner, teacher: Any, unit_rate: Any
) -> None:
    reviewer, submission = classmate, work
    if case == "author":
        reviewer = learner
    elif case == "duplicate":
        assign_peer_review(submission=work, reviewer=classmate, assigned_by=teacher)
    elif case == "other school":
        reviewer = make_learner(School.objects.create(district=learner.school.district, name="North"), "dee")
    else:
        bare = create_activity(
            title="No rubric",
            kind=Activity.Kind.PROJECT,
            competencies=[unit_rate],
            district=work.activity.district,
        )
        submission = submit_work(activity=bare, learner=learner, text="Recipe")
    before = PeerReview.objects.count()
    with pytest.raises(ServiceError) as refused:
        assign_peer_review(submission=submission, reviewer=reviewer, assigned_by=teacher)
    assert refused.value.field == ("submission" if case == "no rubric" else "reviewer")
    assert refused.value.message
    assert PeerReview.objects.count() == before


def test_reviews_for_a_learner_open_first_and_completing_one(
    work: Submission, task: Activity, learner: Learner, classmate: Learner, school: School, teacher: Any,
    django_assert_num_queries: Any,
) -> None:  # fmt: skip
    other_author = make_learner(school, "eve")
    other_work = submit_work(activity=task, learner=other_author, text="Train is faster.")
    first = assign_peer_review(submission=work, reviewer=classmate, assigned_by=teacher)
    second = assign_peer_review(submission=other_work, reviewer=classmate, assigned_by=teacher)
    done = complete_peer_review(review=first, feedback="  Show the per-mile price.  ")
    assert done.feedback == "Show the per-mile price." and done.completed_at is not None
    with pytest.raises(ServiceError, match="already finished"):
        complete_peer_review(review=first, feedback="again")
    with django_assert_num_queries(1):
        rows = [(r.pk, r.submission.activity.rubric is not None, r.submission.learner.user.username)
                for r in selectors.peer_reviews_for(classmate)]  # fmt: skip
    assert rows == [(second.pk, True, "eve"), (first.pk, True, "ana")]
    assert [r.pk for r in selectors.peer_reviews_for(classmate, open_only=True)] == [second.pk]
    assert [r.pk for r in selectors.open_peer_reviews(learners=[classmate, learner])] == [second.pk]
    assert [r.pk for r in selectors.open_peer_reviews(submission=work)] == []
    assert not selectors.peer_reviews_for(learner).exists()
    assert selectors.peer_review_by_public_id(str(second.public_id)) == second
