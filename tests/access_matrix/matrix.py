"""The access matrix: every actor × every URL and API operation × every target, allowed AND denied.

Each `Case` names a URL, how to fill its parameter for a target, and who may open it. The runner requests
every combination and reports two kinds of failure: a *leak* (a denied request that answered, or any
response carrying the name of a learner the actor may not see) and a *wrongful denial* (an allowed request
that did not answer with the data). `uncovered_urls()` lists URLs that no case names, so adding a page
without adding it here fails the suite.

To cover a new page or operation: add a Case (or, for a page that shows no one's data, a PUBLIC entry
with the reason). Expectations come from DOMAIN.md's access policy, written out below as tables.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from trellis.apps.audit.models import AuditEvent
from trellis.lib.compiled import forget_compiled

from .cases_authoring import AUTHORING_CASES
from .cases_growth import GROWTH_CASES
from .cases_learning import LEARNING_CASES
from .cases_pathways import PATHWAYS_CASES
from .matrix_base import ASSESS, EVIDENCE, MANAGE, PUBLIC, RECORD, RUN, SCHOOL, SECTION, SIGNED_IN, Case
from .world import ACTORS, TARGETS, World
from .world_authoring import AUTHORING_TARGETS, authoring_target_id
from .world_learning import LEARNING_TARGETS, learning_target_id


def _learner_name(w: World, key: str) -> str:
    return w.learners[key].user.last_name


def _shows_learner(w: World, actor: str, target: str) -> list[str]:
    learner = w.learner_for(actor, target)
    return [learner.user.last_name] if learner else []


def _shows_evidence_note(w: World, actor: str, target: str) -> list[str]:
    learner = w.learner_for(actor, target)
    return [f"Evidence note for {learner.user.last_name}"] if learner else []


def _mentor_sees_no_classes(w: World, actor: str) -> list[str]:
    return [w.sections["linked"].title] if actor == "mentor" else []


def _home_shows(w: World, actor: str, target: str) -> list[str]:
    return {
        "learner": [_learner_name(w, "linked"), w.sections["linked"].title],
        "guardian": [_learner_name(w, "linked")],
        "advisor": [_learner_name(w, "linked")],
        "mentor": [_learner_name(w, "linked")],
        "teacher": [w.sections["linked"].title],
        "school_admin": [w.schools["linked"].name],
        "district_admin": [w.schools["linked"].name, w.schools["other_school"].name],
    }.get(actor, [])


CORE_CASES: tuple[Case, ...] = (
    Case("home", allowed=SIGNED_IN, ok_status=(200, 302)),
    Case("accounts:preferences", allowed=SIGNED_IN),
    Case("learn:home", allowed=frozenset({"learner"}), shows=_home_shows),
    Case("family:home", allowed=frozenset({"guardian", "restricted_guardian"}), shows=_home_shows),
    Case("advise:home", allowed=frozenset({"advisor", "mentor"}), shows=_home_shows),
    Case("teach:home", allowed=frozenset({"teacher"}), shows=_home_shows),
    Case("manage:home", allowed=frozenset({"school_admin", "district_admin"}), shows=_home_shows),
    Case("manage:roster-upload", allowed=frozenset({"district_admin"})),
    Case(
        "records:learner",
        "learner_id",
        "learner",
        RECORD,
        shows=_shows_learner,
        hides=_mentor_sees_no_classes,
        audits_read=True,
    ),
    Case("manage:team", "learner_id", "learner", MANAGE, shows=_shows_learner, audits_read=True),
    Case(
        "records:continuum",
        "learner_id",
        "learner",
        EVIDENCE,
        shows=lambda w, actor, target: [
            *_shows_learner(w, actor, target),
            w.competency_for(target).statement,
        ],
        audits_read=True,
    ),
    Case(
        "records:continuum-csv",
        "learner_id",
        "learner",
        EVIDENCE,
        shows=lambda w, actor, target: [w.competency_for(target).statement],
        audits_read=True,
    ),
    Case(
        "records:competency",
        "learner_id",
        "learner",
        EVIDENCE,
        shows=_shows_evidence_note,
        audits_read=True,
        fixed_kwargs=lambda w, target: {"competency_id": w.competency_for(target).public_id},
    ),
    Case(
        "teach:section",
        "section_id",
        "section",
        SECTION,
        shows=lambda w, actor, target: [w.sections[target].title, _learner_name(w, target)],
    ),
    Case(
        "teach:mastery",
        "section_id",
        "section",
        SECTION,
        shows=lambda w, actor, target: [w.sections[target].title, _learner_name(w, target)],
    ),
    Case(
        "manage:school",
        "school_id",
        "school",
        SCHOOL,
        shows=lambda w, actor, target: [w.schools[target].name, _learner_name(w, target)],
    ),
    Case(
        "manage:import-run",
        "run_id",
        "run",
        RUN,
        shows=lambda w, actor, target: [w.runs[target].errors[0]],
    ),
    Case("manage:import-apply", "run_id", "run", RUN, method="post", ok_status=(302,)),
    Case("api-v1:me", allowed=SIGNED_IN, shows=lambda w, actor, target: [w.users[actor].username]),
    Case(
        "api-v1:list_learners",
        allowed=SIGNED_IN,
        shows=lambda w, actor, target: [
            w.learner_for(actor, t).user.last_name  # type: ignore[union-attr]
            for t in sorted(RECORD.get(actor, set()))
        ],
    ),
    Case(
        "api-v1:get_learner",
        "learner_id",
        "learner",
        RECORD,
        shows=_shows_learner,
        hides=_mentor_sees_no_classes,
        audits_read=True,
    ),
)


def _evidence_body(w: World, actor: str, target: str) -> dict[str, Any]:
    learner = w.learner_for(actor, target)
    if learner is None:
        return {}
    return {
        "learner": str(learner.public_id),
        "competency": str(w.competency_for(target).public_id),
        "source": "self" if actor == "learner" else "observation",
        "level": 3,
        "note": f"Recorded by {actor}",
    }


API_CASES: tuple[Case, ...] = (
    Case("api-v1:list_frameworks", allowed=SIGNED_IN, shows=lambda w, actor, target: ["Linked Math"]),
    Case(
        "api-v1:list_competencies",
        "framework_id",
        "framework",
        {actor: {"linked", "other_district"} for actor in SIGNED_IN},
        shows=lambda w, actor, target: [w.competency_for(target).statement],
    ),
    Case(
        "api-v1:get_mastery",
        "learner_id",
        "learner",
        EVIDENCE,
        shows=lambda w, actor, target: [w.competency_for(target).human_code],
        audits_read=True,
    ),
    Case(
        "api-v1:create_evidence",
        target_kind="body",
        allowed=ASSESS,
        body=_evidence_body,
        ok_status=(201,),
        shows=lambda w, actor, target: [str(w.learner_for(actor, target).public_id)],  # type: ignore[union-attr]
    ),
    Case(
        "api-v1:create_evidence_bulk",
        target_kind="body",
        allowed=ASSESS,
        body=lambda w, actor, target: {"rows": [row]} if (row := _evidence_body(w, actor, target)) else {},
        ok_status=(201,),
        denied_status=(401, 422),
        shows=lambda w, actor, target: [str(w.learner_for(actor, target).public_id)],  # type: ignore[union-attr]
    ),
)

CASES: tuple[Case, ...] = (
    CORE_CASES + API_CASES + LEARNING_CASES + PATHWAYS_CASES + GROWTH_CASES + AUTHORING_CASES
)


def _walk(patterns: Iterable[Any], namespace: str | None = None) -> Iterable[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def uncovered_urls() -> list[str]:
    covered = {case.url_name for case in CASES} | set(PUBLIC)
    return sorted(name for name in _walk(get_resolver().url_patterns) if name not in covered)


def _targets(case: Case) -> tuple[str, ...]:
    return {
        "body": TARGETS,
        "learner": TARGETS,
        "section": ("linked", "unlinked", "other_school", "other_district"),
        "school": ("linked", "other_school", "other_district"),
        "run": ("linked", "other_district"),
        "framework": ("linked", "other_district"),
        "none": ("none",),
        **LEARNING_TARGETS,
        **AUTHORING_TARGETS,
    }[case.target_kind]


def _target_id(w: World, case: Case, actor: str, target: str) -> Any:
    if case.target_kind == "framework":
        return w.competency_for(target).framework.public_id
    if case.target_kind == "learner":
        learner = w.learner_for(actor, target)
        return learner.public_id if learner else None
    if case.target_kind == "section":
        return w.sections[target].public_id
    if case.target_kind == "school":
        return w.schools[target].public_id
    if case.target_kind in LEARNING_TARGETS:
        return learning_target_id(w, case.target_kind, actor, target)
    if case.target_kind in AUTHORING_TARGETS:
        return authoring_target_id(w, target)
    return w.runs[target].public_id


def _is_allowed(case: Case, actor: str, target: str) -> bool:
    if isinstance(case.allowed, frozenset):
        return actor in case.allowed
    return target in case.allowed.get(actor, set())


def _never_visible(w: World, actor: str) -> list[str]:
    """Names of learners this actor may not see at all: they must not appear in any response."""
    visible = {w.learner_for(actor, t) for t in RECORD.get(actor, set())}
    return [learner.user.last_name for learner in w.learners.values() if learner not in visible]


def client_for(w: World, actor: str) -> Client:
    client = Client()
    if actor != "anonymous":
        client.force_login(w.users[actor], backend="trellis.apps.accounts.backends.TrellisBackend")
    return client


def _denied(response: Any, statuses: tuple[int, ...]) -> bool:
    if response.status_code in statuses:
        return True
    return response.status_code == 302 and "/account/sign-in/" in response.headers.get("Location", "")


def run_matrix(w: World, *, actors: Iterable[str] = ACTORS, cases: Iterable[Case] = CASES) -> list[str]:
    """Request every (actor, case, target); return the failures (empty when the policy holds)."""
    forget_compiled()  # a test may have just injected a fault into what the compiled checks are built from
    failures: list[str] = []
    cases = list(cases)
    for actor in actors:
        client = client_for(w, actor)
        forbidden_everywhere = _never_visible(w, actor)
        for case in cases:
            for target in _targets(case):
                target_id = _target_id(w, case, actor, target) if case.param else None
                if case.param and target_id is None:
                    continue  # e.g. "own" record for actors who have none
                kwargs = {case.param: target_id, **case.fixed_kwargs(w, target)} if case.param else None
                url = reverse(case.url_name, kwargs=kwargs)
                if case.body is not None:
                    payload = case.body(w, actor, target)
                    if not payload:
                        continue  # no such target from this actor's point of view
                    response = client.post(url, payload, content_type="application/json")
                else:
                    response = getattr(client, case.method)(url)
                raw = (
                    b"".join(cast(Any, response).streaming_content)
                    if response.streaming
                    else response.content
                )
                body = raw.decode(errors="replace")
                where = f"{actor} {case.method.upper()} {case.url_name} [{target}] -> {response.status_code}"
                for name in forbidden_everywhere:
                    if name in body:
                        failures.append(f"LEAK {where}: shows {name!r}, whom {actor} may not see")
                for hidden in case.hides(w, actor):
                    if hidden in body:
                        failures.append(f"LEAK {where}: shows {hidden!r}, outside {actor}'s granted parts")
                if _is_allowed(case, actor, target):
                    if response.status_code not in case.ok_status:
                        failures.append(f"WRONGFUL DENIAL {where}: expected {case.ok_status}")
                        continue
                    for expected in case.shows(w, actor, target):
                        if expected not in body:
                            failures.append(f"WRONGFUL DENIAL {where}: {expected!r} missing")
                    if case.audits_read and actor != "learner":
                        subject = w.learner_for(actor, target)
                        assert subject is not None
                        if not AuditEvent.objects.filter(
                            actor_id=w.users[actor].pk, subject_id=subject.public_id
                        ).exists():
                            failures.append(
                                f"UNAUDITED {where}: read of a learner record left no audit event"
                            )
                elif not _denied(response, case.denied_status):
                    failures.append(f"LEAK {where}: should be denied (404/403/401 or sign-in)")
    return failures
