from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibConfig(AppConfig):
    """The shared helpers; at start-up it loads every app's rules into the policy table."""

    name = "tian.lib"
    label = "tian_lib"
    verbose_name = _("公共")

    def ready(self) -> None:
        from tian import policy

        policy.autodiscover()
