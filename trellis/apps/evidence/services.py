"""Every write to the evidence log, and the mastery projection kept in step with it."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from trellis.apps.frameworks.models import Competency, Framework
from trellis.apps.frameworks.services import set_mastery_rules
from trellis.apps.rosters.models import Learner
from trellis.learner_model.rubric import RubricConfig, rubric_estimate
from trellis.lib import bulk, clock
from trellis.lib.errors import ServiceError

from .models import NOT_A_RETRACTION, Evidence, MasteryState, not_withdrawn
from .projection import (
    Folded,
    config_for,
    counted_sources,
    fold,
    level_from_score,
    state_from_json,
    state_to_json,
)

SOURCES = frozenset(Evidence.Source.values)  # the enum's `values` builds a new list on every use
# Clocks drift; evidence stamped a little in the future is accepted, anything further is a mistake.
FUTURE_TOLERANCE = dt.timedelta(minutes=5)


@dataclass(frozen=True)
class EvidenceInput:
    """One piece of evidence to record (the bulk API and importers build these)."""

    learner: Learner
    competency: Competency
    source: str
    level: float | None = None
    score: float | None = None
    correct: bool | None = None
    observed_at: dt.datetime | None = None
    assessor: Any = None
    note: str = ""
    source_ref: str = ""


@dataclass
class RowError:
    index: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"row {self.index}: {self.field}: {self.message}"


class EvidenceRejected(ServiceError):
    """Bulk evidence with at least one bad row: nothing was recorded; `errors` names every bad row."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("; ".join(str(e) for e in errors[:20]))
        self.errors = errors


def _validated(
    index: int, row: EvidenceInput, now: dt.datetime, configs: dict[int, RubricConfig]
) -> tuple[Evidence | None, list[RowError]]:
    errors: list[RowError] = []
    framework = row.competency.framework
    config = configs.get(framework.pk) or configs.setdefault(framework.pk, config_for(framework))
    if row.source not in SOURCES:
        errors.append(
            RowError(
                index,
                "source",
                _("Unknown source; use one of: %(s)s.") % {"s": ", ".join(Evidence.Source.values)},
            )
        )
    level = row.level
    if row.score is not None and not 0.0 <= row.score <= 1.0:
        errors.append(RowError(index, "score", _("A score is a fraction from 0 to 1.")))
    if level is None and row.score is not None and 0.0 <= row.score <= 1.0:
        level = level_from_score(row.score, config)
    if level is None and row.correct is not None:
        level = level_from_score(1.0 if row.correct else 0.0, config)
    if level is None:
        errors.append(
            RowError(index, "level", _("Give a level on the scale, a score, or whether it was correct."))
        )
    elif not config.scale_min <= level <= config.scale_max:
        errors.append(
            RowError(
                index,
                "level",
                _("The level must be between %(lo)s and %(hi)s on this scale.")
                % {"lo": config.scale_min, "hi": config.scale_max},
            )
        )
    observed_at = row.observed_at or now
    if observed_at.tzinfo is None:
        errors.append(RowError(index, "observed_at", _("Give the time with its time zone.")))
    elif observed_at > now + FUTURE_TOLERANCE:
        errors.append(RowError(index, "observed_at", _("The time is in the future.")))
    if row.learner.school.district_id != framework.district_id and framework.district_id is not None:
        errors.append(
            RowError(index, "competency", _("This competency belongs to another district's framework."))
        )
    if errors:
        return None, errors
    assessor = row.assessor if getattr(row.assessor, "pk", None) else None
    values = {
        "id": None,
        "public_id": uuid.uuid4(),
        "learner_id": row.learner.pk,
        "competency_id": row.competency.pk,
        "source": row.source,
        "level": level,
        "score": row.score,
        "correct": row.correct,
        # In UTC, so the incremental state and a rebuild from the database agree exactly.
        "observed_at": observed_at.astimezone(dt.UTC),
        "recorded_at": now,
        "assessor_id": assessor.pk if assessor is not None else None,
        "note": row.note[:4000],
        "source_ref": row.source_ref[:200],
        "retracts_id": None,
    }
    # Every field's value in field order, as a row read from the database is built: half the time of naming
    # them (a bulk batch builds a thousand rows).
    evidence = Evidence(*[values[name] for name in _EVIDENCE_ATTNAMES])
    # The related objects the caller holds, as assigning them would leave them, without the checks of the
    # assignment (the checks were a tenth of building the rows).
    for name, related in (("learner", row.learner), ("competency", row.competency), ("assessor", assessor)):
        _RELATED[name].set_cached_value(evidence, related)
    return evidence, []


