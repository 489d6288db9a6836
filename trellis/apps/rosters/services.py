"""Every write to schools, teams and links made in the app (the roster importer writes its own rows)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from trellis.apps.audit.services import record_event
from trellis.lib import clock
from trellis.lib.errors import ServiceError

from .models import MENTOR_GRANTABLE_PARTS, Guardianship, Learner, LearningTeam, RecordPart, TeamMembership

User = get_user_model()


def _check(instance: object) -> None:
    try:
        instance.full_clean()  # type: ignore[attr-defined]
    except ValidationError as invalid:
        raise ServiceError("; ".join(invalid.messages)) from invalid


def _audit_write(actor: object, learner: Learner, what: str) -> None:
    record_event(
        actor_id=getattr(actor, "pk", None),
        action="write",
        subject_kind="learner",
        subject_id=learner.public_id,
        relation="manager",
        what=what,
    )


@transaction.atomic
def add_team_member(
    *,
    actor: object,
    learner: Learner,
    username: str,
    role: str,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    granted_parts: Iterable[str] = (),
    note: str = "",
) -> TeamMembership:
    """Put an adult on a learner's team. Mentors and other adults need an end date and the parts they may
    see; health and special-education parts can never be granted to them."""
    try:
        user = User.objects.get(username=username, is_active=True)
    except User.DoesNotExist as missing:
        raise ServiceError(
            _("No active account has the username “%(name)s”.") % {"name": username}, field="username"
        ) from missing
    if user.pk == learner.user_id:
        raise ServiceError(_("A learner cannot be on their own team as an adult."), field="username")
    if role not in TeamMembership.Role.values:
        raise ServiceError(_("Choose advisor, mentor or other adult."), field="role")
    parts = sorted(set(granted_parts))
    start_date = start_date or clock.today()
    if role == TeamMembership.Role.ADVISOR:
        parts = []
    else:
        not_grantable = [p for p in parts if p not in MENTOR_GRANTABLE_PARTS]
        if not_grantable:
            names = ", ".join(
                str(RecordPart(p).label) if p in RecordPart.values else p for p in not_grantable
            )
            raise ServiceError(
                _("These parts can't be granted to a mentor: %(parts)s.") % {"parts": names},
                field="granted_parts",
            )
        if not parts:
            raise ServiceError(
                _("Choose at least one part of the record this person may see."), field="granted_parts"
            )
        if end_date is None:
            raise ServiceError(_("A mentor's access must end: give an end date."), field="end_date")
    if end_date is not None and end_date < start_date:
        raise ServiceError(_("The end date is before the start date."), field="end_date")
    team, _created = LearningTeam.objects.get_or_create(learner=learner)
    membership = TeamMembership(
        team=team,
        user=user,
        role=role,
        start_date=start_date,
        end_date=end_date,
        granted_parts=parts,
        note=note,
        source=TeamMembership.Source.APP,
        granted_by=actor if getattr(actor, "pk", None) else None,  # type: ignore[misc]
    )
    _check(membership)
    membership.save()
    _audit_write(actor, learner, f"team: added {role}")
    return membership


@transaction.atomic
def end_team_membership(
    *, actor: object, membership: TeamMembership, on: dt.date | None = None
) -> TeamMembership:
    """End a membership today: access ends at once, and the row stays, so the team's history stays readable.
    A membership that began today ends before it began, so its window is empty."""
    last_day = (on or clock.today()) - dt.timedelta(days=1)
    if membership.end_date is not None and membership.end_date <= last_day:
        raise ServiceError(_("This membership has already ended."))
    membership.end_date = last_day
    membership.save(update_fields=["end_date"])
    _audit_write(actor, membership.team.learner, f"team: ended {membership.role}")
    return membership


@transaction.atomic
def set_guardianship_restriction(
    *, actor: object, guardianship: Guardianship, restricted: bool, note: str = ""
) -> Guardianship:
    """Restrict (e.g. by court order) or restore a guardian's link. A restricted link grants nothing."""
    if restricted and not note.strip():
        raise ServiceError(
            _("Say why the link is restricted (for example, the court order's date)."), field="note"
        )
    guardianship.restricted = restricted
    guardianship.restriction_note = note.strip()[:500] if restricted else ""
    guardianship.save(update_fields=["restricted", "restriction_note"])
    _audit_write(
        actor, guardianship.learner, "guardianship: restricted" if restricted else "guardianship: restored"
    )
    return guardianship


@transaction.atomic
def add_guardianship(
    *, actor: object, learner: Learner, username: str, relationship: str = Guardianship.Relationship.GUARDIAN
) -> Guardianship:
    """Link a guardian or adult advocate to a learner from the app (beside the roster's links)."""
    try:
        guardian = User.objects.get(username=username, is_active=True)
    except User.DoesNotExist as missing:
        raise ServiceError(
            _("No active account has the username “%(name)s”.") % {"name": username}, field="username"
        ) from missing
    if guardian.pk == learner.user_id:
        raise ServiceError(_("A learner cannot be their own guardian."), field="username")
    if Guardianship.objects.filter(guardian=guardian, learner=learner).exists():
        raise ServiceError(_("This person is already linked to the learner."), field="username")
    link = Guardianship(
        guardian=guardian,
        learner=learner,
        relationship=relationship,
        start_date=clock.today(),
        source=Guardianship.Source.APP,
    )
    _check(link)
    link.save()
    _audit_write(actor, learner, "guardianship: added")
    return link
