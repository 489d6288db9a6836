"""Writing many rows fast: one prepared statement per batch (COPY on PostgreSQL), not model instances.

`bulk_create` builds and compiles a model object per row, which was most of the time of a 50k-user roster
import and of bulk evidence ingest. What lands is what bulk_create / bulk_update would write: a column not
given gets its field's default. Callers pass plain values in field order, inside their own transaction.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

BATCH = 2000
COPY_FROM = 100


_PLAIN_TYPES = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "EmailField",
    "FloatField",
    "IntegerField",
    "PositiveBigIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SlugField",
    "SmallAutoField",
    "SmallIntegerField",
    "TextField",
}


def _preparer(model_field: Any, db: Any) -> Callable[[Any], Any] | None:
    """How a value of this field is prepared for the database; None where the Python value goes as it is."""
    target = model_field.target_field if model_field.is_relation else model_field
    kind = target.get_internal_type()
    if kind in _PLAIN_TYPES:
        return None
    save = model_field.get_db_prep_save
    # The common cases, without the generic path's conversions; anything unusual takes the generic path.
    if kind == "DateField":
        adapt_date = db.ops.adapt_datefield_value
        return lambda value: adapt_date(value) if type(value) is dt.date else save(value, db)
    if kind == "DateTimeField":
        if db.vendor == "sqlite" and db.timezone is dt.UTC:
            # What the backend writes (the UTC time as naive text), without its per-value settings lookups:
            # a bulk batch adapts a few datetimes per row. A time already in UTC is that text less "+00:00".
            return lambda value: (
                (
                    value.isoformat(" ")[:-6]
                    if value.tzinfo is dt.UTC
                    else value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ")
                )
                if type(value) is dt.datetime and value.tzinfo is not None
                else save(value, db)
            )
        adapt_time = db.ops.adapt_datetimefield_value
        return lambda value: (
            adapt_time(value) if type(value) is dt.datetime and value.tzinfo is not None else save(value, db)
        )
    if kind == "JSONField" and db.vendor == "sqlite" and model_field.encoder is None:
        # What the backend writes (the JSON text) without the generic path's lookups and checks.
        return lambda value: save(value, db) if value is None else json.dumps(value)
    if kind == "UUIDField":
        if db.features.has_native_uuid_field:
            return None
        return lambda value: value.hex if type(value) is uuid.UUID else save(value, db)
    return lambda value: save(value, db)


def _maker(model_field: Any, db: Any) -> Callable[[], Any]:
    """The prepared default of a field whose default is made anew for every row."""
    save = model_field.get_db_prep_save
    if getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False):
        return lambda: save(timezone.now(), db)
    default = model_field.default
    if model_field.get_internal_type() == "UUIDField" and not db.features.has_native_uuid_field:
        return lambda: value.hex if type(value := default()) is uuid.UUID else save(value, db)
    return lambda: save(default(), db)


def _prepared(row: Sequence[Any], preparers: list[Callable[[Any], Any] | None]) -> list[Any]:
    if not any(preparers):
        return list(row)
    return [
        value if prepare is None else prepare(value) for value, prepare in zip(row, preparers, strict=True)
    ]


def _insertion(
    model: Any, names: Sequence[str]
) -> tuple[str, str, int, Callable[[Sequence[Any]], list[Any]]]:
    """The quoted table, its column list, the number of columns, and what makes a row given as values for
    the fields `names` into the values of those columns (the other columns get their defaults)."""
    db = connections[DEFAULT_DB_ALIAS]
    meta = model._meta
    given = [meta.get_field(name) for name in names]
    preparers = [_preparer(f, db) for f in given]
    made: list[Any] = []  # fields whose default is made anew for each row (uuid4, timezone.now, list)
    constant: list[Any] = []
    for f in meta.concrete_fields:
        if f in given or f is meta.auto_field or (f.has_db_default() and not f.has_default()):
            continue  # the database numbers the row / applies its own default, as bulk_create leaves it
        if (
            getattr(f, "auto_now", False)
            or getattr(f, "auto_now_add", False)
            or (f.has_default() and callable(f.default))
        ):
            made.append(f)
        else:
            constant.append(f)
    makers = [_maker(f, db) for f in made]
    constants = [f.get_db_prep_save(f.get_default(), db) for f in constant]

    def complete(row: Sequence[Any]) -> list[Any]:
        values = _prepared(row, preparers)
        values += [make() for make in makers]
        values += constants
        return values

    quote = db.ops.quote_name
    columns = [*given, *made, *constant]
    return quote(meta.db_table), ", ".join(quote(f.column) for f in columns), len(columns), complete


def insert(model: Any, names: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """INSERT rows of values for the fields `names` (in that order); other columns get their defaults."""
    db = connections[DEFAULT_DB_ALIAS]
    table, columns, width, complete = _insertion(model, names)
    rows = rows if isinstance(rows, list) else list(rows)
    with db.cursor() as cursor:
        raw = cursor.cursor
        # COPY pays a fixed cost per statement that a few rows don't earn back (one evidence via the API).
        if db.vendor == "postgresql" and hasattr(raw, "copy") and len(rows) >= COPY_FROM:
            with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(complete(row))
            return
        marks = ", ".join(["%s"] * width)
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608 (names from the model)
        for batch in batches(rows):
            cursor.executemany(sql, [complete(row) for row in batch])


def insert_numbered(
    model: Any, names: Sequence[str], rows: Sequence[Sequence[Any]], key: str
) -> dict[Any, int]:
    """`insert`, then the id the database numbered each row with, by the row's value of the unique field
    `key` (one of `names`). Rows are written and numbered by INSERT ... RETURNING, as many to a statement as
    the database takes bound values; many rows on PostgreSQL take `insert`'s way (COPY) and are numbered by
    reading their ids back."""
    if not rows:
        return {}
    meta = model._meta
    key_field, pk = meta.get_field(key), meta.pk
    db = connections[DEFAULT_DB_ALIAS]
    if db.vendor == "postgresql" and len(rows) >= COPY_FROM:
        insert(model, names, rows)
        numbered: dict[Any, int] = {}
        for batch in batches([row[names.index(key)] for row in rows], size=900):
            found = model._default_manager.filter(**{f"{key}__in": batch})
            numbered.update(found.values_list(key, pk.attname))
        return numbered
    table, columns, width, complete = _insertion(model, names)
    quote = db.ops.quote_name
    at = names.index(key)
    numbered = {}
    with db.cursor() as cursor:
        for batch in batches(rows, size=max(1, _bound_values_per_statement(db) // width)):
            values = [complete(row) for row in batch]
            # The key as the row gives it, by the key as the database returns it (SQLite: a UUID's hex text).
            given = {stored[at]: row[at] for stored, row in zip(values, batch, strict=True)}
            marks = ", ".join(["(" + ", ".join(["%s"] * width) + ")"] * len(batch))
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {marks} "  # noqa: S608 (names from the model, values bound)
                f"RETURNING {quote(key_field.column)}, {quote(pk.column)}",
                [value for row in values for value in row],
            )
            for returned, pk_value in cursor.fetchall():
                numbered[given[returned] if returned in given else key_field.to_python(returned)] = pk_value
    return numbered


def _bound_values_per_statement(db: Any) -> int:
    """How many values one statement may bind: SQLite's compiled limit, but no more than its default of 32,766
    (Django assumes the 999 of versions before 3.32); PostgreSQL's 65,535 of its protocol."""
    if db.vendor == "sqlite":
        return min(db.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER), 32766)
    return 65535