_RELATED = {name: getattr(Evidence, name).field for name in ("learner", "competency", "assessor")}
_EVIDENCE_ATTNAMES = tuple(f.attname for f in Evidence._meta.concrete_fields)


def record_evidence(**fields: Any) -> Evidence:
    """Record one piece of evidence and bring its learner × competency mastery up to date."""
    return record_many([EvidenceInput(**fields)])[0]


def _build(rows: Sequence[EvidenceInput], now: dt.datetime) -> tuple[list[Evidence], list[RowError]]:
    configs: dict[int, RubricConfig] = {}
    built: list[Evidence] = []
    errors: list[RowError] = []
    for index, row in enumerate(rows):
        evidence, row_errors = _validated(index, row, now, configs)
        errors += row_errors
        if evidence is not None:
            built.append(evidence)
    return built, errors


def validate_many(rows: Sequence[EvidenceInput]) -> list[RowError]:
    """Every problem `record_many` would refuse these rows for, without writing anything."""
    return _build(rows, clock.now())[1]


def record_many(rows: Sequence[EvidenceInput]) -> list[Evidence]:
    """Record every row or none: a bad row raises EvidenceRejected naming each bad row and its field."""
    built, errors = _build(rows, clock.now())
    if errors:
        raise EvidenceRejected(errors)  # before anything is written, so a caller's transaction goes on
    # Inside a caller's transaction (the API's, with its audit) no savepoint: a failed write fails it all.
    with transaction.atomic(savepoint=False):
        created = _insert_evidence(built)
        _update_mastery({(e.learner_id, e.competency_id) for e in created}, appended=created)
    return created


EVIDENCE_COLUMNS = (
    "public_id",
    "learner",
    "competency",
    "source",
    "level",
    "score",
    "correct",
    "observed_at",
    "recorded_at",
    "assessor",
    "note",
    "source_ref",
)


def _insert_evidence(built: list[Evidence]) -> list[Evidence]:
    """Write validated rows (see trellis.lib.bulk) and give each object the id the database numbered it
    with (the projection orders ties by id)."""
    rows = bulk.values_of(Evidence, EVIDENCE_COLUMNS, built)
    ids = bulk.insert_numbered(Evidence, EVIDENCE_COLUMNS, rows, key="public_id")
    for evidence in built:
        evidence.pk = ids[evidence.public_id]
        evidence._state.adding = False
        evidence._state.db = "default"
    return built


@transaction.atomic
def retract_evidence(*, evidence: Evidence, actor: Any, reason: str) -> Evidence:
    """Withdraw a piece of evidence (a mistake, a wrong learner): a retraction row; mastery is recomputed."""
    if not reason.strip():
        raise ServiceError(_("Say why this evidence is withdrawn."), field="reason")
    if evidence.retracts_id is not None:
        raise ServiceError(_("A withdrawal cannot itself be withdrawn; record new evidence instead."))
    if Evidence.objects.filter(retracts=evidence).exists():
        raise ServiceError(_("This evidence was already withdrawn."))
    now = clock.now()
    retraction = Evidence.objects.create(
        learner_id=evidence.learner_id,
        competency_id=evidence.competency_id,
        source=evidence.source,
        level=None,
        observed_at=now,
        recorded_at=now,
        assessor=actor if getattr(actor, "pk", None) else None,
        note=reason.strip()[:4000],
        retracts=evidence,
    )
    _update_mastery({(evidence.learner_id, evidence.competency_id)}, appended=[])
    return retraction


# --- the projection ------------------------------------------------------------------------------------


