from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "xingping.disclosure"
    label = "disclosure"
    verbose_name = _("Disclosure")  # 政务公开
