"""Small helpers for reading requests."""

from __future__ import annotations

from django.http import HttpRequest


def posted_version(request: HttpRequest) -> int:
    """The record version the form was rendered with (0 when missing, which never matches)."""
    value = str(request.POST.get("version", ""))
    return int(value) if value.isdigit() else 0
