"""Editing a framework after it exists: competencies changed, links removed, mastery rules validated, and who
may do it (frameworks.access). Each change raises the framework's revision, so pages show it next request."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.http import Http404

from trellis.apps.frameworks.access import access_framework, frameworks_for_admin, may_author_framework
from trellis.apps.frameworks.models import CompetencyEdge, Framework
from trellis.apps.frameworks.selectors import continuum_tree, flatten, mastery_rules
from trellis.apps.frameworks.services import (
    add_competency,
    add_edge,
    create_framework,
    four_level_scale,
    remove_edge,
    set_mastery_rules,
    update_competency,
)
from trellis.apps.rosters.models import District, OrgRole, School
from trellis.lib import clock
from trellis.lib.errors import ServiceError

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def district() -> District:
    return District.objects.create(name="Cedar Valley")


@pytest.fixture
def framework(district: District) -> Framework:
    return create_framework(title="Grade 6 Math", scale=four_level_scale(district), district=district)


def _revision(framework: Framework) -> int:
    return Framework.objects.get(pk=framework.pk).revision


def test_a_competency_is_edited_and_validated_like_a_new_one(framework: Framework) -> None:
    ratio = add_competency(framework=framework, human_code="6.RP.A.1", statement="Ratios.")
    add_competency(framework=framework, human_code="6.RP.A.2", statement="Unit rates.")
    before = _revision(framework)
    update_competency(
        competency=ratio,
        statement="  Understand the concept of a ratio.  ",
        human_code="6.RP.A.1",  # its own code is not "already used"
        kind="learning_target",
        education_levels="06, 7 ,kg",
    )
    ratio.refresh_from_db()
    assert (ratio.statement, ratio.kind, ratio.education_levels) == (
        "Understand the concept of a ratio.",
        "learning_target",
        "06,7,KG",
    )
    assert _revision(framework) == before + 1
    for changes, field in (
        ({"statement": " "}, "statement"),
        ({"human_code": "6.RP.A.2"}, "human_code"),
        ({"kind": "poem"}, "kind"),
        ({"education_levels": "grade six!"}, "education_levels"),
    ):
        with pytest.raises(ServiceError) as refused:
            update_competency(competency=ratio, **changes)
        assert refused.value.field == field
    ratio.refresh_from_db()
    assert (ratio.statement, ratio.human_code) == ("Understand the concept of a ratio.", "6.RP.A.1")
    assert _revision(framework) == before + 1


def test_saving_what_is_already_there_changes_nothing(framework: Framework) -> None:
    ratio = add_competency(framework=framework, human_code="6.RP.A.1", statement="Ratios.")
    before = _revision(framework)
    update_competency(competency=ratio, statement="Ratios.", human_code="6.RP.A.1")
    assert _revision(framework) == before


def test_a_parent_from_another_framework_is_refused(framework: Framework, district: District) -> None:
    other = create_framework(title="Habits", scale=four_level_scale(district), district=district)
    elsewhere = add_competency(framework=other, statement="Perseveres.")
    with pytest.raises(ServiceError) as refused:
        add_competency(framework=framework, statement="Ratios.", parent=elsewhere)
    assert refused.value.field == "parent"
    assert not framework.competencies.exists()


def test_a_removed_link_leaves_the_tree(framework: Framework) -> None:
    standard = add_competency(framework=framework, human_code="6.RP.A", statement="Ratio reasoning.")
    target = add_competency(framework=framework, human_code="6.RP.A.1", statement="Ratios.", parent=standard)
    rate = add_competency(framework=framework, human_code="6.RP.A.2", statement="Rates.", parent=standard)
    prerequisite = add_edge(source=target, target=rate, kind=CompetencyEdge.Kind.PREREQUISITE_OF)
    tree = flatten(continuum_tree(Framework.objects.get(pk=framework.pk)))
    assert [(n.competency.human_code, n.depth) for n in tree] == [
        ("6.RP.A", 0),
        ("6.RP.A.1", 1),
        ("6.RP.A.2", 1),
    ]
    assert [p.human_code for p in tree[2].prerequisites] == ["6.RP.A.1"]
    remove_edge(edge=prerequisite)
    remove_edge(edge=CompetencyEdge.objects.get(source=rate, kind=CompetencyEdge.Kind.CHILD_OF))
    tree = flatten(continuum_tree(Framework.objects.get(pk=framework.pk)))
    assert [(n.competency.human_code, n.depth, n.prerequisites) for n in tree] == [
        ("6.RP.A", 0, []),
        ("6.RP.A.1", 1, []),
        ("6.RP.A.2", 0, []),
    ]


def test_a_competency_with_two_parents_says_the_other(framework: Framework) -> None:
    ratios = add_competency(framework=framework, human_code="6.RP", statement="Ratios.")
    percents = add_competency(framework=framework, human_code="6.P", statement="Percents.")
    both = add_competency(framework=framework, human_code="6.RP.3c", statement="Percent of.", parent=ratios)
    add_edge(source=both, target=percents, kind=CompetencyEdge.Kind.CHILD_OF)
    nodes = {
        n.competency.human_code: n for n in flatten(continuum_tree(Framework.objects.get(pk=framework.pk)))
    }
    assert [c.human_code for c in nodes["6.RP.3c"].also_part_of] == ["6.P"]
    assert nodes["6.RP.3c"].depth == 1


def test_mastery_rules_keep_the_chosen_methods_option(framework: Framework) -> None:
    set_mastery_rules(
        framework=framework,
        calculation_method="decaying_average",
        decay=0.4,
        counts_self_assessment=True,
        counts_peer_assessment=False,
    )
    stored = Framework.objects.get(pk=framework.pk)
    assert (stored.calculation_options, stored.counts_self_assessment) == ({"decay": 0.4}, True)
    rules = mastery_rules(stored)
    assert (rules.decay, rules.n) == (0.4, 3)  # n shown at the learner model's default
    with pytest.raises(ServiceError) as refused:
        set_mastery_rules(
            framework=framework,
            calculation_method="n_times",
            n=None,
            counts_self_assessment=False,
            counts_peer_assessment=False,
        )
    assert refused.value.field == "n"


# --- who may author -------------------------------------------------------------------------------------


def _person(username: str, **role: Any) -> Any:
    user = User.objects.create_user(username=username)
    if role:
        OrgRole.objects.create(user=user, **role)
    return user


def test_administrators_of_a_school_of_the_district_author_its_frameworks(
    framework: Framework, district: District
) -> None:
    school = School.objects.create(district=district, name="Birch Middle")
    shared = create_framework(title="Shared habits", scale=four_level_scale())
    far = District.objects.create(name="Far Away")
    theirs = create_framework(title="Far math", scale=four_level_scale(far), district=far)
    School.objects.create(district=far, name="Far School")

    principal = _person("principal", school=school, role=OrgRole.Role.PRINCIPAL)
    district_admin = _person("dana", district=district, role=OrgRole.Role.DISTRICT_ADMINISTRATOR)
    far_admin = _person("far", district=far, role=OrgRole.Role.DISTRICT_ADMINISTRATOR)
    teacher = _person("teacher", school=school, role=OrgRole.Role.TEACHER)
    yesterday = clock.today() - dt.timedelta(days=1)
    former = _person("former", school=school, role=OrgRole.Role.PRINCIPAL, end_date=yesterday)

    for admin in (principal, district_admin):
        assert set(frameworks_for_admin(admin)) == {framework, shared}
        assert access_framework(admin, framework.public_id, to_author=True).may_author
        assert not access_framework(admin, shared.public_id).may_author
        with pytest.raises(Http404):
            access_framework(admin, shared.public_id, to_author=True)
        with pytest.raises(Http404):
            access_framework(admin, theirs.public_id)
        assert may_author_framework(admin, framework) and not may_author_framework(admin, shared)
    assert set(frameworks_for_admin(far_admin)) == {theirs, shared}
    for nobody in (teacher, former, None):
        assert not frameworks_for_admin(nobody).exists()
        with pytest.raises(Http404):
            access_framework(nobody, framework.public_id)
    with pytest.raises(Http404):
        access_framework(principal, "not-a-uuid")
