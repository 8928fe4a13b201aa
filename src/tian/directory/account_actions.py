"""Changes to accounts and roles (账号与角色): each one transaction and one audit event.

The admin site, the management commands and the account pages all come through here, so the
rules of 三员分立 in `tian.policy` hold whichever path a change takes.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from tian import policy
from tian.audit.actions import record_event
from tian.audit.events import EventType
from tian.directory.models import RoleAssignment, Unit, User, role_conflict
from tian.directory.passwords import remember_current_password

RECOVERY_CODE_COUNT = 10


def _label(role: str) -> str:
    from tian.directory.models import Role

    return str(Role(role).label)


def grant_role(actor: Any, user: User, role: str, unit: Unit | None = None) -> RoleAssignment:
    """Give `user` the role (in `unit`, for unit roles) and record who granted it."""
    policy.require(actor, "role.grant", (user, role))
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        conflict = role_conflict(user, role)
        if conflict:
            raise ValidationError(conflict)
        assignment = RoleAssignment.objects.create(user=user, role=role, unit=unit)
        record_event(
            actor,
            EventType.ROLE_GRANTED,
            target=user,
            message=f"授予 {user.username} 角色:{_label(role)}" + (f"({unit})" if unit else ""),
            username=user.username,
            role=role,
            unit=unit.pk if unit else None,
        )
    return assignment


def revoke_role(actor: Any, assignment: RoleAssignment) -> None:
    """Take a role away from its holder and record who revoked it."""
    policy.require(actor, "role.revoke", assignment)
    user, role, unit = assignment.user, assignment.role, assignment.unit
    with transaction.atomic():
        assignment.delete()
        record_event(
            actor,
            EventType.ROLE_REVOKED,
            target=user,
            message=f"撤销 {user.username} 角色:{_label(role)}" + (f"({unit})" if unit else ""),
            username=user.username,
            role=role,
            unit=unit.pk if unit else None,
        )


def record_account_created(actor: Any, user: User) -> None:
    """An administrator made an account: its first password must be changed at first login."""
    with transaction.atomic():
        if user.has_usable_password() and not user.is_demo_account:
            user.must_change_password = True
            user.save(update_fields=["must_change_password"])
        record_event(
            actor,
            EventType.ACCOUNT_CREATED,
            target=user,
            message=f"创建账号 {user.username}",
            username=user.username,
        )


def record_account_changed(actor: Any, user: User, fields: list[str]) -> None:
    """Record which fields of an account an administrator changed."""
    policy.require(actor, "account.edit", user)
    record_event(
        actor,
        EventType.ACCOUNT_CHANGED,
        target=user,
        message=f"修改账号 {user.username}:{'、'.join(fields)}",
        username=user.username,
        fields=fields,
    )


def reset_password(actor: Any, user: User, raw_password: str) -> None:
    """An administrator sets someone's password; they must change it when they next sign in."""
    policy.require(actor, "account.set_password", user)
    validate_password(raw_password, user)
    with transaction.atomic():
        remember_current_password(user)
        user.set_password(raw_password)
        user.must_change_password = not user.is_demo_account
        user.save()
        record_event(
            actor,
            EventType.PASSWORD_RESET,
            target=user,
            message=f"重置 {user.username} 的密码,须在下次登录时修改",
            username=user.username,
        )


def change_own_password(user: User, raw_password: str) -> None:
    """The user chose a new password themselves (validated by the form)."""
    with transaction.atomic():
        remember_current_password(user)
        user.set_password(raw_password)
        user.must_change_password = False
        user.save()
        record_event(user, EventType.PASSWORD_CHANGED, target=user, message="本人修改密码")


def start_totp(user: User) -> Any:
    """An unconfirmed authenticator for the user to scan (any earlier unconfirmed one goes)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name="动态口令", confirmed=False)


def confirm_totp(user: User, device: Any, token: str) -> list[str] | None:
    """Confirm the authenticator if `token` is right; return fresh recovery codes, shown once."""
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    if not device.verify_token(token):
        return None
    with transaction.atomic():
        type(device).objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save()
        StaticDevice.objects.filter(user=user).delete()
        static = StaticDevice.objects.create(user=user, name="恢复码")
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create([StaticToken(device=static, token=c) for c in codes])
        record_event(user, EventType.OTP_ENROLLED, target=user, message="绑定动态口令并生成恢复码")
    return codes


def reset_second_factor(actor: Any, user: User) -> None:
    """Remove a user's authenticator and recovery codes (a lost phone): they enrol again."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    policy.require(actor, "account.reset_otp", user)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        record_event(
            actor,
            EventType.OTP_REMOVED,
            target=user,
            message=f"重置 {user.username} 的动态口令,须重新绑定",
            username=user.username,
        )


def delete_login_attempt(actor: Any, attempt: Any) -> None:
    """Unlock one (username, address) pair from the admin: its failures are forgotten."""
    policy.require(actor, "account.unlock")
    with transaction.atomic():
        record_event(
            actor,
            EventType.ACCOUNT_UNLOCKED,
            message=f"解除 {attempt.username} 在 {attempt.ip_address} 的登录锁定",
            username=attempt.username,
            ip_address=attempt.ip_address,
            cleared=attempt.failures_since_start,
        )
        attempt.delete()


def unlock_account(actor: Any, username: str) -> int:
    """Lift the login lockout of `username` from every address; returns the attempts cleared."""
    from axes.utils import reset

    with transaction.atomic():
        cleared = reset(username=username)
        record_event(
            actor,
            EventType.ACCOUNT_UNLOCKED,
            message=f"解除 {username} 的登录锁定",
            username=username,
            cleared=cleared,
        )
    return cleared


SETTINGS_FIELDS = ("phone", "email", "notify_by_sms", "notify_by_email")


def update_own_settings(user: User, **values: Any) -> list[str]:
    """A person keeps their own contact details and how they are told (个人设置); the changed
    fields are audited (not their values: a phone number is personal data)."""
    changed = [name for name in SETTINGS_FIELDS if getattr(user, name) != values[name]]
    if not changed:
        return []
    with transaction.atomic():
        for name in changed:
            setattr(user, name, values[name])
        user.save(update_fields=changed)
        labels = [str(User._meta.get_field(name).verbose_name) for name in changed]
        record_event(
            user,
            EventType.ACCOUNT_CHANGED,
            target=user,
            message=f"本人修改个人设置:{'、'.join(labels)}",
            username=user.username,
            fields=changed,
        )
    return changed
