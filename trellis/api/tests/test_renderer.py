"""The API's JSON renderer: ids, times, dates, lazily translated texts and decimals come out as JSON that
reads back to the same values."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from decimal import Decimal

from django.test import RequestFactory
from django.utils.translation import gettext_lazy

from trellis.api.v1.api import Renderer


def test_ids_times_and_lazy_texts_are_written_as_json() -> None:
    key = uuid.uuid4()
    at = dt.datetime(2026, 3, 2, 11, 30, 0, 1000, tzinfo=dt.UTC)
    data = {
        "id": key,
        "observed_at": at,
        "on": dt.date(2026, 3, 2),
        "label": gettext_lazy("Practice"),
        "amount": Decimal("2.50"),
        "levels": [1.0, None, True],
    }
    rendered = json.loads(Renderer().render(RequestFactory().get("/"), data, response_status=200))
    assert rendered["id"] == str(key)
    assert dt.datetime.fromisoformat(rendered["observed_at"]) == at
    assert rendered["on"] == "2026-03-02"
    assert rendered["label"] == "Practice"
    assert Decimal(rendered["amount"]) == Decimal("2.50")
    assert rendered["levels"] == [1.0, None, True]
