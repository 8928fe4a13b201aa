"""Response headers that apply to every page."""

from __future__ import annotations

from collections.abc import Callable

from django.http import FileResponse, HttpRequest, HttpResponseBase
from django.utils.cache import add_never_cache_headers, has_vary_header


class NoStoreMiddleware:
    """`Cache-Control: no-store` on everything personal, so that neither a shared proxy nor
    the browser's back button keeps a copy: pages for a signed-in person, pages that depend
    on cookies or set one (the login form), and every download. Static files are served
    before this middleware and keep their long caching."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if _is_personal(request, response):
            add_never_cache_headers(response)
        return response


def _is_personal(request: HttpRequest, response: HttpResponseBase) -> bool:
    user = getattr(request, "user", None)
    return bool(
        (user is not None and user.is_authenticated)
        or response.cookies
        or has_vary_header(response, "Cookie")
        or isinstance(response, FileResponse)
        or response.has_header("Content-Disposition")
    )
