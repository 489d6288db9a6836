"""Writes to frameworks: authoring competencies, the edges between them, and a framework's mastery rules."""

from __future__ import annotations

import re
from collections import defaultdict, deque
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from trellis.lib.errors import ServiceError

from .models import CalculationMethod, Competency, CompetencyEdge, Framework, ProficiencyScale
from .selectors import forget_graphs

DEFAULT_LEVELS = [
    {"value": 1, "label": "Beginning", "description": "Starting to show this with help."},
    {"value": 2, "label": "Developing", "description": "Shows parts of this, not yet on their own."},
    {"value": 3, "label": "Proficient", "description": "Shows this on their own: mastered."},
    {"value": 4, "label": "Advanced", "description": "Applies this in new and harder situations."},
]
ACYCLIC_KINDS = (CompetencyEdge.Kind.CHILD_OF, CompetencyEdge.Kind.PREREQUISITE_OF)


def _clean(instance: Any, *, only: Iterable[str] | None = None) -> None:
    """full_clean, as a ServiceError; `only` checks just these fields (an edit leaves the others as they
    came, e.g. from a CASE import)."""
    wanted = None if only is None else set(only)
    exclude = None if wanted is None else [f.name for f in instance._meta.fields if f.name not in wanted]
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as invalid:
        fields = list(getattr(invalid, "error_dict", {}))
        field = fields[0] if len(fields) == 1 else ""
        raise ServiceError("; ".join(invalid.messages), field=field) from invalid


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


def _check_statement(statement: str) -> str:
    if not statement.strip():
        raise ServiceError(_("Write the competency's statement."), field="statement")
    return statement.strip()


def _check_code(framework: Framework, human_code: str, *, other_than: Competency | None = None) -> str:
    code = human_code.strip()
    taken = framework.competencies.filter(human_code=code)
    if other_than is not None:
        taken = taken.exclude(pk=other_than.pk)
    if code and taken.exists():
        raise ServiceError(
            _("The code “%(code)s” is already used in this framework.") % {"code": code},
            field="human_code",
        )
    return code


def _check_kind(kind: str) -> str:
    if kind not in Competency.Kind.values:
        raise ServiceError(_("Choose what kind of competency this is."), field="kind")
    return kind


_GRADE = re.compile(r"^[A-Za-z0-9-]{1,10}$")


def _check_grades(education_levels: str) -> str:
    """Grade levels as CASE writes them ("KG,01,02"): codes separated by commas (spaces are forgiven)."""
    codes = [code for code in re.split(r"[,\s]+", education_levels.strip()) if code]
    bad = [code for code in codes if not _GRADE.match(code)]
    if bad:
        raise ServiceError(
            _("“%(code)s” is not a grade level. Write grade codes separated by commas, e.g. KG, 01, 02.")
            % {"code": bad[0]},
            field="education_levels",
        )
    joined = ",".join(code.upper() for code in codes)
    if len(joined) > 200:  # Competency.education_levels' max_length
        raise ServiceError(_("Too many grade levels: keep it to a few."), field="education_levels")
    return joined


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
    statement = _check_statement(statement)
    human_code = _check_code(framework, human_code)
    kind = _check_kind(kind)
    if "education_levels" in fields:
        fields["education_levels"] = _check_grades(fields["education_levels"])
    if parent is not None and parent.framework_id != framework.pk:
        raise ServiceError(_("Choose a parent from this framework."), field="parent")
    sequence = fields.pop("sequence", None)
    if sequence is None:
        sequence = framework.competencies.count() + 1
    competency = Competency(
        framework=framework,
        statement=statement,
        human_code=human_code,
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


_EDITABLE = ("statement", "human_code", "abbreviated_statement", "kind", "education_levels")


@transaction.atomic
def update_competency(
    *,
    competency: Competency,
    statement: str | None = None,
    human_code: str | None = None,
    abbreviated_statement: str | None = None,
    kind: str | None = None,
    education_levels: str | None = None,
) -> Competency:
    """Change what a competency says: its statement, code, short wording, kind and grade levels (None keeps
    a field). Validated as add_competency validates; pages see the change on their next request."""
    framework = competency.framework
    wanted: dict[str, str] = {}
    if statement is not None:
        wanted["statement"] = _check_statement(statement)
    if human_code is not None:
        wanted["human_code"] = _check_code(framework, human_code, other_than=competency)
    if abbreviated_statement is not None:
        wanted["abbreviated_statement"] = abbreviated_statement.strip()
    if kind is not None:
        wanted["kind"] = _check_kind(kind)
    if education_levels is not None:
        wanted["education_levels"] = _check_grades(education_levels)
    changed = [name for name in _EDITABLE if name in wanted and getattr(competency, name) != wanted[name]]
    if not changed:
        return competency
    for name in changed:
        setattr(competency, name, wanted[name])
    _clean(competency, only=changed)
    competency.save(update_fields=changed)
    framework_changed(framework.pk)
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


@transaction.atomic
def remove_edge(*, edge: CompetencyEdge) -> None:
    """Remove a link between two competencies (evidence refers to competencies, never to links)."""
    framework_id = edge.framework_id
    edge.delete()
    framework_changed(framework_id)


# The calculation option each method reads (projection.config_for), and the bounds a school may choose.
DECAY_OPTION, N_OPTION = "decay", "n"
N_TIMES_MAX = 20


@transaction.atomic
def set_mastery_rules(
    *,
    framework: Framework,
    calculation_method: str,
    decay: float | None = None,
    n: int | None = None,
    counts_self_assessment: bool,
    counts_peer_assessment: bool,
) -> Framework:
    """How a framework's evidence becomes mastery: the calculation method with its option (the newest
    evidence's weight for a decaying average, how many times for "n times"), and whether self- and
    peer-assessment count. Only the rules are written here: evidence.services.change_mastery_rules calls
    this and recomputes the framework's mastery in the same transaction (ADR 0010)."""
    if calculation_method not in CalculationMethod.values:
        raise ServiceError(_("Choose how mastery is calculated."), field="calculation_method")
    options: dict[str, Any] = {}
    if calculation_method == CalculationMethod.DECAYING_AVERAGE:
        if decay is None or not 0.0 < decay <= 1.0:
            raise ServiceError(
                _("Give the newest evidence's weight as a number above 0 and at most 1, e.g. 0.65."),
                field="decay",
            )
        options[DECAY_OPTION] = float(decay)
    elif calculation_method == CalculationMethod.N_TIMES:
        if n is None or not 1 <= n <= N_TIMES_MAX:
            raise ServiceError(
                _("Give how many times, a whole number from 1 to %(most)s.") % {"most": N_TIMES_MAX},
                field="n",
            )
        options[N_OPTION] = int(n)
    framework.calculation_method = calculation_method
    framework.calculation_options = options
    framework.counts_self_assessment = bool(counts_self_assessment)
    framework.counts_peer_assessment = bool(counts_peer_assessment)
    framework.save(
        update_fields=[
            "calculation_method",
            "calculation_options",
            "counts_self_assessment",
            "counts_peer_assessment",
        ]
    )
    framework_changed(framework.pk)
    return framework


def framework_changed(*framework_ids: int) -> None:
    """Raise the revision of frameworks whose competencies, links or mastery rules changed (in the caller's
    transaction), so the graph pages keep in memory is read again."""
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
