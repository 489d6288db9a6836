"""Review scheduling for mastered competencies with FSRS (the ``fsrs`` library).

A mastered competency is treated as a card: each later check of it (a quiz item, a rubric score) is a
review with a rating, and FSRS says when recall probability will fall to the desired retention, i.e. when the
next review is due. Fuzzing is off and the card id is fixed so the same history always yields the same date,
and learning steps are empty because a competency enters scheduling already mastered (no minute-scale steps).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from fsrs import Card, Rating, Scheduler

__all__ = ["ALGORITHM_VERSION", "ReviewEvent", "rating_from_correct", "rating_from_level", "review_due"]

ALGORITHM_VERSION = "trellis-fsrs/1 (fsrs 6)"


@dataclass(frozen=True)
class ReviewEvent:
    """One review: when (timezone-aware) and how it went (FSRS rating 1 again .. 4 easy)."""

    at: datetime
    rating: int


def rating_from_correct(correct: bool) -> int:
    return int(Rating.Good) if correct else int(Rating.Again)


def rating_from_level(level: float, scale_max: int, threshold: float) -> int:
    """Rubric score -> rating: top of scale easy, at/above threshold good, one below hard, else again."""
    if level >= scale_max and scale_max > threshold:
        return int(Rating.Easy)
    if level >= threshold:
        return int(Rating.Good)
    if level >= threshold - 1:
        return int(Rating.Hard)
    return int(Rating.Again)


def _scheduler(desired_retention: float, maximum_interval_days: int) -> Scheduler:
    return Scheduler(
        desired_retention=desired_retention,
        learning_steps=(),
        relearning_steps=(),
        maximum_interval=maximum_interval_days,
        enable_fuzzing=False,
    )


def review_due(
    mastered_at: datetime,
    reviews: Sequence[ReviewEvent] = (),
    *,
    desired_retention: float = 0.9,
    maximum_interval_days: int = 365,
) -> datetime:
    """When the next review of a competency mastered at ``mastered_at`` is due, given later reviews.

    Mastery itself counts as the first review rated Good. Reviews are applied in time order.
    """
    if mastered_at.tzinfo is None or mastered_at.utcoffset() is None:
        raise ValueError("mastered_at must be timezone-aware")
    for event in reviews:
        if event.at.tzinfo is None or event.at.utcoffset() is None:
            raise ValueError("review times must be timezone-aware")
        if not 1 <= event.rating <= 4:
            raise ValueError(f"rating {event.rating} is not 1..4")
    scheduler = _scheduler(desired_retention, maximum_interval_days)
    # fsrs works in UTC only; the answer is given back in the caller's zone.
    start = mastered_at.astimezone(UTC)
    card = Card(card_id=1, due=start)
    card, _ = scheduler.review_card(card, Rating.Good, review_datetime=start)
    for event in sorted(reviews, key=lambda e: e.at):
        at = max(event.at.astimezone(UTC), start)
        card, _ = scheduler.review_card(card, Rating(event.rating), review_datetime=at)
    due: datetime = card.due
    return due.astimezone(mastered_at.tzinfo)
