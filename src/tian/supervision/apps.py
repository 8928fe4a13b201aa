from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "tian.supervision"
    verbose_name = _("督办")

    def ready(self) -> None:
        # Adds the promised measures (实施清单) to handling's reply form, save and checks.
        from tian.supervision import hooks  # noqa: F401  (its parts of the pages below it)
        from tian.supervision.commitments import replies  # noqa: F401
