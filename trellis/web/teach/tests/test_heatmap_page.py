"""The section heatmap: the same queries however many learners, and cells that say the level and status in
words (in the teacher's language), rendered in Python exactly as the template used to render them."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from trellis.apps.evidence.selectors import IN_PROGRESS, MASTERED, NOT_YET, READY, MasteryView
from trellis.apps.evidence.services import record_evidence
from trellis.web.components.templatetags.heatmap import heatmap_cells, heatmap_header
from trellis.web.components.tests.classroom import Classroom, build_classroom, client_for, make_learner

pytestmark = pytest.mark.django_db

# The markup the template produced per cell before cells were rendered in Python.
TEMPLATE_CELL = Template(
    '{% for cell in cells %}<td class="cell-{{ cell.status }}"><span class="status-{{ cell.status }}" '
    'title="{{ cell.status_label }}">{% if cell.level is not None %}{{ cell.level|floatformat:1 }}{% endif %}'
    '</span><span class="visually-hidden"> {{ cell.status_label }}</span></td>{% endfor %}'
)


TEMPLATE_HEADER = Template(
    '{% for c in competencies %}<th scope="col"><abbr title="{{ c.statement }}">'
    "{{ c.human_code|default:c.short_statement|truncatechars:12 }}</abbr></th>{% endfor %}"
)


@pytest.fixture
def room() -> Classroom:
    return build_classroom()


def _cells() -> list[MasteryView]:
    levels = [(MASTERED, 3.25), (MASTERED, 3.25), (IN_PROGRESS, 2.25), (IN_PROGRESS, 1.04999), (READY, None)]
    return [
        *(MasteryView(i, status, level, "", 0.5, 1, None) for i, (status, level) in enumerate(levels)),
        MasteryView(9, NOT_YET, None, "", 0.0, 0, None),
    ]


@pytest.mark.parametrize("language", ["en", "es"])
def test_cells_are_what_the_template_rendered_in_either_language(language: str) -> None:
    cells = _cells()
    with translation.override(language):
        expected = TEMPLATE_CELL.render(Context({"cells": cells}))
        assert str(heatmap_cells(cells)) == expected
    # Half-up like the floatformat filter (3.25 -> 3.3), not Python's round-half-even; a decimal comma in es.
    assert re.search(r">3[.,]3</span>", expected) and re.search(r">2[.,]3</span>", expected)


def test_headers_are_what_the_template_rendered(room: Classroom) -> None:
    room.percent.human_code = ""
    room.percent.statement = 'Percent <b>"of"</b> a quantity as a rate per 100'
    competencies = [room.unit_rate, room.percent]
    expected = TEMPLATE_HEADER.render(Context({"competencies": competencies}))
    assert str(heatmap_header(competencies)) == expected
    assert "&lt;b&gt;" in expected and "<b>" not in expected


def test_a_status_label_follows_the_language_after_a_cached_cell() -> None:
    cells = _cells()
    with translation.override("en"):
        english = str(heatmap_cells(cells))
    with translation.override("es"):
        spanish = str(heatmap_cells(cells))
    assert 'title="Mastered"' in english
    assert 'title="Mastered"' not in spanish and "Listo para aprender" in spanish


def test_the_heatmap_page_runs_the_same_queries_for_a_larger_section(room: Classroom) -> None:
    teacher: Client = client_for(room.teacher)
    url = reverse("teach:mastery", kwargs={"section_id": room.section.public_id})
    record_evidence(learner=room.learner, competency=room.unit_rate, source="observation", level=3.0)
    teacher.get(url)  # reads the framework's graph once, as the first page after a start or a change does
    with CaptureQueriesContext(connection) as few:
        first = teacher.get(url)
    assert first.status_code == 200
    for n in range(4):
        extra = make_learner(room.school, f"extra{n}", "Extra", f"Learner{n}")
        room.section.enrollments.create(user=extra.user, role="student")
        record_evidence(learner=extra, competency=room.percent, source="observation", level=2.0 + n / 4)
    with CaptureQueriesContext(connection) as many:
        page = teacher.get(url).content.decode()
    assert len(many) == len(few)
    rows = re.findall(r'<tr>\s*<th scope="row">', page)
    assert len(rows) == 5 + 1  # the learner, the classmate and four more (+ none for outsiders)
