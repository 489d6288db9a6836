"""The applier looks rows up two ways: an IN list for a few keys, one read of the whole mapping for many
(large districts). Both must write exactly the same rows; small test bundles only take the first way unless
the threshold is lowered, so each flow here runs under both and the results are compared."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from trellis.apps.imports import roster
from trellis.apps.imports.services import import_roster
from trellis.apps.imports.synthetic import generate_district
from trellis.apps.rosters.models import (
    Enrollment,
    Guardianship,
    Learner,
    LearningTeam,
    OrgRole,
    Section,
    TeamMembership,
)
from trellis.interop.oneroster import write_bundle
from trellis.lib import clock

pytestmark = pytest.mark.django_db
User = get_user_model()
TODAY = dt.date(2026, 3, 2)


def _bundles(tmp_path: Path) -> list[Path]:
    """A district, then a bulk file that renames, disables and drops people and enrollments, then it again."""
    bundle, _ = generate_district(learners=40, seed=5, today=TODAY, learners_per_school=20)
    users = list(bundle.users)
    gone = {u.sourced_id for u in users[30:34]}
    users = [
        dataclasses.replace(u, agent_sourced_ids=tuple(a for a in u.agent_sourced_ids if a not in gone))
        for u in users
        if u.sourced_id not in gone
    ]
    users = [
        dataclasses.replace(u, family_name=f"{u.family_name}-Lee")
        if i % 7 == 0
        else dataclasses.replace(u, enabled_user=False)
        if i % 11 == 0
        else u
        for i, u in enumerate(users)
    ]
    changed = dataclasses.replace(
        bundle,
        users=tuple(users),
        demographics=tuple(d for d in bundle.demographics if d.sourced_id not in gone),
        roles=tuple(r for r in bundle.roles if r.user_sourced_id not in gone),
        enrollments=tuple(
            e for i, e in enumerate(bundle.enrollments) if e.user_sourced_id not in gone and i % 5
        ),
    )
    paths = [tmp_path / "first", tmp_path / "changed"]
    write_bundle(bundle, paths[0])
    write_bundle(changed, paths[1])
    return [paths[0], paths[1], paths[1], paths[0]]


def _snapshot() -> dict[str, list[str]]:
    """Every roster row by natural keys (no ids, no random public ids)."""
    users = dict(User.objects.values_list("id", "username"))
    learners = {pk: users[u] for pk, u in Learner.objects.values_list("id", "user_id")}
    teams = {pk: learners[lr] for pk, lr in LearningTeam.objects.values_list("id", "learner_id")}
    sections = dict(Section.objects.values_list("id", "sourced_id"))
    keys: dict[str, dict[Any, Any]] = {
        "user_id": users,
        "guardian_id": users,
        "learner_id": learners,
        "team_id": teams,
        "section_id": sections,
    }
    snapshot = {}
    models: tuple[Any, ...] = (User, Learner, LearningTeam, OrgRole, Enrollment, Guardianship, TeamMembership)
    for model in models:
        rows = []
        for values in model.objects.values():
            row: dict[str, Any] = dict(values)
            public_id = row.pop("public_id", None)
            assert public_id is None or isinstance(public_id, uuid.UUID)
            for name in ("id", "password", "date_joined", "last_login", "school_id", "district_id"):
                row.pop(name, None)
            rows.append(repr(sorted((k, keys[k].get(v, v) if k in keys else v) for k, v in row.items())))
        snapshot[model.__name__] = sorted(rows)
    return snapshot


def _run(bundles: list[Path], limit: int, monkeypatch: pytest.MonkeyPatch) -> tuple[list[Any], Any]:
    monkeypatch.setattr(roster, "_IN_LIMIT", limit)
    summaries = []
    with transaction.atomic():
        for path in bundles:
            result = import_roster(path)
            assert result.ok and result.plan is not None, result.errors
            summaries.append(result.plan.summary())
        snapshot = _snapshot()
        transaction.set_rollback(True)
    return summaries, snapshot


def test_both_lookup_strategies_write_the_same_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bundles = _bundles(tmp_path)
    with clock.frozen_at(timezone.make_aware(dt.datetime.combine(TODAY, dt.time(12)))):
        by_in_lists = _run(bundles, 10**9, monkeypatch)
        by_whole_reads = _run(bundles, 0, monkeypatch)
    assert by_in_lists == by_whole_reads
    summaries, snapshot = by_in_lists
    assert summaries[2] == {}  # the same file twice: nothing to change
    assert {"update", "end"} <= {action for kind in summaries[1].values() for action, n in kind.items() if n}
    assert snapshot["TeamMembership"] and snapshot["Guardianship"]


@pytest.mark.parametrize("limit", [0, 10**9])
def test_a_username_taken_by_a_local_account_is_refused_either_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit: int
) -> None:
    monkeypatch.setattr(roster, "_IN_LIMIT", limit)
    first = _bundles(tmp_path)[0]
    taken = (first / "users.csv").read_text(encoding="utf-8").splitlines()[5].split(",")[4]
    User.objects.create_user(username=taken, password="x" * 12)
    result = import_roster(first)
    assert not result.ok
    assert any("username" in e and taken in e for e in result.errors)
