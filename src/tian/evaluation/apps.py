from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "tian.evaluation"
    verbose_name = _("承办单位考核")
