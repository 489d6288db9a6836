"""What's next: a guardian reads each linked child's plan, pace and next steps in plain words; a
restricted link shows nothing."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from trellis.apps.audit.models import AuditEvent
from trellis.apps.pathways.tests.conftest import School7, master, pinned, world  # noqa: F401
from trellis.apps.rosters.models import Guardianship

pytestmark = pytest.mark.django_db


def test_guardians_see_their_childs_next_steps_in_plain_words(world: School7) -> None:  # noqa: F811
    master(world.learner, world.c["6.A"], days_ago=3)
    parent = get_user_model().objects.create_user(username="parent")
    Guardianship.objects.create(guardian=parent, learner=world.learner)
    blocked = get_user_model().objects.create_user(username="blocked")
    Guardianship.objects.create(
        guardian=blocked, learner=world.learner, restricted=True, restriction_note="order"
    )
    client = Client()
    client.force_login(parent, backend="trellis.apps.accounts.backends.TrellisBackend")
    body = client.get(reverse("family:whats-next")).content.decode()
    assert "Ana Rivera" in body and "Next steps to choose from" in body
    assert "Just mastered 6.A, which unlocks this." in body and "competencies to go" in body
    assert AuditEvent.objects.filter(actor_id=parent.pk, subject_id=world.learner.public_id).exists()
    client.force_login(blocked, backend="trellis.apps.accounts.backends.TrellisBackend")
    page = client.get(reverse("family:whats-next"))
    assert page.status_code == 200 and "Ana Rivera" not in page.content.decode()
