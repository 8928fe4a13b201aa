"""Who may run accounts and roles (三员分立), and which roles count as staff.

The system admin runs working accounts, the security admin grants roles and resets admins'
passwords and authenticators, the audit admin reads the audit log; nobody touches their own
account or roles. The rules are registered into `tian.policy`'s table.
"""

from __future__ import annotations

from typing import Any

from tian import policy
from tian.directory.models import ADMIN_ROLES, Role

STAFF_ROLES = (Role.CPPCC_STAFF, Role.GOV_OFFICE)
WORKING_ROLES = (
    Role.CPPCC_STAFF,
    Role.GOV_OFFICE,
    Role.UNIT_STAFF,
    Role.UNIT_LEADER,
    Role.MEMBER,
    Role.LEADER,
)


def _is_other(user: Any, target: Any) -> bool:
    return target.pk != user.pk and not target.is_superuser


def _can_edit_account(user: Any, target: Any) -> bool:
    if user.is_superuser:
        return True
    return (
        user.has_role(Role.SYSTEM_ADMIN) and _is_other(user, target) and not target.holds_admin_role
    )


def _can_set_password(user: Any, target: Any) -> bool:
    if user.is_superuser:
        return True
    if not _is_other(user, target):
        return False
    if target.holds_admin_role:
        return user.has_role(Role.SECURITY_ADMIN)
    return user.has_role(Role.SYSTEM_ADMIN)


def _can_grant(user: Any, pair: Any) -> bool:
    """pair = (the account, the role): the security admin, to anyone but themselves."""
    target, _role = pair
    if not _is_other(user, target):
        return False
    return user.is_superuser or user.has_role(Role.SECURITY_ADMIN)


def _can_revoke(user: Any, assignment: Any) -> bool:
    return _can_grant(user, (assignment.user, assignment.role))


def _security_admin(user: Any, obj: Any = None) -> bool:
    return user.is_superuser or user.has_role(Role.SECURITY_ADMIN)


# A refusal, kept out of the table: a message under a "password" key reads as one to bandit.
_RESET_REFUSED = (
    "业务账号的密码由系统管理员重置,管理员账号的密码只能由安全管理员重置;"
    "任何人不能在此重置自己的密码。"
)

policy.rules(
    __name__,
    {
        "audit.view": policy.has(Role.AUDIT_ADMIN),
        "audit.export": policy.has(Role.AUDIT_ADMIN),
        "account.create": lambda user, obj=None: (
            user.is_superuser or user.has_role(Role.SYSTEM_ADMIN)
        ),
        "account.edit": _can_edit_account,
        "account.set_password": _can_set_password,
        "role.grant": _can_grant,
        "role.revoke": _can_revoke,
        # The security admin resets another's lost authenticator; target None: anyone's at all.
        "account.reset_otp": lambda user, target=None: (
            (target is None or _is_other(user, target)) and _security_admin(user)
        ),
        # Superuser, staff, groups and permissions are set by a superuser only.
        "account.set_privileges": lambda user, obj=None: user.is_superuser,
        # The admin trio and superusers sign in to their pages with a one-time code (动态口令).
        "account.needs_second_factor": lambda user, obj=None: (
            user.is_superuser or user.has_role(*ADMIN_ROLES)
        ),
        "account.unlock": _security_admin,
    },
    {
        "account.create": "只有系统管理员可以创建账号。",
        "account.edit": "系统管理员只能修改业务账号;不能修改自己的账号或管理员账号。",
        "account.set_password": _RESET_REFUSED,
        "role.grant": "只有安全管理员可以授予角色,且不能授予自己。",
        "role.revoke": "只有安全管理员可以撤销角色,且不能撤销自己的角色。",
        "account.unlock": "只有安全管理员可以解除登录锁定。",
        "account.reset_otp": "只有安全管理员可以重置他人的动态口令。",
        "account.set_privileges": "只有超级用户可以修改账号的权限。",
    },
)
