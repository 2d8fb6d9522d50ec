from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MetricsConfig(AppConfig):
    name = "xingping.metrics"
    label = "metrics"
    verbose_name = _("Target figures")  # 目标指标
