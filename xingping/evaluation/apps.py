from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "xingping.evaluation"
    label = "evaluation"
    verbose_name = _("Evaluation")  # 集中评议

    def ready(self):
        from xingping.evaluation import signals  # noqa: F401
