"""Homes and the section gateway answer from SQL compiled once (trellis.lib.compiled): the answers must be
the querysets' own, for every person and date, on whichever database runs the tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.http import Http404

from trellis.apps.rosters import access
from trellis.apps.rosters.models import Enrollment, Learner, School, Section
from trellis.apps.rosters.selectors import Homes, _home_checks, homes_for
from trellis.lib import clock
from trellis.lib.compiled import ExistsChecks
from trellis.web.components.tests.classroom import Classroom, build_classroom

pytestmark = pytest.mark.django_db


@pytest.fixture
def room() -> Classroom:
    return build_classroom()


def _people(room: Classroom) -> dict[str, Any]:
    return {
        "learner": room.learner.user,
        "outsider": room.outsider.user,
        "teacher": room.teacher,
        "guardian": room.guardian,
        "advisor": room.advisor,
        "principal": room.principal,
    }


def test_homes_are_what_the_querysets_say_for_everyone_on_any_day(room: Classroom) -> None:
    # The teacher's class ends next week: from then on they are no longer a teacher.
    Enrollment.objects.filter(user=room.teacher).update(end_date=clock.today() + dt.timedelta(days=7))
    for on in (clock.today(), clock.today() + dt.timedelta(days=30)):
        with clock.frozen_at(dt.datetime.combine(on, dt.time(12), tzinfo=dt.UTC)):
            for name, user in _people(room).items():
                expected = {k: q.exists() for k, q in _home_checks(user.pk, clock.today()).items()}
                found = homes_for(user)
                assert found == Homes(
                    learner=expected["learner"],
                    guardian=expected["guardian"] or expected["guardian_role"],
                    advisor=expected["advisor"],
                    teacher=expected["teacher"],
                    mentor=expected["mentor"],
                    school_admin=expected["school_admin"],
                ), (name, on)
    with clock.frozen_at(dt.datetime.combine(clock.today(), dt.time(12), tzinfo=dt.UTC)):
        assert homes_for(room.teacher).teacher
        assert homes_for(room.principal) == Homes(school_admin=True)
        assert homes_for(room.guardian) == Homes(guardian=True)
        assert homes_for(room.advisor) == Homes(advisor=True)
        assert homes_for(room.learner.user) == Homes(learner=True)


def test_the_section_gateway_names_the_relation_and_hides_other_sections(room: Classroom) -> None:
    assert access.access_section(room.teacher, room.section.public_id).relation == access.TEACHER_OF_SECTION
    assert access.access_section(room.principal, room.section.public_id).relation == access.SCHOOL_ADMIN_OF
    for user in (room.guardian, room.advisor, room.learner.user):
        with pytest.raises(Http404):
            access.access_section(user, room.section.public_id)
    # A section of another school: the principal does not run it, the teacher does not teach it.
    hillside = School.objects.create(district=room.district, name="Hillside")
    elsewhere = Section.objects.create(school=hillside, title="Math 6 Green")
    for user in (room.teacher, room.principal):
        with pytest.raises(Http404):
            access.access_section(user, elsewhere.public_id)
    # Once the class has ended, the teacher no longer opens it.
    Enrollment.objects.filter(user=room.teacher).update(end_date=clock.today() - dt.timedelta(days=1))
    with pytest.raises(Http404):
        access.access_section(room.teacher, room.section.public_id)


def test_checks_refuse_a_value_that_never_reaches_the_sql() -> None:
    checks = ExistsChecks(
        lambda user_id, other: {"x": Learner.objects.filter(user_id=user_id)}, ints=("user_id", "other")
    )
    with pytest.raises(ValueError, match="other"):
        checks(user_id=1, other=2)


def test_checks_need_exactly_their_values(room: Classroom) -> None:
    checks = ExistsChecks(
        lambda user_id: {"learner": Learner.objects.filter(user_id=user_id)}, ints=("user_id",)
    )
    assert checks(user_id=room.learner.user.pk) == {"learner": True}
    assert checks(user_id=room.teacher.pk) == {"learner": False}
    with pytest.raises(TypeError):
        checks(person=room.teacher.pk)


def test_assessing_one_learner_agrees_with_assessing_many(room: Classroom) -> None:
    learners = [room.learner, room.classmate, room.outsider]
    for name, user in _people(room).items():
        together = access.learners_to_assess(user, [lr.public_id for lr in learners], what="test")
        for learner in learners:
            alone = access.learners_to_assess(user, [learner.public_id], what="test")
            expected = together.get(learner.public_id)
            found = alone.get(learner.public_id)
            assert (found and (found.relations, found.parts)) == (
                expected and (expected.relations, expected.parts)
            ), (name, learner.user.username)
    # The teacher assesses both learners of the section, and nobody outside it.
    assert set(access.learners_to_assess(room.teacher, [lr.public_id for lr in learners], what="t")) == {
        room.learner.public_id,
        room.classmate.public_id,
    }
