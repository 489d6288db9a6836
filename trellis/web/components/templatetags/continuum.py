"""The continuum's rows, rendered in Python.

A continuum lists every competency of a framework (120 and more), each row with its status, level and when it
is expected, in words. Through the template engine each row cost a dozen lookups, a URL reversal and three
translation tags: a third of the page's time. The parts that depend only on the status, the level or the
expected grade (and the language) are built once; a test compares the output with the template it replaced,
in English and Spanish.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Iterable
from typing import Any

from django import template
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import translation
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from trellis.apps.evidence.selectors import STATUS_LABELS

register = template.Library()

_PLACEHOLDER = str(uuid.UUID(int=0))


@functools.lru_cache(maxsize=256)
def _status(status: str, language: str | None) -> str:
    return f'<span class="status status-{status}">{escape(STATUS_LABELS[status])}</span>'


@functools.lru_cache(maxsize=4096)
def _level(label: str, level: float, language: str | None) -> str:
    text = gettext("%(label)s (%(level)s)") % {
        "label": conditional_escape(label),
        "level": conditional_escape(floatformat(level, 1)),
    }
    return f'<span class="level">{text}</span>'


@functools.lru_cache(maxsize=256)
def _expected(expectation: str, grade: str, language: str | None) -> str:
    if expectation == "this_year":
        return f'<span class="expected">{conditional_escape(gettext("Expected this year"))}</span>\n      '
    if expectation == "earlier":
        text = gettext("Expected in grade %(grade)s") % {"grade": conditional_escape(grade)}
        return f'<span class="expected">{text}</span>\n      '
    if expectation == "later":
        text = gettext("Coming in grade %(grade)s") % {"grade": conditional_escape(grade)}
        return f'<span class="expected muted">{text}</span>'
    return ""


@register.simple_tag
def continuum_rows(rows: Iterable[Any], learner: Any, plain: bool) -> SafeString:
    """Each competency as a list item: status in words, a link to its evidence (code and statement; the
    statement alone in the plain view for families), the level and when it is expected."""
    language = translation.get_language()
    link = reverse("records:competency", args=[learner.public_id, _PLACEHOLDER])
    parts = []
    for row in rows:
        competency, view = row.competency, row.view
        name: str = escape(competency.statement)
        if not plain and competency.human_code:
            name = f'<span class="code">{escape(competency.human_code)}</span> {name}'
        grouping = " grouping" if competency.kind == "grouping" else ""
        level = "" if view.level is None else _level(view.level_label, view.level, language)
        parts.append(
            f'\n    <li class="depth-{row.depth}{grouping}">\n'
            f"      {_status(view.status, language)}\n"
            f'      <a href="{link.replace(_PLACEHOLDER, str(competency.public_id))}">\n'
            f"        {name}</a>\n"
            f"      {level}\n"
            f"      {_expected(row.expectation, row.expected_grade, language)}\n"
            "    </li>\n    "
        )
    # Every variable part is escaped above, as the template escaped it.
    return mark_safe("".join(parts))  # noqa: S308
