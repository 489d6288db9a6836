"""Fuzzing: whatever is done to a valid package, parse_package answers with a CasePackage or a
CaseError whose issues are all well-formed, never with any other exception; and whatever it
accepts, write_package either writes schema-valid JSON that reads back the same, or refuses with
a well-formed CaseError."""

from __future__ import annotations

import copy
import dataclasses
import json
from collections.abc import Callable, Iterator
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trellis.interop.case import CaseError, CasePackage, parse_package, write_package
from trellis.interop.case.schema import schema_issues

from .helpers import CHANGED, assert_well_formed, small_package, uid

FUZZ = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

#: Strings that probe the parser's edges.
TRICKY = st.sampled_from(
    [
        "",
        " ",
        uid(1),
        uid(10),
        uid(11),
        uid(12),
        uid(13),
        uid(900),
        uid(10).upper(),
        "not-a-uuid",
        "{" + uid(10) + "}",
        "isChildOf",
        "precedes",
        "isTranslationOf",
        "IsRelatedTo",
        "ext:x",
        "ext:",
        "CASE",
        "1.1",
        "1.0",
        "2025-01-31",
        "2025-02-30",
        "2025-01-31T12:00:00",
        "2025-01-31T12:00:00Z",
        "٢٠٢٥-01-31",
        CHANGED,
        "https://x.invalid/",
        "\x00",
        "\ud800",
        "03, 04",
    ]
)
#: Property names: CASE's own (so that renaming makes near-valid packages) and junk.
KEYS = st.sampled_from(
    [
        "identifier",
        "uri",
        "title",
        "fullStatement",
        "humanCodingScheme",
        "CFDocumentURI",
        "CFPackageURI",
        "caseVersion",
        "extensions",
        "targetType",
        "subject",
        "subjectURI",
        "notes",
        "frameworkType",
        "associationType",
        "originNodeURI",
        "destinationNodeURI",
        "sequenceNumber",
        "CFItems",
        "CFAssociations",
        "CFDocument",
        "CFDefinitions",
        "CFRubricCriteria",
        "lastChangeDateTime",
        "statusStartDate",
        "educationLevel",
        "licenseURI",
    ]
) | st.text(max_size=4)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(2**40), 2**40)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8)
    | TRICKY
)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(KEYS, children, max_size=3),
    max_leaves=6,
)
OPERATIONS = ("replace", "delete", "rename", "insert", "copy")


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*prefix, index))


def _at(node: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        node = node[step]
    return node


def _mutate(data: st.DataObject, package: dict[str, Any]) -> Any:
    """Apply one to four random edits to the package; returns what is left of it."""
    holder: dict[str, Any] = {"package": package}
    for _ in range(data.draw(st.integers(1, 4), label="edits")):
        paths = [path for path in _paths(holder) if path]
        if not paths:
            break
        path = data.draw(st.sampled_from(paths), label="path")
        parent, key = _at(holder, path[:-1]), path[-1]
        operation = data.draw(st.sampled_from(OPERATIONS), label="operation")
        if operation == "replace":
            parent[key] = data.draw(JSON_VALUES, label="value")
        elif operation == "delete":
            del parent[key]
        elif operation == "rename" and isinstance(parent, dict) and parent is not holder:
            parent[data.draw(KEYS, label="new key")] = parent.pop(key)
        elif operation == "insert":
            target = parent[key]
            if isinstance(target, dict):
                target[data.draw(KEYS, label="key")] = data.draw(JSON_VALUES, label="value")
            elif isinstance(target, list):
                index = data.draw(st.integers(0, len(target)), label="index")
                target.insert(index, data.draw(JSON_VALUES, label="value"))
        elif operation == "copy":  # another part of the package: duplicates, loops, wrong kinds
            other = data.draw(st.sampled_from(paths), label="copied from")
            parent[key] = copy.deepcopy(_at(holder, other))
    return holder.get("package", {})


def _has_extra(node: Any) -> bool:
    if isinstance(node, tuple):
        return any(_has_extra(entry) for entry in node)
    if not dataclasses.is_dataclass(node):
        return False
    if getattr(node, "extra", None):
        return True
    return any(_has_extra(getattr(node, field.name)) for field in dataclasses.fields(node))


def _refusal(call: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[Any, CaseError | None]:
    """What ``call`` returns, or the CaseError it raises."""
    try:
        return call(*args, **kwargs), None
    except CaseError as error:
        return None, error


def _assert_well_formed_error(error: CaseError) -> None:
    assert error.issues
    for issue in error.issues:
        assert_well_formed(issue)


def _check_writes(package: CasePackage) -> None:
    for version in ("1.0", "1.1"):
        data, refused = _refusal(write_package, package, version=version)
        if refused is not None:
            _assert_well_formed_error(refused)
            continue
        assert schema_issues(data, version, file="fuzz") == []
        again = parse_package(data)
        assert again.version == version
        # 1.1 moves extra properties into extensions; otherwise the package reads back the same
        if version == "1.0" or not _has_extra(package):
            assert dataclasses.replace(again, version=package.version) == package


def _check(source: Any) -> None:
    package, rejected = _refusal(parse_package, source)
    if rejected is not None:
        _assert_well_formed_error(rejected)
        return
    for warning in package.warnings:
        assert_well_formed(warning)
    _check_writes(package)


@FUZZ
@given(data=st.data(), declare=st.booleans(), as_text=st.booleans())
def test_mutated_packages_parse_or_fail_cleanly(data, declare, as_text):
    mutated = _mutate(data, small_package(declare_1_1=declare))
    _check(json.dumps(mutated) if as_text else mutated)


@settings(max_examples=60, deadline=None, database=None)
@given(
    declare=st.booleans(),
    cut=st.integers(0, 10_000),
    junk=st.sampled_from(["", "{", "}", "]", ",", '"', "\\", ":", "null", "\x00", "é", "\ufeff"]),
)
def test_damaged_json_text_fails_cleanly(declare, cut, junk):
    text = json.dumps(small_package(declare_1_1=declare))
    cut %= len(text)
    _check((text[:cut] + junk + text[cut + 1 :]).encode("utf-8"))
