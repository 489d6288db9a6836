"""The demo content: loads on the demo math framework, every item is answerable, and loading twice adds
nothing."""

from __future__ import annotations

from collections import Counter

import pytest
from django.http import Http404

from trellis.apps.frameworks.models import Framework
from trellis.apps.imports.demo_frameworks import habits_package, math_package
from trellis.apps.imports.framework import import_framework
from trellis.apps.learning import scoring, selectors
from trellis.apps.learning.demo_content import RUBRIC_TITLE, demo_items, load_demo_content
from trellis.apps.learning.models import Activity, Item, Rubric, RubricCriterion

pytestmark = pytest.mark.django_db

CODES = [
    "5.NF.B.3", "5.NF.B.4", "6.RP.A.1", "6.RP.A.2", "6.RP.A.3a", "6.RP.A.3b", "6.RP.A.3c",
    "7.RP.A.1", "7.RP.A.2", "7.RP.A.3", "6.EE.A.2", "6.EE.A.3", "6.EE.B.7",
]  # fmt: skip


@pytest.fixture
def math() -> Framework:
    result = import_framework(math_package())
    assert result.framework is not None, result.errors
    return result.framework


@pytest.fixture
def habits() -> Framework:
    result = import_framework(habits_package(), habits=True)
    assert result.framework is not None, result.errors
    return result.framework


def test_demo_content_loads_a_practice_set_per_standard_and_is_idempotent(
    math: Framework, habits: Framework
) -> None:
    first = load_demo_content(math, habits)
    assert (first.activities_created, first.rubrics_created) == (17, 1)
    practice = Activity.objects.filter(kind=Activity.Kind.PRACTICE_SET)
    assert sorted(c.human_code for a in practice for c in a.competencies.all()) == sorted(CODES)
    for activity in practice:
        items = demo_items(activity)
        assert 4 <= len(items) <= 6, activity.title
        assert len({i.interaction for i in items}) >= 2, activity.title
        assert all(1 <= len(i.hints) <= 2 for i in items), activity.title
        assert all(i.feedback_correct and i.feedback_incorrect for i in items), activity.title
        assert activity.interests and activity.modality == Activity.Modality.DIGITAL_PRACTICE
    assert first.items_created == Item.objects.count() >= 13 * 5
    kinds = Counter(Item.objects.values_list("interaction", flat=True))
    assert set(kinds) == set(Item.Interaction.values)
    tags = {tag for a in Activity.objects.all() for tag in a.interests}
    assert {"music", "sports", "art", "animals", "games", "cooking", "space", "travel", "money"} <= tags
    assert set(Activity.objects.values_list("modality", flat=True)) >= {
        "digital_practice",
        "hands_on",
        "text",
    }

    again = load_demo_content(math, habits)
    assert not again.created_anything
    assert (Activity.objects.count(), Item.objects.count(), Rubric.objects.count()) == (
        17,
        first.items_created,
        1,
    )


def test_the_task_and_project_share_a_four_level_rubric_with_a_habit_row(
    math: Framework, habits: Framework
) -> None:
    load_demo_content(math, habits)
    trip = Activity.objects.get(title="Plan a class trip budget using unit rates")
    recipe = Activity.objects.get(title="Design a recipe for 30 people")
    assert (trip.kind, trip.modality, trip.interests) == ("performance_task", "hands_on", ["travel", "money"])
    assert (recipe.kind, recipe.interests) == ("project", ["cooking"])
    assert trip.rubric == recipe.rubric and trip.rubric is not None and trip.rubric.title == RUBRIC_TITLE
    grid = selectors.rubric_grid(trip.rubric)
    assert grid.values == (1, 2, 3, 4)
    codes = [row.criterion.competency.human_code if row.criterion.competency else None for row in grid.rows]
    assert codes == ["6.RP.A.3b", "6.RP.A.3c", None, "HOL.P.2"]
    assert all(cell is not None and cell.description for row in grid.rows for cell in row.cells)
    assert {"6.RP.A.3b", "6.RP.A.3c", "HOL.P.2"} <= {c.human_code for c in trip.competencies.all()}
    assert trip.district == math.district


def test_without_the_habits_framework_the_rubric_has_no_habit_row(math: Framework) -> None:
    load_demo_content(math)
    assert not RubricCriterion.objects.filter(competency__human_code="HOL.P.2").exists()
    assert RubricCriterion.objects.count() == 3


def test_every_demo_item_accepts_its_own_answer_and_refuses_a_wrong_one(math: Framework) -> None:
    load_demo_content(math)
    for item in Item.objects.all():
        key = item.correct
        if item.interaction == "numeric_entry":
            right: object = str(key["value"])
            wrong: object = "123456"
        elif item.interaction == "text_entry":
            right, wrong = key[0].upper(), "zzz"
        elif item.interaction == "ordering":
            right, wrong = key, list(reversed(key))
        elif item.interaction == "choice":
            right, wrong = key, next(c for c in item.choice_ids if c not in key)
        else:
            right, wrong = key, [c for c in item.choice_ids if c not in key]
        assert item.score(right).correct, item.prompt
        assert not item.score(wrong).correct, item.prompt
        assert item.score(wrong).valid, item.prompt
        assert scoring.score_response(item.interaction, key, right, choice_ids=item.choice_ids).score == 1.0


def test_demo_answers_learners_would_type(math: Framework) -> None:
    load_demo_content(math)

    def item(prompt_start: str) -> Item:
        return Item.objects.get(prompt__startswith=prompt_start)

    rope = item("A 7-meter rope")
    assert all(rope.score(r).correct for r in ["7/4", "1 3/4", "1.75", "1¾"])
    apples = item("Apples cost $3.60")
    assert apples.score("$6.30").correct and apples.score("6.3").correct
    shots = item("A soccer player scored")
    assert shots.score("75%").correct and shots.score("75").correct and not shots.score("0.75").correct
    jacket = item("A jacket costs $60")
    assert jacket.score("50.40").correct and not jacket.score("51").correct
    ratio = item("A playlist has 5 pop songs")
    assert ratio.score("3 : 8").correct and ratio.score("3 to 8").correct and not ratio.score("3:5").correct


def test_standards_missing_from_a_framework_are_skipped(math: Framework) -> None:
    math.competencies.filter(human_code__in=["6.RP.A.3b", "6.EE.B.7"]).delete()
    result = load_demo_content(math)
    assert result.rubrics_created == 0  # the rubric needs 6.RP.A.3b
    assert Activity.objects.filter(kind=Activity.Kind.PRACTICE_SET).count() == 11
    with pytest.raises(Http404):
        selectors.activity_by_public_id("not-a-uuid")
