"""write_package: a CasePackage as CASE 1.0 or 1.1 CFPackage JSON (a dict ready for json.dumps)."""

from __future__ import annotations

import copy
from typing import Any, Literal

from .issues import CaseError, Issue, join_path
from .model import CasePackage, CFAssociation, CFDocument
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
    PACKAGE_URI,
    RUBRIC,
    Kind,
    ObjectSpec,
    Prop,
    document_link,
    package_link,
)
from .values import is_date
from .vocabulary import ASSOCIATION_TYPES_1_0, V1_0, V1_1, VERSIONS


def write_package(
    package: CasePackage,
    *,
    version: Literal["1.0", "1.1"] | None = None,
    validate: bool = False,
    drop_unrepresentable: bool = False,
) -> dict[str, Any]:
    """The package as a CASE CFPackage: a dict of JSON values, valid against that version's schema.

    ``version`` defaults to ``package.version``. CASE 1.1 output declares ``caseVersion: "1.1"``;
    CASE 1.0 output carries the 1.0 back-references (CFPackageURI, CFDocumentURI). Each object's
    ``extra`` properties go where the target version lets them: as they were, in a CASE 1.0
    CFDocument, CFItem or CFAssociation (whose 1.0 schema allows more properties); inside the
    object's ``extensions`` in CASE 1.1.

    What the target version cannot hold (isTranslationOf or ext: types, extensions or extra
    properties on 1.0 definitions and rubrics, targetType in 1.0, an item type without the
    description 1.1 requires, a status date-time in 1.1, ...) raises ``CaseError`` naming every
    such place, unless ``drop_unrepresentable`` is True: then it is left out (an association of a
    type 1.0 lacks is left out whole).

    With ``validate`` True the output is also checked against the official schema (slower; use
    it for packages built by hand rather than read by ``parse_package``), raising ``CaseError``.
    """
    target = version or package.version
    if target not in VERSIONS:
        raise ValueError(f"version must be one of {VERSIONS}, not {target!r}")
    writer = _Writer(target, drop_unrepresentable)
    data = writer.package(package)
    if writer.issues:
        raise CaseError(writer.issues)
    if validate:
        problems = schema_issues(data, target, file=writer.file)
        if problems:
            raise CaseError(problems)
    return data


