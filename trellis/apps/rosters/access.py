"""Who may see which learner: the only place that decides it (DOMAIN.md, "Access policy").

A relationship counts only while its row is current (validity window contains today) and, for guardians,
only when the link is not restricted. Anything not granted here is denied, and a denied read looks exactly
like a missing record: `Http404`. Every read of a learner's record by someone other than the learner is
written to the audit log by the gateways below.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from trellis.apps.audit.services import record_reads
from trellis.lib import clock
from trellis.lib.compiled import ExistsChecks
from trellis.lib.models import current_on

from .models import (
    MENTOR_GRANTABLE_PARTS,
    Enrollment,
    Guardianship,
    Learner,
    OrgRole,
    RecordPart,
    School,
    Section,
    TeamMembership,
)

AnyUser = AbstractBaseUser | AnonymousUser | Any
TeamRole = TeamMembership.Role
SectionKind = Section.Kind
__all__ = ["MENTOR_GRANTABLE_PARTS", "RecordPart", "SectionKind", "TeamRole"]  # re-exported for interfaces

SELF = "self"
GUARDIAN_OF = "guardian_of"
ADVISOR_OF = "advisor_of"
TEACHER_OF_SECTION = "teacher_of_section"
MENTOR_GRANT = "mentor_grant"
OTHER_ADULT = "other_adult_grant"
SCHOOL_ADMIN_OF = "school_admin_of"
DISTRICT_ADMIN_OF = "district_admin_of"

ALL_PARTS = frozenset(RecordPart)
_PARTS_BY_RELATION: dict[str, frozenset[str]] = {
    SELF: ALL_PARTS,
    # Journal entries reach guardians only when the learner or school shares them (growth app decides).
    GUARDIAN_OF: ALL_PARTS - {RecordPart.JOURNAL},
    ADVISOR_OF: ALL_PARTS,
    TEACHER_OF_SECTION: frozenset(
        {RecordPart.IDENTITY, RecordPart.TEAM, RecordPart.SECTIONS, RecordPart.EVIDENCE, RecordPart.GOALS}
    ),
    SCHOOL_ADMIN_OF: ALL_PARTS,
    DISTRICT_ADMIN_OF: ALL_PARTS,
}
# The order in which a relation is named in the audit log when several apply.
_RELATION_PRECEDENCE = (
    SELF,
    ADVISOR_OF,
    GUARDIAN_OF,
    TEACHER_OF_SECTION,
    MENTOR_GRANT,
    OTHER_ADULT,
    SCHOOL_ADMIN_OF,
    DISTRICT_ADMIN_OF,
)
# Roles that run a school when held at a school, or every school of a district when held at the district.
SCHOOL_ADMIN_ROLES = (OrgRole.Role.ADMINISTRATOR, OrgRole.Role.PRINCIPAL, OrgRole.Role.SITE_ADMINISTRATOR)
DISTRICT_ADMIN_ROLES = (
    OrgRole.Role.DISTRICT_ADMINISTRATOR,
    OrgRole.Role.ADMINISTRATOR,
    OrgRole.Role.SYSTEM_ADMINISTRATOR,
)


@dataclass(frozen=True)
class LearnerAccess:
    """What one person may see of one learner's record, and why."""

    learner: Learner
    relations: frozenset[str]
    parts: frozenset[str]

    @property
    def relation(self) -> str:
        return next(r for r in _RELATION_PRECEDENCE if r in self.relations)

    @property
    def is_self(self) -> bool:
        return SELF in self.relations

    @property
    def manages(self) -> bool:
        return bool(self.relations & {SCHOOL_ADMIN_OF, DISTRICT_ADMIN_OF})

    def can_see(self, part: str) -> bool:
        return part in self.parts


def user_pk(user: AnyUser) -> int:
    """The signed-in person's database id (callers have checked `_signed_in`)."""
    assert user.pk is not None
    return int(user.pk)


def _signed_in(user: AnyUser | None) -> bool:
    return user is not None and user.is_authenticated and user.is_active


# --- building blocks (querysets of learners by relationship) ------------------------------------------


def _teacher_sections(user_id: int, on: dt.date) -> QuerySet[Enrollment]:
    return Enrollment.objects.filter(
        current_on(on), user_id=user_id, role__in=(Enrollment.Role.TEACHER, Enrollment.Role.AIDE)
    )


def _managed_schools(user_id: int, on: dt.date) -> QuerySet[School]:
    roles = OrgRole.objects.filter(current_on(on), user_id=user_id)
    school_roles = roles.filter(school__isnull=False, role__in=SCHOOL_ADMIN_ROLES).values("school_id")
    district_roles = roles.filter(district__isnull=False, role__in=DISTRICT_ADMIN_ROLES).values("district_id")
    return School.objects.filter(Q(id__in=school_roles) | Q(district_id__in=district_roles))


