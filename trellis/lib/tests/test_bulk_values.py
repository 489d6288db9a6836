"""Values prepared for a bulk write are exactly what the database backend itself would write."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

import pytest
from django.db import connection, models

from trellis.lib import bulk

LOS_ANGELES = zoneinfo.ZoneInfo("America/Los_Angeles")


@pytest.mark.parametrize(
    "value",
    [
        dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC),
        dt.datetime(2026, 3, 2, 12, 0, 0, 250, tzinfo=dt.UTC),
        dt.datetime(2026, 11, 1, 1, 30, 15, 999999, tzinfo=LOS_ANGELES),
        dt.datetime(2026, 7, 1, 23, 59, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=30))),
        None,
    ],
)
def test_a_datetime_is_prepared_as_the_backend_prepares_it(value: dt.datetime | None) -> None:
    field: Any = models.DateTimeField(null=True)
    prepare = bulk._preparer(field, connection)
    expected = field.get_db_prep_save(value, connection)
    assert (prepare(value) if prepare else value) == expected


@pytest.mark.parametrize(
    "value",
    [
        {"n": 3, "last_time": "2026-03-02T12:00:00+00:00", "at_least": [3, 2, 1, 0], "bkt_state": 0.8123},
        ["réflexion", {"nested": None}],
        "just text",
        0.1,
        None,
    ],
)
def test_a_json_value_is_prepared_as_the_backend_prepares_it(value: Any) -> None:
    field: Any = models.JSONField(null=True)
    prepare = bulk._preparer(field, connection)
    expected = field.get_db_prep_save(value, connection)
    prepared = prepare(value) if prepare else value
    # PostgreSQL's driver takes a wrapper (psycopg's Jsonb) that compares by identity: compare what it wraps.
    assert getattr(prepared, "obj", prepared) == getattr(expected, "obj", expected)
