"""Dashboard: inspections per unit, findings open, notices issued, units never checked this year
(office, auditor and inspectors, within what they see)."""

from xingping.core.dashboard import register_section
from xingping.orgs.policy import visible_units
from xingping.oversight import selectors
from xingping.oversight.permissions import policy


@register_section(70)
def oversight_summary(request, campaign):
    if campaign is None or not policy.user_has_permission(request.user, "view"):
        return None
    return {"template": "oversight/dashboard.html",
            "oversight": selectors.dashboard_counts(campaign, visible_units(request.user))}
