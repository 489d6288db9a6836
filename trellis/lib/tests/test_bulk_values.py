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
