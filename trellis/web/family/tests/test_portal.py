"""The family portal: one child's page in a minute, in the guardian's language; their own children only."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from trellis.apps.evidence.services import record_evidence
from trellis.apps.growth import services
from trellis.lib import clock
from trellis.web.components.tests.learning_team import NOW, build_team, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def team() -> Any:
    with clock.frozen_at(NOW):
        t = build_team()
        for days in (3, 2, 1):
            record_evidence(
                learner=t.learner,
                competency=t.unit_rate,
                source="observation",
                level=4,
                observed_at=NOW - dt.timedelta(days=days),
            )
        record_evidence(learner=t.learner, competency=t.percent, source="observation", level=2)
        goal = services.draft_goal(
            learner=t.learner,
            drafted_by=t.learner.user,
            title="Explain unit rates",
            due_on=dt.date(2026, 4, 30),
            steps=["Video", "Recipe"],
            competencies=[t.unit_rate],
        )
        services.agree_goal(goal=goal, agreed_by=t.advisor, note="Good goal")
        services.draft_goal(learner=t.learner, drafted_by=t.learner.user, title="A draft not yet agreed")
        shared = services.reflect_on_day(
            learner=t.learner,
            what_worked="Teaching my group",
            what_didnt="",
            next_steps="More practice",
            share_with_guardians=True,
            day=NOW.date() - dt.timedelta(days=1),
        )
        services.reflect_on_day(learner=t.learner, what_worked="Secret diary", what_didnt="", next_steps="")
        services.comment_on_entry(entry=shared, author=t.advisor, body="Great leadership today")
        yield t


def _portal(t: Any, user: Any) -> Any:
    with clock.frozen_at(NOW):
        return client_for(user).get(reverse("family:portal", args=[t.learner.public_id]))


def test_the_page_a_parent_reads_in_a_minute(team: Any) -> None:
    t = team
    t.guardian.language = "en"
    t.guardian.save()
    text = _portal(t, t.guardian).content.decode()
    assert "Growth this term (Spring)" in text
    assert "Mastered 1 new skill this term." in text and "Working on 1 now." in text
    assert '<svg viewBox="0 0 320' in text and "Newly mastered this term" in text
    assert "Explain unit rates" in text and "1 of 1 linked skill mastered" in text
    assert "A draft not yet agreed" not in text
    assert "Great leadership today" in text and "Teaching my group" in text
    assert "Secret diary" not in text
    assert "Goal “Explain unit rates”: by April 30, 2026" in text
    assert "Elena Rivera, advisor at Riverbend Middle" in text and "mailto:rivera@example.org" in text


def test_the_portal_is_in_the_guardians_language(team: Any) -> None:
    """Rosa reads Spanish: the page is in Spanish (passes once the Spanish catalogue has these strings)."""
    t = team
    text = _portal(t, t.guardian).content.decode()
    with translation.override("es"):
        who = translation.gettext("Who to contact")
        feedback = translation.gettext("Recent feedback")
    assert who != "Who to contact" and feedback != "Recent feedback", "not yet in the Spanish catalogue"
    assert 'lang="es"' in text and who in text and feedback in text


def test_only_a_guardian_of_this_child_opens_the_portal(team: Any) -> None:
    t = team
    for user in (t.restricted, t.siblings_guardian, t.advisor, t.teacher, t.learner.user, t.principal):
        assert _portal(t, user).status_code == 404
    with clock.frozen_at(NOW):
        home = client_for(t.guardian).get(reverse("family:home")).content.decode()
    assert reverse("family:portal", args=[t.learner.public_id]) in home


def test_the_chart_keeps_its_numbers_in_spanish(team: Any) -> None:
    """SVG coordinates are written with a decimal point whatever the guardian's language."""
    t = team
    text = _portal(t, t.guardian).content.decode()
    assert 'lang="es"' in text
    svg = text[text.index("<svg") : text.index("</svg>")]
    assert re.search(r'<rect x="[0-9.]+" y="[0-9.]+" width="[0-9.]+"', svg)
    assert not re.search(r'(x|y|width)="\d+,\d', svg)
