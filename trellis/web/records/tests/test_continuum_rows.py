"""The continuum's rows are rendered in Python (templatetags/continuum.py): the output must be what the
template produced, for every kind of row, in English and Spanish, with hostile text escaped."""

from __future__ import annotations

import uuid
from types import SimpleNamespace
from typing import Any

import pytest
from django.template import Context, Template
from django.utils import translation

from trellis.apps.evidence.selectors import IN_PROGRESS, MASTERED, NOT_YET, READY, MasteryView
from trellis.web.components.templatetags.continuum import continuum_rows

# The template's loop before the rows were rendered in Python.
TEMPLATE_ROWS = Template(
    """{% load i18n %}{% for row in rows %}
    <li class="depth-{{ row.depth }}{% if row.competency.kind == 'grouping' %} grouping{% endif %}">
      <span class="status status-{{ row.view.status }}">{{ row.view.status_label }}</span>
      <a href="{% url 'records:competency' learner.public_id row.competency.public_id %}">
        {% if plain %}{{ row.competency.statement }}{% else %}{% if row.competency.human_code %}<span class="code">{{ row.competency.human_code }}</span> {% endif %}{{ row.competency.statement }}{% endif %}</a>
      {% if row.view.level is not None %}<span class="level">{% blocktranslate with label=row.view.level_label level=row.view.level|floatformat:1 %}{{ label }} ({{ level }}){% endblocktranslate %}</span>{% endif %}
      {% if row.expectation == "this_year" %}<span class="expected">{% translate "Expected this year" %}</span>
      {% elif row.expectation == "earlier" %}<span class="expected">{% blocktranslate with grade=row.expected_grade %}Expected in grade {{ grade }}{% endblocktranslate %}</span>
      {% elif row.expectation == "later" %}<span class="expected muted">{% blocktranslate with grade=row.expected_grade %}Coming in grade {{ grade }}{% endblocktranslate %}</span>{% endif %}
    </li>
    {% endfor %}"""  # noqa: E501
)


def _row(
    depth: int, kind: str, code: str, statement: str, view: MasteryView, expected: tuple[str, str]
) -> Any:
    competency = SimpleNamespace(public_id=uuid.uuid4(), kind=kind, human_code=code, statement=statement)
    return SimpleNamespace(
        competency=competency, depth=depth, view=view, expectation=expected[0], expected_grade=expected[1]
    )


def _rows() -> list[Any]:
    return [
        _row(
            0,
            "grouping",
            "RP",
            "Ratios & <proportional> relationships",
            MasteryView(1, IN_PROGRESS, 2.25, "Developing", 0.4, 3, None, True),
            ("", ""),
        ),
        _row(
            1,
            "standard",
            "6.RP.A.1",
            'Understand "ratio" <script>x</script>',
            MasteryView(2, MASTERED, 3.5, "Proficient", 0.9, 5, None),
            ("earlier", "5"),
        ),
        _row(
            1,
            "standard",
            "",
            "No code here",
            MasteryView(3, READY, None, "", 0.0, 0, None),
            ("this_year", "6"),
        ),
        _row(
            2,
            "learning_target",
            "6.RP.A.3c",
            "Percent",
            MasteryView(4, NOT_YET, None, "", 0.0, 0, None),
            ("later", "7"),
        ),
        _row(
            1,
            "habit",
            "HOL.P.1",
            "Persists",
            MasteryView(5, IN_PROGRESS, 1.04999, "Beginning & <b>", 0.2, 1, None),
            ("", ""),
        ),
    ]


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("plain", [False, True])
def test_rows_are_what_the_template_rendered(language: str, plain: bool) -> None:
    learner = SimpleNamespace(public_id=uuid.uuid4())
    rows = _rows()
    with translation.override(language):
        expected = TEMPLATE_ROWS.render(Context({"rows": rows, "learner": learner, "plain": plain}))
        found = str(continuum_rows(rows, learner, plain))
    assert found == expected
    assert "<script>" not in found and "&lt;script&gt;" in found
    assert ("6.RP.A.1" in found) is not plain


def test_the_status_follows_the_language_after_a_cached_row() -> None:
    learner, rows = SimpleNamespace(public_id=uuid.uuid4()), _rows()
    with translation.override("en"):
        english = str(continuum_rows(rows, learner, False))
    with translation.override("es"):
        spanish = str(continuum_rows(rows, learner, False))
    assert "Expected this year" in english and "Expected this year" not in spanish
    assert "Mastered" in english and "Mastered" not in spanish
