"""The weekly family digest: for each guardian, one plain-text email per ISO week with each child's
headlines (counts, never what anyone wrote) and a link to the child's page, in the guardian's language.

Safe to run from cron as often as you like: a `DigestSent` row for (guardian, week) is written in the same
transaction as the decision to send, so a rerun — or two servers running it at once — sends each week's
digest once. If sending fails the transaction rolls back, and the next run tries again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from trellis.apps.rosters import access as rosters_access
from trellis.apps.rosters.models import Guardianship, Learner, Term
from trellis.lib import clock
from trellis.lib.models import current_on

from . import access, notifications, selectors
from .models import DigestSent


def week_start(day: dt.date) -> dt.date:
    """The Monday of the ISO week that contains the day."""
    return day - dt.timedelta(days=day.weekday())


@dataclass
class DigestRun:
    week_start: dt.date
    sent: list[int] = field(default_factory=list)  # guardians' user ids
    already_sent: int = 0
    without_children: int = 0


def guardians_to_write_to() -> Any:
    """Active guardians with an email address and at least one current, unrestricted link."""
    links = Guardianship.objects.filter(current_on(clock.today()), restricted=False)
    return (
        get_user_model()
        .objects.filter(is_active=True, pk__in=links.values("guardian_id"))
        .exclude(email="")
        .order_by("pk")
    )


def _term_start(on: dt.date) -> dt.datetime | None:
    terms = Term.objects.filter(start_date__lte=on, end_date__gte=on)
    shortest = min(terms, key=lambda t: t.end_date - t.start_date, default=None)
    return dt.datetime.combine(shortest.start_date, dt.time.min, tzinfo=dt.UTC) if shortest else None


def compose(guardian: Any, children: list[Learner], *, week: dt.date) -> tuple[str, str]:
    """The subject and body of one guardian's digest, in their language."""
    since = dt.datetime.combine(week, dt.time.min, tzinfo=dt.UTC)
    term_start = _term_start(clock.today())
    with translation.override(guardian.language or settings.LANGUAGE_CODE):
        subject = _("Trellis: your week, %(day)s") % {"day": date_format(week, "DATE_FORMAT")}
        lines = [
            _("Hello %(name)s,") % {"name": guardian.display_name},
            "",
            _("Here are this week's headlines. Open each link to read more."),
        ]
        for learner in children:
            granted = rosters_access.relations_to(guardian, learner)
            assert granted is not None  # the children come from the guardian's current links
            growth = access.GrowthAccess(granted)
            child = selectors.digest_child(
                learner, entries=access.visible_entries(growth), week_start=since, term_start=term_start
            )
            lines += ["", learner.user.display_name, "-" * len(learner.user.display_name)]
            lines.append(
                ngettext(
                    "Mastered %(n)s new skill this term.",
                    "Mastered %(n)s new skills this term.",
                    child.newly_mastered,
                )
                % {"n": child.newly_mastered}
            )
            if child.goals:
                average = round(sum(g.progress_percent for g in child.goals) / len(child.goals))
                lines.append(
                    ngettext(
                        "%(n)s current goal, %(p)s%% of the way on average.",
                        "%(n)s current goals, %(p)s%% of the way on average.",
                        len(child.goals),
                    )
                    % {"n": len(child.goals), "p": average}
                )
            else:
                lines.append(_("No current goals yet."))
            lines.append(
                ngettext(
                    "%(n)s new piece of feedback from the team this week.",
                    "%(n)s new pieces of feedback from the team this week.",
                    child.feedback,
                )
                % {"n": child.feedback}
            )
            lines.append(
                ngettext(
                    "%(n)s reflection shared with you this week.",
                    "%(n)s reflections shared with you this week.",
                    child.reflections,
                )
                % {"n": child.reflections}
            )
            link = notifications.absolute(reverse("family:portal", kwargs={"learner_id": learner.public_id}))
            lines.append(_("Read more: %(link)s") % {"link": link})
        lines += ["", _("You get this email once a week from your child's school.")]
    return subject, "\n".join(lines)


def send_weekly_digests(*, on: dt.date | None = None) -> DigestRun:
    """Send this week's digest to every guardian who hasn't had it yet (see the module's docstring)."""
    week = week_start(on or clock.today())
    run = DigestRun(week_start=week)
    for guardian in guardians_to_write_to():
        try:
            with transaction.atomic():
                _row, created = DigestSent.objects.get_or_create(guardian=guardian, week_start=week)
                if not created:
                    run.already_sent += 1
                    continue
                children = list(
                    rosters_access.learners_related_to(guardian, rosters_access.GUARDIAN_OF)
                    .select_related("user", "school")
                    .order_by("user__first_name")
                )
                if not children:
                    run.without_children += 1
                    transaction.set_rollback(True)
                    continue
                rosters_access.audit_reads(
                    guardian, children, relation=rosters_access.GUARDIAN_OF, what="weekly-digest"
                )
                subject, body = compose(guardian, children, week=week)
                send_mail(subject, body, None, [guardian.email], fail_silently=False)
                run.sent.append(guardian.pk)
        except IntegrityError:
            run.already_sent += 1  # another run recorded it between our look and our write
    return run
