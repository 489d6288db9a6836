"""Stored text can't become markup anywhere it is shown: every free-text field of the learning team is
filled with a script tag, an attribute break-out, a `javascript:` link, and read back on every page that
shows it, by each person who sees it, and in the emails and the digest."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from trellis.apps.growth import digests, services
from trellis.lib import clock
from trellis.web.components.tests.learning_team import (
    HOSTILE,
    NOW,
    assert_no_raw_markup,
    build_team,
    client_for,
)

pytestmark = pytest.mark.django_db


def _fill_everything(t: Any) -> dict[str, Any]:
    learner = t.learner
    services.update_profile(
        learner=learner,
        changed_by=learner.user,
        changes={
            "about_me": HOSTILE,
            "what_helps_me": HOSTILE,
            "strengths": HOSTILE,
            "challenges": HOSTILE,
            "strategies": HOSTILE,
            "languages": HOSTILE[:200],
            "interests": ["<script>x</script>", "javascript:alert(1)"],
        },
        allowed_fields=services.LEARNER_FIELDS + services.TEAM_FIELDS,
    )
    services.update_profile(
        learner=learner,
        changed_by=t.advisor,
        changes={"accommodations": HOSTILE},
        allowed_fields=["accommodations"],
    )
    services.comment_on_profile(learner=learner, author=t.guardian, body=HOSTILE)
    goal = services.draft_goal(
        learner=learner,
        drafted_by=learner.user,
        title=HOSTILE[:200],
        why=HOSTILE,
        how_i_will_know=HOSTILE,
        steps=[HOSTILE[:200]],
        competencies=[t.unit_rate],
    )
    services.agree_goal(goal=goal, agreed_by=t.advisor, note=HOSTILE)
    services.comment_on_goal(goal=goal, author=t.guardian, body=HOSTILE)
    services.plan_day(
        learner=learner,
        items=[services.PlanItemInput(goal=goal), services.PlanItemInput(text=HOSTILE[:200])],
    )
    entry = services.reflect_on_day(
        learner=learner,
        what_worked=HOSTILE,
        what_didnt=HOSTILE,
        next_steps=HOSTILE,
        share_with_guardians=True,
    )
    services.comment_on_entry(entry=entry, author=t.advisor, body=HOSTILE)
    services.comment_on_entry(entry=entry, author=t.guardian, body=HOSTILE)
    services.comment_on_entry(entry=entry, author=learner.user, body=HOSTILE)
    services.post_to_team(learner=learner, author=t.guardian, kind="message", body=HOSTILE)
    services.post_to_team(learner=learner, author=t.advisor, kind="note", body=HOSTILE, staff_only=True)
    return {"goal": goal, "entry": entry}


def test_hostile_text_is_escaped_on_every_page_email_and_digest(
    django_capture_on_commit_callbacks: Any,
) -> None:
    t = build_team()
    with clock.frozen_at(NOW), django_capture_on_commit_callbacks(execute=True):
        made = _fill_everything(t)
    lid = t.learner.public_id
    goal, entry = made["goal"].public_id, made["entry"].public_id
    team_pages = [
        reverse("records:profile", args=[lid]),
        reverse("records:profile-history", args=[lid]),
        reverse("records:goals", args=[lid]),
        reverse("records:goal", args=[lid, goal]),
        reverse("records:journal", args=[lid]),
        reverse("records:journal-entry", args=[lid, entry]),
        reverse("records:team", args=[lid]),
        reverse("accounts:notifications"),
    ]
    pages = {
        t.learner.user: [
            *team_pages,
            reverse("learn:profile"),
            reverse("learn:goals"),
            reverse("learn:journal"),
        ],
        t.advisor: [*team_pages, reverse("advise:board"), reverse("advise:themes", args=[lid])],
        t.guardian: [*team_pages, reverse("family:portal", args=[lid]), reverse("family:home")],
        t.mentor: [reverse("records:goal", args=[lid, goal]), reverse("records:team", args=[lid])],
    }
    # Pages that show who did what, or counts, but none of the words written.
    without_text = {reverse("accounts:notifications"), reverse("advise:board"), reverse("family:home")}
    with clock.frozen_at(NOW):
        for user, urls in pages.items():
            client = client_for(user)
            for url in urls:
                response = client.get(url)
                assert response.status_code == 200, (user.username, url)
                body = response.content.decode()
                assert_no_raw_markup(body)
                if url not in without_text:
                    assert "&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;" in body, (
                        user.username,
                        url,
                    )
        digests.send_weekly_digests()
    assert mail.outbox, "the team's notifications and the digest send emails"
    for email in mail.outbox:
        assert "pwned" not in f"{email.subject} {email.body}"
        assert_no_raw_markup(str(email.body))


def test_text_over_its_limit_is_refused_on_the_page_and_nothing_is_saved() -> None:
    t = build_team()
    client = client_for(t.learner.user)
    with clock.frozen_at(NOW):
        response = client.post(
            reverse("learn:journal-reflect"), {"what_worked": "w" * 2001, "what_didnt": "", "next_steps": ""}
        )
        assert response.status_code == 200
        assert "What worked is too long: 2001 characters, 2000 at most." in response.content.decode()
        page = client.get(reverse("records:journal", args=[t.learner.public_id])).content.decode()
    assert "No journal entries yet." in page
    response = client_for(t.advisor).post(
        reverse("records:team-post", args=[t.learner.public_id]), {"kind": "message", "body": "m" * 2001}
    )
    assert "2000 at most" in response.content.decode()
    assert (
        "m" * 50
        not in client_for(t.advisor).get(reverse("records:team", args=[t.learner.public_id])).content.decode()
    )
