"""A small world with one of every relationship in DOMAIN.md's access policy.

Two districts. District 1 has schools S1 and S2; district 2 has S3. The *linked* learner (`linked`, at S1)
is the one every actor below is related to in their own way; `unlinked` is another S1 learner nobody in the
world is related to; `other_school` is at S2 and `other_district` at S3.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model

from trellis.apps.evidence.services import record_evidence
from trellis.apps.frameworks.services import add_competency, create_framework, four_level_scale
from trellis.apps.imports.models import ImportRun
from trellis.apps.rosters.models import (
    District,
    Enrollment,
    Guardianship,
    Learner,
    LearningTeam,
    OrgRole,
    RecordPart,
    School,
    Section,
    TeamMembership,
)
from trellis.lib import clock

from .world_learning import extend_world

User = get_user_model()

ACTORS = (
    "learner",
    "guardian",
    "restricted_guardian",
    "advisor",
    "teacher",
    "mentor",
    "school_admin",
    "district_admin",
    "anonymous",
    "deactivated",
    "no_profile",
    "ended_enrollment",
    "expired_mentor",
)
TARGETS = ("own", "linked", "unlinked", "other_school", "other_district")


@dataclass
class World:
    users: dict[str, Any] = field(default_factory=dict)
    learners: dict[str, Learner] = field(default_factory=dict)
    schools: dict[str, School] = field(default_factory=dict)
    sections: dict[str, Section] = field(default_factory=dict)
    runs: dict[str, ImportRun] = field(default_factory=dict)
    competencies: dict[str, Any] = field(default_factory=dict)  # "linked": district 1's, "other_district"
    learning: dict[str, dict[str, Any]] = field(default_factory=dict)  # world_learning.py: kind -> key -> row

    def competency_for(self, target: str) -> Any:
        return self.competencies["other_district" if target == "other_district" else "linked"]

    def learner_for(self, actor: str, target: str) -> Learner | None:
        """The learner a target names from this actor's point of view (`own` exists only for the learner)."""
        if target == "own":
            return self.learners["linked"] if actor == "learner" else None
        if target == "linked" and actor == "learner":
            return None  # a learner's only linked record is their own
        return self.learners[target]


def _user(username: str, **extra: Any) -> Any:
    given, _, family = username.partition("_")
    return User.objects.create_user(
        username=username,
        password="correct horse battery staple",
        first_name=f"Given{given.capitalize()}",
        last_name=f"Family{(family or given).capitalize()}",
        **extra,
    )


def _learner(name: str, school: School) -> Learner:
    learner = Learner.objects.create(user=_user(f"pupil_{name}"), school=school, grade="07")
    LearningTeam.objects.create(learner=learner)
    return learner


