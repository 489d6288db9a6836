"""parse_package: read and validate a CASE 1.0 / 1.1 CFPackage (JSON).

The parse collects every problem instead of stopping at the first, and raises them together in
one ``CaseError``; what it forgives becomes ``CasePackage.warnings``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, NoReturn

from .graph import find_cycles
from .issues import CaseError, Issue, join_path
from .model import CasePackage, CFAssociation, CFDefinitions, CFDocument, CFItem, LinkGenURI
from .schema import schema_issues
from .spec import (
    ASSOCIATION,
    CASE_VERSION,
    DEFINITIONS,
    DOCUMENT,
    DOCUMENT_URI,
    ITEM,
    LINK_GEN_URI,
    LINK_URI,
    PACKAGE_KEYS,
    PACKAGE_URI,
    RUBRIC,
    Kind,
    ObjectSpec,
    Prop,
    document_link,
    package_link,
)
from .values import datetime_zone, is_date, is_uuid
from .vocabulary import (
    ASSOCIATION_TYPES,
    EXTENSION_VALUE,
    IS_CHILD_OF,
    IS_TRANSLATION_OF,
    PRECEDES,
    V1_0,
    V1_1,
    is_known_association_type,
    suggest_association_type,
)

#: Problems beyond this many are counted, not listed.
MAX_ISSUES = 1000

Source = str | bytes | bytearray | os.PathLike[str] | dict[str, Any] | IO[bytes] | IO[str]


def parse_package(source: Source, *, name: str = "", validate_schema: bool = True) -> CasePackage:
    """Parse and validate a CASE CFPackage.

    ``source`` is the package as JSON text (a ``str`` whose first non-blank character is ``{``
    or ``[``), UTF-8 ``bytes``, a path (any other ``str``, or an ``os.PathLike``), an open file,
    or the already-decoded JSON (what ``json.load`` returns). ``name`` labels the issues
    (default: the file's name).

    Raises ``CaseError`` listing every problem found, never any other exception for bad input.

    The package's CASE version is what CFDocument.caseVersion declares ("1.1"); without it, a
    package that carries the CASE 1.0 back-references (CFPackageURI, CFDocumentURI) is 1.0, one
    that uses something only CASE 1.1 defines (frameworkType, extensions, an item's subject,
    an association's notes, a targetType, isTranslationOf or an ext: type) is 1.1, and anything
    else is 1.0. A package that declares 1.1 is also checked against the official CASE 1.1 JSON
    schema unless ``validate_schema`` is False.
    """
    label = name or _label_of(source)
    try:
        raw = _load(source, label)
        return _Reader(label).read(raw, validate_schema=validate_schema)
    except RecursionError:
        raise CaseError(
            [_issue(label, "$", "the JSON is nested too deeply to read", "send a real CASE package")]
        ) from None


def _issue(file: str, field: str, problem: str, advice: str, line: int = 0) -> Issue:
    return Issue(file, line, field, f"{problem}; {advice}")


def _label_of(source: object) -> str:
    if isinstance(source, os.PathLike) or (isinstance(source, str) and not _looks_like_json(source)):
        return Path(os.fspath(source)).name or "CFPackage"
    file_name = getattr(source, "name", None)
    if isinstance(file_name, str) and file_name:
        return Path(file_name).name
    return "CFPackage"


def _looks_like_json(text: str) -> bool:
    return text.lstrip("\ufeff \t\r\n")[:1] in ("{", "[")


def _fail(label: str, problem: str, advice: str, line: int = 0) -> NoReturn:
    raise CaseError([_issue(label, "$", problem, advice, line)])


def _reject_constant(token: str) -> NoReturn:
    raise ValueError(f"{token} is not a JSON number")


def _finite_float(token: str) -> float:
    number = float(token)
    if number in (float("inf"), float("-inf")):
        raise ValueError(f"{token} is too large for a JSON number")
    return number


def _load(source: Source, label: str) -> Any:
    if source is None or isinstance(source, dict | list | int | float):  # decoded JSON (bool is an int)
        try:  # a copy that shares nothing with the caller's dict, and proof that it is JSON
            return json.loads(json.dumps(source, allow_nan=False))
        except (TypeError, ValueError, OverflowError) as exc:
            _fail(label, f"the data is not JSON ({exc})", "pass only what json.loads could return")
    if isinstance(source, str) and _looks_like_json(source):
        return _decode(source, label)
    if isinstance(source, bytes | bytearray):
        return _decode(_text_of(bytes(source), label), label)
    if isinstance(source, str | os.PathLike):
        try:
            data = Path(os.fspath(source)).read_bytes()
        except OSError as exc:
            _fail(
                label,
                f"the file could not be read ({exc.strerror or exc})",
                "check the path; JSON text passed as a string must start with '{'",
            )
        return _decode(_text_of(data, label), label)
    read = getattr(source, "read", None)
    if not callable(read):
        raise TypeError(f"parse_package cannot read a {type(source).__name__}")
    try:
        content = read()
    except (OSError, ValueError) as exc:
        _fail(label, f"the upload could not be read ({exc})", "upload the file again")
    return _decode(content if isinstance(content, str) else _text_of(content, label), label)


def _text_of(data: bytes, label: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        _fail(
            label,
            f"the file is not UTF-8 text (byte {exc.start} cannot be decoded)",
            "save or export the package as UTF-8 JSON",
        )


def _decode(text: str, label: str) -> Any:
    try:
        return json.loads(text, parse_constant=_reject_constant, parse_float=_finite_float)
    except json.JSONDecodeError as exc:
        _fail(
            label,
            f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}",
            "fix the JSON syntax there (a CASE package is one JSON object)",
            line=exc.lineno,
        )
    except ValueError as exc:
        _fail(label, f"not valid JSON: {exc}", "write numbers as plain finite JSON numbers")


def _describe(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return f"the string {shown!r}"
    return f"the number {value}"


class _Invalid:
    """Marks a value that failed its check (its problem has been recorded)."""


_INVALID = _Invalid()
_PACKAGE_EXTENSIONS = Prop("extensions", "extensions", Kind.OBJECT, since=V1_1)
_KNOWN_TYPES = ", ".join(ASSOCIATION_TYPES)


class _Reader:
    def __init__(self, label: str) -> None:
        self.label = label
        self.issues: list[Issue] = []
        self.warnings: list[Issue] = []
        self.dropped = 0
        #: lower-cased identifier -> path of the object that has it (for duplicates)
        self.seen: dict[str, str] = {}
        #: lower-cased identifier -> (title, uri) of the document and items (association ends)
        self.nodes: dict[str, tuple[str, str]] = {}
        #: lower-cased identifier -> how messages name it
        self.labels: dict[str, str] = {}

    # -- reporting -----------------------------------------------------------------------------

    def error(self, field: str, problem: str, advice: str) -> None:
        self.add(_issue(self.label, field, problem, advice))

    def add(self, issue: Issue) -> None:
        if len(self.issues) < MAX_ISSUES:
            self.issues.append(issue)
        else:
            self.dropped += 1

    def warn(self, field: str, problem: str, advice: str) -> None:
        if len(self.warnings) < MAX_ISSUES:
            self.warnings.append(_issue(self.label, field, problem, advice))

    def rejection(self) -> CaseError:
        issues = list(self.issues)
        if self.dropped:
            issues.append(
                _issue(
                    self.label,
                    "$",
                    f"{self.dropped} more problems were found but are not listed",
                    "fix the ones above and import again",
                )
            )
        return CaseError(issues, self.warnings)

    # -- the package -----------------------------------------------------------------------------

    def read(self, raw: Any, *, validate_schema: bool) -> CasePackage:
        if not isinstance(raw, dict):
            _fail(
                self.label,
                f"the JSON is {_describe(raw)}, not a CFPackage object",
                "export the framework as a CASE CFPackage (one JSON object holding CFDocument)",
            )
        raw_document = raw.get("CFDocument")
        if not isinstance(raw_document, dict):
            hint = (
                "this looks like a lone CFDocument; export the whole CFPackage instead"
                if "creator" in raw and "identifier" in raw
                else "export the framework as a CASE CFPackage (.../ims/case/v1p1/CFPackages/<id>)"
            )
            problem = "there is no CFDocument" if raw_document is None else "CFDocument is not an object"
            _fail(self.label, f"{problem}, so this is not a CASE CFPackage", hint)

        version, declared = self._version(raw, raw_document)
        link = document_link(
            raw_document.get("title"), raw_document.get("identifier"), raw_document.get("uri")
        )
        pack = package_link(
            raw_document.get("title"), raw_document.get("identifier"), raw_document.get("uri")
        )

        document = self._object(
            raw_document, "CFDocument", DOCUMENT, derived={PACKAGE_URI: pack}, handled=(CASE_VERSION,)
        )
        if isinstance(document, CFDocument):
            key = document.identifier.lower()
            self.nodes[key] = (document.title, document.uri)
            self.labels[key] = document.title

        items = [item for item, _ in self._list(raw, "CFItems", ITEM, derived={DOCUMENT_URI: link})]
        for item in items:
            assert isinstance(item, CFItem)
            key = item.identifier.lower()
            title = item.human_coding_scheme or item.abbreviated_statement or item.full_statement
            self.nodes[key] = (title, item.uri)
            self.labels[key] = item.label

        associations = [
            (association, path)
            for association, path in self._list(
                raw, "CFAssociations", ASSOCIATION, derived={DOCUMENT_URI: link}
            )
            if self._known_type(association, path)
        ]
        self._check_cycles(associations)

        definitions = self._definitions(raw.get("CFDefinitions"))
        rubrics = [rubric for rubric, _ in self._list(raw, "CFRubrics", RUBRIC)]
        extensions = self._value(raw.get("extensions"), "extensions", _PACKAGE_EXTENSIONS)
        extra = {key: value for key, value in raw.items() if key not in PACKAGE_KEYS and key != "extensions"}

        if declared and validate_schema:
            self._schema(raw, version)
        if self.issues:
            raise self.rejection()
        assert isinstance(document, CFDocument)
        return CasePackage(
            document=document,
            items=tuple(items),
            associations=tuple(association for association, _ in associations),
            definitions=definitions,
            rubrics=tuple(rubrics),
            version=version,
            extra=extra,
            extensions=None if isinstance(extensions, _Invalid) else extensions,
            warnings=tuple(self.warnings),
        )

    def _version(self, raw: dict[str, Any], document: dict[str, Any]) -> tuple[str, bool]:
        """(the package's CASE version, whether the package declared it)."""
        declared = document.get(CASE_VERSION)
        if declared == V1_1:
            return V1_1, True
        if declared is not None:
            if declared == V1_0:
                self.warn(
                    f"CFDocument.{CASE_VERSION}",
                    "caseVersion '1.0' is not a CASE value "
                    "(CASE 1.0 has no caseVersion; 1.1 allows only '1.1')",
                    "the package was read as CASE 1.0; leave caseVersion out of 1.0 packages",
                )
                return V1_0, False
            else:
                self.error(
                    f"CFDocument.{CASE_VERSION}",
                    f"caseVersion is {_describe(declared)}, but CASE allows only '1.1'",
                    "set it to '1.1' for a CASE 1.1 package, or leave it out for CASE 1.0",
                )
        items = [entry for entry in _as_list(raw.get("CFItems")) if isinstance(entry, dict)]
        associations = [entry for entry in _as_list(raw.get("CFAssociations")) if isinstance(entry, dict)]
        if PACKAGE_URI in document or any(DOCUMENT_URI in entry for entry in (*items, *associations)):
            return V1_0, False
        ends = [
            end
            for association in associations
            for end in (association.get("originNodeURI"), association.get("destinationNodeURI"))
            if isinstance(end, dict)
        ]
        uses_1_1 = (
            "frameworkType" in document
            or "extensions" in raw
            or "extensions" in document
            or any("extensions" in item or "subject" in item or "subjectURI" in item for item in items)
            or any(
                "extensions" in association
                or "notes" in association
                or association.get("associationType") == IS_TRANSLATION_OF
                or str(association.get("associationType", "")).startswith("ext:")
                for association in associations
            )
            or any("targetType" in end for end in ends)
        )
        return (V1_1 if uses_1_1 else V1_0), False

    def _list(
        self, raw: dict[str, Any], key: str, spec: ObjectSpec, derived: dict[str, Any] | None = None
    ) -> list[tuple[Any, str]]:
        """The valid objects listed under ``key``, each with its path."""
        value = raw.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(
                key, f"is {_describe(value)}, not a list", f"give {key} as a JSON list (or leave it out)"
            )
            return []
        result = []
        for index, entry in enumerate(value):
            path = f"{key}[{index}]"
            obj = self._object(entry, path, spec, derived=derived)
            if obj is not None:
                result.append((obj, path))
        return result

    def _definitions(self, value: Any) -> CFDefinitions:
        if value is None or value == []:  # CASE 1.0 writes an empty CFDefinitions as []
            return CFDefinitions()
        definitions = self._object(value, "CFDefinitions", DEFINITIONS)
        return definitions if isinstance(definitions, CFDefinitions) else CFDefinitions()

    # -- objects ---------------------------------------------------------------------------------

    def _fields(
        self,
        raw: Any,
        path: str,
        spec: ObjectSpec,
        derived: dict[str, Any] | None = None,
        handled: tuple[str, ...] = (),
    ) -> tuple[dict[str, Any], dict[str, Any]] | None:
        """The checked attribute values and the extra properties of one object, or None."""
        if not isinstance(raw, dict):
            self.error(
                path,
                f"is {_describe(raw)}, not a {spec.name} object",
                f"give a JSON object for the {spec.name}",
            )
            return None
        before = len(self.issues) + self.dropped
        values: dict[str, Any] = {}
        for prop in spec.props:
            value = raw.get(prop.key)
            where = join_path(path, prop.key)
            if value is None:
                if prop.required:
                    missing = "is null" if prop.key in raw else "is missing"
                    self.error(
                        where, f"{missing}, but CASE requires {prop.key} on every {spec.name}", "add it"
                    )
                continue
            checked = self._value(value, where, prop)
            if not isinstance(checked, _Invalid):
                values[prop.attr] = checked
        keys = spec.keys
        extra = {
            key: value
            for key, value in raw.items()
            if key not in keys
            and key not in handled
            and not (derived and key in derived and derived[key] == value)
        }
        if len(self.issues) + self.dropped > before:
            return None
        return values, extra

    def _object(
        self,
        raw: Any,
        path: str,
        spec: ObjectSpec,
        derived: dict[str, Any] | None = None,
        handled: tuple[str, ...] = (),
    ) -> Any:
        fields = self._fields(raw, path, spec, derived, handled)
        if fields is None:
            return None
        values, extra = fields
        if spec is not LINK_URI:
            identifier = values.get("identifier")
            if isinstance(identifier, str):
                first = self.seen.setdefault(identifier.lower(), path)
                if first != path:
                    self.error(
                        join_path(path, "identifier"),
                        f"{identifier} is already the identifier of {first}",
                        "give every CASE object its own UUID",
                    )
                    return None
        return spec.cls(**values, extra=extra)

    def _value(self, value: Any, where: str, prop: Prop) -> Any:
        if value is None:
            return None
        return _CHECKS[prop.kind](self, value, where, prop)

    def _text(self, value: Any, where: str, prop: Prop) -> Any:
        if not isinstance(value, str):
            self.error(where, f"is {_describe(value)}, not a string", f"give {prop.key} as a JSON string")
            return _INVALID
        if prop.nonblank and not value.strip():
            self.error(where, "is empty", f"give the {prop.key}; CASE requires it")
            return _INVALID
        return value

    def _uuid(self, value: Any, where: str, prop: Prop) -> Any:
        if not isinstance(value, str) or not is_uuid(value):
            self.error(
                where,
                f"{_describe(value)} is not a UUID",
                "CASE identifiers are UUIDs (8-4-4-4-12 hexadecimal digits); give the object one",
            )
            return _INVALID
        return value

    def _datetime(self, value: Any, where: str, prop: Prop) -> Any:
        zone = datetime_zone(value) if isinstance(value, str) else None
        if zone is None:
            self.error(
                where,
                f"{_describe(value)} is not an ISO 8601 date-time",
                "write it like 2025-01-31T12:00:00Z or 2025-01-31T12:00:00+00:00",
            )
            return _INVALID
        if not zone:
            self.warn(where, f"{value!r} has no time zone", "it is read as UTC; add Z or an offset to say so")
        return value

    def _date(self, value: Any, where: str, prop: Prop) -> Any:
        if not isinstance(value, str) or not (is_date(value) or datetime_zone(value) is not None):
            self.error(where, f"{_describe(value)} is not an ISO 8601 date", "write it like 2025-01-31")
            return _INVALID
        return value

    def _int(self, value: Any, where: str, prop: Prop) -> Any:
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if not isinstance(value, int) or isinstance(value, bool):
            self.error(where, f"is {_describe(value)}, not an integer", f"give {prop.key} as a whole number")
            return _INVALID
        return value

    def _number(self, value: Any, where: str, prop: Prop) -> Any:
        if not isinstance(value, int | float) or isinstance(value, bool):
            self.error(where, f"is {_describe(value)}, not a number", f"give {prop.key} as a JSON number")
            return _INVALID
        return value

    def _strings(self, value: Any, where: str, prop: Prop) -> Any:
        if isinstance(value, str):  # CASE 1.0 allows a single string
            if prop.kind is Kind.LEVELS:
                return tuple(part.strip() for part in value.split(",") if part.strip())
            return (value,)
        if not isinstance(value, list):
            self.error(
                where, f"is {_describe(value)}, not a list of strings", f"give {prop.key} as a JSON list"
            )
            return _INVALID
        bad = [index for index, entry in enumerate(value) if not isinstance(entry, str)]
        for index in bad:
            self.error(
                f"{where}[{index}]", f"is {_describe(value[index])}, not a string", "list only strings"
            )
        return _INVALID if bad else tuple(value)

    def _json_object(self, value: Any, where: str, prop: Prop) -> Any:
        if not isinstance(value, dict):
            self.error(where, f"is {_describe(value)}, not an object", f"give {prop.key} as a JSON object")
            return _INVALID
        return value

    def _json_objects(self, value: Any, where: str, prop: Prop) -> Any:
        if not isinstance(value, list) or not all(isinstance(entry, dict) for entry in value):
            self.error(
                where,
                f"is {_describe(value)}, not a list of objects",
                f"give {prop.key} as a list of objects",
            )
            return _INVALID
        return value

    def _link(self, value: Any, where: str, prop: Prop) -> Any:
        link = self._object(value, where, LINK_URI)
        return _INVALID if link is None else link

    def _links(self, value: Any, where: str, prop: Prop) -> Any:
        if not isinstance(value, list):
            self.error(
                where, f"is {_describe(value)}, not a list", f"give {prop.key} as a list of LinkURI objects"
            )
            return _INVALID
        links = [self._object(entry, f"{where}[{index}]", LINK_URI) for index, entry in enumerate(value)]
        return _INVALID if any(link is None for link in links) else tuple(links)

    def _nested(self, value: Any, where: str, prop: Prop) -> Any:
        assert prop.nested is not None
        if not isinstance(value, list):
            self.error(where, f"is {_describe(value)}, not a list", f"give {prop.key} as a JSON list")
            return _INVALID
        objects = [self._object(entry, f"{where}[{index}]", prop.nested) for index, entry in enumerate(value)]
        return _INVALID if any(obj is None for obj in objects) else tuple(objects)

    def _end(self, value: Any, where: str, prop: Prop) -> Any:
        """An association's origin or destination: in this package, or elsewhere with a URI."""
        fields = self._fields(value, where, LINK_GEN_URI)
        if fields is None:
            return _INVALID
        values, extra = fields
        identifier = values["identifier"]
        node = self.nodes.get(identifier.lower())
        if node is None:
            if not values.get("uri", "").strip():
                self.error(
                    join_path(where, "uri"),
                    f"{identifier} is not in this package and no uri says where it is",
                    "give the uri of the item it points to in its own framework, "
                    "or add the item to the package",
                )
                return _INVALID
            if "title" not in values:
                self.error(
                    join_path(where, "title"),
                    f"is missing, and {identifier} is not in this package to take it from",
                    "give the title of the node it points to",
                )
                return _INVALID
        else:
            title, uri = node
            if not values.get("uri", "").strip():
                values["uri"] = uri
                self.warn(
                    join_path(where, "uri"), "is missing", f"it was taken from {identifier} in this package"
                )
            if "title" not in values:
                values["title"] = title
                self.warn(
                    join_path(where, "title"), "is missing", f"it was taken from {identifier} in this package"
                )
        target_type = values.get("target_type")
        if target_type is not None and target_type != "CASE" and not EXTENSION_VALUE.match(target_type):
            self.error(
                join_path(where, "targetType"),
                f"{target_type!r} is not a CASE target type",
                "use 'CASE' or an extension type named ext:<name>",
            )
            return _INVALID
        return LinkGenURI(**values, extra=extra)

    # -- checks across objects -------------------------------------------------------------------

    def _known_type(self, association: CFAssociation, path: str) -> bool:
        kind = association.association_type
        if is_known_association_type(kind):
            return True
        guess = suggest_association_type(kind)
        advice = (
            f"did you mean '{guess}'?" if guess else f"use one of {_KNOWN_TYPES}, or ext:<name> (CASE 1.1)"
        )
        self.error(f"{path}.associationType", f"{kind!r} is not a CASE association type", advice)
        return False

    def _check_cycles(self, associations: list[tuple[CFAssociation, str]]) -> None:
        advice = {
            PRECEDES: "nothing can come before itself, even by way of others; remove or reverse one of them",
            IS_CHILD_OF: "nothing can be its own ancestor; remove one of them",
        }
        for kind, what_to_do in advice.items():
            where: dict[tuple[str, str], str] = {}
            for association, path in associations:
                if association.association_type == kind:
                    edge = (association.origin.identifier.lower(), association.destination.identifier.lower())
                    where.setdefault(edge, path)
            for cycle in find_cycles(where):
                names = [self.labels.get(node, node) for node in (*cycle, cycle[0])]
                paths = [where[(node, cycle[(step + 1) % len(cycle)])] for step, node in enumerate(cycle)]
                self.error(
                    f"{paths[0]}.associationType",
                    f"these {kind} associations form a cycle: {' -> '.join(names)} ({', '.join(paths)})",
                    what_to_do,
                )

    def _schema(self, raw: dict[str, Any], version: str) -> None:
        reported = {issue.field for issue in self.issues}
        for issue in schema_issues(raw, version, file=self.label, limit=MAX_ISSUES):
            if not any(
                issue.field == field or issue.field.startswith((f"{field}.", f"{field}["))
                for field in reported
            ):
                self.add(issue)


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


_Check = Callable[[_Reader, Any, str, Prop], Any]
_CHECKS: dict[Kind, _Check] = {
    Kind.TEXT: _Reader._text,
    Kind.UUID: _Reader._uuid,
    Kind.DATETIME: _Reader._datetime,
    Kind.DATE: _Reader._date,
    Kind.INT: _Reader._int,
    Kind.NUMBER: _Reader._number,
    Kind.STRINGS: _Reader._strings,
    Kind.LEVELS: _Reader._strings,
    Kind.OBJECT: _Reader._json_object,
    Kind.OBJECTS: _Reader._json_objects,
    Kind.LINK: _Reader._link,
    Kind.LINKS: _Reader._links,
    Kind.END: _Reader._end,
    Kind.NESTED: _Reader._nested,
}
