"""Keep admin-site access in step with role assignments."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from tian.directory.admin_roles import sync_admin_access
from tian.directory.models import RoleAssignment


@receiver([post_save, post_delete], sender=RoleAssignment)
def role_assignment_changed(sender: Any, instance: RoleAssignment, **kwargs: Any) -> None:
    sync_admin_access(instance.user)
