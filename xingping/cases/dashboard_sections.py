"""The cases section of the dashboard: reply and handling rates of the user's unit and the units
directly below it (every unit is on the figures page), the overdue list and the cases about to
fall due."""

from django.utils import timezone

from xingping.cases import deadlines, selectors
from xingping.cases.metric_defs import CASE_KEYS
from xingping.core.dashboard import register_section
from xingping.orgs.policy import visible_units
from xingping.orgs.models import Level

SOON_WORKING_DAYS = 3
RATE_ROWS = 60  # the user's own unit and those directly below it; every unit is the figures page's job


def rate_units(user):
    """The units of the rates table: the top of the user's scope and the units directly below
    it (not departments), at most RATE_ROWS, and whether there are more in the scope."""
    units = visible_units(user).exclude(level=Level.DEPARTMENT)
    top = units.order_by("depth").values_list("depth", flat=True).first()
    if top is None:
        return [], False
    shown = list(units.filter(depth__lte=top + 1).order_by("path")[:RATE_ROWS])
    return shown, units.filter(depth__gt=top + 1).exists() or len(shown) == RATE_ROWS


def _rate(pair):
    n, d = pair
    return {"n": n, "d": d, "rate": (n / d) if d else None}


@register_section(40)
def cases_section(request, campaign):
    user = request.user
    today = timezone.localdate()
    cal = deadlines.get_calendar()
    until = cal.add_working_days(today, SOON_WORKING_DAYS)
    overdue = list(selectors.overdue(user, today)[:10])
    soon = list(selectors.due_soon(user, today, until)[:10])
    rows, more = [], False
    if campaign is not None:
        units, more = rate_units(user)
        if len(units) > 1:
            rates = selectors.unit_rates(campaign, today, units)
            rows = [(u, [_rate(rates.get(u.pk, {}).get(k, (0, 0))) for k in CASE_KEYS]) for u in units]
    if not (overdue or soon or rows):
        return None
    return {
        "template": "cases/partials/dashboard_section.html", "overdue": overdue, "soon": soon, "rows": rows,
        "soon_days": SOON_WORKING_DAYS, "today": today, "keys": list(CASE_KEYS), "more": more,
    }
