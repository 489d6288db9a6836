"""Authoring the continuum: competencies, hierarchy, prerequisites, and cycles refused by name."""

from __future__ import annotations

import pytest

from trellis.apps.frameworks.models import CompetencyEdge, Framework
from trellis.apps.frameworks.services import (
    add_competency,
    add_edge,
    create_framework,
    create_scale,
    four_level_scale,
)
from trellis.lib.errors import ServiceError

pytestmark = pytest.mark.django_db


@pytest.fixture
def framework() -> Framework:
    return create_framework(title="Grade 6 Math", scale=four_level_scale())


def test_a_prerequisite_cycle_is_refused_naming_the_loop(framework: Framework) -> None:
    ratio = add_competency(framework=framework, human_code="6.RP.A.1", statement="Understand ratios.")
    rate = add_competency(framework=framework, human_code="6.RP.A.2", statement="Understand unit rates.")
    percent = add_competency(framework=framework, human_code="6.RP.A.3c", statement="Find a percent.")
    add_edge(source=ratio, target=rate, kind=CompetencyEdge.Kind.PREREQUISITE_OF)
    add_edge(source=rate, target=percent, kind=CompetencyEdge.Kind.PREREQUISITE_OF)
    with pytest.raises(ServiceError) as refused:
        add_edge(source=percent, target=ratio, kind=CompetencyEdge.Kind.PREREQUISITE_OF)
    assert "6.RP.A.3c → 6.RP.A.1 → 6.RP.A.2 → 6.RP.A.3c" in refused.value.message
    assert CompetencyEdge.objects.filter(kind=CompetencyEdge.Kind.PREREQUISITE_OF).count() == 2
    # A related-to link may go either way.
    add_edge(source=percent, target=ratio, kind=CompetencyEdge.Kind.RELATED_TO)


def test_children_are_placed_under_their_parent(framework: Framework) -> None:
    standard = add_competency(framework=framework, human_code="6.RP.A", statement="Ratio reasoning.")
    target = add_competency(
        framework=framework, statement="I can write a ratio.", parent=standard, kind="learning_target"
    )
    assert CompetencyEdge.objects.get(source=target).target == standard
    with pytest.raises(ServiceError, match="loop"):
        add_edge(source=standard, target=target, kind=CompetencyEdge.Kind.CHILD_OF)


def test_bad_authoring_input_gets_a_clear_refusal(framework: Framework) -> None:
    one = add_competency(framework=framework, human_code="A", statement="A thing.")
    with pytest.raises(ServiceError, match="already used"):
        add_competency(framework=framework, human_code="A", statement="Another thing.")
    with pytest.raises(ServiceError, match="statement"):
        add_competency(framework=framework, statement="  ")
    with pytest.raises(ServiceError, match="itself"):
        add_edge(source=one, target=one, kind=CompetencyEdge.Kind.PREREQUISITE_OF)
    with pytest.raises(ServiceError, match="mastery level"):
        create_scale(title="Bad", levels=[{"value": 1, "label": "One"}], mastery_level=3)
    with pytest.raises(ServiceError, match="lowest first"):
        create_scale(
            title="Bad", levels=[{"value": 2, "label": "Two"}, {"value": 1, "label": "One"}], mastery_level=1
        )
