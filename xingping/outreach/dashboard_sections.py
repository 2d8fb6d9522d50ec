"""Dashboard section of outreach: for staff and leaders, their unit's visit figures (C4)
against the target, and for staff how many of their own entities are still unvisited."""

from django.utils import timezone

from xingping.accounts.models import Role
from xingping.core.dashboard import register_section
from xingping.orgs.policy import scope_unit
from xingping.outreach import selectors


@register_section(30)
def visit_figures(request, campaign):
    user = request.user
    unit = scope_unit(user)
    if campaign is None or unit is None or not user.has_role(Role.LEADER, Role.STAFF, Role.INSPECTOR):
        return None
    from xingping.metrics.selectors import dashboard_rows

    as_of = timezone.localdate()
    _keys, rows = dashboard_rows(campaign, as_of, [unit])
    if not rows:
        return None
    metrics = rows[0]["metrics"]
    mine = selectors.my_entities(user, campaign) if user.has_role(Role.STAFF) else None
    return {
        "template": "outreach/dashboard/section.html",
        "unit": unit,
        "as_of": as_of,
        # a unit with no units below it has an area rollup equal to its own figure: not shown twice
        "figures": [(key, metrics.get(key)) for key in ("visit_coverage", "visit_coverage_area", "return_visit_coverage")
                    if key != "visit_coverage_area" or unit.children.exists()],
        "unvisited": mine.filter(last_visit__isnull=True).count() if mine is not None else None,
        "assigned": mine.count() if mine is not None else None,
    }


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
