"""The rectification figures on the dashboard: items open / done / overdue and the average
days to fix, for the user's area and for each unit directly below it (`selectors.area_summary`: three
GROUP BY queries for both)."""

from django.utils import timezone

from xingping.accounts.models import Role
from xingping.core.dashboard import register_section
from xingping.orgs.policy import scope_path
from xingping.rectification import selectors
from xingping.rectification.models import SelfAnalysis


@register_section(60)
def rectification_section(request, campaign):
    if campaign is None or scope_path(request.user) is None:
        return None
    day = timezone.localdate()
    unit = selectors.home_unit(request.user)
    totals, rows = selectors.area_summary(campaign, unit, day)
    return {
        "template": "rectification/partials/dashboard_section.html",
        "unit": unit,
        "totals": totals,
        "rows": list(rows),
        # every staff member writes a self-analysis (R10.2): say whether one's own is in
        "writes_analysis": bool(request.user.unit_id) and request.user.has_role(Role.LEADER, Role.STAFF),
        "my_analysis": SelfAnalysis.objects.filter(campaign=campaign, author=request.user).first(),
    }
