"""API: frameworks and competencies (the continuum), evidence (one or many), and mastery."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db import transaction
from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import BaseModel, Field

from trellis.apps.evidence import selectors as mastery
from trellis.apps.evidence.services import (
    EvidenceInput,
    EvidenceRejected,
    RowError,
    record_many,
    validate_many,
)
from trellis.apps.frameworks import selectors as frameworks
from trellis.apps.rosters import access

router = Router(tags=["continuum and evidence"])
MAX_BULK = 5000


class FrameworkOut(Schema):
    id: uuid.UUID
    case_identifier: uuid.UUID
    title: str
    kind: str
    subject: str
    calculation_method: str
    mastery_level: int
    levels: list[dict[str, Any]]


class CompetencyOut(Schema):
    id: uuid.UUID
    case_identifier: uuid.UUID
    code: str
    statement: str
    kind: str
    education_levels: list[str]
    parents: list[uuid.UUID]
    prerequisites: list[uuid.UUID]


# Evidence rows in and out are plain pydantic models: Ninja's Schema wraps each object for Django attribute
# access, which bulk requests of thousands of rows pay for per row and these rows don't need.
class EvidenceIn(BaseModel):
    learner: uuid.UUID
    competency: uuid.UUID
    source: str = Field(description="practice, rubric, observation, self, peer, exhibition or external")
    level: float | None = Field(default=None, description="on the framework's scale, e.g. 1–4")
    score: float | None = Field(default=None, ge=0, le=1, description="0..1, for auto-scored work")
    correct: bool | None = None
    observed_at: dt.datetime | None = Field(default=None, description="when it happened; default now")
    note: str = Field(default="", max_length=4000)


class EvidenceOut(BaseModel):
    id: uuid.UUID
    learner: uuid.UUID
    competency: uuid.UUID
    source: str
    level: float
    observed_at: dt.datetime


class BulkIn(Schema):
    rows: list[EvidenceIn] = Field(max_length=MAX_BULK)


class RowProblem(Schema):
    index: int
    field: str
    message: str


class BulkOut(Schema):
    recorded: int
    evidence: list[EvidenceOut]


class BulkRejected(Schema):
    detail: str
    errors: list[RowProblem]


class MasteryOut(Schema):
    competency: uuid.UUID
    code: str
    status: str
    level: float | None
    level_label: str
    confidence: float
    evidence_count: int
    rolled_up: bool


@router.get("/frameworks", response=list[FrameworkOut])
def list_frameworks(request: HttpRequest) -> list[FrameworkOut]:
    """Every framework (competency frameworks are published curriculum, not personal data)."""
    return [
        FrameworkOut(
            id=f.public_id,
            case_identifier=f.case_identifier,
            title=f.title,
            kind=f.kind,
            subject=f.subject,
            calculation_method=f.calculation_method,
            mastery_level=f.scale.mastery_level,
            levels=f.scale.levels,
        )
        for f in frameworks.frameworks()
    ]


@router.get("/frameworks/{framework_id}/competencies", response=list[CompetencyOut])
def list_competencies(request: HttpRequest, framework_id: uuid.UUID) -> list[CompetencyOut]:
    framework = frameworks.framework_by_reference(str(framework_id))
    graph = mastery.framework_graph(framework)
    ids = {c.pk: c.public_id for c in graph.competencies}
    return [
        CompetencyOut(
            id=c.public_id,
            case_identifier=c.case_identifier,
            code=c.human_code,
            statement=c.statement,
            kind=c.kind,
            education_levels=[g for g in c.education_levels.split(",") if g],
            parents=[ids[p] for p in graph.parents.get(c.pk, []) if p in ids],
            prerequisites=[ids[p] for p in graph.prerequisites.get(c.pk, []) if p in ids],
        )
        for c, _depth in graph.depth_first()
    ]


def _inputs(
    request: HttpRequest, rows: list[EvidenceIn]
) -> tuple[list[tuple[int, EvidenceInput]], list[RowError]]:
    """Resolve and authorize every row: the rows to record with their index in the request, and the problems
    found so far (an unknown learner and one the caller may not assess get the same answer). The values
    themselves are checked by the evidence service."""
    inputs: list[tuple[int, EvidenceInput]] = []
    problems: list[RowError] = []
    granted_by_learner = access.learners_to_assess(
        request.user, {row.learner for row in rows}, what="api:record-evidence"
    )
    competencies = frameworks.competencies_by_public_id({row.competency for row in rows})
    for index, row in enumerate(rows):
        granted = granted_by_learner.get(row.learner)
        if granted is None:
            problems.append(RowError(index, "learner", "No learner with this id that you may assess."))
            continue
        if not access.may_record_source(granted, row.source):
            problems.append(
                RowError(index, "source", f"You may not record {row.source!r} evidence for this learner.")
            )
            continue
        competency = competencies.get(row.competency)
        if competency is None:
            problems.append(RowError(index, "competency", "No competency with this id."))
            continue
        evidence = EvidenceInput(
            learner=granted.learner,
            competency=competency,
            source=row.source,
            level=row.level,
            score=row.score,
            correct=row.correct,
            observed_at=row.observed_at,
            assessor=request.user,
            note=row.note,
            source_ref="api",
        )
        inputs.append((index, evidence))
    return inputs, problems


def _out(evidence: Any) -> EvidenceOut:
    return EvidenceOut(
        id=evidence.public_id,
        learner=evidence.learner.public_id,
        competency=evidence.competency.public_id,
        source=evidence.source,
        level=evidence.level,
        observed_at=evidence.observed_at,
    )


@router.post("/evidence", response={201: EvidenceOut, 422: BulkRejected})
def create_evidence(request: HttpRequest, payload: EvidenceIn) -> Status[Any]:
    """Record one piece of evidence; the learner's mastery is updated in the same transaction."""
    recorded = _record(request, [payload])
    if recorded.status_code == 201:
        return Status(201, recorded.value.evidence[0])
    if all(problem.field == "learner" for problem in recorded.value.errors):
        raise Http404  # one learner the caller may not assess: as if there were none
    return recorded


