"""The JSON API, /api/v1/. Every operation reads through the access gateways, like the pages do."""

from __future__ import annotations

import uuid
from typing import Any

import pydantic_core
from django.http import HttpRequest
from ninja import NinjaAPI, Schema
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder
from ninja.security import django_auth

from trellis.apps.rosters import access
from trellis.apps.rosters.selectors import sections_of_learner, with_team

from .learning import router as learning_router
from .pathways import router as pathways_router


class Renderer(JSONRenderer):
    """JSON written by pydantic-core: the standard library's encoder calls back into Python for every id
    and time, which was a twentieth of a 1,000-row bulk evidence request. What pydantic-core does not know
    (a lazily translated text) falls back to Ninja's encoder."""

    fallback = NinjaJSONEncoder().default

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> bytes:
        return pydantic_core.to_json(data, fallback=self.fallback)


api = NinjaAPI(
    title="Trellis API",
    version="1",
    urls_namespace="api-v1",
    auth=django_auth,
    docs_url=None,
    renderer=Renderer(),
)
api.add_router("/", learning_router)
api.add_router("/", pathways_router)


class Me(Schema):
    id: uuid.UUID
    username: str
    display_name: str
    language: str


class Person(Schema):
    id: uuid.UUID
    display_name: str
    role: str


class SectionOut(Schema):
    id: uuid.UUID
    title: str
    kind: str


class LearnerSummary(Schema):
    id: uuid.UUID
    display_name: str
    grade: str
    school: str


class LearnerRecord(LearnerSummary):
    relation: str
    team: list[Person] | None
    sections: list[SectionOut] | None


@api.get("/me", response=Me, tags=["accounts"])
def me(request: HttpRequest) -> Me:
    user = request.user
    return Me(
        id=user.public_id,  # type: ignore[union-attr]
        username=user.get_username(),
        display_name=user.display_name,  # type: ignore[union-attr]
        language=user.language,  # type: ignore[union-attr]
    )


def _summary(learner: object) -> LearnerSummary:
    return LearnerSummary(
        id=learner.public_id,  # type: ignore[attr-defined]
        display_name=learner.user.display_name,  # type: ignore[attr-defined]
        grade=learner.grade,  # type: ignore[attr-defined]
        school=learner.school.name,  # type: ignore[attr-defined]
    )


@api.get("/learners", response=list[LearnerSummary], tags=["learners"])
def list_learners(request: HttpRequest, limit: int = 100, offset: int = 0) -> list[LearnerSummary]:
    """The learners whose record the caller may open, in name order (paged)."""
    limit = max(1, min(limit, 500))
    learners = list(
        access.learners_visible_to(request.user).select_related("user", "school")[
            max(offset, 0) : offset + limit
        ]
    )
    access.audit_reads(request.user, learners, relation="listed", what="api:list-learners")
    return [_summary(learner) for learner in learners]


@api.get("/learners/{learner_id}", response=LearnerRecord, tags=["learners"])
def get_learner(request: HttpRequest, learner_id: uuid.UUID) -> LearnerRecord:
    granted = access.access_learner(request.user, learner_id, what="api:learner")
    learner = with_team(access.learners_visible_to(request.user).filter(pk=granted.learner.pk)).get()
    team = None
    if granted.can_see(access.RecordPart.TEAM):
        team = [
            Person(id=m.user.public_id, display_name=m.user.display_name, role=m.role)
            for m in learner.team.current_members  # type: ignore[attr-defined]
        ] + [
            Person(id=g.guardian.public_id, display_name=g.guardian.display_name, role=g.relationship)
            for g in learner.current_guardians  # type: ignore[attr-defined]
        ]
    sections = None
    if granted.can_see(access.RecordPart.SECTIONS):
        sections = [
            SectionOut(id=s.public_id, title=s.title, kind=s.kind) for s in sections_of_learner(learner)
        ]
    return LearnerRecord(**_summary(learner).dict(), relation=granted.relation, team=team, sections=sections)
