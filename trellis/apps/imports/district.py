"""A generated district at scale, for benchmarks and load tests (`trellis generate-district`).

The roster goes through the real OneRoster importer (a bundle written to a temporary directory), the
synthetic 120-competency framework through the CASE importer, and the evidence through
`evidence.services.record_many` in batches, so mastery is kept in step exactly as in production.
"""

from __future__ import annotations

import datetime as dt
import random
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db import connection

from trellis.apps.evidence.models import Evidence, MasteryState
from trellis.apps.evidence.services import EvidenceInput, record_many
from trellis.apps.frameworks.models import Competency, Framework
from trellis.apps.rosters.models import District, Learner
from trellis.interop.oneroster import write_bundle
from trellis.lib import clock

from .framework import import_framework
from .roster import ProgressCallback
from .services import import_roster
from .synthetic import generate_district
from .synthetic_framework import synthetic_math_package

SOURCES = ("practice", "practice", "rubric", "observation")
BATCH_ROWS = 20_000
SPAN_DAYS = 150


@dataclass(frozen=True)
class DistrictSummary:
    learners: int
    users: int
    sections: int
    competencies: int
    evidence: int
    mastery_states: int
    framework_id: int


def load_district(
    *,
    learners: int,
    evidence_per_learner: int = 50,
    seed: int = 2026,
    class_size: int = 30,
    progress: ProgressCallback | None = None,
) -> DistrictSummary:
    """Generate and import a district of `learners` learners, the synthetic framework, and about
    `evidence_per_learner` pieces of evidence per learner with learning curves. Seeded: the same arguments
    give the same district (evidence times are relative to now)."""
    report = progress or (lambda step, done, total: None)
    today = clock.today()
    bundle, _ = generate_district(learners=learners, seed=seed, today=today, class_size=class_size)
    with tempfile.TemporaryDirectory(prefix="trellis-district-") as tmp:
        write_bundle(bundle, Path(tmp))
        result = import_roster(tmp, progress=progress)
    if not result.ok:
        raise RuntimeError("The generated roster did not import:\n" + "\n".join(result.errors[:20]))
    district = District.objects.get(sourced_id=bundle.orgs[0].sourced_id)
    loaded = import_framework(synthetic_math_package(), district=district)
    if not loaded.ok or loaded.framework is None:
        raise RuntimeError("The synthetic framework did not import:\n" + "\n".join(loaded.errors))
    framework = loaded.framework
    total = learners * evidence_per_learner
    done = 0
    report("evidence", 0, total)
    for batch in _evidence_batches(framework, evidence_per_learner, seed):
        record_many(batch)
        done += len(batch)
        report("evidence", min(done, total), total)
    report("evidence", total, total)
    report("statistics", 0, 1)
    _refresh_statistics()
    report("statistics", 1, 1)
    return DistrictSummary(
        learners=Learner.objects.count(),
        users=len(bundle.users),
        sections=len(bundle.classes),
        competencies=Competency.objects.filter(framework=framework)
        .exclude(kind=Competency.Kind.GROUPING)
        .count(),
        evidence=Evidence.objects.count(),
        mastery_states=MasteryState.objects.count(),
        framework_id=framework.pk,
    )


def _refresh_statistics() -> None:
    """What a database is given after a bulk load, so that pages are measured on it as they would run on a
    maintained one: the planner's statistics (and, on PostgreSQL, the visibility map that lets indexes
    answer alone), which autovacuum would build in time and SQLite never builds by itself."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _evidence_batches(framework: Framework, per_learner: int, seed: int) -> Iterator[list[EvidenceInput]]:
    """Each learner works up the framework in prerequisite order, from the competencies of two grades
    below theirs to one grade above: a few observations per competency, each a little better than the last
    (a learning curve with noise), faster or slower learners, spread over the last SPAN_DAYS days."""
    rng = random.Random(seed)
    competencies = list(
        Competency.objects.filter(framework=framework)
        .exclude(kind=Competency.Kind.GROUPING)
        .select_related("framework__scale")
        .order_by("sequence")
    )
    end = clock.now() - dt.timedelta(hours=1)
    start = end - dt.timedelta(days=SPAN_DAYS)
    batch: list[EvidenceInput] = []
    if per_learner <= 0:
        return
    # A list, not a streaming cursor: on SQLite an open cursor is a read transaction that keeps every
    # batch's pages in the write-ahead log (it cannot be checkpointed), which grew to gigabytes at 50k.
    for learner in list(Learner.objects.select_related("school").order_by("pk")):
        grade = int(learner.grade) if learner.grade.isdigit() else 6
        band = [
            c
            for c in competencies
            if c.education_levels.isdigit() and grade - 2 <= int(c.education_levels) <= grade + 1
        ] or competencies
        per_competency = rng.randint(3, 6)
        pace = rng.uniform(0.5, 1.0)
        count = max(1, min(len(band), round(per_learner * pace / per_competency) or 1))
        # Work through the chain from the learner's lower end, in order (sequence follows prerequisites).
        chosen = band[:count]
        slots = sorted(rng.uniform(0, SPAN_DAYS * 86400) for _ in range(per_learner))
        for n, when in enumerate(slots):
            position = min(len(chosen) - 1, n * len(chosen) // per_learner)
            competency = chosen[position]
            # Progress within this competency: 0 at its first observation, about 1 at its last.
            share = (n * len(chosen) / per_learner) - position
            skill = 1.2 + 2.6 * share * pace + rng.uniform(-0.5, 0.5)
            batch.append(
                EvidenceInput(
                    learner=learner,
                    competency=competency,
                    source=rng.choice(SOURCES),
                    level=float(min(4, max(1, round(skill)))),
                    observed_at=start + dt.timedelta(seconds=when),
                )
            )
        if len(batch) >= BATCH_ROWS:
            yield batch
            batch = []
    if batch:
        yield batch
