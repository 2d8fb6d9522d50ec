"""The cases section of the dashboard: reply and handling rates per unit (office and
read-only roles), the overdue list and the cases about to fall due."""

from django.utils import timezone

from xingping.cases import deadlines, selectors
from xingping.cases.metric_defs import CASE_KEYS
from xingping.core.dashboard import register_section
from xingping.orgs.policy import visible_units
from xingping.orgs.models import Level

SOON_WORKING_DAYS = 3


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
    rows = []
    if campaign is not None:
        units = list(visible_units(user).exclude(level=Level.DEPARTMENT).order_by("path"))
        if len(units) > 1:
            rates = selectors.unit_rates(campaign, today, units)
            rows = [(u, [_rate(rates.get(u.pk, {}).get(k, (0, 0))) for k in CASE_KEYS]) for u in units]
    if not (overdue or soon or rows):
        return None
    return {
        "template": "cases/partials/dashboard_section.html", "overdue": overdue, "soon": soon, "rows": rows,
        "soon_days": SOON_WORKING_DAYS, "today": today, "keys": list(CASE_KEYS),
    }
