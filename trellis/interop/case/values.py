"""Checks for CASE's primitive values: UUIDs, ISO 8601 dates and date-times."""

from __future__ import annotations

import re
from datetime import date, datetime

_UUID = re.compile(r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\Z")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})\Z", re.ASCII)
_DATETIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
    r"(?P<zone>[Zz]|[+-](\d{2}):?(\d{2}))?\Z",
    re.ASCII,
)


def is_uuid(value: str) -> bool:
    return _UUID.match(value) is not None


def is_date(value: str) -> bool:
    """YYYY-MM-DD, a real calendar date."""
    match = _DATE.match(value)
    if match is None:
        return False
    try:
        date(*(int(part) for part in match.groups()))
    except ValueError:
        return False
    return True


def datetime_zone(value: str) -> bool | None:
    """None when ``value`` is not an ISO 8601 date-time; else whether it names its time zone.

    Accepted: ``2017-09-22T23:13:54+00:00``, ``...Z``, fractions of a second, a space instead of
    the T, seconds left out, ``+0000`` offsets, and no zone at all (answered False).
    """
    match = _DATETIME.match(value)
    if match is None:
        return None
    year, month, day, hour, minute, second = (int(part or 0) for part in match.groups()[:6])
    try:
        datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None
    zone = match.group("zone")
    if zone and zone not in "Zz":
        hours, minutes = int(match.group(8)), int(match.group(9))
        if hours > 23 or minutes > 59:
            return None
    return bool(zone)
