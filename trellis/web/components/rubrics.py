"""Rubrics on pages: the form rows (one radio group per criterion), reading the chosen levels back from a
POST, and the levels a piece of work was given shown against their criteria. Shared by the
learner's self- and peer-assessment and the teacher's scoring."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.http import QueryDict

from trellis.apps.learning.selectors import RubricGrid

FIELD_PREFIX = "level-"


@dataclass(frozen=True)
class RubricFormRow:
    """One criterion in a rubric form: its levels, and the level chosen so far (None when none is)."""

    criterion: Any
    field_name: str
    levels: tuple[Any, ...]
    chosen: int | None


def form_rows(grid: RubricGrid, chosen: Mapping[str, int] | None = None) -> list[RubricFormRow]:
    chosen = chosen or {}
    return [
        RubricFormRow(
            criterion=row.criterion,
            field_name=f"{FIELD_PREFIX}{row.criterion.public_id}",
            levels=tuple(level for level in row.cells if level is not None),
            chosen=chosen.get(str(row.criterion.public_id)),
        )
        for row in grid.rows
    ]


def levels_from_post(data: QueryDict, grid: RubricGrid) -> dict[str, int]:
    """The levels chosen in a rubric form, by criterion public id. A criterion left blank (or sent with
    something that is not a whole number) is left out, so the assessment service names it as missing."""
    levels: dict[str, int] = {}
    for row in grid.rows:
        key = str(row.criterion.public_id)
        raw = data.get(f"{FIELD_PREFIX}{key}", "").strip()
        if raw.isdigit() and len(raw) <= 3:
            levels[key] = int(raw)
    return levels


@dataclass(frozen=True)
class RecordedLevel:
    criterion: Any
    level: Any  # the rubric level recorded, or None when the level given is not one of the criterion's
    value: float
    note: str


def recorded_levels(grid: RubricGrid, scores: Iterable[Any]) -> list[RecordedLevel]:
    """The levels a piece of work was given, criterion by criterion, in the rubric's order (every criterion,
    whether or not it is aligned to a competency)."""
    by_criterion = {score.criterion_id: score for score in scores}
    shown = []
    for row in grid.rows:
        found = by_criterion.get(row.criterion.pk)
        if found is None:
            continue
        level = next((cell for cell in row.cells if cell is not None and cell.value == found.level), None)
        shown.append(RecordedLevel(row.criterion, level, float(found.level), found.note))
    return shown
