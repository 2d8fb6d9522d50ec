"""The dashboard's figures (`core.dashboard.register_section`): the charts of the units below
the user's unit against their targets and of the visits week by week (xingping/metrics/charts.py);
for staff and leaders, their unit's visit figures (C4) against the target, and for staff how
many of their own entities are still unvisited; the reply and handling rates (the case figures
of C4) of the user's unit and the units directly below it.

Every section reads the C4 snapshot of every unit (selectors.dashboard_rows), so a dashboard
request computes no figure while the data is unchanged."""

from django.db.models import Count, Max, Min, Q
from django.utils import timezone

from xingping.accounts.models import Role
from xingping.cases.metric_defs import CASE_KEYS
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
    # 包保: how many of the staff member's entities, and how many still unvisited (one query)
    mine = (my_entities(user, campaign).aggregate(assigned=Count("pk"), unvisited=Count("pk", filter=Q(last_visit__isnull=True)))
            if user.has_role(Role.STAFF) else {"assigned": None, "unvisited": None})
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
        "unvisited": mine["unvisited"],
        "assigned": mine["assigned"],
    }


RATE_ROWS = 60  # the user's own unit and those directly below it; every unit is the figures page's job


def rate_units(user):
    """The units of the rates table: the top of the user's scope and the evaluated units
    directly below it, at most RATE_ROWS, and whether there are more in the scope."""
    units = policy.instances_user_has_permission_for(user, VIEW)
    depths = units.aggregate(top=Min("depth"), deepest=Max("depth"))
    if depths["top"] is None:
        return [], False
    shown = list(units.filter(depth__lte=depths["top"] + 1).order_by("path")[:RATE_ROWS])
    return shown, depths["deepest"] > depths["top"] + 1 or len(shown) == RATE_ROWS


@register_section(41)
def case_rates(request, campaign):
    """The case figures of C4 (reply and handling rates) of the user's unit and the units
    directly below it, against their targets, from the C4 snapshot (its time shown when a
    newer one is being computed)."""
    if campaign is None or not policy.user_has_permission(request.user, VIEW):
        return None
    units, more = rate_units(request.user)
    if len(units) < 2:  # a unit with none below: its own figures are on the figures page
        return None
    table = selectors.dashboard_rows(campaign, timezone.localdate(), units, with_area=False)
    keys = [key for key in CASE_KEYS if key in table.keys]
    rows = [(row["unit"], [row["metrics"][key] for key in keys]) for row in table.rows]
    if not rows or not keys:
        return None
    return {"template": "metrics/dashboard/case_rates.html", "keys": keys, "rows": rows, "more": more,
            "stale_at": table.stale_at}
