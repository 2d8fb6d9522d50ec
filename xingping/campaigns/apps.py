from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "xingping.campaigns"
    label = "campaigns"
    verbose_name = _("Campaigns")  # 行评活动
