"""The target figure of the disclosure app (C4 `disclosure_on_time_rate`, R8)."""

import datetime

from django.db.models import Case, Count, F, Q, When
from django.utils.translation import pgettext_lazy

from xingping.disclosure.models import CatalogueItem, Mode
from xingping.metrics.registry import register_metric
from xingping.orgs.models import Level



def on_time_pairs(campaign, as_of, units):
    """{unit id: (numerator, denominator)} in one grouped query.

    Denominator: catalogue items of mode `proactive` owned by the unit itself or one of its
    departments, with `created_on` between Jan 1 of the campaign year and `as_of`, whose due
    date (the `limit_wd`-th working day after `created_on`, stored as `due_on`) is on or
    before `as_of`. Numerator: those with `disclosed_on` on or before the due date and on or
    before `as_of`. The units asked for are picked out here, not by an `IN` of thousands of keys."""
    wanted = {u.pk for u in units}
    credit = Case(When(unit__level=Level.DEPARTMENT, then=F("unit__parent_id")), default=F("unit_id"))
    rows = (
        CatalogueItem.objects.filter(mode=Mode.PROACTIVE, created_on__gte=datetime.date(campaign.year, 1, 1),
                                     created_on__lte=as_of, due_on__lte=as_of)
        .annotate(credit=credit).order_by().values("credit")
        .annotate(d=Count("pk"), n=Count("pk", filter=Q(disclosed_on__lte=F("due_on")) & Q(disclosed_on__lte=as_of)))
    )
    return {r["credit"]: (r["n"], r["d"]) for r in rows if r["credit"] in wanted}


@register_metric("disclosure_on_time_rate", label=pgettext_lazy("figure", "On-time disclosure rate"))  # 政务公开及时率
def disclosure_on_time_rate(campaign, as_of, units):
    return on_time_pairs(campaign, as_of, units)
