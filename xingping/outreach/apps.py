from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "xingping.outreach"
    label = "outreach"
    verbose_name = _("Outreach")  # 走访回访
