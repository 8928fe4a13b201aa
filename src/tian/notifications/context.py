"""Template context: how many unread notifications the signed-in user has, for the navigation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from tian.notifications.models import Notification


def unread_count(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_count": 0}
    return {"unread_count": Notification.objects.for_user(user).unread().count()}
