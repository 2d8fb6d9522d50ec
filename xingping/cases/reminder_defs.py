"""Cases in `xingping remind`: overdue and due within N working days.

Misconduct reports are left out: the reminder goes to unit leaders, who never see them
(their inspectors find them in their queue)."""

from django.utils.translation import gettext as _

from xingping.cases.deadlines import get_calendar
from xingping.cases.models import Case, Kind
from xingping.cases.selectors import next_due_expr
from xingping.core.reminders import register_reminder


@register_reminder("cases")
def due_cases(campaign, as_of, days):
    until = get_calendar().add_working_days(as_of, days)
    rows = (
        Case.objects.open().exclude(kind=Kind.MISCONDUCT).annotate(next_due=next_due_expr())
        .filter(next_due__lte=until).order_by("next_due", "id")
        .values_list("unit_id", "number", "kind", "title", "next_due")
    )
    labels = dict(Kind.choices)
    out = {}
    for unit_id, number, kind, title, due in rows:
        bucket = "overdue" if due < as_of else "upcoming"
        line = _("Case %(number)s (%(kind)s) %(title)s: due %(due)s (案件到期提醒)") % {
            "number": number, "kind": labels.get(kind, kind), "title": title, "due": due.isoformat(),
        }
        out.setdefault(unit_id, {"overdue": [], "upcoming": []})[bucket].append(line)
    return out
