from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    name = "tian.workflow"
    verbose_name = _("办理流程")

    def ready(self) -> None:
        from tian.workflow import steps  # noqa: F401  (registers the intake guards and effects)
