"""The dashboard's figures (`core.dashboard.register_section`): the charts of the units below
the user's unit against their targets and of the visits week by week (xingping/metrics/charts.py);
for staff and leaders, their unit's visit figures (C4) against the target, and for staff how
many of their own entities are still unvisited."""

from django.utils import timezone

from xingping.accounts.models import Role
from xingping.core.dashboard import register_section
from xingping.metrics import charts, selectors
from xingping.metrics.permissions import policy
from xingping.orgs.policy import VIEW, scope_unit
from xingping.outreach.selectors import my_entities


@register_section(15)
def figure_charts(request, campaign):
    if campaign is None or not policy.user_has_permission(request.user, VIEW):
        return None
    today = timezone.localdate()
    drawn = [charts.figures_chart(campaign, today, request.user), charts.progress_chart(campaign, today, request.user)]
    found = [c for c in drawn if c is not None and c != charts.PENDING]
    pending = charts.PENDING in drawn
    if not found and not pending:
        return None
    return {"template": "metrics/dashboard/charts.html", "charts": found, "progress_pending": pending}


@register_section(30)
def unit_visit_figures(request, campaign):
    user = request.user
    unit = scope_unit(user)
    if campaign is None or unit is None or not user.has_role(Role.LEADER, Role.STAFF, Role.INSPECTOR):
        return None
    as_of = timezone.localdate()
    table = selectors.dashboard_rows(campaign, as_of, [unit])
    if not table.rows:
        return None
    metrics = table.rows[0]["metrics"]
    mine = my_entities(user, campaign) if user.has_role(Role.STAFF) else None
    has_area = unit.children.exists()
    return {
        "template": "metrics/dashboard/unit_visits.html",
        "unit": unit,
        "as_of": as_of,
        "stale_at": table.stale_at,
        # a unit with no units below it has an area rollup equal to its own figure: not shown twice
        "figures": [(key, metrics[key]) for key in ("visit_coverage", "visit_coverage_area", "return_visit_coverage")
                    if key in metrics and (key != "visit_coverage_area" or has_area)],
        "pending": table.pending if has_area else (),
        "unvisited": mine.filter(last_visit__isnull=True).count() if mine is not None else None,
        "assigned": mine.count() if mine is not None else None,
    }
