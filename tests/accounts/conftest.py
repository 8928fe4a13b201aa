"""Helpers for the account tests: the admin's user form as a browser would post it."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from tian.directory.models import User


def user_change_url(user: User) -> str:
    return reverse("admin:directory_user_change", args=[user.pk])


def password_url(user: User) -> str:
    return reverse("admin:auth_user_password_change", args=[user.pk])


def user_form_data(user: User, **changes: Any) -> dict[str, Any]:
    """What the change form posts for `user` as it stands, with `changes` on top."""
    data: dict[str, Any] = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "display_name": user.display_name,
        "phone": user.phone,
        "proposer": user.proposer_id or "",
        "leader": user.leader_id or "",
        "_save": "保存",
    }
    if user.is_active:
        data["is_active"] = "on"
    data.update(changes)
    return data
