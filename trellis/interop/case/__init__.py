"""IMS (1EdTech) CASE 1.0 / 1.1: read and write competency frameworks as CFPackage JSON.

Pure Python (the standard library, plus ``jsonschema`` for the official schema check).

    package = parse_package("framework.json")           # or JSON text, bytes, a file, a dict
    for item_id in package.children_of(package.document.identifier): ...
    package.hierarchy()       # isChildOf edges (child, parent); the document is the root
    package.prerequisites()   # precedes edges (before, after): "A precedes B" = A comes first
    data = write_package(package, version="1.1")       # a dict for json.dumps

``parse_package`` raises ``CaseError`` whose ``issues`` list every problem, each with a JSON path
(``CFItems[12].CFItemType``) and a message that says what to do; forgiven oddities are in
``CasePackage.warnings``.

What is checked: the JSON itself (line and column of a syntax error); that it is a CFPackage (a
CFDocument object); the properties CASE requires on each object, and the type of every property
CASE defines; UUID identifiers; ISO 8601 dates and date-times; identifiers used twice anywhere in
the package; association types (CASE's ten, or ext:<name>); association ends, which must be the
document or an item of the package or else carry the uri of what they point to (such external
ends are kept as they are); cycles among precedes associations and among isChildOf associations
(named by the items' human codes); and, for a package that declares caseVersion 1.1, the official
CASE 1.1 JSON schema.

What is forgiven, with a warning: a missing uri or title on an association end that is in the
package (taken from it); date-times without a time zone (read as UTC); caseVersion "1.0". Without
a warning: a UTF-8 byte order mark; null for an optional property; a single string where CASE 1.1
wants a list (CASE 1.0 allowed it; an education level string is split at commas); an empty
CFDefinitions written as [] (CASE 1.0).

Lossless: properties CASE does not define are kept in each object's ``extra`` and written back;
``parse_package(write_package(p)) == p`` for every package ``p`` that ``parse_package`` returned,
in either version as long as the target version can hold what the package uses (see
``write_package``).
"""

from .graph import find_cycles
from .issues import CaseError, Issue
from .model import (
    CasePackage,
    CFAssociation,
    CFAssociationGrouping,
    CFConcept,
    CFDefinitions,
    CFDocument,
    CFItem,
    CFItemType,
    CFLicense,
    CFRubric,
    CFRubricCriterion,
    CFRubricCriterionLevel,
    CFSubject,
    LinkGenURI,
    LinkURI,
)
from .reader import parse_package
from .schema import load_schema, schema_issues
from .vocabulary import ASSOCIATION_TYPES, ASSOCIATION_TYPES_1_0, VERSIONS
from .writer import write_package

__all__ = [
    "ASSOCIATION_TYPES",
    "ASSOCIATION_TYPES_1_0",
    "VERSIONS",
    "CFAssociation",
    "CFAssociationGrouping",
    "CFConcept",
    "CFDefinitions",
    "CFDocument",
    "CFItem",
    "CFItemType",
    "CFLicense",
    "CFRubric",
    "CFRubricCriterion",
    "CFRubricCriterionLevel",
    "CFSubject",
    "CaseError",
    "CasePackage",
    "Issue",
    "LinkGenURI",
    "LinkURI",
    "find_cycles",
    "load_schema",
    "parse_package",
    "schema_issues",
    "write_package",
]
