"""The weekly digest: once per guardian per ISO week whatever runs it, counts not words, in their language."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command

from trellis.apps.audit.models import AuditEvent
from trellis.apps.growth import digests, services
from trellis.apps.growth.models import DigestSent
from trellis.apps.rosters.models import Guardianship, Learner
from trellis.lib import clock

from .conftest import in_spanish

pytestmark = pytest.mark.django_db
WEDNESDAY = dt.datetime(2026, 3, 4, 18, 0, tzinfo=dt.UTC)
HOSTILE = '<script>alert("x")</script>'


@pytest.fixture
def family(learner: Learner, guardian: Any, advisor: Any) -> Any:
    guardian.email = "rosa@example.org"
    guardian.language = "en"
    guardian.save()
    return guardian


def test_running_twice_in_a_week_sends_once(family: Any) -> None:
    with clock.frozen_at(WEDNESDAY):
        call_command("send_digests", stdout=StringIO())
        out = StringIO()
        call_command("send_digests", stdout=out)
    assert len(mail.outbox) == 1
    assert "sent 0 digest(s); 1 already sent this week" in out.getvalue()
    assert list(DigestSent.objects.values_list("week_start", flat=True)) == [dt.date(2026, 3, 2)]
    with clock.frozen_at(WEDNESDAY + dt.timedelta(days=6)):
        digests.send_weekly_digests()
    assert len(mail.outbox) == 2


def test_a_failed_send_is_not_recorded_so_the_next_run_retries(
    family: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise OSError("mail server down")

    monkeypatch.setattr(digests, "send_mail", broken)
    with clock.frozen_at(WEDNESDAY), pytest.raises(OSError, match="mail server down"):
        digests.send_weekly_digests()
    assert not DigestSent.objects.exists()
    monkeypatch.undo()
    with clock.frozen_at(WEDNESDAY):
        digests.send_weekly_digests()
    assert len(mail.outbox) == 1


def test_the_digest_has_headlines_and_a_link_never_what_was_written(
    family: Any, learner: Learner, advisor: Any
) -> None:
    with clock.frozen_at(WEDNESDAY):
        goal = services.draft_goal(
            learner=learner, drafted_by=learner.user, title=f"Goal {HOSTILE}", steps=["a", "b"]
        )
        services.agree_goal(goal=goal, agreed_by=advisor, note=f"Note {HOSTILE}")
        services.set_step_done(goal=goal, position=1, done=True)
        entry = services.reflect_on_day(
            learner=learner,
            what_worked=f"Worked {HOSTILE}",
            what_didnt="",
            next_steps="",
            share_with_guardians=True,
        )
        services.comment_on_entry(entry=entry, author=advisor, body=f"Feedback {HOSTILE}")
        digests.send_weekly_digests()
    body = mail.outbox[0].body
    assert "1 current goal, 50% of the way on average." in body
    assert "2 new pieces of feedback from the team this week." in body
    assert "1 reflection shared with you this week." in body
    assert f"http://127.0.0.1:8000/family/children/{learner.public_id}/" in body
    assert "script" not in body and "Worked" not in body and "Feedback" not in body
    assert AuditEvent.objects.filter(actor_id=family.pk, subject_id=learner.public_id).exists()


def test_no_digest_for_restricted_links_guardians_without_email_or_inactive_accounts(
    learner: Learner,
) -> None:
    users = get_user_model().objects
    restricted = users.create_user(username="restricted", email="r@example.org")
    Guardianship.objects.create(guardian=restricted, learner=learner, restricted=True)
    no_email = users.create_user(username="noemail")
    Guardianship.objects.create(guardian=no_email, learner=learner)
    inactive = users.create_user(username="inactive", email="i@example.org", is_active=False)
    Guardianship.objects.create(guardian=inactive, learner=learner)
    run = digests.send_weekly_digests()
    assert run.sent == [] and mail.outbox == []


def test_the_digest_is_in_the_guardians_language(family: Any) -> None:
    """Rosa reads Spanish (passes once the Spanish catalogue has these strings)."""
    family.language = "es"
    family.save()
    with clock.frozen_at(WEDNESDAY):
        digests.send_weekly_digests()
    body = mail.outbox[0].body
    assert in_spanish("Here are this week's headlines. Open each link to read more.") in body
    assert in_spanish("No current goals yet.") in body
