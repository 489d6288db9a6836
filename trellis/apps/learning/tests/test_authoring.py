"""Authoring activities, items and rubrics: what is stored, and refusals that name the field to fix."""

from __future__ import annotations

from typing import Any

import pytest

from trellis.apps.frameworks.models import Competency, Framework
from trellis.apps.frameworks.services import add_competency, create_framework, four_level_scale
from trellis.apps.learning import selectors
from trellis.apps.learning.models import Activity, Item, Rubric
from trellis.apps.learning.services import add_item, create_activity, create_rubric
from trellis.apps.rosters.models import District
from trellis.lib.errors import ServiceError

pytestmark = pytest.mark.django_db

CHOICES = [{"id": "a", "text": "2"}, {"id": "b", "text": "3"}, {"id": "c", "text": "4"}]


def test_an_activity_is_stored_with_its_alignment_and_tags(
    unit_rate: Competency, percent: Competency, district: District
) -> None:
    activity = create_activity(
        title="  Best buys  ",
        kind=Activity.Kind.READING,
        competencies=[unit_rate, percent, unit_rate],
        interests=["Money", " money ", "Space  Travel", ""],
        estimated_minutes=20,
        district=district,
        url="https://example.org/reading",
    )
    assert activity.title == "Best buys"
    assert activity.modality == Activity.Modality.TEXT  # a reading's default
    assert activity.interests == ["money", "space travel"]
    assert set(activity.competencies.all()) == {unit_rate, percent}
    assert activity.personal_data == ()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": " "}, "title"),
        ({"kind": "quiz"}, "kind"),
        ({"modality": "telepathy"}, "modality"),
        ({"competencies": []}, "competencies"),
        ({"estimated_minutes": 0}, "estimated_minutes"),
        ({"estimated_minutes": 601}, "estimated_minutes"),
        ({"estimated_minutes": "20"}, "estimated_minutes"),
        ({"interests": ["x" * 41]}, "interests"),
        ({"interests": [f"tag{n}" for n in range(13)]}, "interests"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"url": "not a link"}, "url"),
    ],
)
def test_activity_refusals_name_the_field(
    unit_rate: Competency, district: District, change: dict[str, Any], field: str
) -> None:
    arguments: dict[str, Any] = {
        "title": "Rates",
        "kind": Activity.Kind.PRACTICE_SET,
        "competencies": [unit_rate],
        "district": district,
    } | change
    with pytest.raises(ServiceError) as refused:
        create_activity(**arguments)
    assert refused.value.field == field
    assert refused.value.message
    assert not Activity.objects.exists()


def test_alignment_refuses_groupings_and_other_districts(framework: Framework, district: District) -> None:
    domain = add_competency(framework=framework, human_code="RP", statement="Ratios", kind="grouping")
    with pytest.raises(ServiceError, match="RP") as refused:
        create_activity(title="T", kind="lesson", competencies=[domain], district=district)
    assert refused.value.field == "competencies"
    elsewhere = create_framework(
        title="Other", scale=four_level_scale(), district=District.objects.create(name="Elsewhere")
    )
    theirs = add_competency(framework=elsewhere, human_code="X.1", statement="Theirs")
    with pytest.raises(ServiceError, match="another district"):
        create_activity(title="T", kind="lesson", competencies=[theirs], district=district)
    shared = create_framework(title="Shared", scale=four_level_scale())
    common = add_competency(framework=shared, human_code="S.1", statement="Shared")
    assert create_activity(title="T", kind="lesson", competencies=[common], district=district)


def test_only_tasks_and_projects_take_a_rubric(
    rubric: Rubric, unit_rate: Competency, district: District
) -> None:
    with pytest.raises(ServiceError) as refused:
        create_activity(
            title="T", kind=Activity.Kind.VIDEO, competencies=[unit_rate], district=district, rubric=rubric
        )
    assert refused.value.field == "rubric"
    project = create_activity(
        title="P", kind=Activity.Kind.PROJECT, competencies=[unit_rate], district=district, rubric=rubric
    )
    assert project.modality == Activity.Modality.HANDS_ON
    assert project.takes_submissions


# ------------------------------------------------------------------------------------------------- items


