"""Template context: the signed-in user's roles, for the navigation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from tian.directory.models import Role


def roles(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user_roles": frozenset(), "role_labels": []}
    return {
        "user_roles": user.role_set,
        "role_labels": [Role(r).label for r in sorted(user.role_set)],
    }
