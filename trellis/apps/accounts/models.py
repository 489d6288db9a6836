"""People who sign in. What a person may see follows from their relationships (rosters), not from here."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    class Language(models.TextChoices):
        ENGLISH = "en", _("English")
        SPANISH = "es", _("Spanish")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sourced_id = models.CharField(
        max_length=255, unique=True, null=True, blank=True, help_text="OneRoster sourcedId, when rostered"
    )
    preferred_name = models.CharField(max_length=150, blank=True)
    language = models.CharField(max_length=8, choices=Language.choices, default=Language.ENGLISH)
    is_demo = models.BooleanField(
        default=False, help_text="a demo-school account: signs in only in demo mode"
    )

    personal_data = ("username", "first_name", "last_name", "preferred_name", "email", "sourced_id")

    @property
    def display_name(self) -> str:
        given = self.preferred_name or self.first_name
        full = f"{given} {self.last_name}".strip()
        return full or self.username
