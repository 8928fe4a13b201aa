"""Password rules (等保三级): complexity, history and expiry."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone

CLASSES_REQUIRED = 3


def character_classes(password: str) -> int:
    """How many of lower case, upper case, digits and other characters `password` uses."""
    return sum(
        [
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ]
    )


class ComplexityValidator:
    """At least three of four character classes: 小写字母、大写字母、数字、符号."""

    def validate(self, password: str, user: Any = None) -> None:
        if character_classes(password) < CLASSES_REQUIRED:
            raise ValidationError(
                "密码须至少包含小写字母、大写字母、数字、符号中的三类。",
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return "密码须至少包含小写字母、大写字母、数字、符号中的三类。"


class HistoryValidator:
    """Not one of the user's last TIAN_PASSWORD_HISTORY passwords; records each new one."""

    def validate(self, password: str, user: Any = None) -> None:
        if user is None or user.pk is None:
            return
        for old in _recent_hashes(user):
            if check_password(password, old):
                raise ValidationError(
                    "不能使用最近 %(count)d 次用过的密码。",
                    code="password_reused",
                    params={"count": settings.TIAN_PASSWORD_HISTORY},
                )

    def password_changed(self, password: str, user: Any = None) -> None:
        from tian.directory.models import PasswordHistory, User

        if user is None or user.pk is None:
            return
        now = timezone.now()
        User.objects.filter(pk=user.pk).update(password_changed_at=now)
        user.password_changed_at = now
        PasswordHistory.objects.create(user=user, password=user.password)
        keep = PasswordHistory.objects.filter(user=user).values_list("pk", flat=True)[
            : max(settings.TIAN_PASSWORD_HISTORY, 1)
        ]
        PasswordHistory.objects.filter(user=user).exclude(pk__in=list(keep)).delete()

    def get_help_text(self) -> str:
        return f"不能使用最近 {settings.TIAN_PASSWORD_HISTORY} 次用过的密码。"


def remember_current_password(user: Any) -> None:
    """Put the password about to be replaced into the history, if it was set in code."""
    from tian.directory.models import PasswordHistory

    if user.password and not PasswordHistory.objects.filter(user=user).exists():
        PasswordHistory.objects.create(user=user, password=user.password)


def _recent_hashes(user: Any) -> list[str]:
    from tian.directory.models import PasswordHistory

    count = max(settings.TIAN_PASSWORD_HISTORY, 1)
    hashes = list(
        PasswordHistory.objects.filter(user=user).values_list("password", flat=True)[:count]
    )
    # The current password counts as one of the last few even when it was set in code.
    if user.password and user.password not in hashes:
        hashes = [user.password, *hashes[: count - 1]]
    return hashes


def password_expired(user: Any) -> bool:
    """Whether the user's password is older than TIAN_PASSWORD_MAX_AGE_DAYS (demo ones never)."""
    days = settings.TIAN_PASSWORD_MAX_AGE_DAYS
    if not days or user.is_demo_account:
        return False
    # An account made in code has never had its password changed: it counts from creation.
    changed = user.password_changed_at or user.date_joined
    return timezone.now() - changed > timedelta(days=days)


def must_change_password(user: Any) -> bool:
    """Whether the user is sent to the password-change page before anything else."""
    if not (user.is_authenticated and user.has_usable_password()):
        return False
    if user.is_demo_account:
        return False
    return bool(user.must_change_password) or password_expired(user)
