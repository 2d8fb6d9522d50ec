from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "xingping.campaigns"
    label = "campaigns"
    verbose_name = _("Campaigns")  # 行评活动

    def ready(self):
        from xingping.campaigns.models import Campaign
        from xingping.core.commands import register_lookup

        register_lookup("campaign", lambda slug: Campaign.objects.filter(slug=slug).first(),
                        _("There is no campaign %(value)r; see `xingping campaign list`."))
