"""Rectification items for `xingping remind`: overdue items and items due soon, per unit."""

import datetime

from django.utils.translation import gettext as _

from xingping.core.reminders import register_reminder
from xingping.rectification.models import ItemStatus
from xingping.rectification.selectors import items_in


@register_reminder("rectification")
def rectification_items(campaign, as_of, days):
    soon = as_of + datetime.timedelta(days=days)
    rows = (items_in(campaign).exclude(status=ItemStatus.DONE).filter(deadline__lte=soon)
            .select_related("responsible").order_by("unit_id", "deadline", "pk"))
    out = {}
    for item in rows:
        entry = out.setdefault(item.unit_id, {"overdue": [], "upcoming": []})
        values = {"item": item.item, "deadline": item.deadline.isoformat(), "who": item.responsible.display_name,
                  "progress": item.progress}
        if item.deadline < as_of:
            entry["overdue"].append(_("Rectification item overdue since %(deadline)s: %(item)s (%(who)s, %(progress)d%%)") % values)
        else:
            entry["upcoming"].append(_("Rectification item due %(deadline)s: %(item)s (%(who)s, %(progress)d%%)") % values)
    return out
