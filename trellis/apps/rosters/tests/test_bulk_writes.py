"""Bulk writes (trellis.lib.bulk): rows land as the ORM would write them, and each inserted row gets the id
the database numbered it with."""

from __future__ import annotations

import uuid

import pytest
from django.db import DataError, connection, transaction

from trellis.apps.rosters.models import District
from trellis.lib import bulk

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", [1, 3, bulk.COPY_FROM + 5])
def test_each_inserted_row_is_given_the_id_it_was_numbered_with(count: int) -> None:
    District.objects.create(name="Already here")  # ids of the new rows do not start at 1
    keys = [uuid.uuid4() for _ in range(count)]
    numbered = bulk.insert_numbered(
        District,
        ["public_id", "name"],
        [[key, f"District {n}"] for n, key in enumerate(keys)],
        key="public_id",
    )
    assert set(numbered) == set(keys)
    stored = dict(District.objects.filter(public_id__in=keys).values_list("id", "name"))
    for n, key in enumerate(keys):
        assert stored[numbered[key]] == f"District {n}"
    assert District.objects.get(public_id=keys[0]).identifier == ""  # a column not given gets its default


def test_rows_beyond_what_one_statement_binds_are_numbered_too(monkeypatch: pytest.MonkeyPatch) -> None:
    # Room for 3 rows of District's columns per INSERT ... RETURNING: 10 rows take 4 statements.
    width = bulk._insertion(District, ["public_id", "name"])[2]
    monkeypatch.setattr(bulk, "_bound_values_per_statement", lambda db: 3 * width + 1)
    keys = [uuid.uuid4() for _ in range(10)]
    rows = [[key, f"District {n}"] for n, key in enumerate(keys)]
    numbered = bulk.insert_numbered(District, ["public_id", "name"], rows, key="public_id")
    assert numbered == dict(District.objects.values_list("public_id", "id"))
    assert len(set(numbered.values())) == 10


def test_nothing_to_insert_numbers_nothing() -> None:
    assert bulk.insert_numbered(District, ["public_id", "name"], [], key="public_id") == {}
    assert not District.objects.exists()


def test_update_changes_the_given_rows_only() -> None:
    first, second = District.objects.create(name="First"), District.objects.create(name="Second")
    bulk.update(District, ["name", "identifier"], [("First, renamed", "D-1", first.pk)])
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.name, first.identifier) == ("First, renamed", "D-1")
    assert (second.name, second.identifier) == ("Second", "")


def test_an_update_too_long_for_its_column_is_refused_not_cut() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite does not enforce a text length")
    districts = [District.objects.create(name=f"District {n}") for n in range(2)]
    rows = [("x" * 300, d.pk) for d in districts]  # name is 255 characters at most
    with pytest.raises(DataError), transaction.atomic():
        bulk.update(District, ["name"], rows)
    assert sorted(District.objects.values_list("name", flat=True)) == ["District 0", "District 1"]
