from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers

SUPPORTED = {"en", "es"}


class UserLanguageMiddleware:
    """The signed-in person's language preference chooses the language; otherwise the browser's."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        language = getattr(user, "language", None) if user is not None and user.is_authenticated else None
        if language not in SUPPORTED:
            language = translation.get_language_from_request(request)
        translation.activate(language or "en")
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


class PrivatePagesMiddleware:
    """Pages shown to a signed-in person carry their data or a learner's: never cache them anywhere."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.user.is_authenticated and not request.path.startswith("/static/"):
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        return response
