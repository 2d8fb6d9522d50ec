"""The rectification figures on the dashboard: items open / done / overdue and the average
days to fix, for the user's area and for each unit directly below it (one query each)."""

from django.utils import timezone

from xingping.core.dashboard import register_section
from xingping.core.scoping import scope_path
from xingping.rectification import selectors


@register_section(60)
def rectification_section(request, campaign):
    if campaign is None or scope_path(request.user) is None:
        return None
    day = timezone.localdate()
    unit = selectors.home_unit(request.user)
    return {
        "template": "rectification/partials/dashboard_section.html",
        "unit": unit,
        "totals": selectors.area_totals(campaign, unit, day),
        "rows": list(selectors.rollup_rows(campaign, unit, day)),
    }