@dataclass(frozen=True)
class _Grant:
    """The rows that grant one relation to a person, and how they name the learner: `side` is their column
    (or path) that must equal the learner's `field`."""

    rows: QuerySet[Any]
    side: str
    field: str


def _grants(user_id: int, on: dt.date, *, only: str | None = None) -> dict[str, _Grant]:
    """For each relation but SELF (or `only` that one), what grants it to `user_id` now. The one statement
    of the policy's relations: list filters, per-learner annotations and the one-learner checks derive from
    it (`_relation_filters`, `_relation_annotations`, `_relations_to_one`)."""

    def membership(role: str) -> _Grant:
        rows = TeamMembership.objects.filter(current_on(on), user_id=user_id, role=role)
        return _Grant(rows, "team__learner_id", "pk")

    def admin(roles: tuple[str, ...], **where: Any) -> QuerySet[Any]:
        return OrgRole.objects.filter(current_on(on), user_id=user_id, role__in=roles, **where)

    grants: dict[str, Callable[[], _Grant]] = {
        GUARDIAN_OF: lambda: _Grant(
            Guardianship.objects.filter(current_on(on), guardian_id=user_id, restricted=False),
            "learner_id",
            "pk",
        ),
        ADVISOR_OF: lambda: membership(TeamMembership.Role.ADVISOR),
        TEACHER_OF_SECTION: lambda: _Grant(
            Enrollment.objects.filter(
                current_on(on),
                role=Enrollment.Role.LEARNER,
                section_id__in=_teacher_sections(user_id, on).values("section_id"),
            ),
            "user_id",
            "user_id",
        ),
        MENTOR_GRANT: lambda: membership(TeamMembership.Role.MENTOR),
        OTHER_ADULT: lambda: membership(TeamMembership.Role.OTHER_ADULT),
        SCHOOL_ADMIN_OF: lambda: _Grant(
            admin(SCHOOL_ADMIN_ROLES, school__isnull=False), "school_id", "school_id"
        ),
        DISTRICT_ADMIN_OF: lambda: _Grant(
            admin(DISTRICT_ADMIN_ROLES, district__isnull=False), "district__schools", "school_id"
        ),
    }
    return {name: build() for name, build in grants.items() if only in (None, name)}


def _relation_filters(user: AnyUser, on: dt.date, *, only: str | None = None) -> dict[str, Q]:
    """For each relation (or `only` that one), a filter on Learner that is true when `user` holds it now.
    Written as `field IN (the granting rows' learner column)`: SQLite evaluates a correlated EXISTS once per
    learner of the whole district (30 ms at 50k learners for one guardian's children), an IN list once."""
    filters = {SELF: Q(user_id=user_pk(user))}
    if only != SELF:
        for name, grant in _grants(user_pk(user), on, only=only).items():
            filters[name] = Q(**{f"{grant.field}__in": grant.rows.values(grant.side)})
    return {name: found for name, found in filters.items() if only in (None, name)}


def _relation_annotations(user: AnyUser, on: dt.date, names: Iterable[str]) -> dict[str, Any]:
    """For each named relation, a boolean to annotate learners with (true when `user` holds it now)."""
    grants = _grants(user_pk(user), on)
    return {
        name: Q(user_id=user_pk(user))
        if name == SELF
        else Exists(grants[name].rows.filter(**{grants[name].side: OuterRef(grants[name].field)}))
        for name in names
    }


def _one_learner_checks(
    user_id: int, on: dt.date, learner_id: int, learner_user_id: int, school_id: int
) -> dict[str, QuerySet[Any]]:
    """The relations' granting rows for one learner, for the checks compiled once (`_relations_to_one`)."""
    values = {"pk": learner_id, "user_id": learner_user_id, "school_id": school_id}
    return {
        name: grant.rows.filter(**{grant.side: values[grant.field]})
        for name, grant in _grants(user_id, on).items()
    }


# The gateway of every learner page: compiled once, answered in one statement (see trellis.lib.compiled).
_relations_to_one = ExistsChecks(
    _one_learner_checks, ints=("user_id", "learner_id", "learner_user_id", "school_id"), dates=("on",)
)


def learners_visible_to(user: AnyUser | None, *, on: dt.date | None = None) -> QuerySet[Learner]:
    """Every learner whose record `user` may open today (any part)."""
    if not _signed_in(user):
        return Learner.objects.none()
    assert user is not None
    on = on or clock.today()
    combined = Q()
    for condition in _relation_filters(user, on).values():
        combined |= condition
    return Learner.objects.filter(combined)


