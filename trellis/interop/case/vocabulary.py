"""CASE vocabularies: versions and association types."""

from __future__ import annotations

import re

V1_0 = "1.0"
V1_1 = "1.1"
VERSIONS = (V1_0, V1_1)

IS_CHILD_OF = "isChildOf"
IS_PEER_OF = "isPeerOf"
IS_PART_OF = "isPartOf"
EXACT_MATCH_OF = "exactMatchOf"
PRECEDES = "precedes"
IS_RELATED_TO = "isRelatedTo"
REPLACED_BY = "replacedBy"
EXEMPLAR = "exemplar"
HAS_SKILL_LEVEL = "hasSkillLevel"
IS_TRANSLATION_OF = "isTranslationOf"

#: CFAssociationTypeEnum in CASE 1.0.
ASSOCIATION_TYPES_1_0 = (
    IS_CHILD_OF,
    IS_PEER_OF,
    IS_PART_OF,
    EXACT_MATCH_OF,
    PRECEDES,
    IS_RELATED_TO,
    REPLACED_BY,
    EXEMPLAR,
    HAS_SKILL_LEVEL,
)
#: CASE 1.1 adds isTranslationOf, and extension types named "ext:<name>".
ASSOCIATION_TYPES = (*ASSOCIATION_TYPES_1_0, IS_TRANSLATION_OF)

#: The CASE 1.1 naming convention for extension values (association types, target types).
EXTENSION_VALUE = re.compile(r"ext:[A-Za-z0-9._-]+\Z")

_BY_FOLDED_NAME = {name.casefold(): name for name in ASSOCIATION_TYPES}


def is_known_association_type(value: str) -> bool:
    return value in ASSOCIATION_TYPES or EXTENSION_VALUE.match(value) is not None


def suggest_association_type(value: str) -> str | None:
    """The CASE type ``value`` was probably meant to be ("IsChildOf" -> "isChildOf"), or None."""
    return _BY_FOLDED_NAME.get(value.strip().casefold())
