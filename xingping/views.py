"""Project-level views: `/` sends an anonymous visitor to the public portal and shows the
dashboard to a signed-in user (C9)."""

from django.shortcuts import redirect

from xingping.core.views import dashboard
from xingping.orgs.policy import public_view


@public_view
def home(request):
    if request.user.is_authenticated:
        return dashboard(request)
    return redirect("publicity:portal")
