"""Cell parsers (CSV text to Python values) and formatters (back), one pair per column kind.

A parser takes the raw cell, its ``Column`` and the file's ``FileContext``; it returns the value
or raises ``CellError`` with a message that says what is wrong and what to do. Forgiven oddities
(``TRUE`` for ``true``, spaces after list commas, ...) are reported through
``FileContext.warn``, which folds repeats of the same oddity in the same column into one warning.
The parsers are on the hot path (one call per cell of a 500,000-row file), so each checks the
common, valid case first; the reader also remembers the results for cells that repeat.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from .issues import Issue
from .schema import (
    BOOL,
    DATE,
    DATETIME,
    ENUM,
    GRADE_LIST,
    GRADES,
    LIST,
    REF,
    REFS,
    SOURCED_ID,
    STATUS,
    STATUSES,
    TEXT,
    USER_IDS,
    YEAR,
    Column,
)

MAX_SOURCED_ID_LENGTH = 255

_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME_RE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?")
_SLASH_DATE_RE = re.compile(r"\d{1,2}[/.]\d{1,2}[/.]\d{2,4}")
_YEAR_RE = re.compile(r"\d{4}")


class CellError(ValueError):
    """A cell that cannot be read; ``message`` is user-facing."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class FileContext:
    """Where the parsers are (file, line, bulk or delta) and where their warnings go."""

    def __init__(
        self, filename: str, mode: str, warnings: WarningLog, valid_ids: set[str] | None = None
    ) -> None:
        self.filename = filename
        self.mode = mode
        self.line = 0
        self.warned = 0  # how many warnings the parsers have given in this file
        self._warnings = warnings
        # sourcedIds already found well-formed (shared across a bundle's files): references
        # repeat them many times, and a set lookup is cheaper than checking again.
        self.valid_ids: set[str] = set() if valid_ids is None else valid_ids

    def warn(self, field: str, key: str, message: str) -> None:
        self.warned += 1
        self._warnings.add(self.filename, self.line, field, key, message)


class WarningLog:
    """Forgiven oddities, one entry per (file, field, kind) with the first line and a count."""

    def __init__(self) -> None:
        self._entries: dict[tuple[str, str, str], list[Any]] = {}

    def add(self, filename: str, line: int, field: str, key: str, message: str) -> None:
        entry = self._entries.get((filename, field, key))
        if entry is None:
            self._entries[(filename, field, key)] = [line, 1, message]
        else:
            entry[1] += 1

    def issues(self) -> list[Issue]:
        result = []
        for (filename, field, _key), (line, count, message) in self._entries.items():
            if count > 1:
                message = f"{message} ({count} rows like this; the first is shown)"
            result.append(Issue(filename, line, field, message))
        return result


Parser = Callable[[str, Column, FileContext], Any]


def _did_you_mean(raw: str, values: frozenset[str]) -> str:
    folded = raw.strip().casefold()
    for value in values:
        if value.casefold() == folded:
            return f"; did you mean '{value}'?"
    return ""


def _check_sourced_id(raw: str, column: Column) -> None:
    """Raise unless ``raw`` (non-empty) can be a sourcedId."""
    if len(raw) > MAX_SOURCED_ID_LENGTH:
        raise CellError(
            f"{column.name} is {len(raw)} characters long; sourcedIds may be at most "
            f"{MAX_SOURCED_ID_LENGTH} characters"
        )
    if raw.strip() != raw:
        raise CellError(
            f"{column.name} {raw!r} has spaces at its start or end; remove them "
            "(sourcedIds are compared exactly)"
        )
    if "," in raw:
        raise CellError(
            f"{column.name} {raw!r} contains a comma, which separates list items in OneRoster; "
            "sourcedIds cannot contain commas"
        )
    if not raw.isprintable():
        raise CellError(f"{column.name} {raw!r} contains a line break or control character; remove it")


def _required(column: Column) -> CellError:
    return CellError(f"{column.name} is required but empty; fill it in on every row")


def parse_sourced_id(raw: str, column: Column, ctx: FileContext) -> str:
    if not raw:
        raise CellError("sourcedId is required but empty; give every row a unique sourcedId")
    _check_sourced_id(raw, column)
    ctx.valid_ids.add(raw)
    return raw


def parse_status(raw: str, column: Column, ctx: FileContext) -> str:
    if ctx.mode == "delta":
        if raw in STATUSES:
            return raw
        if not raw:
            raise CellError(
                "status is required in delta mode; use 'active' (new or changed) or 'tobedeleted' (remove)"
            )
        raise CellError(
            f"status {raw!r} is not a OneRoster status; use 'active' or 'tobedeleted'"
            + _did_you_mean(raw, STATUSES)
        )
    if not raw:
        return raw
    if raw == "active":
        ctx.warn(
            "status",
            "bulk-status",
            "status should be blank in a bulk file; 'active' was accepted",
        )
        return raw
    if raw == "tobedeleted":
        raise CellError(
            "status 'tobedeleted' cannot appear in a bulk file, which replaces the whole set: "
            "leave the row out, or declare the file as delta in manifest.csv"
        )
    raise CellError(
        f"status {raw!r} is not a OneRoster status; leave it blank in a bulk file "
        "(delta files use 'active' or 'tobedeleted')"
    )


