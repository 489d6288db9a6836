"""A framework's graph is kept in memory by (framework, revision): every change made through the services
or a CASE import raises the revision, so pages in any process see it on their next request."""

from __future__ import annotations

import copy

import pytest
from django.db.models import F

from trellis.apps.evidence.selectors import framework_graph
from trellis.apps.frameworks.models import Competency, CompetencyEdge, Framework
from trellis.apps.frameworks.selectors import forget_graphs
from trellis.apps.frameworks.services import add_competency, add_edge, create_framework, four_level_scale
from trellis.apps.imports.demo_frameworks import math_package
from trellis.apps.imports.framework import import_framework

pytestmark = pytest.mark.django_db


def _codes(framework: Framework) -> list[str]:
    return [
        c.human_code for c, _depth in framework_graph(Framework.objects.get(pk=framework.pk)).depth_first()
    ]


def test_authoring_is_seen_on_the_next_read() -> None:
    framework = create_framework(title="Grade 6 Math", scale=four_level_scale())
    ratios = add_competency(framework=framework, human_code="6.RP", statement="Ratios.")
    assert _codes(framework) == ["6.RP"]
    rate = add_competency(framework=framework, human_code="6.RP.A.2", statement="Unit rates.", parent=ratios)
    assert _codes(framework) == ["6.RP", "6.RP.A.2"]
    percent = add_competency(framework=framework, human_code="6.RP.A.3c", statement="Percents.")
    add_edge(source=rate, target=percent, kind=CompetencyEdge.Kind.PREREQUISITE_OF)
    graph = framework_graph(Framework.objects.get(pk=framework.pk))
    assert graph.prerequisites == {percent.pk: [rate.pk]}
    assert [(c.human_code, depth) for c, depth in graph.depth_first()] == [
        ("6.RP", 0),
        ("6.RP.A.2", 1),
        ("6.RP.A.3c", 0),
    ]


def test_another_process_sees_a_change_by_its_revision() -> None:
    framework = create_framework(title="Grade 6 Math", scale=four_level_scale())
    add_competency(framework=framework, human_code="6.RP.A.1", statement="Ratios.")
    assert _codes(framework) == ["6.RP.A.1"]
    # What another process's change looks like from here: rows changed and the revision raised, and nothing
    # forgotten in this process. Without the revision, the kept graph would still be read.
    Competency.objects.filter(framework=framework).update(human_code="6.RP.A.1a")
    assert _codes(framework) == ["6.RP.A.1"]
    Framework.objects.filter(pk=framework.pk).update(revision=F("revision") + 1)
    assert _codes(framework) == ["6.RP.A.1a"]


def test_each_request_gets_its_own_competency_objects() -> None:
    framework = create_framework(title="Grade 6 Math", scale=four_level_scale())
    add_competency(framework=framework, human_code="6.RP.A.1", statement="Ratios.")
    first = framework_graph(framework).competencies[0]
    first.statement = "changed by one request"
    assert framework_graph(framework).competencies[0].statement == "Ratios."


def test_a_case_import_raises_the_revision_of_every_framework_it_changes() -> None:
    first = import_framework(math_package())
    assert first.framework is not None
    before = _codes(first.framework)
    assert before
    # The same items under another document (without its links): the competencies move to it.
    package = copy.deepcopy(math_package())
    package["CFAssociations"] = []
    package["CFDocument"]["identifier"] = "b3a2f6c4-5d1e-4f7a-9c3b-2e8d1f0a6b7c"
    package["CFDocument"]["title"] = "Math, second edition"
    second = import_framework(package)
    assert second.ok, second.errors
    assert second.framework is not None
    assert sorted(_codes(second.framework)) == sorted(before)
    assert _codes(first.framework) == []
    forget_graphs()
    assert _codes(first.framework) == []