class _Writer:
    def __init__(self, version: str, drop: bool) -> None:
        self.version = version
        self.drop = drop
        self.file = f"CASE {version} output"
        self.issues: list[Issue] = []

    def cannot(self, path: str, problem: str, advice: str) -> None:
        if not self.drop:
            self.issues.append(Issue(self.file, 0, path, f"{problem}; {advice}"))

    def package(self, package: CasePackage) -> dict[str, Any]:
        document = package.document
        link = document_link(document.title, document.identifier, document.uri)
        out: dict[str, Any] = {"CFDocument": self.document(document)}
        out["CFItems"] = [
            self.object(item, f"CFItems[{index}]", ITEM, {DOCUMENT_URI: link})
            for index, item in enumerate(package.items)
        ]
        associations = (
            self.association(association, f"CFAssociations[{index}]", link)
            for index, association in enumerate(package.associations)
        )
        out["CFAssociations"] = [association for association in associations if association is not None]
        out["CFDefinitions"] = self.object(package.definitions, "CFDefinitions", DEFINITIONS)
        if package.rubrics:
            out["CFRubrics"] = [
                self.object(rubric, f"CFRubrics[{index}]", RUBRIC)
                for index, rubric in enumerate(package.rubrics)
            ]
        extensions = copy.deepcopy(package.extensions) if package.extensions is not None else None
        if self.version == V1_0:
            if extensions is not None:
                self.cannot(
                    "extensions", "CASE 1.0 has no package extensions", "write CASE 1.1, or remove them"
                )
            for key in package.extra:
                self.cannot(
                    key, "CASE 1.0 allows no other top-level properties", "write CASE 1.1, or remove it"
                )
        elif package.extra:
            extensions = self.merge(extensions, package.extra, "extensions")
        if extensions is not None and self.version == V1_1:
            out["extensions"] = extensions
        return out

    def document(self, document: CFDocument) -> dict[str, Any]:
        derived = {PACKAGE_URI: package_link(document.title, document.identifier, document.uri)}
        out = self.object(document, "CFDocument", DOCUMENT, derived)
        if self.version == V1_1:  # declare the version, right after the identifier and uri
            head = {key: out.pop(key) for key in ("identifier", "uri") if key in out}
            out = {**head, CASE_VERSION: V1_1, **out}
        return out

    def association(
        self, association: CFAssociation, path: str, link: dict[str, Any]
    ) -> dict[str, Any] | None:
        kind = association.association_type
        if self.version == V1_0 and kind not in ASSOCIATION_TYPES_1_0:
            self.cannot(
                f"{path}.associationType", f"{kind!r} is not a CASE 1.0 association type", "write CASE 1.1"
            )
            return None
        return self.object(association, path, ASSOCIATION, {DOCUMENT_URI: link})

    def object(
        self, obj: Any, path: str, spec: ObjectSpec, derived: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for prop in spec.props:
            value = getattr(obj, prop.attr)
            if value is None or (value == () and prop.kind is not Kind.NESTED):
                if self.version == V1_1 and prop.key in spec.required_in_1_1:
                    self.cannot(
                        f"{path}.{prop.key}",
                        f"is missing, and CASE 1.1 requires it on every {spec.name}",
                        "add it, or write CASE 1.0",
                    )
                continue
            where = f"{path}.{prop.key}"
            if self.version == V1_0 and prop.since == V1_1 and not spec.open_in_1_0:
                self.cannot(
                    where, f"a CASE 1.0 {spec.name} cannot carry {prop.key}", "write CASE 1.1, or remove it"
                )
                continue
            if prop.kind is Kind.DATE and self.version == V1_1 and not is_date(value):
                self.cannot(
                    where, f"{value!r} is a date-time, but CASE 1.1 wants a date", "give only YYYY-MM-DD"
                )
                continue
            out[prop.key] = self.value(value, where, prop)
        if self.version == V1_0 and derived:
            out.update({key: value for key, value in derived.items() if key not in obj.extra})
        if obj.extra:
            self.place_extra(out, obj.extra, path, spec)
        return out

    def value(self, value: Any, where: str, prop: Prop) -> Any:
        kind = prop.kind
        if kind in (Kind.STRINGS, Kind.LEVELS):
            return list(value)
        if kind in (Kind.OBJECT, Kind.OBJECTS):
            return copy.deepcopy(value)
        if kind is Kind.LINK:
            return self.object(value, where, LINK_URI)
        if kind is Kind.LINKS:
            return [self.object(link, f"{where}[{index}]", LINK_URI) for index, link in enumerate(value)]
        if kind is Kind.END:
            return self.object(value, where, LINK_GEN_URI)
        if kind is Kind.NESTED:
            assert prop.nested is not None
            return [self.object(entry, f"{where}[{index}]", prop.nested) for index, entry in enumerate(value)]
        return value

    def place_extra(self, out: dict[str, Any], extra: dict[str, Any], path: str, spec: ObjectSpec) -> None:
        """Put properties CASE does not define where the target version allows them."""
        clashes = [key for key in extra if key in spec.keys or key == CASE_VERSION]
        for key in clashes:
            self.cannot(
                join_path(path, key),
                f"extra[{key!r}] repeats a CASE property",
                f"set {spec.name}'s attribute",
            )
        extra = {key: value for key, value in extra.items() if key not in clashes}
        if not extra:
            return
        if self.version == V1_0 and spec.open_in_1_0:
            out.update(copy.deepcopy(extra))
            return
        extensions = spec.extensions
        if self.version == V1_1 and extensions is not None and extensions.kind is Kind.OBJECT:
            merged = self.merge(out.get("extensions"), extra, f"{path}.extensions")
            if merged:
                out["extensions"] = merged
            return
        for key in extra:
            self.cannot(
                join_path(path, key),
                f"a CASE {self.version} {spec.name} cannot carry a {key!r} property",
                "remove it" if self.version == V1_1 else "write CASE 1.1, or remove it",
            )

    def merge(self, extensions: dict[str, Any] | None, extra: dict[str, Any], path: str) -> dict[str, Any]:
        merged = dict(extensions or {})
        for key, value in extra.items():
            if key in merged:
                self.cannot(
                    join_path(path, key), f"{key!r} is both an extra property and an extension", "keep one"
                )
            else:
                merged[key] = copy.deepcopy(value)
        return merged
