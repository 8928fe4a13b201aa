from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _reinstall_triggers(sender: Any, using: str = "default", **kwargs: Any) -> None:
    # A migration that rebuilds the table (SQLite copies it) drops its triggers: put them back.
    from tian.audit import triggers

    triggers.install(connections[using])


class AuditConfig(AppConfig):
    name = "tian.audit"
    verbose_name = _("审计日志")

    def ready(self) -> None:
        from tian.audit import signals  # noqa: F401

        post_migrate.connect(_reinstall_triggers, sender=self, dispatch_uid="tian-audit-triggers")