def values_of(model: Any, names: Sequence[str], objects: Iterable[Any]) -> list[list[Any]]:
    """Model instances' values for the fields `names`, as rows for `insert`."""
    attnames = [model._meta.get_field(name).attname for name in names]
    return [[getattr(obj, a) for a in attnames] for obj in objects]


def insert_objects(model: Any, names: Sequence[str], objects: Iterable[Any]) -> None:
    """INSERT unsaved model instances' values for the fields `names` (ids are not set on the objects)."""
    insert(model, names, values_of(model, names, objects))


def update(model: Any, names: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """UPDATE the fields `names` of rows given as (value, ..., primary key)."""
    db = connections[DEFAULT_DB_ALIAS]
    meta = model._meta
    given = [meta.get_field(name) for name in names]
    preparers = [*(_preparer(f, db) for f in given), None]
    quote = db.ops.quote_name
    table, pk = quote(meta.db_table), quote(meta.pk.column)
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in given)
    each_row = f"UPDATE {table} SET {assignments} WHERE {pk} = %s"  # noqa: S608 (names from the model, values bound)
    # On PostgreSQL a batch is one statement, each column sent as one array (of the column's own type):
    # executemany sends a statement per row and waits for each (a quarter of a second for 1,000 mastery
    # states), and a VALUES list with a `%s` per value spends as long splitting the query text.
    # Without length modifiers: an explicit cast to varchar(n) cuts a longer text silently, where assigning
    # it to the column refuses it, as the one-row UPDATE does.
    arrays = ", ".join(f"%s::{re.sub(r'[(].*[)]', '', f.db_type(db))}[]" for f in [*given, meta.pk])
    aliases = ", ".join(f"c{i}" for i in range(len(given)))
    assignments = ", ".join(f"{quote(f.column)} = v.c{i}" for i, f in enumerate(given))
    whole_batch = (
        f"UPDATE {table} SET {assignments} FROM unnest({arrays}) AS v({aliases}, pk) "  # noqa: S608 (names from the model, values bound)
        f"WHERE {table}.{pk} = v.pk"
    )
    with db.cursor() as cursor:
        for batch in batches(rows):
            prepared = [_prepared(row, preparers) for row in batch]
            if db.vendor == "postgresql" and len(prepared) > 1:
                cursor.execute(whole_batch, [list(column) for column in zip(*prepared, strict=True)])
            else:
                cursor.executemany(each_row, prepared)


def batches(rows: Iterable[Any], size: int = BATCH) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
