from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "xingping.oversight"
    label = "oversight"
    verbose_name = _("Oversight")  # 明查暗访与问责