def _to_datetime(raw: str, column: Column, ctx: FileContext) -> datetime:
    match = _DATETIME_RE.fullmatch(raw)
    if match is None:
        raise CellError(
            f"{column.name} {raw!r} is not an ISO 8601 date-time; write it like 2026-09-15T14:00:00.000Z"
        )
    naive = match.group(1) is None
    try:
        value = datetime.fromisoformat(raw.replace(",", "."))
        value = value.replace(tzinfo=UTC) if naive else value.astimezone(UTC)
    except (ValueError, OverflowError) as exc:
        raise CellError(
            f"{column.name} {raw!r} is not a valid date-time ({exc}); write it like 2026-09-15T14:00:00.000Z"
        ) from None
    if naive:
        ctx.warn(
            column.name,
            "naive-datetime",
            f"{column.name} {raw!r} has no time zone; it was read as UTC (add 'Z')",
        )
    return value


def parse_date_last_modified(raw: str, column: Column, ctx: FileContext) -> datetime | None:
    if not raw:
        if ctx.mode == "delta":
            raise CellError(
                "dateLastModified is required in delta mode; give the time of the change, e.g. "
                "2026-09-15T14:00:00.000Z"
            )
        return None
    value = _to_datetime(raw, column, ctx)
    if ctx.mode == "bulk":
        ctx.warn(
            column.name,
            "bulk-dlm",
            "dateLastModified should be blank in a bulk file; the value was kept",
        )
    return value


def parse_text(raw: str, column: Column, ctx: FileContext) -> str:
    if column.required and not raw.strip():
        raise _required(column)
    return raw


def parse_enum(raw: str, column: Column, ctx: FileContext) -> str:
    if raw in column.values:
        return raw
    if not raw:
        if column.required:
            raise CellError(
                f"{column.name} is required but empty; use one of: {', '.join(sorted(column.values))}"
            )
        return raw
    if column.extensible and raw.startswith("ext:") and len(raw) > 4 and raw.isprintable():
        return raw
    allowed = ", ".join(sorted(column.values))
    extension = " (or an 'ext:' extension token)" if column.extensible else ""
    raise CellError(
        f"{raw!r} is not a OneRoster {column.name} value; use one of: {allowed}{extension}"
        + _did_you_mean(raw, column.values)
    )


def parse_date(raw: str, column: Column, ctx: FileContext) -> date | None:
    if not raw:
        if column.required:
            raise CellError(f"{column.name} is required but empty; give a date like 2026-08-17")
        return None
    if _DATE_RE.fullmatch(raw) is None:
        hint = ""
        if _SLASH_DATE_RE.fullmatch(raw):
            hint = " (day/month/year and month/day/year are ambiguous, so they are not accepted)"
        raise CellError(
            f"{column.name} {raw!r} is not a date in YYYY-MM-DD form{hint}; write it like 2026-08-17"
        )
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise CellError(f"{column.name} {raw!r} is not a real calendar date; check it") from None


def parse_year(raw: str, column: Column, ctx: FileContext) -> str:
    if _YEAR_RE.fullmatch(raw):
        return raw
    if not raw:
        raise _required(column)
    raise CellError(
        f"{column.name} {raw!r} is not a four-digit year; use the year the school year ends, e.g. 2027"
    )


def parse_bool(raw: str, column: Column, ctx: FileContext) -> bool | None:
    if raw == "true":
        return True
    if raw == "false":
        return False
    if not raw:
        if column.required:
            raise CellError(f"{column.name} is required but empty; use 'true' or 'false'")
        return None
    folded = raw.strip().lower()
    if folded in ("true", "false"):
        ctx.warn(
            column.name,
            "boolean-case",
            f"{column.name} {raw!r} is not OneRoster's lower-case 'true'/'false'; it was read as {folded}",
        )
        return folded == "true"
    raise CellError(f"{column.name} {raw!r} is not a boolean; use 'true' or 'false'")


def parse_primary(raw: str, column: Column, ctx: FileContext) -> bool:
    """enrollments.csv ``primary``: optional, and a blank cell means false."""
    return parse_bool(raw, column, ctx) is True


def _split(raw: str, column: Column, ctx: FileContext) -> list[str]:
    """Split a comma-separated cell; forgive spaces around items, refuse empty items."""
    items = raw.split(",")
    stripped = [item.strip() for item in items]
    if stripped != items:
        ctx.warn(
            column.name,
            "list-spaces",
            f"{column.name} {raw!r} has spaces around its comma-separated items; they were removed",
        )
    if "" in stripped:
        raise CellError(
            f"{column.name} {raw!r} has an empty item; remove the extra comma "
            "(items are separated by single commas)"
        )
    return stripped