def counted_rows(
    pairs: Iterable[tuple[int, int]] | None = None, *, framework: Framework | None = None
) -> Iterable[tuple[int, int, int, dt.datetime, float | None, str]]:
    """(learner, competency, evidence id, observed_at, level, source) of every live row, in log order per
    pair; `pairs` narrows to some learner × competency pairs, `framework` to one framework's competencies.
    Retractions and retracted rows are left out."""
    rows = Evidence.objects.filter(NOT_A_RETRACTION)
    if framework is not None:
        rows = rows.filter(competency_id__in=_competency_ids(framework))
    if pairs is None:
        rows = rows.filter(retracted_by__isnull=True)
    else:
        pairs = list(pairs)
        learners = {learner for learner, _ in pairs}
        competencies = {competency for _, competency in pairs}
        rows = rows.filter(not_withdrawn(learners), learner_id__in=learners, competency_id__in=competencies)
    return (
        rows.order_by("learner_id", "competency_id", "observed_at", "id")
        .values_list("learner_id", "competency_id", "id", "observed_at", "level", "source")
        .iterator(chunk_size=20000)
    )


def project(
    rows: Iterable[tuple[int, int, int, dt.datetime, float | None, str]],
    frameworks: dict[int, Framework],
    competency_framework: dict[int, int],
) -> dict[tuple[int, int], Folded]:
    """Fold grouped rows into states, per pair, with each pair's framework settings."""
    results: dict[tuple[int, int], Folded] = {}
    current: tuple[int, int] | None = None
    batch: list[tuple[int, dt.datetime, float]] = []

    def flush() -> None:
        if current is None or not batch:
            return
        use = settings[competency_framework[current[1]]]
        folded = fold(batch, config=use.config, method=use.method)
        if folded is not None:
            results[current] = folded

    settings = {pk: _FoldSettings.of(framework) for pk, framework in frameworks.items()}
    for learner_id, competency_id, evidence_id, observed_at, level, source in rows:
        pair = (learner_id, competency_id)
        if pair != current:
            flush()
            current, batch = pair, []
        if level is not None and source in settings[competency_framework[competency_id]].counted:
            batch.append((evidence_id, observed_at, level))
    flush()
    return results


def _frameworks_of(
    competency_ids: Iterable[int], known: Iterable[Competency] = ()
) -> tuple[dict[int, Framework], dict[int, int]]:
    """Each competency's framework (with its scale), read now: the calculation settings are the ones in
    force when the evidence is recorded, whatever the caller holds. Competencies the caller already holds
    (`known`, e.g. the API's rows) are not read again just for their framework's id."""
    wanted = set(competency_ids)
    competency_framework = {c.pk: c.framework_id for c in known if c.pk in wanted}
    missing = wanted - competency_framework.keys()
    if missing:
        competency_framework |= dict(
            Competency.objects.filter(id__in=missing).values_list("id", "framework_id")
        )
    frameworks = Framework.objects.select_related("scale").in_bulk(set(competency_framework.values()))
    return frameworks, competency_framework


MASTERY_FIELDS = (
    "estimate",
    "level",
    "confidence",
    "mastered",
    "n_evidence",
    "method",
    "algorithm_version",
    "state",
    "last_observed_at",
    "last_evidence_id",
    "first_mastered_at",
    "updated_at",
)
MASTERY_COLUMNS = ("learner", "competency", *MASTERY_FIELDS)
# What a fold goes on from.
STORED_FOLD = ("state", "last_observed_at", "last_evidence_id", "first_mastered_at")


def mastery_values(learner_id: int, competency_id: int, folded: Folded, now: dt.datetime) -> tuple[Any, ...]:
    """A state's values in MASTERY_COLUMNS order: what is written, without building a model object."""
    estimate = folded.estimate
    return (
        learner_id,
        competency_id,
        estimate.estimate,
        estimate.level,
        estimate.confidence,
        estimate.mastered,
        estimate.n_evidence,
        estimate.method,
        estimate.algorithm_version,
        state_to_json(folded.state),
        folded.last_observed_at,
        folded.last_evidence_id,
        folded.first_mastered_at,
        now,
    )


def mastery_row(learner_id: int, competency_id: int, folded: Folded, now: dt.datetime) -> MasteryState:
    values = mastery_values(learner_id, competency_id, folded, now)
    return MasteryState(**dict(zip(("learner_id", "competency_id", *MASTERY_FIELDS), values, strict=True)))


