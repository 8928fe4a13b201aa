"""Signing in, failing to, signing out and being locked out, recorded with the source address."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from tian.audit.actions import record_event
from tian.audit.events import EventType
from tian.audit.models import Outcome


def _tried(credentials: dict[str, Any] | None) -> str:
    # Django masks the password in `credentials`; only the username is kept.
    return str((credentials or {}).get("username") or "")[:150]


@receiver(user_logged_in, dispatch_uid="tian-audit-login")
def logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record_event(user, EventType.LOGIN, target=user)


@receiver(user_login_failed, dispatch_uid="tian-audit-login-failed")
def login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    username = _tried(credentials)
    record_event(
        None,
        EventType.LOGIN_FAILED,
        message=f"账号“{username}”登录失败",
        outcome=Outcome.FAILURE,
        username=username,
    )


@receiver(user_logged_out, dispatch_uid="tian-audit-logout")
def logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record_event(user, EventType.LOGOUT, target=user)


@receiver(user_locked_out, dispatch_uid="tian-audit-locked-out")
def locked_out(sender: Any, request: Any = None, username: str = "", **kwargs: Any) -> None:
    username = str(username or "")[:150]
    record_event(
        None,
        EventType.LOCKED_OUT,
        message=f"账号“{username}”多次登录失败,已被锁定",
        outcome=Outcome.FAILURE,
        username=username,
    )
