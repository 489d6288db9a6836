"""A synthetic competency framework large enough for scale work: a CASE 1.1 package, pure data.

Four strands, each a grouping with five standards per grade for grades 3–8: 120 assessable competencies.
Within a strand every standard is a prerequisite (`precedes`) of the next one, so each strand is a chain
from grade 3 to grade 8; from grade 4 on, the first standard of a strand also needs the last standard of
the previous grade in the strand before it, which links the chains into one graph. Seeded only by its
fixed names: the same package every time, so re-importing changes nothing.
"""

from __future__ import annotations

from typing import Any

from .demo_frameworks import _package

GRADES = ("03", "04", "05", "06", "07", "08")
STRANDS = (
    ("NUM", "Number and operations"),
    ("ALG", "Algebraic thinking"),
    ("GEO", "Geometry and measurement"),
    ("DAT", "Data and probability"),
)
PER_GRADE = 5
KEY = "synthetic-math-3-8"
TITLE = "Synthetic mathematics progression, grades 3–8"

Row = tuple[str, str, str, str, tuple[str, ...]]


def _code(strand: str, grade: str, n: int) -> str:
    return f"{int(grade)}.{strand}.{n}"


def rows() -> list[Row]:
    """(code, grade, statement, parent code or "", prerequisite codes), strands first, then grade by grade."""
    out: list[Row] = [(strand, "", title, "", ()) for strand, title in STRANDS]
    for g, grade in enumerate(GRADES):
        for s, (strand, title) in enumerate(STRANDS):
            for n in range(1, PER_GRADE + 1):
                prerequisites: list[str] = []
                if n > 1:
                    prerequisites.append(_code(strand, grade, n - 1))
                elif g > 0:
                    prerequisites.append(_code(strand, GRADES[g - 1], PER_GRADE))
                    if s > 0:
                        prerequisites.append(_code(STRANDS[s - 1][0], GRADES[g - 1], PER_GRADE))
                statement = f"{title}, grade {int(grade)}: learning target {n} of {PER_GRADE}."
                out.append((_code(strand, grade, n), grade, statement, strand, tuple(prerequisites)))
    return out


def assessable_count() -> int:
    return len(GRADES) * len(STRANDS) * PER_GRADE


def synthetic_math_package() -> dict[str, Any]:
    """The package as a decoded CFPackage dict, ready for `framework.import_framework`."""
    return _package(KEY, TITLE, "Mathematics", rows(), habit=False)
