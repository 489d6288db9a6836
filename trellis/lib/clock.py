"""The one clock of the product. Logic that depends on "now" asks here, so tests can set the time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from django.utils import timezone

_frozen: dt.datetime | None = None


def now() -> dt.datetime:
    return _frozen if _frozen is not None else timezone.now()


def today() -> dt.date:
    return timezone.localdate(now())


@contextmanager
def frozen_at(moment: dt.datetime) -> Iterator[None]:
    """Pin the product's clock (tests, replays). `moment` must be timezone-aware."""
    if timezone.is_naive(moment):
        raise ValueError("frozen_at needs an aware datetime")
    global _frozen
    previous, _frozen = _frozen, moment
    try:
        yield
    finally:
        _frozen = previous
