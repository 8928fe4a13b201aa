from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "tian.reports"
    verbose_name = _("统计与报告")

    def ready(self) -> None:
        from tian.reports import hooks  # noqa: F401  (its drill-downs of the proposal list)
