from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend


class TrellisBackend(ModelBackend):
    """Django's password backend, plus: demo-school accounts sign in only while demo mode is on."""

    def user_can_authenticate(self, user: Any) -> bool:
        if getattr(user, "is_demo", False) and not settings.DEMO_MODE:
            return False
        return super().user_can_authenticate(user)
