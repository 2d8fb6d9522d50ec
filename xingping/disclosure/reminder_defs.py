"""The disclosure app's source for `xingping remind`: catalogue items late or due soon."""

import datetime

from django.utils.translation import gettext as _

from xingping.core.reminders import register_reminder
from xingping.disclosure import selectors
from xingping.disclosure.models import CatalogueItem


def _line(item):
    return _("Disclosure %(code)s %(title)s — due %(due)s") % {"code": item.code, "title": item.title,
                                                               "due": item.due_on.isoformat()}


@register_reminder("disclosure")
def disclosure_due(campaign, as_of, days):
    items = CatalogueItem.objects.select_related("unit")
    out = {}
    for item in selectors.missing_items(items=items, as_of=as_of):
        out.setdefault(item.unit.acting_unit.pk, {"overdue": [], "upcoming": []})["overdue"].append(_line(item))
    until = as_of + datetime.timedelta(days=days)
    for item in selectors.upcoming_items(items=items, as_of=as_of, until=until):
        out.setdefault(item.unit.acting_unit.pk, {"overdue": [], "upcoming": []})["upcoming"].append(_line(item))
    return out
