"""The team's pages about one learner: goals agreed on the page, feedback and replies on the journal,
what each person sees on the team page, and the profile's history."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from trellis.apps.growth import services
from trellis.apps.growth.models import Goal, JournalComment, TeamPost
from trellis.lib import clock
from trellis.web.components.tests.learning_team import NOW, build_team, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def team() -> Any:
    with clock.frozen_at(NOW):
        yield build_team()


def test_the_advisor_asks_for_changes_then_agrees_on_the_goal_page(team: Any) -> None:
    t = team
    goal = services.draft_goal(learner=t.learner, drafted_by=t.learner.user, title="Run a bake sale")
    url = reverse("records:goal-review", args=[t.learner.public_id, goal.public_id])
    advisor = client_for(t.advisor)
    page = advisor.post(url, {"action": "changes", "note": ""}).content.decode()
    assert "Say what you&#x27;d like changed, so the learner knows what to do." in page
    advisor.post(url, {"action": "changes", "note": "Add how you'll know"})
    learner_page = client_for(t.learner.user).get(
        reverse("records:goal", args=[t.learner.public_id, goal.public_id])
    )
    text = learner_page.content.decode()
    assert "Changes were asked for" in text and "Add how you&#x27;ll know" in text
    assert "Change my draft" in text and "Agree to this goal" not in text
    client_for(t.learner.user).post(
        reverse("records:goal-edit", args=[t.learner.public_id, goal.public_id]),
        {"title": "Run a bake sale", "how_i_will_know": "We raise $50", "steps": "Plan\nBake", "due_on": ""},
    )
    response = advisor.post(url, {"action": "agree", "note": "Go for it"})
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.status == Goal.Status.AGREED and goal.how_i_will_know == "We raise $50"
    assert [s.text for s in goal.steps.all()] == ["Plan", "Bake"]


def test_a_guardian_comments_but_may_not_review_a_goal(team: Any) -> None:
    t = team
    goal = services.draft_goal(learner=t.learner, drafted_by=t.learner.user, title="Read more")
    guardian = client_for(t.guardian)
    page = guardian.get(reverse("records:goal", args=[t.learner.public_id, goal.public_id])).content.decode()
    assert "Agree to this goal" not in page
    denied = guardian.post(
        reverse("records:goal-review", args=[t.learner.public_id, goal.public_id]), {"action": "agree"}
    )
    assert denied.status_code == 404
    guardian.post(
        reverse("records:goal-comment", args=[t.learner.public_id, goal.public_id]), {"body": "¡Ánimo!"}
    )
    assert [c.body for c in goal.comments.all()] == ["¡Ánimo!"]
    goal.refresh_from_db()
    assert goal.status == Goal.Status.DRAFT


def test_the_learner_ticks_steps_once_agreed(team: Any) -> None:
    t = team
    goal = services.draft_goal(
        learner=t.learner, drafted_by=t.learner.user, title="Read", steps=["One", "Two"]
    )
    services.agree_goal(goal=goal, agreed_by=t.advisor)
    client_for(t.learner.user).post(
        reverse("records:goal-step", args=[t.learner.public_id, goal.public_id]),
        {"position": "2", "done": "yes"},
    )
    t.guardian.language = "en"  # Rosa reads Spanish; this test reads the English words
    t.guardian.save()
    page = client_for(t.guardian).get(reverse("records:goal", args=[t.learner.public_id, goal.public_id]))
    assert "1 of 2 steps done" in page.content.decode()
    assert (
        client_for(t.advisor)
        .post(
            reverse("records:goal-step", args=[t.learner.public_id, goal.public_id]),
            {"position": "1", "done": "yes"},
        )
        .status_code
        == 404
    )


def test_feedback_and_replies_on_a_shared_entry(team: Any) -> None:
    t = team
    with clock.frozen_at(NOW):
        shared = services.reflect_on_day(
            learner=t.learner,
            what_worked="Group work",
            what_didnt="",
            next_steps="",
            share_with_guardians=True,
        )
        url = reverse("records:journal-comment", args=[t.learner.public_id, shared.public_id])
        client_for(t.guardian).post(url, {"body": "Me alegra mucho"})
        client_for(t.learner.user).post(url, {"body": "Gracias, mamá"})
        page = client_for(t.learner.user).get(
            reverse("records:journal-entry", args=[t.learner.public_id, shared.public_id])
        )
    text = page.content.decode()
    assert "Me alegra mucho" in text and "Gracias, mamá" in text
    assert [c.author for c in JournalComment.objects.order_by("pk")] == [t.guardian, t.learner.user]


def test_an_unshared_entry_is_missing_for_guardians_and_the_learner_shares_it(team: Any) -> None:
    t = team
    with clock.frozen_at(NOW):
        entry = services.reflect_on_day(
            learner=t.learner, what_worked="Private thoughts", what_didnt="", next_steps=""
        )
        entry_url = reverse("records:journal-entry", args=[t.learner.public_id, entry.public_id])
        guardian = client_for(t.guardian)
        assert guardian.get(entry_url).status_code == 404
        assert (
            "Private thoughts"
            not in guardian.get(reverse("records:journal", args=[t.learner.public_id])).content.decode()
        )
        client_for(t.learner.user).post(
            reverse("records:journal-share", args=[t.learner.public_id, entry.public_id]), {"shared": "yes"}
        )
        assert "Private thoughts" in guardian.get(entry_url).content.decode()
        # A teacher who only teaches the learner has no journal; a sibling's guardian sees nothing at all.
        assert client_for(t.teacher).get(entry_url).status_code == 404
        assert client_for(t.siblings_guardian).get(entry_url).status_code == 404
        assert client_for(t.restricted).get(entry_url).status_code == 404


def test_the_team_page_as_each_person_sees_it(team: Any) -> None:
    t = team
    services.post_to_team(
        learner=t.learner, author=t.guardian, kind="message", body="Mia has a dentist visit"
    )
    services.post_to_team(
        learner=t.learner, author=t.advisor, kind="note", body="IEP meeting soon", staff_only=True
    )
    url = reverse("records:team", args=[t.learner.public_id])
    seen = {}
    for name, user in {
        "learner": t.learner.user,
        "guardian": t.guardian,
        "advisor": t.advisor,
        "mentor": t.mentor,
        "teacher": t.teacher,
        "principal": t.principal,
    }.items():
        body = client_for(user).get(url).content.decode()
        seen[name] = ("dentist visit" in body, "IEP meeting" in body, "Elena Rivera" in body)
    assert seen == {
        "learner": (True, False, True),
        "guardian": (True, False, True),
        "advisor": (True, True, True),
        "mentor": (True, False, True),
        "teacher": (False, False, True),
        "principal": (True, True, True),
    }
    client_for(t.learner.user).post(
        reverse("records:team-post", args=[t.learner.public_id]),
        {"kind": "message", "body": "Thanks!", "staff_only": "yes"},
    )
    assert (
        TeamPost.objects.get(body="Thanks!").staff_only is False
    )  # only staff may keep a post from the family


def test_profile_edits_by_the_team_are_in_the_history(team: Any) -> None:
    t = team
    client_for(t.guardian).post(
        reverse("records:profile", args=[t.learner.public_id]), {"strengths": "Kind to her brother"}
    )
    client_for(t.advisor).post(
        reverse("records:profile", args=[t.learner.public_id]), {"accommodations": "Seat near the front"}
    )
    history = client_for(t.learner.user).get(reverse("records:profile-history", args=[t.learner.public_id]))
    text = history.content.decode()
    assert "Kind to her brother" in text and "Rosa Santos" in text
    assert "Seat near the front" not in text  # accommodations are the staff's
    assert (
        "Seat near the front"
        in client_for(t.principal)
        .get(reverse("records:profile-history", args=[t.learner.public_id]))
        .content.decode()
    )
    # A guardian can't write accommodations even by sending the field.
    client_for(t.guardian).post(
        reverse("records:profile", args=[t.learner.public_id]), {"accommodations": "x"}
    )
    assert (
        "Seat near the front"
        in client_for(t.advisor).get(reverse("records:profile", args=[t.learner.public_id])).content.decode()
    )