def build_world() -> World:
    today = clock.today()
    yesterday, later = today - dt.timedelta(days=1), today + dt.timedelta(days=120)
    long_ago = today - dt.timedelta(days=200)
    w = World()
    d1 = District.objects.create(name="District One")
    d2 = District.objects.create(name="District Two")
    w.schools = {
        "linked": School.objects.create(district=d1, name="School One"),
        "other_school": School.objects.create(district=d1, name="School Two"),
        "other_district": School.objects.create(district=d2, name="School Three"),
    }
    s1 = w.schools["linked"]
    w.learners = {
        "linked": _learner("linked", s1),
        "unlinked": _learner("unlinked", s1),
        "other_school": _learner("otherschool", w.schools["other_school"]),
        "other_district": _learner("otherdistrict", w.schools["other_district"]),
    }
    linked = w.learners["linked"]
    w.users["learner"] = linked.user

    w.sections = {
        "linked": Section.objects.create(school=s1, title="Linked Algebra Section"),
        "unlinked": Section.objects.create(school=s1, title="Unlinked Biology Section"),
        "other_school": Section.objects.create(
            school=w.schools["other_school"], title="Other School Section"
        ),
        "other_district": Section.objects.create(
            school=w.schools["other_district"], title="Other District Section"
        ),
    }
    for key, section in w.sections.items():
        if key != "linked":
            Enrollment.objects.create(
                section=section, user=w.learners[key].user, role=Enrollment.Role.LEARNER, start_date=long_ago
            )
    Enrollment.objects.create(
        section=w.sections["linked"], user=linked.user, role=Enrollment.Role.LEARNER, start_date=long_ago
    )

    w.users["guardian"] = _user("guardian")
    Guardianship.objects.create(guardian=w.users["guardian"], learner=linked, start_date=long_ago)
    w.users["restricted_guardian"] = _user("restricted_guardian")
    Guardianship.objects.create(
        guardian=w.users["restricted_guardian"],
        learner=linked,
        restricted=True,
        restriction_note="court order",
    )
    w.users["deactivated"] = _user("deactivated_guardian", is_active=False)
    Guardianship.objects.create(guardian=w.users["deactivated"], learner=linked)

    w.users["advisor"] = _user("advisor")
    TeamMembership.objects.create(
        team=linked.team, user=w.users["advisor"], role=TeamMembership.Role.ADVISOR, start_date=long_ago
    )
    w.users["mentor"] = _user("mentor")
    TeamMembership.objects.create(
        team=linked.team,
        user=w.users["mentor"],
        role=TeamMembership.Role.MENTOR,
        start_date=long_ago,
        end_date=later,
        granted_parts=[RecordPart.IDENTITY, RecordPart.TEAM],
    )
    w.users["expired_mentor"] = _user("expired_mentor")
    TeamMembership.objects.create(
        team=linked.team,
        user=w.users["expired_mentor"],
        role=TeamMembership.Role.MENTOR,
        start_date=long_ago,
        end_date=yesterday,
        granted_parts=[RecordPart.IDENTITY, RecordPart.TEAM],
    )

    w.users["teacher"] = _user("teacher")
    Enrollment.objects.create(
        section=w.sections["linked"],
        user=w.users["teacher"],
        role=Enrollment.Role.TEACHER,
        start_date=long_ago,
    )
    w.users["ended_enrollment"] = _user("ended_teacher")
    Enrollment.objects.create(
        section=w.sections["linked"],
        user=w.users["ended_enrollment"],
        role=Enrollment.Role.TEACHER,
        start_date=long_ago,
        end_date=yesterday,
    )
    w.users["school_admin"] = _user("school_admin")
    OrgRole.objects.create(user=w.users["school_admin"], school=s1, role=OrgRole.Role.PRINCIPAL)
    w.users["district_admin"] = _user("district_admin")
    OrgRole.objects.create(
        user=w.users["district_admin"], district=d1, role=OrgRole.Role.DISTRICT_ADMINISTRATOR
    )
    w.users["no_profile"] = _user("nobody")

    framework = create_framework(title="Linked Math", scale=four_level_scale(d1), district=d1)
    w.competencies["linked"] = add_competency(
        framework=framework, human_code="M.1", statement="Linked competency statement"
    )
    other_framework = create_framework(title="Other Math", scale=four_level_scale(d2), district=d2)
    w.competencies["other_district"] = add_competency(
        framework=other_framework, human_code="O.1", statement="Other statement"
    )
    for key, learner in w.learners.items():
        record_evidence(
            learner=learner,
            competency=w.competency_for(key),
            source="observation",
            level=3,
            note=f"Evidence note for {learner.user.last_name}",
        )

    other_admin = _user("other_district_admin")
    OrgRole.objects.create(user=other_admin, district=d2, role=OrgRole.Role.DISTRICT_ADMINISTRATOR)
    w.runs = {
        "linked": ImportRun.objects.create(
            kind=ImportRun.Kind.ROSTER,
            status=ImportRun.Status.REJECTED,
            source_name="linked-roster.zip",
            errors=["users.csv:2: username: linked run error"],
            created_by=w.users["district_admin"],
            created_at=clock.now(),
        ),
        "other_district": ImportRun.objects.create(
            kind=ImportRun.Kind.ROSTER,
            status=ImportRun.Status.REJECTED,
            source_name="other-roster.zip",
            errors=["users.csv:2: username: other run error"],
            created_by=other_admin,
            created_at=clock.now(),
        ),
    }
    extend_world(w)
    return w
