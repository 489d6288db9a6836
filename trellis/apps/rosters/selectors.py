"""Reads of rosters for pages: what a person's homes are, their sections, teams, people of a school.

Everything about a learner is reached through access.py first; these selectors shape what it allows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from trellis.lib import clock
from trellis.lib.compiled import ExistsChecks
from trellis.lib.models import current_on

from . import access
from .models import Enrollment, Guardianship, Learner, OrgRole, School, Section, TeamMembership, Term


@dataclass(frozen=True)
class Homes:
    """The audiences a signed-in person belongs to, each giving them a home page."""

    learner: bool = False
    guardian: bool = False
    advisor: bool = False
    teacher: bool = False
    mentor: bool = False
    school_admin: bool = False

    def any(self) -> bool:
        return any((self.learner, self.guardian, self.advisor, self.teacher, self.mentor, self.school_admin))


def _home_checks(user_id: int, on: dt.date) -> dict[str, QuerySet[Any]]:
    memberships = TeamMembership.objects.filter(current_on(on), user_id=user_id)
    return {
        "learner": Learner.objects.filter(user_id=user_id),
        "guardian": Guardianship.objects.filter(current_on(on), guardian_id=user_id),
        "guardian_role": OrgRole.objects.filter(
            current_on(on), user_id=user_id, role__in=("guardian", "parent", "relative")
        ),
        "advisor": memberships.filter(role=TeamMembership.Role.ADVISOR),
        # Leading only an advisory (homeroom) makes an advisor, not a subject teacher.
        "teacher": access.sections_taught_by_id(user_id, on=on, kind=Section.Kind.SCHEDULED),
        "mentor": memberships.filter(role__in=(TeamMembership.Role.MENTOR, TeamMembership.Role.OTHER_ADULT)),
        "school_admin": access.schools_managed_by_id(user_id, on=on),
    }


# Every page's navigation asks this; compiled once (see trellis.lib.compiled), answered in one statement.
_homes = ExistsChecks(_home_checks, ints=("user_id",), dates=("on",))


def homes_for(user: access.AnyUser | None) -> Homes:
    if user is None or not user.is_authenticated or not user.is_active:
        return Homes()
    found = _homes(user_id=access.user_pk(user), on=clock.today())
    return Homes(
        learner=found["learner"],
        guardian=found["guardian"] or found["guardian_role"],
        advisor=found["advisor"],
        teacher=found["teacher"],
        mentor=found["mentor"],
        school_admin=found["school_admin"],
    )


def _current_team_prefetch(on: dt.date) -> list[Prefetch]:
    return [
        Prefetch(
            "team__memberships",
            queryset=TeamMembership.objects.filter(current_on(on)).select_related("user").order_by("role"),
            to_attr="current_members",
        ),
        Prefetch(
            "guardianships",
            queryset=Guardianship.objects.filter(current_on(on), restricted=False).select_related("guardian"),
            to_attr="current_guardians",
        ),
    ]


def with_team(learners: QuerySet[Learner]) -> QuerySet[Learner]:
    """Learners with their current team members and unrestricted guardians (fixed number of queries)."""
    return learners.select_related("user", "school", "team").prefetch_related(
        *_current_team_prefetch(clock.today())
    )


def sections_of_learner(learner: Learner) -> QuerySet[Section]:
    on = clock.today()
    teachers = Enrollment.objects.filter(current_on(on), role=Enrollment.Role.TEACHER).select_related("user")
    return (
        Section.objects.filter(
            Q(enrollments__user_id=learner.user_id, enrollments__role=Enrollment.Role.LEARNER)
            & current_on(on, "enrollments__")
        )
        .distinct()
        .select_related("school")
        .prefetch_related(Prefetch("enrollments", queryset=teachers, to_attr="current_teachers"))
    )


def sections_with_counts(sections: QuerySet[Section]) -> QuerySet[Section]:
    on = clock.today()
    return sections.select_related("school").annotate(
        learner_count=Count(
            "enrollments",
            filter=Q(enrollments__role=Enrollment.Role.LEARNER) & current_on(on, "enrollments__"),
        )
    )


def learners_of_section(section: Section, *, team: bool = True) -> QuerySet[Learner]:
    """The section's current learners, with their teams unless `team=False` (pages that show only names)."""
    on = clock.today()
    enrolled = Enrollment.objects.filter(current_on(on), section=section, role=Enrollment.Role.LEARNER)
    learners = Learner.objects.filter(user_id__in=enrolled.values("user_id"))
    return with_team(learners) if team else learners.select_related("user")


def teachers_of_section(section: Section) -> QuerySet[Enrollment]:
    return Enrollment.objects.filter(
        current_on(clock.today()),
        section=section,
        role__in=(Enrollment.Role.TEACHER, Enrollment.Role.AIDE),
    ).select_related("user")


def learners_of_school(school: School) -> QuerySet[Learner]:
    return with_team(Learner.objects.filter(school=school))


def staff_of_school(school: School) -> QuerySet[OrgRole]:
    return (
        OrgRole.objects.filter(current_on(clock.today()), school=school)
        .exclude(role__in=("student", "guardian", "parent", "relative"))
        .select_related("user")
        .order_by("user__last_name", "user__first_name")
    )


def team_history(learner: Learner) -> QuerySet[TeamMembership]:
    """Every membership of the learner's team, current and ended, for the people who manage it."""
    return TeamMembership.objects.filter(team__learner=learner).select_related("user").order_by("-start_date")


def guardianships_of(learner: Learner) -> QuerySet[Guardianship]:
    return Guardianship.objects.filter(learner=learner).select_related("guardian")


def current_term(on: dt.date | None = None) -> Term | None:
    """The shortest term (grading period, semester, then school year) that contains the day."""
    on = on or clock.today()
    terms = Term.objects.filter(start_date__lte=on, end_date__gte=on)
    return min(terms, key=lambda t: t.end_date - t.start_date, default=None)
