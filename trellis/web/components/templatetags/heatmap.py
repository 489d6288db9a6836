"""The heatmap's cells, rendered in Python.

A section page shows 30 learners × 120 competencies: 3,600 cells. Rendered through the template engine each
cell costs a dozen variable lookups and a filter, which made the page take a quarter of a second. A cell
depends only on its status, its level and the language, so each distinct cell is built once (with the same
escaping and markup the template had; a bounded cache keeps the recent ones) and the rows are joined strings.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

from django import template
from django.template.defaultfilters import floatformat, truncatechars
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from trellis.apps.evidence.selectors import STATUS_LABELS, MasteryView

register = template.Library()


@functools.lru_cache(maxsize=8192)
def _cell(status: str, level: float | None, language: str | None) -> SafeString:
    """One cell's markup; the language is part of the key because the status is said in words."""
    label = STATUS_LABELS[status]
    shown = floatformat(level, 1) if level is not None else ""
    return format_html(
        '<td class="cell-{status}"><span class="status-{status}" title="{label}">{level}</span>'
        '<span class="visually-hidden"> {label}</span></td>',
        status=status,
        label=label,
        level=shown,
    )


@register.simple_tag
def heatmap_cells(cells: Iterable[MasteryView]) -> SafeString:
    """One row's cells: the level (one decimal) and the status in words, escaped as the template would."""
    language = translation.get_language()
    # Joining loses the safe mark; every part is format_html's output, so the whole is safe as well.
    return mark_safe("".join([_cell(cell.status, cell.level, language) for cell in cells]))  # noqa: S308


@functools.lru_cache(maxsize=8192)
def _header(statement: str, shown: str) -> SafeString:
    return format_html('<th scope="col"><abbr title="{}">{}</abbr></th>', statement, truncatechars(shown, 12))


@register.simple_tag
def heatmap_header(competencies: Iterable[Any]) -> SafeString:
    """The column headers: each competency's code (or the start of its statement), its statement on hover.
    Built once per distinct header (the text is the key, so an edited competency gets a new one)."""
    # Joining loses the safe mark; every part is format_html's output, so the whole is safe as well.
    return mark_safe("".join([_header(c.statement, c.human_code or c.short_statement) for c in competencies]))  # noqa: S308
