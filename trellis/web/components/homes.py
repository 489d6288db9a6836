from __future__ import annotations

from django.http import HttpRequest

from trellis.apps.rosters.selectors import Homes, homes_for


def homes(request: HttpRequest) -> Homes:
    """The audiences of the signed-in person, worked out once per request (navigation and views share it)."""
    cached: Homes | None = getattr(request, "_trellis_homes", None)
    if cached is None:
        cached = homes_for(request.user)
        request._trellis_homes = cached  # type: ignore[attr-defined]
    return cached