def test_items_are_numbered_in_order_and_align_their_competency(
    practice_set: Activity, unit_rate: Competency, percent: Competency
) -> None:
    first = add_item(
        activity=practice_set, interaction="choice", prompt="1 + 1?", choices=CHOICES, correct="a"
    )
    second = add_item(
        activity=practice_set,
        competency=percent,
        interaction="numeric_entry",
        prompt="What is 50% of 8?",
        correct={"value": "4"},
        hints=["Half of 8."],
        qti_identifier="item-2",
    )
    assert (first.position, second.position) == (1, 2)
    assert first.competency == unit_rate  # the practice set's only competency
    assert first.correct == ["a"]
    assert second.correct == {"value": "4", "tolerance": 0}
    assert set(practice_set.competencies.all()) == {unit_rate, percent}
    assert [i.pk for i in selectors.items_of(practice_set)] == [first.pk, second.pk]
    # Now aligned to two competencies, an item must say which one it gives evidence on.
    with pytest.raises(ServiceError) as refused:
        add_item(activity=practice_set, interaction="text_entry", prompt="Word?", correct=["rate"])
    assert refused.value.field == "competency"


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"interaction": "hotspot"}, "interaction"),
        ({"prompt": "  "}, "prompt"),
        ({"prompt": "x" * 5001}, "prompt"),
        ({"choices": [{"id": "a", "text": "only one"}]}, "choices"),
        ({"choices": [{"id": "a", "text": "2"}, {"id": "a", "text": "3"}]}, "choices"),
        ({"choices": [{"id": "a b", "text": "2"}, {"id": "c", "text": "3"}]}, "choices"),
        ({"choices": [{"id": "a", "text": ""}, {"id": "b", "text": "3"}]}, "choices"),
        ({"choices": ["2", "3"]}, "choices"),
        ({"correct": ["z"]}, "correct"),
        ({"correct": ["a", "b"]}, "correct"),
        ({"correct": []}, "correct"),
        ({"correct": [1]}, "correct"),
        ({"choice_feedback": {"z": "No such choice."}}, "choice_feedback"),
        ({"hints": ["Think.", " "]}, "hints"),
        ({"hints": ["h"] * 6}, "hints"),
        ({"position": 0}, "position"),
    ],
)
def test_choice_item_refusals_name_the_field(
    practice_set: Activity, arguments: dict[str, Any], field: str
) -> None:
    base: dict[str, Any] = {"interaction": "choice", "prompt": "1 + 1?", "choices": CHOICES, "correct": ["a"]}
    with pytest.raises(ServiceError) as refused:
        add_item(activity=practice_set, **(base | arguments))
    assert refused.value.field == field
    assert not Item.objects.exists()


NUMERIC: dict[str, Any] = {"interaction": "numeric_entry", "choices": []}
TEXT: dict[str, Any] = {"interaction": "text_entry", "choices": []}
ORDERING: dict[str, Any] = {"interaction": "ordering"}


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"interaction": "multiple_choice", "correct": ["a", "a"]}, "correct"),
        (ORDERING | {"correct": ["c", "b"]}, "correct"),
        (ORDERING | {"correct": ["a", "b", "c"]}, "choices"),  # shown already solved
        (ORDERING | {"correct": ["c", "b", "a"], "choice_feedback": {"a": "x"}}, "choice_feedback"),
        (TEXT | {"correct": ["..."]}, "correct"),
        (TEXT | {"correct": []}, "correct"),
        ({"interaction": "text_entry", "correct": ["ok"]}, "choices"),  # typed answers have no choices
        (NUMERIC | {"correct": {"value": 2, "tolerance": -1}}, "correct"),
        (NUMERIC | {"correct": {"value": "two"}}, "correct"),
        (NUMERIC | {"correct": {"value": "50%"}}, "correct"),
        (NUMERIC | {"correct": {"value": float("nan")}}, "correct"),
        (NUMERIC | {"correct": {"value": float("inf")}}, "correct"),
        (NUMERIC | {"correct": {"value": 2, "tolerance": "0"}}, "correct"),
        (NUMERIC | {"correct": {"value": 2, "tolerance": float("nan")}}, "correct"),
        (NUMERIC | {"correct": {"value": 2, "unit": "cm"}}, "correct"),
        (NUMERIC | {"correct": {"value": 2, "percent": 1}}, "correct"),
        (NUMERIC | {"correct": 2}, "correct"),
    ],
)
def test_answer_keys_must_agree_with_the_interaction(
    practice_set: Activity, arguments: dict[str, Any], field: str
) -> None:
    base: dict[str, Any] = {"prompt": "Q?", "choices": CHOICES}
    with pytest.raises(ServiceError) as refused:
        add_item(activity=practice_set, **(base | arguments))
    assert refused.value.field == field, refused.value.message
    assert not Item.objects.exists()


def test_well_formed_keys_of_every_interaction_are_stored(practice_set: Activity) -> None:
    stored = [
        add_item(activity=practice_set, interaction="multiple_choice", prompt="Q?", choices=CHOICES,
                 correct=["a", "c"], choice_feedback={"b": "3 is odd."}),
        add_item(activity=practice_set, interaction="ordering", prompt="Q?", choices=CHOICES,
                 correct=["c", "a", "b"]),
        add_item(activity=practice_set, interaction="text_entry", prompt="Q?", correct="  unit   rate "),
        add_item(activity=practice_set, interaction="numeric_entry", prompt="Q?",
                 correct={"value": 0.5, "tolerance": 0.01}),
        add_item(activity=practice_set, interaction="numeric_entry", prompt="Q?",
                 correct={"value": 75, "percent": True}),
    ]  # fmt: skip
    assert [i.correct for i in stored] == [
        ["a", "c"],
        ["c", "a", "b"],
        ["unit rate"],
        {"value": 0.5, "tolerance": 0.01},
        {"value": 75, "tolerance": 0, "percent": True},
    ]
    assert stored[0].score(["a", "c"]).correct
    assert stored[4].score("75%").correct


