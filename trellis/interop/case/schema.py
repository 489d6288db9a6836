"""Validation against the official CASE CFPackage JSON schemas shipped in ``schemas/``.

CASE 1.1: the 1EdTech schema (JSON Schema 2019-09). CASE 1.0: the 1.0 package schema as kept by
OpenSALT (draft-04 style). See ``schemas/NOTICE.md`` for where they come from. Formats are checked
where the ``jsonschema`` library can without extra packages (uuid, date), and date-time the way the
parser checks it; URIs are not checked. ``jsonschema`` is imported on first use, so reading a 1.0
package never loads it.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from importlib import resources
from typing import Any

from .issues import Issue, join_path
from .values import datetime_zone
from .vocabulary import V1_0, V1_1

SCHEMA_FILES = {V1_0: "case-v1p0-cfpackage.json", V1_1: "case-v1p1-cfpackage.json"}
_MESSAGE_LIMIT = 200
_PACKAGE = __name__.rpartition(".")[0]


def load_schema(version: str) -> dict[str, Any]:
    """The official CFPackage JSON schema of a CASE version ("1.0" or "1.1"), as a dict."""
    text = resources.files(_PACKAGE).joinpath("schemas", SCHEMA_FILES[version]).read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@functools.cache
def _validator(version: str) -> Any:
    import jsonschema  # deferred: most parses never need it, and it takes a while to import

    cls = jsonschema.Draft201909Validator if version == V1_1 else jsonschema.Draft4Validator
    # Every format jsonschema checks on its own (uuid, date, ...), plus date-time, which it checks
    # only with an extra package: checked here as the parser does (ISO 8601, zone optional).
    # Without it, CASE 1.0's "oneOf date / date-time" would accept no status date at all.
    checker = jsonschema.FormatChecker()
    checker.checks("date-time")(_is_datetime)
    return cls(load_schema(version), format_checker=checker)


def _is_datetime(instance: object) -> bool:
    return not isinstance(instance, str) or datetime_zone(instance) is not None


def json_path(parts: Iterable[str | int]) -> str:
    """``["CFItems", 12, "CFItemType"]`` -> ``"CFItems[12].CFItemType"``; ``[]`` -> ``"$"``."""
    path = ""
    for part in parts:
        path = join_path(path, part)
    return path or "$"


def schema_issues(data: Any, version: str, *, file: str, limit: int = 1000) -> list[Issue]:
    """What the official CASE ``version`` schema finds wrong with ``data`` (at most ``limit``)."""
    issues = []
    for error in _validator(version).iter_errors(data):
        message = error.message
        if len(message) > _MESSAGE_LIMIT:
            message = message[: _MESSAGE_LIMIT - 3] + "..."
        issues.append(
            Issue(
                file,
                0,
                json_path([*error.absolute_path, *_culprit(error)]),
                f"does not conform to the CASE {version} JSON schema ({error.validator}: {message}); "
                "correct or remove this value",
            )
        )
        if len(issues) >= limit:
            break
    return issues


def _culprit(error: Any) -> list[str]:
    """The property a "required" or "additionalProperties" error is about, so the path names it.

    jsonschema reports both at the object; pointing at the missing or unexpected property itself
    is more useful, and lines up with the parser's own issues.
    """
    instance = error.instance
    if not isinstance(instance, dict):
        return []
    if error.validator == "required":
        names = [
            name for name in error.validator_value if name not in instance and repr(name) in error.message
        ]
    elif error.validator == "additionalProperties":
        allowed = error.schema.get("properties", {})
        names = [name for name in instance if name not in allowed]
    else:
        return []
    return names[:1] if len(names) == 1 else []
