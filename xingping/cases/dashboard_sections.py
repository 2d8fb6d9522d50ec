"""The cases section of the dashboard: the overdue list and the cases about to fall due. The
reply and handling rates are figures of C4: the metrics app's section shows them, from the
figures snapshot."""

from django.utils import timezone

from xingping.cases import deadlines, selectors
from xingping.core.dashboard import register_section

SOON_WORKING_DAYS = 3


@register_section(40)
def cases_section(request, campaign):
    user = request.user
    today = timezone.localdate()
    cal = deadlines.get_calendar()
    until = cal.add_working_days(today, SOON_WORKING_DAYS)
    overdue = list(selectors.overdue(user, today)[:10])
    soon = list(selectors.due_soon(user, today, until)[:10])
    if not (overdue or soon):
        return None
    return {
        "template": "cases/partials/dashboard_section.html", "overdue": overdue, "soon": soon,
        "soon_days": SOON_WORKING_DAYS, "today": today,
    }
