"""Base model pieces with no domain words."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import models
from django.db.models import Q


class PublicIdModel(models.Model):
    """Rows that appear in URLs or the API carry an opaque id; sequential ids never leave the database."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True


class ValidityWindow(models.Model):
    """A relationship that holds from `start_date` to `end_date`, both inclusive; open ends are unbounded."""

    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        abstract = True

    def is_current(self, on: dt.date) -> bool:
        return (self.start_date is None or self.start_date <= on) and (
            self.end_date is None or self.end_date >= on
        )


def current_on(on: dt.date, prefix: str = "") -> Q:
    """The Q filter matching rows whose validity window contains `on` (prefix: a relation path + '__')."""
    return (Q(**{f"{prefix}start_date__isnull": True}) | Q(**{f"{prefix}start_date__lte": on})) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": on})
    )