def learners_related_to(
    user: AnyUser | None, relation: str, *, on: dt.date | None = None
) -> QuerySet[Learner]:
    """The learners `user` holds one given relation to (e.g. ADVISOR_OF for an advisor's home)."""
    if not _signed_in(user):
        return Learner.objects.none()
    assert user is not None
    return Learner.objects.filter(_relation_filters(user, on or clock.today(), only=relation)[relation])


def relations_to(
    user: AnyUser | None, learner: Learner, *, on: dt.date | None = None
) -> LearnerAccess | None:
    """The relations `user` holds to `learner` now and the record parts they open; None if none."""
    if not _signed_in(user):
        return None
    assert user is not None
    on = on or clock.today()
    relations = _relations_of(user_pk(user), learner, on)
    if not relations:
        return None
    parts: set[str] = set()
    for relation in relations:
        if relation in (MENTOR_GRANT, OTHER_ADULT):
            parts |= _granted_parts(user, learner, on)
        else:
            parts |= _PARTS_BY_RELATION[relation]
    return LearnerAccess(learner=learner, relations=frozenset(relations), parts=frozenset(parts))


def _relations_of(user_id: int, learner: Learner, on: dt.date) -> set[str]:
    found = _relations_to_one(
        user_id=user_id,
        on=on,
        learner_id=learner.pk,
        learner_user_id=learner.user_id,
        school_id=learner.school_id,
    )
    relations = {name for name, holds in found.items() if holds}
    if learner.user_id == user_id:
        relations.add(SELF)
    return relations


def _granted_parts(user: AnyUser, learner: Learner, on: dt.date) -> set[str]:
    parts: set[str] = set()
    grants = TeamMembership.objects.filter(
        current_on(on),
        user_id=user_pk(user),
        team__learner=learner,
        role__in=(TeamMembership.Role.MENTOR, TeamMembership.Role.OTHER_ADULT),
    ).values_list("granted_parts", flat=True)
    for granted in grants:
        parts |= {p for p in granted if p in MENTOR_GRANTABLE_PARTS}
    return parts


def access_learner(
    user: AnyUser | None,
    learner_id: uuid.UUID | str,
    *,
    part: str = RecordPart.IDENTITY,
    what: str,
) -> LearnerAccess:
    """The gateway for reading one learner's record: 404 when missing or not allowed; audits others' reads."""
    try:
        learner = Learner.objects.select_related("user", "school").get(public_id=learner_id)
    except (Learner.DoesNotExist, ValueError, TypeError) as missing:
        raise Http404 from missing
    access = relations_to(user, learner)
    if access is None or not access.can_see(part):
        raise Http404
    if not access.is_self:
        assert user is not None
        audit_reads(user, [learner], relation=access.relation, what=what)
    return access


def access_learner_to_manage(
    user: AnyUser | None, learner_id: uuid.UUID | str, *, what: str
) -> LearnerAccess:
    """The gateway for changing a learner's team or links: school or district administrators only."""
    access = access_learner(user, learner_id, what=what)
    if not access.manages:
        raise Http404
    return access


# Who may record evidence about a learner (DOMAIN.md: advisors record evidence; teachers assess learners in
# their current sections; administrators of the school). Learners record only their own self-assessment.
ASSESSING_RELATIONS = frozenset({ADVISOR_OF, TEACHER_OF_SECTION, SCHOOL_ADMIN_OF, DISTRICT_ADMIN_OF})


def learners_to_assess(
    user: AnyUser | None, learner_ids: Iterable[uuid.UUID], *, what: str
) -> dict[uuid.UUID, LearnerAccess]:
    """Of these learners, the ones `user` may record evidence for (staff who assess them, or the learner —
    self-assessment only, see `may_record_source`), with why. A fixed number of queries however many learners
    (bulk evidence names thousands); reads are audited in one INSERT per relation; missing and forbidden look
    alike."""
    if not _signed_in(user):
        return {}
    assert user is not None
    names = [SELF, *sorted(ASSESSING_RELATIONS)]
    wanted = list(learner_ids)
    found = Learner.objects.filter(public_id__in=wanted).select_related("user", "school")
    relations_by_learner: list[tuple[Learner, frozenset[str]]]
    if len(wanted) == 1:
        # One evidence via the API: the compiled checks rather than an annotated query built per request.
        relations_by_learner = [
            (learner, frozenset(_relations_of(user_pk(user), learner, clock.today()) & set(names)))
            for learner in found
        ]
    else:
        flags = _relation_annotations(user, clock.today(), names)
        annotated = found.annotate(**{f"has_{name}": flag for name, flag in flags.items()})
        relations_by_learner = [
            (learner, frozenset(name for name in names if getattr(learner, f"has_{name}")))
            for learner in annotated
        ]
    granted: dict[uuid.UUID, LearnerAccess] = {}
    for learner, relations in relations_by_learner:
        if relations:
            parts: frozenset[str] = frozenset().union(*(_PARTS_BY_RELATION[r] for r in relations))
            granted[learner.public_id] = LearnerAccess(learner=learner, relations=relations, parts=parts)
    for relation in names:
        audit_reads(
            user,
            [a.learner for a in granted.values() if a.relation == relation],
            relation=relation,
            what=what,
        )
    return granted


