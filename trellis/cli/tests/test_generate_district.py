"""`trellis generate-district` at a small size: the real importers, evidence with mastery kept in step."""

from __future__ import annotations

import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from trellis.apps.evidence.services import rebuild_mastery


@pytest.mark.django_db
def test_generate_district_small() -> None:
    out = io.StringIO()
    call_command(
        "generate_district", learners=30, evidence_per_learner=8, seed=7, no_progress=True, stdout=out
    )
    evidence = apps.get_model("evidence", "Evidence")
    learner = apps.get_model("rosters", "Learner")
    competency = apps.get_model("frameworks", "Competency")
    assert learner.objects.count() == 30
    assert evidence.objects.count() == 30 * 8
    assessable = competency.objects.filter(framework__title__startswith="Synthetic").exclude(kind="grouping")
    assert assessable.count() == 120
    assert "30 learners" in out.getvalue() and "240 evidence" in out.getvalue()
    assert rebuild_mastery(check=True).differences == []
    # Each learner works through several competencies, not one.
    first = list(evidence.objects.order_by("id").values_list("competency__human_code", "level", "source"))
    assert len({code for code, _level, _source in first}) > 5
    # The planner has statistics for the evidence log, as a maintained database would.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT count(*) FROM pg_stats WHERE tablename = 'evidence_evidence'")
        else:
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'evidence_evidence'")
        assert cursor.fetchone()[0] > 0
