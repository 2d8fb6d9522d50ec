"""Dashboard section of outreach: the visits found not confirmed by a check (R14.3). The
unit's visit figures against their targets are metrics' section (metrics/dashboard_sections.py)."""

from xingping.accounts.models import Role
from xingping.core.dashboard import register_section


@register_section(31)
def record_checks(request, campaign):
    """R14.3: visits found not confirmed are flagged to the office and the discipline
    inspectors (in their area), with the checks still waiting for a call."""
    user = request.user
    if campaign is None or not user.has_role(Role.OFFICE, Role.INSPECTOR):
        return None
    from xingping.outreach.models import Verification, Visit, VisitCheck

    not_confirmed = Visit.objects.for_user(user).filter(verification=Verification.NOT_CONFIRMED)
    return {
        "template": "outreach/dashboard/checks.html",
        "not_confirmed": not_confirmed.count(),
        "recent": list(not_confirmed.select_related("entity", "unit", "visitor").order_by("-visited_on", "-pk")[:5]),
        "waiting": VisitCheck.objects.for_user(user).filter(campaign=campaign, outcome="").count(),
    }
