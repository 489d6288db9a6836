"""The learner profile: who writes which part, and every change kept with who, when, old → new."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from trellis.apps.growth import selectors, services
from trellis.apps.growth.models import Notification, ProfileChange
from trellis.apps.rosters.models import Learner
from trellis.lib import clock
from trellis.lib.errors import ServiceError

pytestmark = pytest.mark.django_db
MORNING = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def test_every_change_is_kept_with_who_when_and_old_and_new(learner: Learner, advisor: Any) -> None:
    with clock.frozen_at(MORNING):
        services.update_profile(
            learner=learner,
            changed_by=learner.user,
            changes={"about_me": "I like building things.", "interests": "Robots, music"},
            allowed_fields=services.LEARNER_FIELDS,
        )
    with clock.frozen_at(MORNING + dt.timedelta(days=1)):
        services.update_profile(
            learner=learner,
            changed_by=advisor,
            changes={"strengths": "Patient and curious"},
            allowed_fields=services.TEAM_FIELDS,
        )
        services.update_profile(
            learner=learner,
            changed_by=learner.user,
            changes={"about_me": "I like building robots."},
            allowed_fields=services.LEARNER_FIELDS,
        )
    history = selectors.profile_history(learner, with_accommodations=False)
    assert [(row.change.field, row.old, row.new, row.change.changed_by) for row in history] == [
        ("about_me", "I like building things.", "I like building robots.", learner.user),
        ("strengths", "", "Patient and curious", advisor),
        ("interests", "", "robots, music", learner.user),
        ("about_me", "", "I like building things.", learner.user),
    ]
    assert history[0].change.changed_at == MORNING + dt.timedelta(days=1)


def test_an_unchanged_field_writes_no_history(learner: Learner) -> None:
    changes = {"about_me": "Same words"}
    services.update_profile(
        learner=learner, changed_by=learner.user, changes=changes, allowed_fields=["about_me"]
    )
    again = services.update_profile(
        learner=learner, changed_by=learner.user, changes=changes, allowed_fields=["about_me"]
    )
    assert again == []
    assert ProfileChange.objects.count() == 1


def test_a_field_outside_ones_parts_is_refused_and_nothing_is_written(
    learner: Learner, guardian: Any
) -> None:
    with pytest.raises(ServiceError) as refused:
        services.update_profile(
            learner=learner,
            changed_by=guardian,
            changes={"strengths": "Kind", "accommodations": "Extra time"},
            allowed_fields=services.TEAM_FIELDS,
        )
    assert refused.value.field == "accommodations"
    assert selectors.profile_values(learner)["strengths"] == ""
    assert not ProfileChange.objects.exists()


def test_text_over_its_limit_is_refused_with_the_limit(learner: Learner) -> None:
    with pytest.raises(ServiceError) as refused:
        services.update_profile(
            learner=learner,
            changed_by=learner.user,
            changes={"what_helps_me": "x" * (services.LONG_TEXT + 1)},
            allowed_fields=services.LEARNER_FIELDS,
        )
    assert refused.value.field == "what_helps_me"
    assert "2000 at most" in refused.value.message


def test_tags_are_short_and_few_and_working_styles_come_from_the_list(learner: Learner) -> None:
    with pytest.raises(ServiceError, match="short"):
        services.update_profile(
            learner=learner,
            changed_by=learner.user,
            changes={"interests": "a" * 41},
            allowed_fields=["interests"],
        )
    with pytest.raises(ServiceError, match="at most 15"):
        services.update_profile(
            learner=learner,
            changed_by=learner.user,
            changes={"interests": [f"tag {n}" for n in range(16)]},
            allowed_fields=["interests"],
        )
    with pytest.raises(ServiceError, match="from the list"):
        services.update_profile(
            learner=learner,
            changed_by=learner.user,
            changes={"working_styles": ["<script>"]},
            allowed_fields=["working_styles"],
        )


def test_accommodations_stay_out_of_the_history_of_those_who_may_not_see_them(
    learner: Learner, advisor: Any
) -> None:
    services.update_profile(
        learner=learner,
        changed_by=advisor,
        changes={"accommodations": "Extended time on tests"},
        allowed_fields=services.STAFF_FIELDS,
    )
    assert selectors.profile_history(learner, with_accommodations=False) == []
    assert [r.new for r in selectors.profile_history(learner, with_accommodations=True)] == [
        "Extended time on tests"
    ]
    names = [f.name for f in selectors.profile_fields(learner, with_accommodations=False)]
    assert "accommodations" not in names


def test_working_styles_are_shown_in_words(learner: Learner) -> None:
    services.update_profile(
        learner=learner,
        changed_by=learner.user,
        changes={"working_styles": ["hands_on", "quiet"]},
        allowed_fields=["working_styles"],
    )
    shown = {f.name: f for f in selectors.profile_fields(learner, with_accommodations=False)}
    assert shown["working_styles"].items == ("Hands-on, making things", "A quiet place")
    assert selectors.profile_history(learner, with_accommodations=False)[0].new == (
        "Hands-on, making things, A quiet place"
    )


def test_a_comment_on_the_profile_tells_the_learner_and_advisor(
    learner: Learner, advisor: Any, guardian: Any
) -> None:
    services.comment_on_profile(learner=learner, author=guardian, body="She loves to draw at home too.")
    assert set(Notification.objects.values_list("recipient_id", flat=True)) == {learner.user.pk, advisor.pk}
    with pytest.raises(ServiceError, match="can't be empty"):
        services.comment_on_profile(learner=learner, author=guardian, body="   ")