def _update_mastery(pairs: set[tuple[int, int]], *, appended: list[Evidence]) -> None:
    """Bring these pairs' states up to date: continue the fold where only newer evidence was appended,
    fold again from the log where anything older arrived or something was withdrawn."""
    if not pairs:
        return
    now = clock.now()
    frameworks, competency_framework = _frameworks_of(
        (c for _, c in pairs),
        known=[e.competency for e in appended if Evidence.competency.is_cached(e)],
    )
    # Rows, not model objects: a batch of 1,000 evidence reads up to 1,000 states, and building a model for
    # each was a tenth of bulk ingest.
    existing = {
        (m.learner_id, m.competency_id): m
        for m in MasteryState.objects.filter(
            learner_id__in={p[0] for p in pairs}, competency_id__in={p[1] for p in pairs}
        ).values_list("id", "learner_id", "competency_id", *STORED_FOLD, named=True)
        if (m.learner_id, m.competency_id) in pairs
    }
    new_by_pair: dict[tuple[int, int], list[Evidence]] = defaultdict(list)
    for evidence in appended:
        new_by_pair[(evidence.learner_id, evidence.competency_id)].append(evidence)
    refold: set[tuple[int, int]] = set()
    results: dict[tuple[int, int], Folded | None] = {}
    settings = {pk: _FoldSettings.of(framework) for pk, framework in frameworks.items()}
    for pair in pairs:
        use = settings[competency_framework[pair[1]]]
        fresh = sorted(new_by_pair.get(pair, []), key=lambda e: (e.observed_at, e.id))
        stored = existing.get(pair)
        if not fresh or (
            stored
            and (fresh[0].observed_at, fresh[0].id) < (stored.last_observed_at, stored.last_evidence_id)
        ):
            refold.add(pair)
            continue
        start = _folded_from(stored, use.config, use.method) if stored else None
        rows = [
            (e.id, e.observed_at, e.level) for e in fresh if e.level is not None and e.source in use.counted
        ]
        results[pair] = fold(rows, config=use.config, method=use.method, start=start) or start
    if refold:
        refolded = project(counted_rows(refold), frameworks, competency_framework)
        for pair in refold:
            results[pair] = refolded.get(pair)
    added: list[tuple[Any, ...]] = []
    changed: list[tuple[Any, ...]] = []
    emptied: list[int] = []  # every counted row of the pair withdrawn
    for pair, folded in results.items():
        stored = existing.get(pair)
        if folded is None:
            if stored is not None:
                emptied.append(stored.id)
        elif stored is None:
            added.append(mastery_values(*pair, folded, now))
        else:
            changed.append((*mastery_values(*pair, folded, now)[2:], stored.id))
    # Updated in place: PostgreSQL can then often keep the row on its page without touching the indexes
    # (a HOT update) and clear the old version as it reads the page, where a delete and an insert leave a
    # dead row and new index entries behind for VACUUM on every piece of evidence.
    bulk.update(MasteryState, MASTERY_FIELDS, changed)
    bulk.insert(MasteryState, MASTERY_COLUMNS, added)
    for batch in bulk.batches(emptied, size=900):
        MasteryState.objects.filter(pk__in=batch).delete()


@dataclass(frozen=True)
class _FoldSettings:
    """A framework's settings for folding its evidence, worked out once per batch or rebuild, not per pair."""

    config: RubricConfig
    method: str
    counted: frozenset[str]

    @classmethod
    def of(cls, framework: Framework) -> _FoldSettings:
        return cls(config_for(framework), framework.calculation_method, counted_sources(framework))


def _folded_from(stored: Any, config: RubricConfig, method: str) -> Folded:
    """The fold a stored state (a MasteryState, or a row with the fields STORED_FOLD) goes on from."""
    state = state_from_json(stored.state)
    return Folded(
        state=state,
        estimate=rubric_estimate(state, method, config),
        last_observed_at=stored.last_observed_at,
        last_evidence_id=stored.last_evidence_id,
        first_mastered_at=stored.first_mastered_at,
    )


def _competency_ids(framework: Framework) -> QuerySet[Competency, Any]:
    return Competency.objects.filter(framework=framework).values("id")


