"""CASE import and export on the shared packages: lossless round trip, idempotence, errors change nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from trellis.apps.frameworks.exports import export_framework
from trellis.apps.frameworks.models import Competency, CompetencyEdge, Framework
from trellis.apps.frameworks.services import add_competency, add_edge
from trellis.apps.imports.demo_frameworks import habits_package, math_package
from trellis.apps.imports.framework import import_framework
from trellis.interop.case import parse_package
from trellis.lib.testing import CASE_SAMPLES

pytestmark = pytest.mark.django_db
PACKAGES = sorted(
    [*(CASE_SAMPLES / "opensalt-fixtures").glob("*.json"), *(CASE_SAMPLES / "synthetic").glob("*.json")]
)


@pytest.mark.parametrize("path", PACKAGES, ids=[p.name for p in PACKAGES])
def test_import_export_import_is_lossless(path: Path) -> None:
    original = parse_package(path)
    result = import_framework(path)
    assert result.ok, result.errors
    assert result.framework is not None
    exported = export_framework(result.framework)
    assert parse_package(exported) == original
    again = import_framework(exported)
    assert again.plan is not None
    assert again.plan.is_empty


def test_the_ccss_ela_package_keeps_its_tree() -> None:
    result = import_framework(CASE_SAMPLES / "derived" / "ccss-ela-cfpackage.json")
    assert result.ok
    assert Competency.objects.count() == 1189
    top_level = Competency.objects.exclude(edges_out__kind=CompetencyEdge.Kind.CHILD_OF).count()
    assert top_level == 1189 - CompetencyEdge.objects.filter(kind=CompetencyEdge.Kind.CHILD_OF).count()


def test_prerequisites_arrive_as_prerequisite_edges() -> None:
    result = import_framework(math_package())
    assert result.ok, result.errors
    ratio = Competency.objects.get(human_code="6.RP.A.1")
    rate = Competency.objects.get(human_code="6.RP.A.2")
    assert CompetencyEdge.objects.filter(
        source=ratio, target=rate, kind=CompetencyEdge.Kind.PREREQUISITE_OF
    ).exists()
    assert Competency.objects.get(human_code="RP").kind == Competency.Kind.GROUPING


def test_habits_framework_is_assessed_like_academics() -> None:
    result = import_framework(habits_package(), habits=True)
    assert result.framework is not None
    assert result.framework.kind == Framework.Kind.HABITS
    assert result.framework.scale.mastery_level == 3
    assert Competency.objects.get(human_code="HOL.P.1").kind == Competency.Kind.HABIT


def test_edits_made_in_trellis_are_exported() -> None:
    result = import_framework(math_package())
    assert result.framework is not None
    new = add_competency(framework=result.framework, human_code="8.F.A.1", statement="Understand functions.")
    add_edge(
        source=Competency.objects.get(human_code="8.EE.B.5"),
        target=new,
        kind=CompetencyEdge.Kind.PREREQUISITE_OF,
    )
    package = parse_package(export_framework(result.framework))
    assert package.item(str(new.case_identifier)) is not None
    assert (str(Competency.objects.get(human_code="8.EE.B.5").case_identifier), str(new.case_identifier)) in {
        (a.lower(), b.lower()) for a, b in package.prerequisites()
    }


def test_a_bad_package_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    data = math_package()
    items = {item["humanCodingScheme"]: item["identifier"] for item in data["CFItems"]}
    data["CFAssociations"].append(
        {
            **data["CFAssociations"][-1],
            "identifier": "9b1d5f1e-0000-4000-8000-000000000001",
            "originNodeURI": {"title": "8.EE.C.8", "identifier": items["8.EE.C.8"], "uri": "urn:x"},
            "destinationNodeURI": {"title": "5.NF.A.1", "identifier": items["5.NF.A.1"], "uri": "urn:y"},
            "associationType": "precedes",
        }
    )
    data["CFAssociations"].append(
        {
            **data["CFAssociations"][-1],
            "identifier": "9b1d5f1e-0000-4000-8000-000000000002",
            "originNodeURI": {"title": "5.NF.A.1", "identifier": items["5.NF.A.1"], "uri": "urn:y"},
            "destinationNodeURI": {"title": "8.EE.C.8", "identifier": items["8.EE.C.8"], "uri": "urn:x"},
        }
    )
    bad = tmp_path / "loop.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    result = import_framework(bad)
    assert not result.ok
    assert any("8.EE.C.8" in error and "5.NF.A.1" in error for error in result.errors)
    assert not Framework.objects.exists()
    broken = tmp_path / "broken.json"
    broken.write_text('{"CFDocument": {', encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was changed"):
        call_command("import_framework", str(broken))
    assert not Framework.objects.exists()


def test_export_command_writes_a_file_that_imports_again(tmp_path: Path) -> None:
    result = import_framework(habits_package(), habits=True)
    assert result.framework is not None
    out = tmp_path / "habits.json"
    call_command(
        "export_framework", str(result.framework.public_id), "--case-version", "1.0", "--output", str(out)
    )
    assert parse_package(out).version == "1.0"
    with pytest.raises(CommandError, match="No framework"):
        call_command("export_framework", "no such framework")
