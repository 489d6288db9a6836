"""Who may read and author which framework (ADR 0010), built on rosters.access.

A framework belongs to a district, or to none (shared by every district, e.g. state standards imported once).
Administrators of a school — a school administrator of that school, or a district administrator of its
district — read their district's frameworks and the shared ones (the frameworks their school's learners are
measured on), and author their district's. Shared frameworks change only by CASE import
(`trellis import-framework`), so they are read-only on the pages. Anything else is denied, and a denied
framework looks exactly like a missing one: `Http404`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from trellis.apps.rosters.access import AnyUser, schools_managed_by

from .models import Framework


@dataclass(frozen=True)
class FrameworkAccess:
    framework: Framework
    may_author: bool


def frameworks_for_admin(user: AnyUser | None) -> QuerySet[Framework]:
    """The frameworks an administrator's schools are measured on: their districts' and the shared ones.
    Nothing for anyone who runs no school."""
    managed = schools_managed_by(user)
    return Framework.objects.filter(
        Q(district_id__in=managed.values("district_id")) | (Q(district__isnull=True) & Q(Exists(managed)))
    )


def frameworks_authored_by(user: AnyUser | None) -> QuerySet[Framework]:
    """The frameworks `user` may change: those of the districts of the schools they run."""
    return Framework.objects.filter(district_id__in=schools_managed_by(user).values("district_id"))


def access_framework(
    user: AnyUser | None, framework_id: uuid.UUID | str, *, to_author: bool = False
) -> FrameworkAccess:
    """The gateway for a framework's pages: 404 when it is missing or not one of `user`'s; with `to_author`,
    also when `user` may only read it (a shared framework). One query."""
    managed = schools_managed_by(user)
    try:
        framework = (
            frameworks_for_admin(user)
            .select_related("scale", "district")
            .annotate(authored=Exists(managed.filter(district_id=OuterRef("district_id"))))
            .get(public_id=framework_id)
        )
    except (Framework.DoesNotExist, ValueError, TypeError, ValidationError) as missing:
        raise Http404 from missing
    may_author = framework.district_id is not None and bool(framework.authored)
    if to_author and not may_author:
        raise Http404
    return FrameworkAccess(framework, may_author)


def may_author_framework(user: AnyUser | None, framework: Framework) -> bool:
    """May `user` change this framework's competencies, links and mastery rules?"""
    return frameworks_authored_by(user).filter(pk=framework.pk).exists()
