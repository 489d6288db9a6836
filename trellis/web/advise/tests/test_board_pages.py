"""The advisory board and its themes page, and the school's journal rule."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from trellis.apps.growth import services
from trellis.apps.growth.access import guardians_policy
from trellis.lib import clock
from trellis.web.components.tests.learning_team import NOW, build_team, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def team() -> Any:
    with clock.frozen_at(NOW):
        yield build_team()


def test_the_board_shows_today_feedback_owed_quiet_learners_and_themes(team: Any) -> None:
    t = team
    today = NOW.date()
    with clock.frozen_at(NOW):
        services.plan_day(learner=t.learner, items=[services.PlanItemInput(text="Poster")])
        for days_ago, text in ((0, "My phone kept buzzing"), (1, "Phone again"), (2, "Tired, phone")):
            services.reflect_on_day(
                learner=t.learner,
                what_worked="",
                what_didnt=text,
                next_steps="",
                day=today - dt.timedelta(days_ago),
            )
        page = client_for(t.advisor).get(reverse("advise:board")).content.decode()
        themes = (
            client_for(t.advisor).get(reverse("advise:themes", args=[t.learner.public_id])).content.decode()
        )
    assert "<strong>1</strong> of 1 planned today" in page
    assert "<strong>3</strong> entries awaiting feedback" in page
    assert "phone (3)" in page
    assert "<strong>phone</strong> — in 3 entries" in themes
    assert "Tired, phone" in themes


def test_quiet_learners_by_the_chosen_number_of_days(team: Any) -> None:
    t = team
    with clock.frozen_at(NOW):
        services.reflect_on_day(
            learner=t.learner,
            what_worked="ok",
            what_didnt="",
            next_steps="",
            day=NOW.date() - dt.timedelta(days=4),
        )
        advisor = client_for(t.advisor)
        assert "Everyone has written recently." not in advisor.get(reverse("advise:board")).content.decode()
        assert (
            "Everyone has written recently."
            in advisor.get(reverse("advise:board") + "?quiet=5").content.decode()
        )


def test_the_board_is_for_advisors_and_themes_for_their_advisees(team: Any) -> None:
    t = team
    for user in (t.guardian, t.teacher, t.mentor, t.learner.user):
        assert client_for(user).get(reverse("advise:board")).status_code == 404
    assert client_for(t.advisor).get(reverse("advise:themes", args=[t.sibling.public_id])).status_code == 404
    assert (
        client_for(t.principal).get(reverse("advise:themes", args=[t.learner.public_id])).status_code == 404
    )


def test_the_principal_sets_the_journal_rule(team: Any) -> None:
    t = team
    url = reverse("advise:journal-policy", args=[t.school.public_id])
    assert (
        "Choose one of the three rules."
        in client_for(t.principal).post(url, {"guardians_see": "x"}).content.decode()
    )
    assert client_for(t.principal).post(url, {"guardians_see": "always"}).status_code == 302
    assert guardians_policy(t.learner) == "always"
    assert client_for(t.advisor).post(url, {"guardians_see": "never"}).status_code == 404
    assert guardians_policy(t.learner) == "always"
