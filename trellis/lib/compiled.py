"""Yes/no checks whose SQL is compiled once per process and database, then sent as one statement.

Django builds and compiles a queryset's SQL every time it runs. For the handful of checks every page makes
(which homes a person has, what they may open) that Python work costs several times what the database
spends answering: compiling one `exists()` with validity windows takes about a millisecond, answering it a
tenth of that. `ExistsChecks` compiles its querysets once, with stand-in values for the parameters that
change between calls (a person's id, today's date), remembers where those values go, and afterwards only
swaps the real values in. The SQL is the ORM's own, so the checks cannot drift from the querysets they
come from.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Callable, Mapping
from typing import Any

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import QuerySet

# Stand-ins no real row or filter uses: negative ids, and dates before any school year stored here.
_INT_STANDIN = -7_340_000_000
_DATE_STANDIN = dt.date(1904, 2, 29)

# Per SQL parameter: the name of the value that goes there, or None and the constant.
Slots = list[tuple[str | None, Any]]
Compiled = tuple[str, Slots, list[str]]


class ExistsChecks:
    """Named EXISTS checks answered by one SQL statement.

    `build` receives a stand-in for every name in `ints` and `dates` and returns named querysets; calling
    the instance with real values returns {name: bool}. `build` must use the values only as filter
    parameters (not to choose which filters to apply), since it runs once per database.
    """

    def __init__(
        self,
        build: Callable[..., Mapping[str, QuerySet[Any]]],
        *,
        ints: tuple[str, ...] = (),
        dates: tuple[str, ...] = (),
    ) -> None:
        self._build = build
        self._standins: dict[str, Any] = {name: _INT_STANDIN - i for i, name in enumerate(ints)}
        self._standins |= {name: _DATE_STANDIN + dt.timedelta(days=i) for i, name in enumerate(dates)}
        self._compiled: dict[str, Compiled] = {}
        _EVERY.add(self)

    def _compile(self, connection: BaseDatabaseWrapper) -> Compiled:
        checks = self._build(**self._standins)
        parts, params = [], []
        for queryset in checks.values():
            sql, part_params = queryset.query.exists().get_compiler(connection=connection).as_sql()
            parts.append(f"EXISTS({sql})")
            params.extend(part_params)
        by_value = {self._adapt(connection, value): name for name, value in self._standins.items()}
        slots = [(by_value.get(p) if isinstance(p, int | str | dt.date) else None, p) for p in params]
        missing = set(self._standins) - {name for name, _p in slots if name}
        if missing:
            raise ValueError(f"ExistsChecks: {sorted(missing)} never reach the SQL; filter on them in build")
        return f"SELECT {', '.join(parts)}", slots, list(checks)

    @staticmethod
    def _adapt(connection: BaseDatabaseWrapper, value: Any) -> Any:
        return connection.ops.adapt_datefield_value(value) if isinstance(value, dt.date) else value

    def __call__(self, using: str = "default", **values: Any) -> dict[str, bool]:
        connection = connections[using]
        compiled = self._compiled.get(connection.vendor)
        if compiled is None:
            compiled = self._compiled[connection.vendor] = self._compile(connection)
        sql, slots, names = compiled
        if values.keys() != self._standins.keys():
            raise TypeError(f"ExistsChecks needs exactly {sorted(self._standins)}")
        adapted = {name: self._adapt(connection, value) for name, value in values.items()}
        params = [adapted[name] if name else constant for name, constant in slots]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        return {name: bool(flag) for name, flag in zip(names, row, strict=True)}


_EVERY: weakref.WeakSet[ExistsChecks] = weakref.WeakSet()


def forget_compiled() -> None:
    """Compile every check again on its next call: for tests that replace what the checks are built from
    (the access matrix's injected faults), so the replacement is used and does not outlive the test."""
    for checks in list(_EVERY):
        checks._compiled.clear()
