"""The demo school's learning team: what the demo sign-ins find, and a second load adds nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from trellis.apps.growth import access, selectors
from trellis.apps.growth.demo import load_demo_growth
from trellis.apps.growth.models import Goal, JournalComment, JournalEntry, Notification, TeamPost
from trellis.apps.imports.demo import load_demo
from trellis.lib import clock

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_the_demo_learning_team(settings: Any, tmp_path: Any) -> None:
    settings.DEMO_MODE = True
    load_demo(directory=tmp_path)
    learner = User.objects.get(username="learner").learner
    advisor, guardian = User.objects.get(username="advisor"), User.objects.get(username="guardian")

    profile = selectors.profile_values(learner)
    assert profile["interests"] and profile["accommodations"] and profile["strategies"]
    assert sorted(Goal.objects.filter(learner=learner).values_list("status", "changes_requested")) == [
        ("active", False),
        ("draft", True),
    ]
    entries = JournalEntry.objects.filter(learner=learner)
    assert (
        entries.filter(reflected_at__isnull=False).count() == 4 and entries.filter(day=clock.today()).exists()
    )
    authors = set(
        JournalComment.objects.filter(entry__learner=learner).values_list("author__username", flat=True)
    )
    assert authors == {"advisor", "guardian", "learner"}
    assert TeamPost.objects.filter(learner=learner, staff_only=True).exists()
    guardian_view = access.access_journal(guardian, learner.public_id, what="test")
    assert access.visible_entries(guardian_view).count() == 2

    board = selectors.advisory_board(access.advisees(advisor, what="test"), day=clock.today(), quiet_days=3)
    assert board.planned and board.awaiting and board.quiet
    assert any(row.themes for row in board.rows)
    assert Notification.objects.filter(recipient=learner.user).exists()
    assert mail.outbox == []  # the demo's history doesn't email anyone

    assert load_demo_growth() == []
    assert Goal.objects.filter(learner=learner).count() == 2
