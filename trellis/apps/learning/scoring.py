"""Scoring of auto-scored items: pure Python (no Django, no database), so it is the same everywhere an
answer is scored and can be tested on its own.

The interactions are a QTI 3 compatible subset (see `Item.Interaction`):

=================  ==================================================  ===================================
interaction        QTI 3                                               `correct` (the answer key)
=================  ==================================================  ===================================
choice             qti-choice-interaction, max-choices="1"             ["b"]: the one right choice id
multiple_choice    qti-choice-interaction, max-choices="0" or > 1      ["a", "c"]: every right choice id
text_entry         qti-text-entry-interaction, base-type="string"      ["3:8", "3 to 8"]: accepted answers
numeric_entry      qti-text-entry-interaction, base-type="float"       {"value": 1.5, "tolerance": 0}
ordering           qti-order-interaction                               ["d", "a", "b", "c"]: the right order
=================  ==================================================  ===================================

What a learner types is never an error: a response that can't be read (a word where a number is asked, a
choice that doesn't exist, nothing at all) gives a result with `problem` set and `feedback_key` "invalid",
so the page can say what to do and let them try again; nothing is scored. A malformed *answer key* or an
unknown interaction is the author's mistake and raises ValueError (`add_item` refuses such keys before they
are stored).

Rules, explicitly:

- **Text entry** compares case-insensitively (Unicode case folding, NFKC), ignoring all whitespace (so
  "3 : 8" is "3:8"), curly quotes and dashes read as straight ones, and trailing "." or "!" dropped.
- **Numeric entry** reads integers ("12", "-3", "+3"), decimals ("2.5", ".5", "2."), fractions ("3/4"),
  mixed numbers ("1 1/2", also "-1 1/2" = -1.5), thousands separators ("1,200" = 1200: a comma followed by
  groups of exactly three digits), a decimal comma otherwise ("2,5" = 2.5), one currency sign ("$6.30",
  "6,30 €") and a percent sign. "50%" means 0.5, unless the key says the answer *is* a percent
  (`"percent": true`, e.g. "What percent of the shots scored?" → 75): then "75" and "75%" both mean 75.
  Units ("12 km"), words ("twelve"), exponents ("1e5") and anything over 40 characters are not read; the
  learner is asked for a plain number. Comparison is exact (fractions, no floating-point rounding):
  correct when |response − value| ≤ tolerance.
- **Multiple choice** gives partial credit, right picks minus wrong picks over the number of right choices,
  never below 0 (choosing everything earns nothing); it is *correct* only when the picks are exactly right.
- **Choice** and **ordering** are all or nothing; an ordering must place every card exactly once.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

CHOICE = "choice"
MULTIPLE_CHOICE = "multiple_choice"
TEXT_ENTRY = "text_entry"
NUMERIC_ENTRY = "numeric_entry"
ORDERING = "ordering"
INTERACTIONS = (CHOICE, MULTIPLE_CHOICE, TEXT_ENTRY, NUMERIC_ENTRY, ORDERING)
CHOICE_INTERACTIONS = (CHOICE, MULTIPLE_CHOICE, ORDERING)

# Which feedback to show.
CORRECT = "correct"
PARTIAL = "partial"
INCORRECT = "incorrect"
INVALID = "invalid"

# Why a response could not be scored (the service turns these into sentences a learner can act on).
EMPTY = "empty"
NOT_A_NUMBER = "not_a_number"
TOO_LONG = "too_long"
UNKNOWN_CHOICE = "unknown_choice"
ONE_CHOICE = "one_choice"
ORDER_ALL = "order_all"
UNREADABLE = "unreadable"
PROBLEMS = (EMPTY, NOT_A_NUMBER, TOO_LONG, UNKNOWN_CHOICE, ONE_CHOICE, ORDER_ALL, UNREADABLE)

MAX_TEXT_LENGTH = 500
MAX_NUMBER_LENGTH = 40
_LARGEST_INTEGER = 10**40  # larger JSON integers are no learner's answer (and would overflow a float)


@dataclass(frozen=True)
class ScoreResult:
    """The outcome of scoring one response.

    `correct`: fully right. `score`: credit 0..1 (only multiple choice gives values in between).
    `feedback_key`: "correct", "partial", "incorrect", or "invalid" when the response could not be read
    (then `problem` says why and nothing should be recorded). `normalized_response`: the response as it was
    read, JSON-ready (a choice id, a sorted list of ids, folded text, or a number as a float).
    `selected`: the choice ids picked, for per-choice feedback.
    """

    correct: bool
    score: float
    feedback_key: str
    normalized_response: Any = None
    problem: str = ""
    selected: tuple[str, ...] = ()

    @property
    def valid(self) -> bool:
        return not self.problem


def _invalid(problem: str) -> ScoreResult:
    return ScoreResult(correct=False, score=0.0, feedback_key=INVALID, problem=problem)


def _graded(score: float, normalized: Any, selected: tuple[str, ...] = ()) -> ScoreResult:
    if score >= 1.0:
        return ScoreResult(True, 1.0, CORRECT, normalized, "", selected)
    if score > 0.0:
        return ScoreResult(False, score, PARTIAL, normalized, "", selected)
    return ScoreResult(False, 0.0, INCORRECT, normalized, "", selected)


def score_response(
    interaction: str, correct: Any, response: Any, *, choice_ids: Sequence[str] | None = None
) -> ScoreResult:
    """Score `response` against the answer key `correct`. `choice_ids` (the item's choices, in display
    order) lets choice responses be checked against the choices that exist. Never raises for any response;
    raises ValueError for an unknown interaction or a malformed key."""
    if interaction == CHOICE:
        return _score_choice(_choice_key(correct, single=True), response, choice_ids)
    if interaction == MULTIPLE_CHOICE:
        return _score_multiple(_choice_key(correct, single=False), response, choice_ids)
    if interaction == TEXT_ENTRY:
        return _score_text(text_key(correct), response)
    if interaction == NUMERIC_ENTRY:
        return _score_numeric(numeric_key(correct), response)
    if interaction == ORDERING:
        return _score_ordering(_choice_key(correct, single=False), response, choice_ids)
    raise ValueError(f"unknown interaction {interaction!r}; expected one of {', '.join(INTERACTIONS)}")


# ------------------------------------------------------------------------------------------ answer keys


def _choice_key(correct: Any, *, single: bool) -> list[str]:
    if isinstance(correct, str):
        correct = [correct]
    if (
        not isinstance(correct, list)
        or not correct
        or not all(isinstance(c, str) and c for c in correct)
        or len(set(correct)) != len(correct)
    ):
        raise ValueError("the key must be a non-empty list of distinct choice ids")
    if single and len(correct) != 1:
        raise ValueError("a single-choice key names exactly one choice id")
    return list(correct)


def text_key(correct: Any) -> set[str]:
    """The comparison keys of a text-entry answer key (a list of accepted answers, or one string)."""
    if isinstance(correct, str):
        correct = [correct]
    if not isinstance(correct, list) or not correct or not all(isinstance(c, str) for c in correct):
        raise ValueError("a text-entry key is a non-empty list of accepted answers")
    keys = {_compact(fold_text(c)) for c in correct}
    if "" in keys:
        raise ValueError("an accepted answer is empty")
    return keys


@dataclass(frozen=True)
class NumericKey:
    value: Fraction
    tolerance: Fraction
    percent: bool


def numeric_key(correct: Any) -> NumericKey:
    """Read a numeric-entry key {"value": number or "3/4", "tolerance": number ≥ 0, "percent": bool}."""
    if not isinstance(correct, dict) or "value" not in correct:
        raise ValueError('a numeric key is {"value": ..., "tolerance": ...}')
    unknown = set(correct) - {"value", "tolerance", "percent"}
    if unknown:
        raise ValueError(f"unknown keys in a numeric key: {', '.join(sorted(unknown))}")
    value = _key_number(correct["value"])
    if value is None:
        raise ValueError('the value must be a number, e.g. 1.5 or "3/4"')
    tolerance = _key_number(correct.get("tolerance", 0))
    if tolerance is None or tolerance < 0:
        raise ValueError("the tolerance must be a number of at least 0")
    percent = correct.get("percent", False)
    if not isinstance(percent, bool):
        raise ValueError("percent must be true or false")
    return NumericKey(value, tolerance, percent)


def _key_number(raw: Any) -> Fraction | None:
    if isinstance(raw, str):
        parsed = parse_number(raw)
        return None if parsed is None or parsed[1] else parsed[0]
    return _json_number(raw)


def _json_number(raw: Any) -> Fraction | None:
    """An int or a finite float from JSON, exactly as written (0.1 is 1/10, not the binary float)."""
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        return None
    if isinstance(raw, float):
        return Fraction(repr(raw)) if math.isfinite(raw) else None
    return Fraction(raw) if abs(raw) <= _LARGEST_INTEGER else None


# ---------------------------------------------------------------------------------------------- numbers

_DASHES = dict.fromkeys(map(ord, "\u2212\u2010\u2011\u2012\u2013\u2014\ufe63\uff0d"), "-")
_SLASHES = dict.fromkeys(map(ord, "\u2044\u2215\u00f7"), "/")
_CURRENCY = "$€£¥"
_INTEGER = re.compile(r"\d+", re.ASCII)
_DECIMAL = re.compile(r"(\d+)?\.(\d+)|(\d+)\.", re.ASCII)
_THOUSANDS = re.compile(r"\d{1,3}(?:(?:,\d{3})+|(?: \d{3})+)(?:\.\d+)?", re.ASCII)
_AROUND_SLASH = re.compile(r" ?/ ?")
_DECIMAL_COMMA = re.compile(r"\d*,\d+", re.ASCII)
_FRACTION = re.compile(r"(\d+)/(\d+)", re.ASCII)
_MIXED = re.compile(r"(\d+) (\d+)/(\d+)", re.ASCII)


def parse_number(text: str) -> tuple[Fraction, bool] | None:
    """Read a number as a learner writes it (the rules are in this module's docstring).

    Returns (value, had_percent_sign) with the percent sign *not* applied, or None when it is not a
    number. Never raises."""
    if len(text) > 4 * MAX_NUMBER_LENGTH:
        return None
    expanded = _expand_vulgar_fractions(text)
    if expanded is None:
        return None
    cleaned = unicodedata.normalize("NFKC", expanded).translate(_DASHES).translate(_SLASHES)
    cleaned = _AROUND_SLASH.sub("/", " ".join(cleaned.split()))
    if not cleaned or len(cleaned) > MAX_NUMBER_LENGTH:
        return None
    percent = cleaned.endswith("%")
    if percent:
        cleaned = cleaned[:-1].rstrip()
    negative = signed = currency = False
    while cleaned:  # a sign and a currency sign, in either order: "-$5", "$-5"
        if not signed and cleaned[0] in "+-":
            negative, signed = cleaned[0] == "-", True
        elif not currency and cleaned[0] in _CURRENCY:
            currency = True
        else:
            break
        cleaned = cleaned[1:].lstrip()
    if not currency and cleaned[-1:] and cleaned[-1] in _CURRENCY:
        cleaned = cleaned[:-1].rstrip()
    magnitude = _unsigned(cleaned)
    if magnitude is None:
        return None
    return (-magnitude if negative else magnitude), percent


def _expand_vulgar_fractions(text: str) -> str | None:
    """Write a vulgar fraction as a spaced "1/2", so that "1½" reads as one and a half rather than NFKC's
    "11/2". Superscripts and subscripts ("5²") are not read at all (NFKC would turn 5² into 52)."""
    parts = []
    for character in text:
        decomposition = unicodedata.decomposition(character)
        if decomposition.startswith(("<super>", "<sub>")):
            return None
        if decomposition.startswith("<fraction>"):
            parts.append(f" {unicodedata.normalize('NFKC', character)} ")
        else:
            parts.append(character)
    return "".join(parts)


def _unsigned(text: str) -> Fraction | None:
    if _INTEGER.fullmatch(text):
        return Fraction(int(text))
    if _DECIMAL.fullmatch(text):
        return Fraction(text + "0" if text.endswith(".") else text)
    if _THOUSANDS.fullmatch(text):
        return Fraction(text.replace(",", "").replace(" ", ""))
    if _DECIMAL_COMMA.fullmatch(text):
        return Fraction(text.replace(",", "."))
    if match := _FRACTION.fullmatch(text):
        numerator, denominator = int(match[1]), int(match[2])
        return Fraction(numerator, denominator) if denominator else None
    if match := _MIXED.fullmatch(text):
        whole, numerator, denominator = int(match[1]), int(match[2]), int(match[3])
        if not denominator or numerator >= denominator:
            return None  # "1 5/3" is not how a mixed number is written
        return whole + Fraction(numerator, denominator)
    return None


def _score_numeric(key: NumericKey, response: Any) -> ScoreResult:
    response = _single(response)
    if response is None or (isinstance(response, str) and not response.strip()):
        return _invalid(EMPTY)
    if isinstance(response, str):
        if len(response) > MAX_TEXT_LENGTH:
            return _invalid(TOO_LONG)
        parsed = parse_number(response)
        if parsed is None:
            return _invalid(NOT_A_NUMBER)
        number, percent_sign = parsed
        if percent_sign and not key.percent:
            number /= 100
    elif isinstance(response, bool) or not isinstance(response, (int, float)):
        return _invalid(UNREADABLE)
    else:
        number_or_none = _json_number(response)
        if number_or_none is None:
            return _invalid(NOT_A_NUMBER)
        number = number_or_none
    right = abs(number - key.value) <= key.tolerance
    return _graded(1.0 if right else 0.0, float(number))


# ------------------------------------------------------------------------------------------------- text

_QUOTES = {ord("\u2018"): "'", ord("\u2019"): "'", ord("\u201c"): '"', ord("\u201d"): '"'}


def fold_text(text: str) -> str:
    """Text as it is compared, before whitespace is dropped: NFKC, case-folded, straight quotes and dashes,
    whitespace runs as one space, no trailing "." or "!"."""
    folded = unicodedata.normalize("NFKC", text).translate(_QUOTES).translate(_DASHES).casefold()
    return " ".join(folded.split()).rstrip(".!").rstrip()


def _compact(folded: str) -> str:
    return "".join(folded.split())


def _score_text(keys: set[str], response: Any) -> ScoreResult:
    response = _single(response)
    if isinstance(response, bool):
        return _invalid(UNREADABLE)
    if isinstance(response, (int, float)):
        response = repr(response) if isinstance(response, float) else str(response)
    if response is None:
        return _invalid(EMPTY)
    if not isinstance(response, str):
        return _invalid(UNREADABLE)
    if len(response) > MAX_TEXT_LENGTH:
        return _invalid(TOO_LONG)
    folded = fold_text(response)
    if not folded:
        return _invalid(EMPTY)
    return _graded(1.0 if _compact(folded) in keys else 0.0, folded)


# ---------------------------------------------------------------------------------------------- choices


def _single(response: Any) -> Any:
    """A one-element list (as forms send) stands for its element."""
    if isinstance(response, (list, tuple)) and len(response) == 1:
        return response[0]
    return response


def _ids(response: Any, *, split_commas: bool = False) -> list[str] | None:
    """A list of choice ids from a response, or None when it is not one (a bare id counts as a list)."""
    if isinstance(response, str):
        if split_commas and "," in response:
            return [part.strip() for part in response.split(",") if part.strip()]
        return [response.strip()] if response.strip() else []
    if response is None:
        return []
    if isinstance(response, (list, tuple)) and all(isinstance(r, str) for r in response):
        return [r.strip() for r in response if r.strip()]
    return None


def _score_choice(key: list[str], response: Any, choice_ids: Sequence[str] | None) -> ScoreResult:
    picked = _ids(response)
    if picked is None:
        return _invalid(UNREADABLE)
    if not picked:
        return _invalid(EMPTY)
    if len(set(picked)) > 1:
        return _invalid(ONE_CHOICE)
    choice = picked[0]
    if choice_ids is not None and choice not in choice_ids:
        return _invalid(UNKNOWN_CHOICE)
    return _graded(1.0 if choice == key[0] else 0.0, choice, (choice,))


def _score_multiple(key: list[str], response: Any, choice_ids: Sequence[str] | None) -> ScoreResult:
    picked = _ids(response)
    if picked is None:
        return _invalid(UNREADABLE)
    chosen = list(dict.fromkeys(picked))
    if not chosen:
        return _invalid(EMPTY)
    if choice_ids is not None:
        if any(c not in choice_ids for c in chosen):
            return _invalid(UNKNOWN_CHOICE)
        order = {c: i for i, c in enumerate(choice_ids)}
        chosen.sort(key=order.__getitem__)
    else:
        chosen.sort()
    right = set(key)
    hits = sum(1 for c in chosen if c in right)
    wrong = len(chosen) - hits
    exact = hits == len(right) and wrong == 0
    score = 1.0 if exact else max(0.0, (hits - wrong) / len(right))
    return _graded(score, chosen, tuple(chosen))


def _score_ordering(key: list[str], response: Any, choice_ids: Sequence[str] | None) -> ScoreResult:
    placed = _ids(response, split_commas=True)
    if placed is None:
        return _invalid(UNREADABLE)
    if not placed:
        return _invalid(EMPTY)
    cards = list(choice_ids) if choice_ids is not None else key
    if any(p not in cards for p in placed):
        return _invalid(UNKNOWN_CHOICE)
    if len(placed) != len(cards) or set(placed) != set(cards):
        return _invalid(ORDER_ALL)
    return _graded(1.0 if placed == key else 0.0, placed, tuple(placed))
