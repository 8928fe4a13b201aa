from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "tian.directory"
    verbose_name = _("名录")

    def ready(self) -> None:
        from tian.directory import signals  # noqa: F401
        from tian.directory.admin_roles import ensure_admin_groups

        # Every app's permissions must exist first, so run after each app's migrations.
        post_migrate.connect(ensure_admin_groups, dispatch_uid="tian-admin-groups")
