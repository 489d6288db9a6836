"""Scoring of every interaction: right, wrong, partial, and responses a learner can't be scored on."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trellis.apps.learning import scoring
from trellis.apps.learning.scoring import parse_number, score_response

IDS = ["a", "b", "c", "d"]

# ------------------------------------------------------------------------------------------------ choice


def test_choice_scores_the_one_right_answer() -> None:
    right = score_response("choice", ["b"], "b", choice_ids=IDS)
    assert (right.correct, right.score, right.feedback_key, right.selected) == (True, 1.0, "correct", ("b",))
    wrong = score_response("choice", ["b"], ["c"], choice_ids=IDS)
    assert (wrong.correct, wrong.score, wrong.feedback_key, wrong.selected) == (
        False,
        0.0,
        "incorrect",
        ("c",),
    )
    assert wrong.normalized_response == "c"


@pytest.mark.parametrize(
    ("response", "problem"),
    [
        (None, scoring.EMPTY),
        ("", scoring.EMPTY),
        ([], scoring.EMPTY),
        (["a", "b"], scoring.ONE_CHOICE),
        ("z", scoring.UNKNOWN_CHOICE),
        (3, scoring.UNREADABLE),
        ({"id": "a"}, scoring.UNREADABLE),
        ([1, 2], scoring.UNREADABLE),
    ],
)
def test_choice_responses_that_cant_be_scored(response: Any, problem: str) -> None:
    result = score_response("choice", ["b"], response, choice_ids=IDS)
    assert (result.valid, result.problem, result.feedback_key, result.score) == (
        False,
        problem,
        "invalid",
        0.0,
    )


# ------------------------------------------------------------------------------------------------ multiple


@pytest.mark.parametrize(
    ("response", "correct", "score", "key"),
    [
        (["a", "c"], True, 1.0, "correct"),
        (["c", "a"], True, 1.0, "correct"),
        (["a", "a", "c"], True, 1.0, "correct"),
        (["a"], False, 0.5, "partial"),
        (["a", "c", "b"], False, 0.5, "partial"),
        (["a", "b"], False, 0.0, "incorrect"),
        (["a", "b", "c", "d"], False, 0.0, "incorrect"),
        (["b", "d"], False, 0.0, "incorrect"),
        ("a", False, 0.5, "partial"),
    ],
)
def test_multiple_choice_gives_partial_credit_but_is_correct_only_when_exact(
    response: Any, correct: bool, score: float, key: str
) -> None:
    result = score_response("multiple_choice", ["a", "c"], response, choice_ids=IDS)
    assert (result.correct, result.score, result.feedback_key) == (correct, score, key)


def test_multiple_choice_normalizes_to_display_order_and_checks_choices() -> None:
    result = score_response("multiple_choice", ["a", "c"], ["c", "b", "a"], choice_ids=IDS)
    assert result.normalized_response == ["a", "b", "c"]
    assert result.selected == ("a", "b", "c")
    assert (
        score_response("multiple_choice", ["a"], ["a", "x"], choice_ids=IDS).problem == scoring.UNKNOWN_CHOICE
    )
    assert score_response("multiple_choice", ["a"], [], choice_ids=IDS).problem == scoring.EMPTY


# ---------------------------------------------------------------------------------------------- text entry


@pytest.mark.parametrize(
    "response", ["3:8", " 3 : 8 ", "3 to 8", "3 TO 8.", "3\u00a0to\u00a08", "３:８", ["3:8"], "3/8!"]
)
def test_text_entry_ignores_case_whitespace_and_final_punctuation(response: Any) -> None:
    assert score_response("text_entry", ["3:8", "3 to 8", "3/8"], response).correct


def test_text_entry_folds_case_and_quotes() -> None:
    assert score_response("text_entry", ["Straße"], "STRASSE").correct
    assert score_response("text_entry", ["don't"], "Don\u2019t").correct
    wrong = score_response("text_entry", ["divide"], "Multiply ")
    assert (wrong.correct, wrong.feedback_key, wrong.normalized_response) == (False, "incorrect", "multiply")
    assert score_response("text_entry", ["5"], 5).correct


@pytest.mark.parametrize(
    ("response", "problem"),
    [("", scoring.EMPTY), ("   ", scoring.EMPTY), ("...", scoring.EMPTY), (None, scoring.EMPTY),
     ("x" * 501, scoring.TOO_LONG), ({"a": 1}, scoring.UNREADABLE), (True, scoring.UNREADABLE),
     (["a", "b"], scoring.UNREADABLE)],
)  # fmt: skip
def test_text_entry_responses_that_cant_be_scored(response: Any, problem: str) -> None:
    assert score_response("text_entry", ["3"], response).problem == problem


# ------------------------------------------------------------------------------------------- numeric entry


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12", 12),
        ("-3", -3),
        ("+3", 3),
        ("2.5", Fraction(5, 2)),
        (".5", Fraction(1, 2)),
        ("2.", 2),
        ("3/4", Fraction(3, 4)),
        ("3 / 4", Fraction(3, 4)),
        ("1 1/2", Fraction(3, 2)),
        ("-1 1/2", Fraction(-3, 2)),
        ("1½", Fraction(3, 2)),
        ("½", Fraction(1, 2)),
        ("1,200", 1200),
        ("1 000", 1000),
        ("1,234,567.5", Fraction(2469135, 2)),
        ("2,5", Fraction(5, 2)),
        ("$6.30", Fraction(63, 10)),
        ("6,30 €", Fraction(63, 10)),
        ("-$5", -5),
        ("$-5", -5),
        ("\u22124", -4),
        ("１２", 12),
        ("0.1", Fraction(1, 10)),
    ],
)
def test_numbers_are_read_as_learners_write_them(text: str, value: Fraction | int) -> None:
    assert parse_number(text) == (Fraction(value), False)


@pytest.mark.parametrize(
    "text",
    ["", " ", "twelve", "12 km", "1e5", "5²", "5/0", "1 5/3", "1,2,3", "%", "$", "-", "inf", "nan", "0x10",
     "1..2", "--1", "1" * 41],
)  # fmt: skip
def test_what_is_not_a_number(text: str) -> None:
    assert parse_number(text) is None


def test_numeric_entry_with_tolerance_is_exact_at_the_edges() -> None:
    key = {"value": "1/3", "tolerance": 0.01}
    assert score_response("numeric_entry", key, "0.33").correct
    assert score_response("numeric_entry", key, "1/3").correct
    assert score_response("numeric_entry", key, "0.3432").correct  # 0.3432 - 1/3 < 0.01
    assert not score_response("numeric_entry", key, "0.3434").correct  # 0.3434 - 1/3 > 0.01
    assert not score_response("numeric_entry", key, "0.32").correct
    edge = {"value": 0.3, "tolerance": 0.1}
    assert score_response("numeric_entry", edge, "0.2").correct  # exactly at the tolerance, no float error
    assert score_response("numeric_entry", edge, "0.4").correct
    assert not score_response("numeric_entry", edge, "0.41").correct
    assert score_response("numeric_entry", {"value": 0.1}, 0.1).correct
    assert score_response("numeric_entry", {"value": 6.3}, "$6.30").correct


def test_a_percent_sign_means_per_hundred_unless_the_answer_is_a_percent() -> None:
    half = {"value": 0.5, "tolerance": 0}
    assert score_response("numeric_entry", half, "50%").correct
    assert score_response("numeric_entry", half, "1/2").correct
    assert not score_response("numeric_entry", half, "50").correct
    percent = {"value": 75, "tolerance": 0, "percent": True}
    assert score_response("numeric_entry", percent, "75").correct
    assert score_response("numeric_entry", percent, "75 %").correct
    assert not score_response("numeric_entry", percent, "0.75").correct


def test_numeric_entry_says_what_to_type_instead_of_failing() -> None:
    result = score_response("numeric_entry", {"value": 4}, "four km")
    assert (result.valid, result.problem, result.feedback_key) == (False, scoring.NOT_A_NUMBER, "invalid")
    assert score_response("numeric_entry", {"value": 4}, "").problem == scoring.EMPTY
    assert score_response("numeric_entry", {"value": 4}, float("nan")).problem == scoring.NOT_A_NUMBER
    assert score_response("numeric_entry", {"value": 4}, 10**400).problem == scoring.NOT_A_NUMBER
    assert score_response("numeric_entry", {"value": 4}, True).problem == scoring.UNREADABLE
    assert score_response("numeric_entry", {"value": 4}, ["4", "5"]).problem == scoring.UNREADABLE
    right = score_response("numeric_entry", {"value": 4}, " 4 ")
    assert (right.correct, right.normalized_response) == (True, 4.0)


# ------------------------------------------------------------------------------------------------ ordering


def test_ordering_is_all_or_nothing_and_must_place_every_card() -> None:
    key = ["d", "a", "b", "c"]
    assert score_response("ordering", key, ["d", "a", "b", "c"], choice_ids=IDS).correct
    assert score_response("ordering", key, "d, a, b, c", choice_ids=IDS).correct
    wrong = score_response("ordering", key, ["a", "d", "b", "c"], choice_ids=IDS)
    assert (wrong.correct, wrong.score, wrong.feedback_key) == (False, 0.0, "incorrect")
    assert score_response("ordering", key, ["d", "a", "b"], choice_ids=IDS).problem == scoring.ORDER_ALL
    assert score_response("ordering", key, ["d", "a", "b", "b"], choice_ids=IDS).problem == scoring.ORDER_ALL
    assert (
        score_response("ordering", key, ["d", "a", "b", "z"], choice_ids=IDS).problem
        == scoring.UNKNOWN_CHOICE
    )
    assert score_response("ordering", key, [], choice_ids=IDS).problem == scoring.EMPTY


# ------------------------------------------------------------------------------------------- author errors


@pytest.mark.parametrize(
    ("interaction", "key"),
    [
        ("choice", ["a", "b"]),
        ("choice", []),
        ("multiple_choice", ["a", "a"]),
        ("text_entry", []),
        ("text_entry", ["..."]),
        ("numeric_entry", {"value": "lots"}),
        ("numeric_entry", {"value": 1, "tolerance": -0.5}),
        ("numeric_entry", {"value": 1, "percent": "yes"}),
        ("numeric_entry", {"value": 1, "unit": "km"}),
        ("numeric_entry", 4),
        ("hotspot", ["a"]),
    ],
)
def test_a_malformed_key_is_the_authors_error_and_raises(interaction: str, key: Any) -> None:
    with pytest.raises(ValueError, match=r"\w"):
        score_response(interaction, key, "a")


# --------------------------------------------------------------------------------------- never raises


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)


@given(st.text())
def test_parsing_any_text_never_raises(text: str) -> None:
    parsed = parse_number(text)
    assert parsed is None or isinstance(parsed[0], Fraction)


@given(st.text())
def test_numeric_entry_never_raises_and_is_scored_or_explained(text: str) -> None:
    result = score_response("numeric_entry", {"value": "3/4", "tolerance": 0.01}, text)
    assert result.valid or result.problem in scoring.PROBLEMS
    assert 0.0 <= result.score <= 1.0


@given(JSON)
def test_no_response_of_any_shape_raises(response: Any) -> None:
    keys = {
        "choice": ["a"],
        "multiple_choice": ["a", "c"],
        "text_entry": ["3:8"],
        "numeric_entry": {"value": 1.5, "tolerance": 0},
        "ordering": ["b", "a", "d", "c"],
    }
    for interaction, key in keys.items():
        result = score_response(interaction, key, response, choice_ids=IDS)
        assert 0.0 <= result.score <= 1.0
        assert result.valid != (result.feedback_key == "invalid")


@given(
    st.integers(min_value=-10_000, max_value=10_000),
    st.integers(min_value=1, max_value=1000),
)
def test_fractions_and_decimals_read_back_exactly(numerator: int, denominator: int) -> None:
    value = Fraction(numerator, denominator)
    assert parse_number(f"{numerator}/{denominator}") == (value, False)
    decimal = f"{numerator / 1000:.3f}"
    assert parse_number(decimal) == (Fraction(decimal), False)
    assert score_response("numeric_entry", {"value": decimal}, decimal).correct
