from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "tian.supervision"
    verbose_name = _("督办")

    def ready(self) -> None:
        from tian.supervision import hooks  # noqa: F401  (its parts of the pages below it)
