"""Import runs: parse a file, plan the diff, show it, and apply it atomically. Each run is recorded."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, BinaryIO

from django.core.files.base import File
from django.db import transaction

from trellis.interop.oneroster import OneRosterError, parse_bundle
from trellis.lib import clock

from .models import ImportRun
from .roster import ProgressCallback, RosterPlan, apply_roster_plan, plan_roster


@dataclass
class RosterImportResult:
    run: ImportRun
    plan: RosterPlan | None
    errors: list[str]

    @property
    def ok(self) -> bool:
        return not self.errors


def _record(
    *,
    source_name: str,
    status: str,
    plan: RosterPlan | None,
    errors: list[str],
    actor: Any,
    upload: Any = None,
) -> ImportRun:
    run = ImportRun(
        kind=ImportRun.Kind.ROSTER,
        status=status,
        source_name=source_name[:255],
        summary=plan.summary() if plan else {},
        errors=errors[:1000],
        warnings=plan.warnings[:1000] if plan else [],
        created_by=actor if getattr(actor, "pk", None) else None,
        created_at=clock.now(),
        applied_at=clock.now() if status == ImportRun.Status.APPLIED else None,
    )
    if upload is not None:
        run.upload.save(os.path.basename(source_name) or "roster.zip", upload, save=False)
    run.save()
    return run


def plan_roster_import(source: str | os.PathLike[str] | BinaryIO) -> tuple[RosterPlan | None, list[str]]:
    """Parse and diff, writing nothing: (plan, []) or (None, errors as 'file:line: field: message')."""
    try:
        bundle = parse_bundle(source)
        return plan_roster(bundle), []
    except OneRosterError as invalid:
        return None, [str(issue) for issue in invalid.issues]


def import_roster(
    source: str | os.PathLike[str],
    *,
    actor: Any = None,
    dry_run: bool = False,
    progress: ProgressCallback | None = None,
) -> RosterImportResult:
    """Import a OneRoster bundle (directory or zip). A bad bundle changes nothing and returns its errors."""
    plan, errors = plan_roster_import(source)
    name = os.fspath(source)
    if plan is None:
        return RosterImportResult(
            _record(
                source_name=name, status=ImportRun.Status.REJECTED, plan=None, errors=errors, actor=actor
            ),
            None,
            errors,
        )
    if dry_run:
        run = _record(source_name=name, status=ImportRun.Status.PLANNED, plan=plan, errors=[], actor=actor)
        return RosterImportResult(run, plan, [])
    with transaction.atomic():
        apply_roster_plan(plan, progress=progress)
        run = _record(source_name=name, status=ImportRun.Status.APPLIED, plan=plan, errors=[], actor=actor)
    return RosterImportResult(run, plan, [])


def stage_roster_upload(upload: File, *, actor: Any) -> RosterImportResult:
    """Keep an uploaded zip with its plan so an administrator can review the diff before applying it."""
    plan, errors = plan_roster_import(upload)  # type: ignore[arg-type]
    upload.seek(0)
    status = ImportRun.Status.REJECTED if plan is None else ImportRun.Status.PLANNED
    run = _record(
        source_name=upload.name or "roster.zip",
        status=status,
        plan=plan,
        errors=errors,
        actor=actor,
        upload=upload if plan is not None else None,
    )
    return RosterImportResult(run, plan, errors)


def apply_staged_roster(run: ImportRun, *, actor: Any) -> RosterImportResult:
    """Apply a reviewed upload. The plan is made again against today's database, inside the transaction, so
    nothing that changed since the review is overwritten blindly."""
    if run.status != ImportRun.Status.PLANNED or not run.upload:
        return RosterImportResult(
            run, None, ["This import was already applied or has no file; upload it again."]
        )
    with transaction.atomic():
        with run.upload.open("rb") as stored:
            plan, errors = plan_roster_import(stored)
        if plan is None:
            return RosterImportResult(run, None, errors)
        apply_roster_plan(plan)
        run.status = ImportRun.Status.APPLIED
        run.summary = plan.summary()
        run.warnings = plan.warnings[:1000]
        run.applied_at = clock.now()
        run.save(update_fields=["status", "summary", "warnings", "applied_at"])
    return RosterImportResult(run, plan, [])
