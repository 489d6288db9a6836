"""Notifications, for every audience: the list (who did what about which learner, with a link) and marking
them read. The navigation shows the unread count (one query, see `unread_count`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from trellis.apps.growth import notifications as growth_notifications
from trellis.apps.growth import selectors
from trellis.apps.growth.access import NotificationKind
from trellis.apps.rosters import access


def unread_count(user: Any) -> int:
    """Unread notifications of the signed-in person: one indexed query, for the navigation bar. The list
    page leaves out (and marks read) those about learners the person may no longer see, so the count
    settles on the first visit after a relationship ends."""
    return selectors.unread_total(user)


@dataclass(frozen=True)
class Shown:
    notification: Any
    sentence: str


# For each kind: the sentence for the learner the notification is about, and for anyone else on the team.
SENTENCES = {
    NotificationKind.JOURNAL_FEEDBACK: (
        gettext_lazy("%(actor)s left feedback on your journal."),
        gettext_lazy("%(actor)s left feedback on the journal of %(learner)s."),
    ),
    NotificationKind.JOURNAL_REPLY: (
        gettext_lazy("%(actor)s replied in your journal."),
        gettext_lazy("%(actor)s replied in the journal of %(learner)s."),
    ),
    NotificationKind.GOAL_DRAFTED: (
        gettext_lazy("%(actor)s drafted a goal with you."),
        gettext_lazy("A goal of %(learner)s is waiting to be agreed."),
    ),
    NotificationKind.GOAL_COMMENT: (
        gettext_lazy("%(actor)s commented on your goal."),
        gettext_lazy("%(actor)s commented on a goal of %(learner)s."),
    ),
    NotificationKind.GOAL_REVIEWED: (
        gettext_lazy("%(actor)s reviewed your goal."),
        gettext_lazy("%(actor)s reviewed a goal of %(learner)s."),
    ),
    NotificationKind.TEAM_MESSAGE: (
        gettext_lazy("%(actor)s wrote to your learning team."),
        gettext_lazy("%(actor)s wrote to the learning team of %(learner)s."),
    ),
    NotificationKind.PROFILE_COMMENT: (
        gettext_lazy("%(actor)s commented on your profile."),
        gettext_lazy("%(actor)s commented on the profile of %(learner)s."),
    ),
}


def sentence(notification: Any, viewer: Any) -> str:
    """What happened, in words: who did what about whose record (never what was written)."""
    mine, others = SENTENCES[notification.kind]
    template = mine if notification.learner.user_id == viewer.pk else others
    return str(template) % {
        "actor": notification.actor.display_name if notification.actor else _("Someone"),
        "learner": notification.learner.user.display_name,
    }


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    found = selectors.notifications_for(
        request.user, visible_learners=access.learners_visible_to(request.user)
    )
    growth_notifications.mark_stale_read(recipient=request.user, keep=[n.pk for n in found])
    return render(
        request,
        "components/notifications.html",
        {"items": [Shown(n, sentence(n, request.user)) for n in found]},
    )


@login_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    """Mark every notification read (the button on the list)."""
    growth_notifications.mark_read(recipient=request.user)
    return redirect("accounts:notifications")
