"""Telling the team that something new is waiting: in-app notifications and short emails with a link.

A notification says who did what about which learner and links to it; it never carries what was written,
and neither does the email (a link, read through the access gateways after signing in). Emails go through
Django's email backend (console by default, locmem in tests) after the transaction commits, in each
recipient's language.

Links name pages by their URL names; this module is the one place in the app layer that does.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from trellis.apps.rosters.models import Guardianship, Learner, RecordPart, TeamMembership
from trellis.lib import clock
from trellis.lib.models import current_on

from .models import Notification

_held = threading.local()


@contextmanager
def emails_held() -> Iterator[None]:
    """Create notifications without emailing them (the demo writes a week of history at once)."""
    previous = getattr(_held, "on", False)
    _held.on = True
    try:
        yield
    finally:
        _held.on = previous


def site_url() -> str:
    """Where the emails' links point (TRELLIS_SITE_URL in production)."""
    return str(settings.TRELLIS_SITE_URL).rstrip("/")


def absolute(path: str) -> str:
    return f"{site_url()}{path}"


# --- who is on a learner's team -----------------------------------------------------------------------


def team_people(learner: Learner) -> dict[str, list[Any]]:
    """The learner's team as people to tell, by role: "learner", "advisors", "guardians" (unrestricted,
    current) and "granted" (mentors and other adults whose grant includes the team part). Three queries."""
    on = clock.today()
    memberships = list(
        TeamMembership.objects.filter(current_on(on), team__learner=learner)
        .select_related("user")
        .filter(user__is_active=True)
    )
    guardians = [
        link.guardian
        for link in Guardianship.objects.filter(
            current_on(on), learner=learner, restricted=False, guardian__is_active=True
        ).select_related("guardian")
    ]
    return {
        "learner": [learner.user],
        "advisors": [m.user for m in memberships if m.role == TeamMembership.Role.ADVISOR],
        "guardians": guardians,
        "granted": [
            m.user
            for m in memberships
            if m.role != TeamMembership.Role.ADVISOR and RecordPart.TEAM in (m.granted_parts or [])
        ],
    }


# --- links ------------------------------------------------------------------------------------------


def link_to_entry(learner: Learner, entry_id: Any) -> Callable[[Any], str]:
    def link(user: Any) -> str:
        return reverse(
            "records:journal-entry", kwargs={"learner_id": learner.public_id, "entry_id": entry_id}
        )

    return link


def link_to_goal(learner: Learner, goal_id: Any) -> Callable[[Any], str]:
    def link(user: Any) -> str:
        return reverse("records:goal", kwargs={"learner_id": learner.public_id, "goal_id": goal_id})

    return link


def link_to_profile(learner: Learner) -> Callable[[Any], str]:
    def link(user: Any) -> str:
        if user.pk == learner.user_id:
            return reverse("learn:profile")
        return reverse("records:profile", kwargs={"learner_id": learner.public_id})

    return link


def link_to_team(learner: Learner) -> Callable[[Any], str]:
    def link(user: Any) -> str:
        return reverse("records:team", kwargs={"learner_id": learner.public_id})

    return link


# --- sending ----------------------------------------------------------------------------------------


def notify(
    *,
    kind: str,
    actor: Any,
    learner: Learner,
    recipients: Iterable[Any],
    link: Callable[[Any], str],
) -> list[Notification]:
    """One notification per recipient (never the actor, never twice), and an email with the link to those
    with an address, sent once the transaction commits."""
    seen: set[int] = {actor.pk} if actor is not None else set()
    people = []
    for person in recipients:
        if person.pk not in seen:
            seen.add(person.pk)
            people.append(person)
    now = clock.now()
    created = Notification.objects.bulk_create(
        [
            Notification(
                recipient=person, kind=kind, actor=actor, learner=learner, link=link(person), created_at=now
            )
            for person in people
        ]
    )
    emails = [
        (person.email, person.language, n.link)
        for person, n in zip(people, created, strict=True)
        if person.email
    ]
    if emails and not getattr(_held, "on", False):
        transaction.on_commit(lambda: _send_emails(kind, emails))
    return created


def _send_emails(kind: str, emails: list[tuple[str, str, str]]) -> None:
    for address, language, link in emails:
        with translation.override(language or settings.LANGUAGE_CODE):
            what = str(Notification.Kind(kind).label)
            subject = _("Trellis: %(what)s") % {"what": what}
            body = "\n\n".join(
                [
                    _("There is something new for you in Trellis: %(what)s.") % {"what": what.lower()},
                    _("Sign in to read it:") + "\n" + absolute(link),
                    _("This email has only a link; what was written stays in Trellis."),
                ]
            )
        send_mail(subject, body, None, [address], fail_silently=True)


@transaction.atomic
def mark_read(*, recipient: Any, ids: Iterable[int] | None = None) -> int:
    """Mark the recipient's unread notifications (all, or these) as read; returns how many."""
    unread = Notification.objects.filter(recipient=recipient, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=clock.now())


@transaction.atomic
def mark_stale_read(*, recipient: Any, keep: Iterable[int]) -> int:
    """Mark read the unread notifications the list no longer shows (about learners the recipient may not
    see any more, or beyond the list's length), so the navigation count matches the list."""
    return (
        Notification.objects.filter(recipient=recipient, read_at__isnull=True)
        .exclude(pk__in=list(keep))
        .update(read_at=clock.now())
    )
