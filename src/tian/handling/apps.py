from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HandlingConfig(AppConfig):
    name = "tian.handling"
    verbose_name = _("办理")

    def ready(self) -> None:
        from tian.handling import (
            parts,  # noqa: F401  (its parts of the pages below it)
            steps,  # noqa: F401  (registers the workflow's guards and effects)
        )