@router.post("/evidence/bulk", response={201: BulkOut, 422: BulkRejected})
def create_evidence_bulk(request: HttpRequest, payload: BulkIn) -> Status[Any]:
    """Record many pieces of evidence at once: every row or none. A 422 lists each bad row and field."""
    return _record(request, payload.rows)


@transaction.atomic  # the audit of who was read and the evidence commit together: one commit, not two
def _record(request: HttpRequest, rows: list[EvidenceIn]) -> Status[Any]:
    if not rows:
        raise HttpError(422, "Send at least one row.")
    inputs, problems = _inputs(request, rows)
    values = [evidence for _index, evidence in inputs]
    # Every bad row is reported, so the values of the authorized rows are checked even when some rows were
    # already refused; otherwise the service checks them once, as it records.
    value_problems = validate_many(values) if problems else []
    if not problems:
        try:
            created = record_many(values)
        except EvidenceRejected as rejected:
            value_problems = rejected.errors
    problems = sorted(
        problems + [RowError(inputs[p.index][0], p.field, p.message) for p in value_problems],
        key=lambda p: p.index,
    )
    if problems:
        return Status(
            422,
            BulkRejected(
                detail=f"{len(problems)} problem(s); nothing was recorded.",
                errors=[RowProblem(index=p.index, field=p.field, message=p.message) for p in problems],
            ),
        )
    return Status(201, BulkOut(recorded=len(created), evidence=[_out(e) for e in created]))


@router.get("/learners/{learner_id}/mastery", response=list[MasteryOut])
def get_mastery(
    request: HttpRequest, learner_id: uuid.UUID, framework: uuid.UUID | None = None
) -> list[MasteryOut]:
    """A learner's mastery on one framework (their first framework by default): the continuum's values."""
    granted = access.access_learner(
        request.user, learner_id, part=access.RecordPart.EVIDENCE, what="api:mastery"
    )
    available = list(mastery.frameworks_for(granted.learner))
    chosen = next((f for f in available if framework is None or f.public_id == framework), None)
    if chosen is None:
        raise Http404
    return [
        MasteryOut(
            competency=row.competency.public_id,
            code=row.competency.human_code,
            status=row.view.status,
            level=row.view.level,
            level_label=row.view.level_label,
            confidence=row.view.confidence,
            evidence_count=row.view.n_evidence,
            rolled_up=row.view.rolled_up,
        )
        for row in mastery.continuum(granted.learner, chosen)
    ]
