"""Writes to frameworks: authoring competencies and the edges between them."""

from __future__ import annotations

from collections import defaultdict, deque
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from trellis.lib.errors import ServiceError

from .models import Competency, CompetencyEdge, Framework, ProficiencyScale
from .selectors import forget_graphs

DEFAULT_LEVELS = [
    {"value": 1, "label": "Beginning", "description": "Starting to show this with help."},
    {"value": 2, "label": "Developing", "description": "Shows parts of this, not yet on their own."},
    {"value": 3, "label": "Proficient", "description": "Shows this on their own: mastered."},
    {"value": 4, "label": "Advanced", "description": "Applies this in new and harder situations."},
]
ACYCLIC_KINDS = (CompetencyEdge.Kind.CHILD_OF, CompetencyEdge.Kind.PREREQUISITE_OF)


def _clean(instance: Any) -> None:
    try:
        instance.full_clean()
    except ValidationError as invalid:
        raise ServiceError("; ".join(invalid.messages)) from invalid


@transaction.atomic
def create_scale(
    *, title: str, levels: list[dict[str, Any]], mastery_level: int, district: Any = None
) -> ProficiencyScale:
    values = [int(level["value"]) for level in levels]
    if not levels or values != sorted(set(values)):
        raise ServiceError(_("Levels must be listed lowest first, each with its own value."), field="levels")
    if mastery_level not in values:
        raise ServiceError(_("The mastery level must be one of the scale's levels."), field="mastery_level")
    scale = ProficiencyScale(title=title, levels=levels, mastery_level=mastery_level, district=district)
    _clean(scale)
    scale.save()
    return scale


def four_level_scale(district: Any = None) -> ProficiencyScale:
    """The common 1–4 scale (3 = mastered), created once per district."""
    found = ProficiencyScale.objects.filter(district=district, title="Four levels").first()
    return found or create_scale(
        title="Four levels", levels=DEFAULT_LEVELS, mastery_level=3, district=district
    )


@transaction.atomic
def create_framework(
    *, title: str, scale: ProficiencyScale, district: Any = None, **fields: Any
) -> Framework:
    framework = Framework(title=title, scale=scale, district=district, **fields)
    _clean(framework)
    framework.save()
    return framework


@transaction.atomic
def add_competency(
    *,
    framework: Framework,
    statement: str,
    human_code: str = "",
    kind: str = Competency.Kind.STANDARD,
    parent: Competency | None = None,
    **fields: Any,
) -> Competency:
    """Add a competency; with `parent`, it is placed under it (a child_of edge)."""
    if not statement.strip():
        raise ServiceError(_("Write the competency's statement."), field="statement")
    if human_code and framework.competencies.filter(human_code=human_code).exists():
        raise ServiceError(
            _("The code “%(code)s” is already used in this framework.") % {"code": human_code},
            field="human_code",
        )
    sequence = fields.pop("sequence", None)
    if sequence is None:
        sequence = framework.competencies.count() + 1
    competency = Competency(
        framework=framework,
        statement=statement.strip(),
        human_code=human_code.strip(),
        kind=kind,
        sequence=sequence,
        **fields,
    )
    _clean(competency)
    competency.save()
    framework_changed(framework.pk)
    framework.refresh_from_db(fields=["revision"])
    if parent is not None:
        add_edge(source=competency, target=parent, kind=CompetencyEdge.Kind.CHILD_OF)
    return competency


@transaction.atomic
def add_edge(*, source: Competency, target: Competency, kind: str) -> CompetencyEdge:
    """Link two competencies. Hierarchy and prerequisites must stay acyclic: an edge that would close a
    cycle is refused with the cycle spelled out."""
    if kind not in CompetencyEdge.Kind.values:
        raise ServiceError(_("Unknown kind of link."), field="kind")
    if source.pk == target.pk:
        raise ServiceError(_("A competency cannot be linked to itself."), field="target")
    if source.framework.district_id != target.framework.district_id:
        raise ServiceError(
            _("Both competencies must belong to the same district's frameworks."), field="target"
        )
    if CompetencyEdge.objects.filter(source=source, target=target, kind=kind).exists():
        raise ServiceError(_("These two competencies are already linked this way."), field="target")
    if kind in ACYCLIC_KINDS:
        cycle = _path(target, source, kind)
        if cycle:
            names = " → ".join(_name(c) for c in [source, *cycle])
            raise ServiceError(
                _("This link would make a loop: %(cycle)s. Remove one of these links first.")
                % {"cycle": names},
                field="target",
            )
    edge = CompetencyEdge(
        framework=source.framework,
        source=source,
        target=target,
        kind=kind,
        case_association_type=_CASE_TYPES.get(kind, ""),
    )
    _clean(edge)
    edge.save()
    framework_changed(edge.framework_id)
    return edge


def framework_changed(*framework_ids: int) -> None:
    """Raise the revision of frameworks whose competencies or links changed (in the caller's transaction),
    so the graph pages keep in memory is read again."""
    Framework.objects.filter(pk__in=framework_ids).update(revision=F("revision") + 1)
    forget_graphs(framework_ids)


_CASE_TYPES: dict[str, str] = {
    CompetencyEdge.Kind.CHILD_OF: "isChildOf",
    CompetencyEdge.Kind.PREREQUISITE_OF: "precedes",
    CompetencyEdge.Kind.RELATED_TO: "isRelatedTo",
}


def _name(competency: Competency) -> str:
    return competency.human_code or competency.short_statement[:40]


def _path(start: Competency, goal: Competency, kind: str) -> list[Competency]:
    """The competencies on a path start → … → goal along `kind` edges (empty when there is none)."""
    links: dict[int, list[int]] = defaultdict(list)
    for source_id, target_id in CompetencyEdge.objects.filter(kind=kind, target__isnull=False).values_list(
        "source_id", "target_id"
    ):
        links[source_id].append(target_id)
    previous: dict[int, int | None] = {start.pk: None}
    queue = deque([start.pk])
    while queue:
        node = queue.popleft()
        if node == goal.pk:
            chain = []
            step: int | None = node
            while step is not None:
                chain.append(step)
                step = previous[step]
            by_id = Competency.objects.in_bulk(chain)
            return [by_id[i] for i in reversed(chain)]
        for nxt in links[node]:
            if nxt not in previous:
                previous[nxt] = node
                queue.append(nxt)
    return []
