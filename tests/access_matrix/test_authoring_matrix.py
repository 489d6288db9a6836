"""The authoring rows of the matrix: every actor × page × framework, denied writes change nothing (empty or
valid), and plausible gateway bugs are caught."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import Q
from django.urls import reverse

from trellis.apps.evidence.models import MasteryState
from trellis.apps.frameworks import access as framework_access
from trellis.apps.frameworks.models import Competency, CompetencyEdge, Framework
from trellis.apps.frameworks.services import add_competency, add_edge

from .cases_authoring import AUTHORING_CASES
from .matrix import _denied, _is_allowed, _targets, client_for, run_matrix
from .world import ACTORS, build_world
from .world_authoring import AUTHORING_TARGETS, authoring_of

pytestmark = pytest.mark.django_db

POSTS = [case for case in AUTHORING_CASES if case.method == "post"]
# Removing a link answers an empty form with a redirect (and a message); it changes nothing either.
DENIED_STATUS = (401, 403, 404)


@pytest.fixture
def world() -> Any:
    w = build_world()
    authoring_of(w)
    return w


def _fingerprint() -> dict[str, Any]:
    return {
        "competencies": sorted(
            Competency.objects.values_list("pk", "statement", "human_code", "kind", "education_levels")
        ),
        "edges": sorted(CompetencyEdge.objects.values_list("pk", "source_id", "target_id", "kind")),
        "frameworks": sorted(
            Framework.objects.values_list(
                "pk",
                "revision",
                "calculation_method",
                "calculation_options",
                "counts_self_assessment",
                "counts_peer_assessment",
            )
        ),
        "states": sorted(MasteryState.objects.values_list("pk", "level", "method", "updated_at")),
    }


def test_authoring_rows_hold_for_every_actor(world: Any) -> None:
    failures = run_matrix(world, cases=AUTHORING_CASES)
    assert failures == [], "\n".join(failures)


@pytest.mark.parametrize("actor", ACTORS)
def test_authoring_posts_an_actor_may_not_make_change_nothing(world: Any, actor: str) -> None:
    denied = [c for c in POSTS if not any(_is_allowed(c, actor, t) for t in _targets(c))]
    before = _fingerprint()
    assert run_matrix(world, actors=[actor], cases=denied) == []
    assert _fingerprint() == before


def test_empty_authoring_forms_change_nothing_for_those_allowed_to_send_them(world: Any) -> None:
    before = _fingerprint()
    assert run_matrix(world, actors=["school_admin", "district_admin"], cases=POSTS) == []
    assert _fingerprint() == before


# --- denied actors' valid forms ---------------------------------------------------------------------


def _valid_forms(w: Any, target: str) -> list[tuple[str, dict[str, Any], dict[str, str]]]:
    """For one framework: (URL name, extra URL kwargs, a form that would change it if accepted)."""
    own = authoring_of(w)[target]
    second = Competency.objects.filter(framework=own.framework).exclude(pk=own.pk).get()
    edge = CompetencyEdge.objects.get(source=own, target=second)
    return [
        ("manage:competency-new", {}, {"statement": "Injected competency", "human_code": "INJ.1"}),
        (
            "manage:competency-edit",
            {"competency_id": own.public_id},
            {"statement": "Injected statement", "human_code": "INJ.2", "kind": "standard"},
        ),
        (
            "manage:link-new",
            {},
            {"source": str(second.public_id), "kind": "prerequisite_of", "target": str(own.public_id)},
        ),
        ("manage:link-remove", {}, {"link": str(edge.public_id)}),
        ("manage:framework-rules", {}, {"calculation_method": "highest", "counts_self_assessment": "on"}),
    ]


def _with_second_competencies(w: Any) -> None:
    for target, own in authoring_of(w).items():
        second = add_competency(
            framework=own.framework, human_code=f"{target}.2", statement=f"Second of {target}"
        )
        add_edge(source=own, target=second, kind="related_to")


@pytest.mark.parametrize("actor", ACTORS)
def test_valid_forms_from_those_who_may_not_author_change_nothing(world: Any, actor: str) -> None:
    _with_second_competencies(world)
    client = client_for(world, actor)
    before = _fingerprint()
    for target in AUTHORING_TARGETS["authoring"]:
        if actor in ("school_admin", "district_admin") and target == "linked":
            continue  # theirs to change (the control below)
        framework_id = authoring_of(world)[target].framework.public_id
        for name, kwargs, form in _valid_forms(world, target):
            response = client.post(reverse(name, kwargs={"framework_id": framework_id, **kwargs}), form)
            assert _denied(response, DENIED_STATUS), (actor, name, target, response.status_code)
    assert _fingerprint() == before


def test_the_same_forms_from_the_districts_administrator_change_the_framework(world: Any) -> None:
    """The control for the test above: its forms are valid, so a leak would have changed something."""
    _with_second_competencies(world)
    client = client_for(world, "school_admin")
    framework_id = authoring_of(world)["linked"].framework.public_id
    for name, kwargs, form in _valid_forms(world, "linked"):
        before = _fingerprint()
        response = client.post(reverse(name, kwargs={"framework_id": framework_id, **kwargs}), form)
        assert response.status_code == 302, (name, response.content.decode()[:2000])
        assert _fingerprint() != before, name


# --- mutants: plausible authorization bugs the matrix must catch --------------------------------------


def _cases(*names: str) -> list[Any]:
    return [case for case in AUTHORING_CASES if case.url_name in names]


def test_matrix_catches_shared_frameworks_made_writable(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    real = framework_access.access_framework

    def ignores_authoring(user: Any, framework_id: Any, *, to_author: bool = False) -> Any:
        return real(user, framework_id)

    monkeypatch.setattr(framework_access, "access_framework", ignores_authoring)
    failures = run_matrix(world, actors=["school_admin"], cases=_cases("manage:competency-new"))
    assert any(f.startswith("LEAK school_admin GET manage:competency-new [shared]") for f in failures)
    assert any(f.startswith("LEAK school_admin POST manage:competency-new [shared]") for f in failures)


def test_matrix_catches_every_district_opened(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(framework_access, "frameworks_for_admin", lambda user: Framework.objects.all())
    failures = run_matrix(world, actors=["district_admin", "teacher"], cases=_cases("manage:framework"))
    assert any(f.startswith("LEAK district_admin GET manage:framework [other_district]") for f in failures)
    assert any(f.startswith("LEAK teacher GET manage:framework [linked]") for f in failures)


def test_matrix_catches_shared_frameworks_shown_to_everyone(
    world: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def shared_for_all(user: Any) -> Any:
        managed = framework_access.schools_managed_by(user).values("district_id")
        return Framework.objects.filter(Q(district_id__in=managed) | Q(district__isnull=True))

    monkeypatch.setattr(framework_access, "frameworks_for_admin", shared_for_all)
    failures = run_matrix(world, actors=["guardian"], cases=_cases("manage:framework"))
    assert any(f.startswith("LEAK guardian GET manage:framework [shared]") for f in failures)
