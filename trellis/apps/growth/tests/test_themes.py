"""Recurring themes: explainable counts of words and word pairs across entries."""

from __future__ import annotations

from trellis.apps.growth.themes import recurring_themes, words


def test_words_are_lower_case_letters_with_apostrophes_kept() -> None:
    assert words("I didn't FOCUS — 3 times! ¿Por qué?") == ["i", "didn't", "focus", "times", "por", "qué"]


def test_a_theme_counts_entries_not_repeats_and_lists_them() -> None:
    themes = recurring_themes(
        [
            (1, "Phone distractions. Phone, phone, phone."),
            (2, "My phone kept buzzing"),
            (3, "Too tired after practice"),
        ]
    )
    assert [(t.term, t.count, t.entries) for t in themes] == [("phone", 2, (1, 2))]


def test_common_words_in_english_and_spanish_are_left_out() -> None:
    themes = recurring_themes(
        [(1, "It was the noise and the heat"), (2, "Fue el ruido y el calor, the noise")]
    )
    assert [t.term for t in themes] == ["noise"]


def test_a_pair_replaces_its_words_when_it_occurs_in_the_same_entries() -> None:
    themes = recurring_themes(
        [(1, "Group work was loud"), (2, "group work again"), (3, "The group was nice"), (4, "quiet work")]
    )
    assert [(t.term, t.count) for t in themes] == [("group", 3), ("work", 3), ("group work", 2)]


def test_plurals_count_with_their_singular() -> None:
    themes = recurring_themes([(1, "distractions everywhere"), (2, "one distraction"), (3, "distracciones")])
    assert [(t.term, t.count) for t in themes] == [("distraction", 2)]


def test_nothing_recurs_in_a_single_entry() -> None:
    assert recurring_themes([(1, "homework homework homework")]) == []
