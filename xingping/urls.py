from django.conf import settings
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView  # noqa: F401

from xingping.accounts.views import set_language
from xingping.views import home

urlpatterns = [
    path("", home, name="home"),  # anonymous: the public portal; signed in: core:dashboard
    path("", include("xingping.core.urls")),
    path("accounts/", include("xingping.accounts.urls")),
    path("i18n/setlang/", set_language, name="set_language"),  # the language switch (accounts.views)
    path("orgs/", include("xingping.orgs.urls")),
    path("campaigns/", include("xingping.campaigns.urls")),
    path("entities/", include("xingping.entities.urls")),
    path("outreach/", include("xingping.outreach.urls")),
    path("cases/", include("xingping.cases.urls")),
    path("evaluation/", include("xingping.evaluation.urls")),
    path("rectification/", include("xingping.rectification.urls")),
    path("metrics/", include("xingping.metrics.urls")),
    path("publicity/", include("xingping.publicity.urls")),
    path("disclosure/", include("xingping.disclosure.urls")),
    path("oversight/", include("xingping.oversight.urls")),
    path("api/v1/", include("xingping.core.api_urls")),
]

if settings.DEBUG:
    pass