def may_record_source(granted: LearnerAccess, source: str) -> bool:
    if granted.relations & ASSESSING_RELATIONS:
        return source != "self" or granted.is_self
    return granted.is_self and source == "self"


def audit_reads(user: AnyUser, learners: Iterable[Learner], *, relation: str, what: str) -> None:
    """Write one read event per learner (one INSERT), skipping the user's own record."""
    others = [learner.public_id for learner in learners if learner.user_id != user.pk]
    record_reads(actor_id=user.pk, subject_kind="learner", subject_ids=others, relation=relation, what=what)


# --- sections and schools -------------------------------------------------------------------------------


def sections_taught_by(
    user: AnyUser | None, *, on: dt.date | None = None, kind: str | None = None
) -> QuerySet[Section]:
    """Sections `user` teaches now; `kind` narrows to classes (scheduled) or advisories (homeroom)."""
    if not _signed_in(user):
        return Section.objects.none()
    assert user is not None
    return sections_taught_by_id(user_pk(user), on=on or clock.today(), kind=kind)


def sections_taught_by_id(user_id: int, *, on: dt.date, kind: str | None = None) -> QuerySet[Section]:
    """As sections_taught_by, for a signed-in person's id (for checks compiled once, trellis.lib.compiled)."""
    sections = Section.objects.filter(id__in=_teacher_sections(user_id, on).values("section_id"))
    return sections.filter(kind=kind) if kind else sections


def sections_visible_to(user: AnyUser | None, *, on: dt.date | None = None) -> QuerySet[Section]:
    """Sections whose roster `user` may open: their own teaching sections, or any in schools they run."""
    if not _signed_in(user):
        return Section.objects.none()
    assert user is not None
    on = on or clock.today()
    return Section.objects.filter(
        Q(id__in=_teacher_sections(user_pk(user), on).values("section_id"))
        | Q(school_id__in=_managed_schools(user_pk(user), on).values("id"))
    )


@dataclass(frozen=True)
class SectionAccess:
    section: Section
    relation: str  # TEACHER_OF_SECTION or SCHOOL_ADMIN_OF: why the roster may be read


# Asked on every section page: compiled once, answered in one statement (see trellis.lib.compiled).
_section_relations = ExistsChecks(
    lambda user_id, section_id, school_id, on: {
        "teaches": _teacher_sections(user_id, on).filter(section_id=section_id),
        "manages": _managed_schools(user_id, on).filter(id=school_id),
    },
    ints=("user_id", "section_id", "school_id"),
    dates=("on",),
)


def access_section(user: AnyUser | None, section_id: uuid.UUID | str) -> SectionAccess:
    """The gateway for a section's roster: its current teachers and administrators of its school."""
    if not _signed_in(user):
        raise Http404
    assert user is not None
    try:
        section = Section.objects.select_related("school", "course").get(public_id=section_id)
    except (Section.DoesNotExist, ValueError, TypeError, ValidationError) as missing:
        raise Http404 from missing
    found = _section_relations(
        user_id=user_pk(user), section_id=section.pk, school_id=section.school_id, on=clock.today()
    )
    if found["teaches"]:
        return SectionAccess(section, TEACHER_OF_SECTION)
    if found["manages"]:
        return SectionAccess(section, SCHOOL_ADMIN_OF)
    raise Http404


def schools_managed_by(user: AnyUser | None, *, on: dt.date | None = None) -> QuerySet[School]:
    if not _signed_in(user):
        return School.objects.none()
    assert user is not None
    return schools_managed_by_id(user_pk(user), on=on or clock.today())


def schools_managed_by_id(user_id: int, *, on: dt.date) -> QuerySet[School]:
    return _managed_schools(user_id, on).select_related("district")


def access_school(user: AnyUser | None, school_id: uuid.UUID | str) -> School:
    try:
        return schools_managed_by(user).get(public_id=school_id)
    except (School.DoesNotExist, ValueError, TypeError) as missing:
        raise Http404 from missing


def manages_any_district(user: AnyUser | None, *, on: dt.date | None = None) -> bool:
    if not _signed_in(user):
        return False
    assert user is not None
    return OrgRole.objects.filter(
        current_on(on or clock.today()),
        user_id=user_pk(user),
        district__isnull=False,
        role__in=DISTRICT_ADMIN_ROLES,
    ).exists()