def test_items_go_only_in_practice_sets_and_identifiers_are_unique(
    practice_set: Activity, unit_rate: Competency, district: District
) -> None:
    lesson = create_activity(title="L", kind="lesson", competencies=[unit_rate], district=district)
    with pytest.raises(ServiceError) as refused:
        add_item(activity=lesson, interaction="text_entry", prompt="Q?", correct=["a"])
    assert refused.value.field == "activity"
    add_item(activity=practice_set, interaction="text_entry", prompt="Q?", correct=["a"], qti_identifier="q1")
    with pytest.raises(ServiceError) as duplicate:
        add_item(
            activity=practice_set, interaction="text_entry", prompt="Q?", correct=["a"], qti_identifier="q1"
        )
    assert duplicate.value.field == "qti_identifier"
    with pytest.raises(ServiceError) as taken:
        add_item(activity=practice_set, interaction="text_entry", prompt="Q?", correct=["a"], position=1)
    assert taken.value.field == "position"


# ----------------------------------------------------------------------------------------------- rubrics


def test_a_rubric_takes_its_levels_from_the_scale_when_left_out(
    rubric: Rubric, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(3):
        full = selectors.rubric_with_levels(rubric)
        rows = [
            (c.title, c.competency.human_code if c.competency else "", [lv.value for lv in c.levels.all()])
            for c in full.criteria.all()
        ]
    assert rows == [("Unit rates", "6.RP.A.2", [1, 2, 3, 4]), ("Percents", "6.RP.A.3c", [1, 2, 3, 4])]
    grid = selectors.rubric_grid(rubric)
    assert grid.values == (1, 2, 3, 4)
    assert grid.labels == ("Beginning", "Developing", "Proficient", "Advanced")
    assert all(all(cell is not None for cell in row.cells) for row in grid.rows)


def test_a_rubric_from_a_spec_with_its_own_descriptors(unit_rate: Competency, district: District) -> None:
    rubric = create_rubric(
        title="Speed",
        district=district,
        criteria=[
            {
                "title": "Speed",
                "description": "Finds a speed.",
                "competency": unit_rate,
                "levels": [
                    {"value": 4, "label": "Advanced", "description": "Checks it two ways."},
                    {"value": 3, "label": "Proficient", "description": "Finds it."},
                ],
            },
            {"title": "Neat work"},
        ],
    )
    criteria = list(rubric.criteria.order_by("position"))
    assert [lv.value for lv in criteria[0].levels.all()] == [3, 4]
    assert criteria[1].competency is None
    assert [lv.label for lv in criteria[1].levels.all()] == [
        "Beginning",
        "Developing",
        "Proficient",
        "Advanced",
    ]


@pytest.mark.parametrize(
    ("criteria", "needle"),
    [
        ([], "at least one criterion"),
        ([{"title": ""}], "title"),
        ([{"title": "A"}, {"title": "a"}], "both called"),
        ([{"title": "A", "levels": [{"value": 1, "label": "One"}]}], "at least two levels"),
        ([{"title": "A", "levels": [{"value": 1, "label": "One"}, {"value": 1, "label": "Uno"}]}], "twice"),
        ([{"title": "A", "levels": [{"value": 0, "label": "0"}, {"value": 1, "label": "1"}]}], "whole"),
        ([{"title": "A", "levels": [{"value": 1, "label": ""}, {"value": 2, "label": "Two"}]}], "label"),
        ([{"title": "A", "weight": 2}], "weight"),
        ([{"title": "A", "competency": "6.RP.A.2"}], "competency"),
    ],
)  # fmt: skip
def test_rubric_refusals(criteria: list[dict[str, Any]], needle: str) -> None:
    with pytest.raises(ServiceError, match=needle) as refused:
        create_rubric(title="R", criteria=criteria)
    assert refused.value.field == "criteria"
    assert not Rubric.objects.exists()


def test_rubric_levels_must_be_on_the_competencys_scale(unit_rate: Competency, district: District) -> None:
    with pytest.raises(ServiceError, match="not on the Four levels scale"):
        create_rubric(
            title="R",
            district=district,
            criteria=[
                {"title": "A", "competency": unit_rate,
                 "levels": [{"value": 4, "label": "Four"}, {"value": 5, "label": "Five"}]}
            ],
        )  # fmt: skip
    with pytest.raises(ServiceError) as untitled:
        create_rubric(title=" ", criteria=[{"title": "A"}])
    assert untitled.value.field == "title"