@dataclass(frozen=True)
class MasteryChange:
    """What a recompute changed, in what people see (level, confidence, mastered, how much evidence)."""

    learners: int = 0  # learners with at least one changed state
    states: int = 0  # learner × competency states changed, added or removed
    newly_mastered: int = 0
    no_longer_mastered: int = 0


@dataclass
class RebuildReport:
    pairs: int = 0
    evidence: int = 0
    differences: list[str] = field(default_factory=list)
    change: MasteryChange | None = None  # for a rebuild of one framework's states


_SEEN_FIELDS = ("level", "confidence", "mastered", "n_evidence")


@transaction.atomic
def rebuild_mastery(*, check: bool = False, framework: Framework | None = None) -> RebuildReport:
    """Recompute every MasteryState from the evidence log (`framework`: only that framework's). With
    `check`, write nothing and list every pair whose stored state differs from the log's (there must be
    none). A framework's rebuild also says what changed for people (`report.change`)."""
    report = RebuildReport()
    rows = list(counted_rows(framework=framework))
    report.evidence = len(rows)
    states = MasteryState.objects.all()
    if framework is not None:
        states = states.filter(competency_id__in=_competency_ids(framework))
    frameworks, competency_framework = _frameworks_of(
        {r[1] for r in rows} | set(states.values_list("competency_id", flat=True))
    )
    folded = project(rows, frameworks, competency_framework)
    report.pairs = len(folded)
    now = clock.now()
    if check:
        stored = {(m.learner_id, m.competency_id): m for m in states}
        for pair in sorted(set(folded) | set(stored)):
            want = folded.get(pair)
            have = stored.get(pair)
            if want is None or have is None:
                report.differences.append(
                    f"learner {pair[0]} competency {pair[1]}: "
                    f"{'stored but no evidence' if want is None else 'evidence but no state'}"
                )
                continue
            expected = mastery_row(*pair, want, now)
            for name in MASTERY_FIELDS:
                if name != "updated_at" and getattr(expected, name) != getattr(have, name):
                    report.differences.append(
                        f"learner {pair[0]} competency {pair[1]}: {name} is {getattr(have, name)!r}, "
                        f"the log gives {getattr(expected, name)!r}"
                    )
        return report
    if framework is not None:
        seen = {
            (row[0], row[1]): row[2:]
            for row in states.values_list("learner_id", "competency_id", *_SEEN_FIELDS)
        }
        report.change = _change(seen, folded)
    states.delete()
    bulk.insert(MasteryState, MASTERY_COLUMNS, [mastery_values(*pair, f, now) for pair, f in folded.items()])
    return report


def _change(
    before: dict[tuple[int, int], tuple[Any, ...]], after: dict[tuple[int, int], Folded]
) -> MasteryChange:
    learners: set[int] = set()
    states = gained = lost = 0
    for pair in set(before) | set(after):
        old = before.get(pair)
        folded = after.get(pair)
        new = None
        if folded is not None:
            estimate = folded.estimate
            new = (estimate.level, estimate.confidence, estimate.mastered, estimate.n_evidence)
        if old == new:
            continue
        learners.add(pair[0])
        states += 1
        was, now = bool(old and old[2]), bool(new and new[2])
        gained += now and not was
        lost += was and not now
    return MasteryChange(len(learners), states, gained, lost)


@transaction.atomic
def change_mastery_rules(
    *,
    framework: Framework,
    calculation_method: str,
    decay: float | None = None,
    n: int | None = None,
    counts_self_assessment: bool,
    counts_peer_assessment: bool,
) -> MasteryChange:
    """Set a framework's mastery rules (frameworks.services.set_mastery_rules validates them) and recompute
    every learner's state of that framework from the evidence log, in one transaction: no one ever reads
    states of the old rules beside the new rules, and `rebuild-mastery --check` finds no difference after it
    (ADR 0010). Returns what changed for people."""
    set_mastery_rules(
        framework=framework,
        calculation_method=calculation_method,
        decay=decay,
        n=n,
        counts_self_assessment=counts_self_assessment,
        counts_peer_assessment=counts_peer_assessment,
    )
    report = rebuild_mastery(framework=framework)
    assert report.change is not None
    return report.change