def parse_ref(raw: str, column: Column, ctx: FileContext) -> str:
    if not raw:
        if column.required:
            raise CellError(
                f"{column.name} is required but empty; give the sourcedId of a row in {column.target}.csv"
            )
        return raw
    if raw not in ctx.valid_ids:
        _check_sourced_id(raw, column)
        ctx.valid_ids.add(raw)
    return raw


def parse_refs(raw: str, column: Column, ctx: FileContext) -> tuple[str, ...]:
    if not raw:
        if column.required:
            raise CellError(
                f"{column.name} is required but empty; give one or more sourcedIds of rows in "
                f"{column.target}.csv, separated by commas"
            )
        return ()
    if "," not in raw:
        if raw not in ctx.valid_ids:
            _check_sourced_id(raw, column)
            ctx.valid_ids.add(raw)
        return (raw,)
    items = _split(raw, column, ctx)
    for item in items:
        _check_sourced_id(item, column)
    return tuple(items)


def parse_list(raw: str, column: Column, ctx: FileContext) -> tuple[str, ...]:
    if "," not in raw and raw.strip() == raw:
        return (raw,) if raw else ()
    if not raw.strip():
        ctx.warn(column.name, "blank-list", f"{column.name} holds only spaces; it was read as empty")
        return ()
    return tuple(_split(raw, column, ctx))


def parse_grades(raw: str, column: Column, ctx: FileContext) -> tuple[str, ...]:
    grades = parse_list(raw, column, ctx)
    for grade in grades:
        if grade not in GRADES:
            ctx.warn(
                column.name,
                "grade-vocabulary",
                f"grade {grade!r} is not a CEDS grade code (IT, PR, PK, TK, KG, 01-13, PS, UG, "
                "Other); it was kept as given",
            )
    return grades


def parse_user_ids(raw: str, column: Column, ctx: FileContext) -> tuple[tuple[str, str], ...]:
    if not raw:
        return ()
    result = []
    for item in _split(raw, column, ctx):
        type_, colon, identifier = item[1:-1].partition(":")
        if not (
            item.startswith("{")
            and item.endswith("}")
            and colon
            and type_.strip()
            and identifier.strip()
            and not any(c in item[1:-1] for c in "{}")
        ):
            raise CellError(
                f"userIds item {item!r} is not in {{type:id}} form; write e.g. {{LDAP:jdoe}}, "
                "separating several with commas"
            )
        result.append((type_, identifier))
    return tuple(result)


PARSERS: dict[str, Parser] = {
    SOURCED_ID: parse_sourced_id,
    STATUS: parse_status,
    DATETIME: parse_date_last_modified,
    TEXT: parse_text,
    ENUM: parse_enum,
    DATE: parse_date,
    YEAR: parse_year,
    BOOL: parse_bool,
    REF: parse_ref,
    REFS: parse_refs,
    LIST: parse_list,
    GRADE_LIST: parse_grades,
    USER_IDS: parse_user_ids,
}


def parser_for(column: Column) -> Parser | None:
    """The column's parser; None for optional text, which is taken as it is."""
    if column.kind == TEXT and not column.required:
        return None
    if column.kind == BOOL and column.blank_is_false:
        return parse_primary
    return PARSERS[column.kind]


#: ``blank_value`` for columns whose blank cells must go through the parser (to be refused).
PARSE_BLANK: Any = object()


def blank_value(column: Column, mode: str) -> Any:
    """What a blank cell of ``column`` reads as in a file of ``mode``, or ``PARSE_BLANK``.

    The same as the column's parser returns for "" (a test holds them together); it lets the
    reader skip a function call for the many blank cells of a large file.
    """
    kind = column.kind
    if column.required or (mode == "delta" and kind in (STATUS, DATETIME)):
        return PARSE_BLANK
    if kind in (DATETIME, DATE):
        return None
    if kind == BOOL:
        return False if column.blank_is_false else None
    if kind in (REFS, LIST, GRADE_LIST, USER_IDS):
        return ()
    return ""


# Formatters: the inverse of the parsers, for the writer.


def format_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    value = value.astimezone(UTC).replace(tzinfo=None)
    timespec = "milliseconds" if value.microsecond % 1000 == 0 else "microseconds"
    return value.isoformat(timespec=timespec) + "Z"


def format_date(value: date | None) -> str:
    return "" if value is None else value.isoformat()


def format_bool(value: bool | None) -> str:
    if value is None:
        return ""
    return "true" if value else "false"


def format_list(value: tuple[str, ...]) -> str:
    return ",".join(value)


def format_user_ids(value: tuple[tuple[str, str], ...]) -> str:
    return ",".join(f"{{{type_}:{identifier}}}" for type_, identifier in value)


def format_text(value: str) -> str:
    return value


FORMATTERS: dict[str, Callable[[Any], str]] = {
    SOURCED_ID: format_text,
    STATUS: format_text,
    DATETIME: format_datetime,
    TEXT: format_text,
    ENUM: format_text,
    DATE: format_date,
    YEAR: format_text,
    BOOL: format_bool,
    REF: format_text,
    REFS: format_list,
    LIST: format_list,
    GRADE_LIST: format_list,
    USER_IDS: format_user_ids,
}
