from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from trellis.learner_model.scheduling import ReviewEvent, rating_from_correct, rating_from_level, review_due

T0 = datetime(2026, 2, 1, 15, 0, tzinfo=UTC)


def test_due_is_aware_and_after_mastery() -> None:
    due = review_due(T0)
    assert due.tzinfo is not None
    assert due > T0


def test_good_review_pushes_due_further_than_a_lapse() -> None:
    later = T0 + timedelta(days=3)
    good = review_due(T0, [ReviewEvent(later, rating_from_correct(True))])
    lapse = review_due(T0, [ReviewEvent(later, rating_from_correct(False))])
    assert good > lapse > later


def test_deterministic_and_order_independent_input() -> None:
    a = ReviewEvent(T0 + timedelta(days=2), 3)
    b = ReviewEvent(T0 + timedelta(days=9), 4)
    assert review_due(T0, [a, b]) == review_due(T0, [b, a])


def test_keeps_the_callers_time_zone() -> None:
    zone = timezone(timedelta(hours=-5))
    due = review_due(T0.astimezone(zone))
    assert due.utcoffset() == timedelta(hours=-5)


def test_rejects_naive_datetimes_and_bad_ratings() -> None:
    with pytest.raises(ValueError, match="aware"):
        review_due(datetime(2026, 1, 1))
    with pytest.raises(ValueError, match="rating"):
        review_due(T0, [ReviewEvent(T0, 7)])


def test_rating_from_level() -> None:
    assert rating_from_level(4, 4, 3) == 4
    assert rating_from_level(3, 4, 3) == 3
    assert rating_from_level(2, 4, 3) == 2
    assert rating_from_level(1, 4, 3) == 1
