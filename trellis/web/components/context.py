from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from trellis.web.components.homes import homes
from trellis.web.components.notifications_views import unread_count


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The audiences the person belongs to and their unread notifications, for the navigation bar (one set
    of queries per page, plus one for the count)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"homes": None, "unread_notifications": 0}
    return {"homes": homes(request), "unread_notifications": unread_count(user)}
