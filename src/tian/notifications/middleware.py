"""After an action, the person who acted sees who was told and how (`tian.notifications.told`)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse

from tian.notifications.told import collecting, told_message


class ToldMiddleware:
    """Collect the notifications a POST creates; add one "已通知:…" message for them.

    Sits below MessageMiddleware, so the message is stored with the response (a redirect
    shows it on the next page).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method != "POST":
            return self.get_response(request)
        with collecting() as ids:
            response = self.get_response(request)
        if ids and hasattr(request, "_messages"):
            text = told_message(ids)
            if text:
                messages.info(request, text)
        return response
