"""The separated admin trio (三员分立): what each may touch in the admin site.

The system admin runs the directory and accounts, the security admin grants roles and
unlocks accounts, the audit admin reads the audit log. None sees the others' domain,
and none reads proposals: that is the working roles' business.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from tian.directory.models import ADMIN_ROLES, Role

ADMIN_GROUPS: dict[str, dict[str, tuple[str, ...]]] = {
    Role.SYSTEM_ADMIN: {
        "directory.body": ("add", "change", "view"),
        "directory.term": ("add", "change", "view"),
        "directory.session": ("add", "change", "view"),
        "directory.unit": ("add", "change", "view"),
        "directory.proposer": ("add", "change", "view"),
        "directory.member": ("add", "change", "view"),
        "directory.collective": ("add", "change", "view"),
        "directory.leader": ("add", "change", "view"),
        "directory.user": ("add", "change", "view"),
        "proposals.category": ("add", "change", "view"),
        "handling.grade": ("add", "change", "view"),
        "workflow.workflow": ("change", "view"),
        "workflow.transition": ("add", "change", "delete", "view"),
        "handling.calendarday": ("add", "change", "delete", "view"),
        "django_tasks_database.dbtaskresult": ("view",),
    },
    Role.SECURITY_ADMIN: {
        "directory.user": ("view",),
        "directory.roleassignment": ("add", "change", "delete", "view"),
        "axes.accessattempt": ("view", "delete"),
    },
    Role.AUDIT_ADMIN: {
        "audit.auditevent": ("view",),
        "axes.accesslog": ("view",),
        "axes.accessfailurelog": ("view",),
    },
}


def group_name(role: str) -> str:
    return str(Role(role).label)


def ensure_admin_groups(**kwargs: Any) -> None:
    """Create or update the three admin groups with exactly their permissions."""
    for role, models in ADMIN_GROUPS.items():
        group, _ = Group.objects.get_or_create(name=group_name(role))
        wanted = []
        for label, verbs in models.items():
            app_label, model = label.split(".")
            codenames = [f"{verb}_{model}" for verb in verbs]
            wanted += list(
                Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
            )
        group.permissions.set(wanted)


def sync_admin_access(user: Any) -> None:
    """Give a user admin-site access and group membership matching their admin roles."""
    roles = set(user.role_assignments.values_list("role", flat=True))
    admin_roles = roles & set(ADMIN_ROLES)
    with transaction.atomic():
        groups = Group.objects.filter(name__in=[group_name(r) for r in ADMIN_ROLES])
        user.groups.remove(*groups)
        user.groups.add(*[g for g in groups if g.name in {group_name(r) for r in admin_roles}])
        if user.is_staff != bool(admin_roles) and not user.is_superuser:
            user.is_staff = bool(admin_roles)
            user.save(update_fields=["is_staff"])
