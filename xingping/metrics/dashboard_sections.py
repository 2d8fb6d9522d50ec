"""The dashboard's charts (`core.dashboard.register_section`): the figures of the units below
the user's unit against their targets, and the visits week by week (xingping/metrics/charts.py)."""

from django.utils import timezone

from xingping.core.dashboard import register_section
from xingping.metrics import charts
from xingping.metrics.permissions import policy
from xingping.orgs.policy import VIEW


@register_section(15)
def figure_charts(request, campaign):
    if campaign is None or not policy.user_has_permission(request.user, VIEW):
        return None
    today = timezone.localdate()
    found = [c for c in (charts.figures_chart(campaign, today, request.user),
                         charts.progress_chart(campaign, today, request.user)) if c is not None]
    if not found:
        return None
    return {"template": "metrics/dashboard/charts.html", "charts": found}
