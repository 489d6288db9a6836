from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from trellis.web.components.homes import homes


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The audiences the person belongs to, for the navigation bar (one set of queries per page)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"homes": None}
    return {"homes": homes(request)}
