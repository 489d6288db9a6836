"""My path: several options with reasons, one click from choosing to working, the plan and pace, how to
show mastery; bad requests change nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from trellis.apps.learning.models import PracticeSession
from trellis.apps.pathways.models import Choice, DemonstrationChoice
from trellis.apps.pathways.tests.conftest import School7, master, pinned, world  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def started(world: School7) -> School7:  # noqa: F811
    master(world.learner, world.c["5.Z"], days_ago=100)
    master(world.learner, world.c["6.A"], days_ago=3)
    return world


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user, backend="trellis.apps.accounts.backends.TrellisBackend")
    return client


def test_my_path_offers_several_options_with_reasons_and_the_plan(started: School7) -> None:
    page = client_for(started.learner.user).get(reverse("learn:path"))
    body = page.content.decode()
    assert page.status_code == 200
    assert body.count('name="activity"') >= 3
    assert "You just mastered 6.A, which unlocks this." in body
    assert "Due for review, to keep 5.Z fresh." in body
    assert "On your plan: 7.C by" in body
    assert "Behind pace" in body and "competencies to go" in body
    assert "How I'll show what I know" in body


def test_choosing_a_practice_set_starts_it_and_the_choice_shows(started: School7) -> None:
    client = client_for(started.learner.user)
    practice = started.activities["practice B"]
    response = client.post(reverse("learn:path-choose"), {"activity": str(practice.public_id)})
    session = PracticeSession.objects.get(learner=started.learner, activity=practice)
    assert response.status_code == 302
    assert response["Location"] == reverse("learn:practice", kwargs={"session_id": session.public_id})
    body = client.get(reverse("learn:path")).content.decode()
    assert "Unit rate practice" in body and "Started" in body and "option" in body


def test_choosing_a_reading_opens_it_and_it_can_be_marked_done(started: School7) -> None:
    client = client_for(started.learner.user)
    reading = started.activities["reading B"]
    response = client.post(reverse("learn:path-choose"), {"activity": str(reading.public_id)})
    assert response["Location"] == reverse("learn:path-activity", kwargs={"activity_id": reading.public_id})
    page = client.get(response["Location"]).content.decode()
    assert "Song tempos as rates" in page and "I've done it" in page
    choice = Choice.objects.get(learner=started.learner)
    assert client.post(reverse("learn:path-done"), {"choice": str(choice.public_id)}).status_code == 302
    choice.refresh_from_db()
    assert choice.completed_at is not None


def test_choosing_a_task_opens_its_hand_in_page(started: School7) -> None:
    task = started.activities["task D"]
    client = client_for(started.learner.user)
    assert str(task.public_id) in client.get(reverse("learn:path")).content.decode()
    response = client.post(reverse("learn:path-choose"), {"activity": str(task.public_id)})
    assert response["Location"] == reverse("learn:activity", kwargs={"activity_id": task.public_id})


def test_choosing_how_to_show_mastery(started: School7) -> None:
    client = client_for(started.learner.user)
    response = client.post(
        reverse("learn:path-demonstrate"),
        {"competency": str(started.c["7.D"].public_id), "way": "presentation"},
    )
    assert response.status_code == 302
    assert DemonstrationChoice.objects.get(learner=started.learner).way == "presentation"
    assert "Your choice: Presentation" in client.get(reverse("learn:path")).content.decode()


@pytest.mark.parametrize(
    ("url", "data", "message"),
    [
        ("learn:path-choose", {"activity": "nope"}, "That option is no longer on your path."),
        ("learn:path-done", {}, "Choose a lesson, reading or video you picked from your path."),
        ("learn:path-demonstrate", {"competency": "x", "way": "dance"}, "Choose a competency from your plan"),
    ],
)
def test_bad_requests_say_what_to_do_and_change_nothing(
    started: School7, url: str, data: dict[str, str], message: str
) -> None:
    response = client_for(started.learner.user).post(reverse(url), data)
    assert response.status_code == 200 and message in response.content.decode()
    assert not Choice.objects.exists() and not DemonstrationChoice.objects.exists()
    assert not PracticeSession.objects.exists()


def test_someone_else_gets_no_path(started: School7) -> None:
    teacher = client_for(started.teacher)
    assert teacher.get(reverse("learn:path")).status_code == 404
    assert (
        teacher.post(
            reverse("learn:path-choose"), {"activity": str(started.activities["practice B"].public_id)}
        ).status_code
        == 404
    )
    assert not Choice.objects.exists()
