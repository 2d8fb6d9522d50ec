from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicityConfig(AppConfig):
    name = "xingping.publicity"
    label = "publicity"
    verbose_name = _("Publicity")  # 行风承诺与宣传
