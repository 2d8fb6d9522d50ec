"""Project-level views: `/` shows the public portal to an anonymous visitor and the
dashboard to a signed-in user (C9)."""

from xingping.core.views import dashboard
from xingping.orgs.policy import public_view
from xingping.publicity.views import portal


@public_view
def home(request):
    if request.user.is_authenticated:
        return dashboard(request)
    return portal(request)
