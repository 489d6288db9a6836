"""A section's pathways page: what each learner chose and why, who is ready or stuck, groups; steering by
the section's teacher (priorities, locks, ways, assignments); administrators read but don't steer."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from trellis.apps.pathways import selectors, services
from trellis.apps.pathways.models import Assignment, DemonstrationWays, Steer
from trellis.apps.pathways.tests.conftest import School7, master, pinned, world  # noqa: F401
from trellis.apps.rosters.models import OrgRole

pytestmark = pytest.mark.django_db


@pytest.fixture
def started(world: School7) -> School7:  # noqa: F811
    master(world.learner, world.c["6.A"], days_ago=3)
    master(world.classmate, world.c["6.A"], days_ago=8)
    return world


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user, backend="trellis.apps.accounts.backends.TrellisBackend")
    return client


def url(w: School7, name: str = "teach:pathways") -> str:
    return reverse(name, kwargs={"section_id": w.section.public_id})


def test_the_teacher_sees_each_choice_and_why_and_who_is_ready(started: School7) -> None:
    step = next(s for s in selectors.learner_path(started.learner).steps if s.reasons[0].code == "unlocks")
    services.choose_step(learner=started.learner, activity_id=step.activity.public_id)
    body = client_for(started.teacher).get(url(started)).content.decode()
    assert step.activity.title in body and ("Started" in body or "Chosen" in body)
    assert "Just mastered 6.A, which unlocks this." in body  # the reasons, said about the learner
    assert 'Ready for <span class="code">5.Z</span>' in body  # both learners: a suggested group
    assert "Ana Rivera" in body and "Ben Rivera" in body


def test_the_teacher_prioritizes_locks_and_clears(started: School7) -> None:
    teacher = client_for(started.teacher)
    d = str(started.c["7.D"].public_id)
    assert (
        teacher.post(
            url(started, "teach:pathways-steer"), {"competency": d, "action": "priority"}
        ).status_code
        == 302
    )
    assert Steer.objects.get().kind == "priority"
    teacher.post(url(started, "teach:pathways-steer"), {"competency": d, "action": "lock"})
    assert Steer.objects.get().kind == "lock"
    teacher.post(url(started, "teach:pathways-steer"), {"competency": d, "action": "clear"})
    assert not Steer.objects.exists()
    response = teacher.post(url(started, "teach:pathways-steer"), {"competency": d, "action": "explode"})
    assert response.status_code == 200 and "Choose to prioritize, lock or clear" in response.content.decode()
    assert not Steer.objects.exists()


def test_the_teacher_narrows_the_ways_and_assigns_to_a_group(started: School7) -> None:
    teacher = client_for(started.teacher)
    d = started.c["7.D"]
    teacher.post(
        url(started, "teach:pathways-ways"),
        {"competency": str(d.public_id), "ways": ["project", "presentation"]},
    )
    assert DemonstrationWays.objects.get().ways == ["project", "presentation"]
    response = teacher.post(
        url(started, "teach:pathways-assign"),
        {
            "activity": str(started.activities["video D"].public_id),
            "learners": [str(started.learner.public_id), str(started.classmate.public_id)],
            "due_date": "2026-03-09",
        },
    )
    assert response.status_code == 302
    assert Assignment.objects.filter(ended_at__isnull=True).count() == 2
    one = Assignment.objects.get(learner=started.learner)
    teacher.post(url(started, "teach:pathways-end-assignment"), {"assignment": str(one.public_id)})
    one.refresh_from_db()
    assert one.ended_at is not None
    bad = teacher.post(
        url(started, "teach:pathways-assign"),
        {"activity": str(started.activities["video D"].public_id), "due_date": "soon"},
    )
    assert "Give the due date as a date" in bad.content.decode()
    everyone = teacher.post(
        url(started, "teach:pathways-assign"),
        {"activity": str(started.activities["practice A"].public_id), "everyone": "on"},
    )
    assert (
        everyone.status_code == 302
        and Assignment.objects.filter(activity=started.activities["practice A"]).count() == 2
    )


def test_an_administrator_reads_but_does_not_steer(started: School7) -> None:
    principal = get_user_model().objects.create_user(username="principal")
    OrgRole.objects.create(user=principal, school=started.school, role=OrgRole.Role.PRINCIPAL)
    client = client_for(principal)
    body = client.get(url(started)).content.decode()
    assert "Ana Rivera" in body and "Prioritize" not in body
    response = client.post(
        url(started, "teach:pathways-steer"),
        {"competency": str(started.c["7.D"].public_id), "action": "lock"},
    )
    assert response.status_code == 404 and not Steer.objects.exists()
