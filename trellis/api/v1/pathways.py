"""API: a learner's path (plan, pacing, next steps with reasons) and targets set with the advisor.

Reasons come as the learner model gives them, a code and parameters (competencies by public id, dates as
ISO dates), for the client to word in its reader's language; ADR 0008 lists the codes."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from trellis.apps.pathways import access, selectors, services
from trellis.learner_model.pacing import PaceStatus
from trellis.lib.errors import ServiceError

router = Router(tags=["pathways"])


class ReasonOut(Schema):
    code: str = Field(
        description="unlocks, ready, keep_going, review_due, revisit, interest, working_style, variety, "
        "teacher_priority, assigned, goal, target or stretch"
    )
    params: dict[str, Any]


class StepOut(Schema):
    rank: int
    activity: uuid.UUID
    title: str
    activity_kind: str
    modality: str
    competency: uuid.UUID | None
    code: str
    kind: str = Field(description="learn, review or assigned")
    predicted_success: float
    reasons: list[ReasonOut]


class TargetOut(Schema):
    competency: uuid.UUID
    code: str
    target_date: dt.date
    source: str = Field(description="expected (the school's expectation for the grade) or advisor")
    status: str
    projected: dt.date | None


class PacingOut(Schema):
    status: str = Field(description="ahead, on_pace, behind, no_rate, done or no_targets")
    projected_completion: dt.date | None
    finish_by: dt.date | None
    remaining: int
    rate_per_week: float


class PathOut(Schema):
    learner: uuid.UUID
    pacing: PacingOut
    targets: list[TargetOut]
    steps: list[StepOut]


class TargetIn(Schema):
    competency: uuid.UUID
    target_date: dt.date
    note: str = Field(default="", max_length=300)


class TargetSet(Schema):
    learner: uuid.UUID
    competency: uuid.UUID
    target_date: dt.date


class Problem(Schema):
    detail: str
    field: str


def _params(reason: Any, competencies: dict[int, Any]) -> dict[str, Any]:
    """Reason parameters for the API: competencies by public id, dates as ISO dates."""
    out: dict[str, Any] = {}
    for key, value in reason.params.items():
        if key == "competency" and value in competencies:
            out[key] = str(competencies[value].public_id)
        elif isinstance(value, dt.date):
            out[key] = value.isoformat()
        else:
            out[key] = value
    return out


@router.get("/learners/{learner_id}/path", response=PathOut)
def get_path(request: HttpRequest, learner_id: uuid.UUID) -> PathOut:
    """A learner's plan, pacing and the next steps offered now, each with reasons (codes and words)."""
    granted = access.access_path(request.user, learner_id, what="api:path")
    path = selectors.learner_path(granted.learner)
    competencies = path.context.competencies
    return PathOut(
        learner=granted.learner.public_id,
        pacing=PacingOut(
            status=str(path.pacing.status),
            projected_completion=path.pacing.projected_completion,
            finish_by=path.pacing.finish_by,
            remaining=path.pacing.remaining,
            rate_per_week=round(path.pacing.rate_per_week, 3),
        ),
        targets=[
            TargetOut(
                competency=t.competency.public_id,
                code=t.competency.human_code,
                target_date=t.target_date,
                source=t.source,
                status=str(
                    PaceStatus.DONE if t.mastered else (t.pace.status if t.pace else PaceStatus.NO_RATE)
                ),
                projected=t.pace.projected if t.pace and not t.mastered else None,
            )
            for t in path.targets
        ],
        steps=[
            StepOut(
                rank=step.rank,
                activity=step.activity.public_id,
                title=step.activity.title,
                activity_kind=step.activity.kind,
                modality=step.activity.modality,
                competency=step.competency.public_id if step.competency else None,
                code=step.competency.human_code if step.competency else "",
                kind=step.kind,
                predicted_success=round(step.success, 3),
                reasons=[ReasonOut(code=r.code, params=_params(r, competencies)) for r in step.reasons],
            )
            for step in path.steps
        ],
    )


@router.post("/learners/{learner_id}/plan/targets", response={201: TargetSet, 422: Problem})
def set_plan_target(request: HttpRequest, learner_id: uuid.UUID, payload: TargetIn) -> Status[Any]:
    """Put a competency on a learner's plan with a target date (or move its date): the learner's advisor
    or an administrator of their school or district. A bad competency or date is a 422 naming the field."""
    learner = access.access_plan_to_edit(request.user, learner_id, what="api:set-target")
    try:
        competency = services.competency_by_public_id(learner.school, payload.competency)
        target = services.set_target(
            learner=learner,
            competency=competency,
            target_date=payload.target_date,
            set_by=request.user,
            note=payload.note,
        )
    except ServiceError as refused:
        return Status(422, Problem(detail=refused.message, field=refused.field))
    return Status(
        201,
        TargetSet(learner=learner.public_id, competency=competency.public_id, target_date=target.target_date),
    )
