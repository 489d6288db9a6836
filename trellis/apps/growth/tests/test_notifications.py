"""Notifications: one per person told (never the actor), and an email with a link only, in their language."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from trellis.apps.growth import notifications, services
from trellis.apps.growth.models import Notification
from trellis.apps.rosters.models import Learner, LearningTeam, RecordPart, TeamMembership

from .conftest import in_spanish

pytestmark = pytest.mark.django_db
HOSTILE = '<script>alert("x")</script> "><img src=x onerror=alert(1)> javascript:alert(1)'


def test_a_message_tells_the_team_and_emails_a_link_not_the_words(
    learner: Learner, advisor: Any, guardian: Any, django_capture_on_commit_callbacks: Any
) -> None:
    guardian.email = "rosa@example.org"
    guardian.save()
    advisor.email = "rivera@example.org"
    advisor.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.post_to_team(learner=learner, author=advisor, kind="message", body=f"Secret words {HOSTILE}")
    told = set(Notification.objects.values_list("recipient_id", flat=True))
    assert told == {learner.user.pk, guardian.pk}
    assert [m.to for m in mail.outbox] == [["rosa@example.org"]]
    email = mail.outbox[0]
    assert f"http://127.0.0.1:8000/learners/{learner.public_id}/team/" in email.body
    assert "Secret words" not in f"{email.subject} {email.body}"
    assert "<script" not in email.body


def test_staff_only_messages_reach_the_advisors_only(
    learner: Learner, advisor: Any, guardian: Any, school: Any
) -> None:
    from django.contrib.auth import get_user_model

    second = get_user_model().objects.create_user(username="coadvisor")
    TeamMembership.objects.create(team=LearningTeam.objects.get(learner=learner), user=second, role="advisor")
    services.post_to_team(learner=learner, author=advisor, kind="message", body="Between us", staff_only=True)
    assert set(Notification.objects.values_list("recipient_id", flat=True)) == {second.pk}


def test_a_mentor_is_told_only_when_granted_the_team_part(learner: Learner, advisor: Any) -> None:
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    granted = users.create_user(username="granted")
    not_granted = users.create_user(username="notgranted")
    team = LearningTeam.objects.get(learner=learner)
    TeamMembership.objects.create(team=team, user=granted, role="mentor", granted_parts=[RecordPart.TEAM])
    TeamMembership.objects.create(
        team=team, user=not_granted, role="mentor", granted_parts=[RecordPart.GOALS]
    )
    services.post_to_team(learner=learner, author=advisor, kind="message", body="Hello")
    assert set(Notification.objects.values_list("recipient_id", flat=True)) == {learner.user.pk, granted.pk}


def test_notes_are_kept_quietly(learner: Learner, advisor: Any) -> None:
    services.post_to_team(learner=learner, author=advisor, kind="note", body="Pickup on Thursdays is grandma")
    assert not Notification.objects.exists()


def test_the_email_is_in_the_recipients_language(
    learner: Learner, advisor: Any, guardian: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """Rosa reads Spanish: her email is in Spanish (passes once the Spanish catalogue has these strings)."""
    guardian.email = "rosa@example.org"
    guardian.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.post_to_team(learner=learner, author=advisor, kind="message", body="Hola")
    assert in_spanish("Sign in to read it:") in mail.outbox[0].body
    assert in_spanish("A new message from the learning team").lower() in mail.outbox[0].body


def test_marking_read(learner: Learner, advisor: Any) -> None:
    services.post_to_team(learner=learner, author=advisor, kind="message", body="One")
    services.post_to_team(learner=learner, author=advisor, kind="message", body="Two")
    assert notifications.mark_read(recipient=learner.user) == 2
    assert not Notification.objects.filter(read_at__isnull=True).exists()
