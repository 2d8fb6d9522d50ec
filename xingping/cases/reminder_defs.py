"""Cases in `xingping remind`: overdue and due within N working days.

Misconduct reports are left out: the reminder goes to unit leaders, who never see them
(their inspectors find them in their queue)."""

from django.utils.translation import gettext as _

from xingping.cases.deadlines import get_calendar
from xingping.cases.models import Case, Kind
from xingping.core.reminders import register_reminder


@register_reminder("cases")
def due_cases(campaign, as_of, days):
    until = get_calendar().add_working_days(as_of, days)
    rows = (
        Case.objects.exclude(kind=Kind.MISCONDUCT).filter(next_due_on__lte=until).order_by("next_due_on", "id")
        .values_list("unit_id", "number", "kind", "title", "next_due_on")
    )
    labels = dict(Kind.choices)
    out = {}
    for unit_id, number, kind, title, due in rows:
        bucket = "overdue" if due < as_of else "upcoming"
        line = _("Case %(number)s (%(kind)s) %(title)s: due %(due)s") % {
            "number": number, "kind": labels.get(kind, kind), "title": title, "due": due.isoformat(),
        }
        out.setdefault(unit_id, {"overdue": [], "upcoming": []})[bucket].append(line)
    return out
