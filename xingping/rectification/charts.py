"""Charts of the rectification overview (issue 13 part 7), figures computed in the database."""

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from xingping.core.charts import bar_chart
from xingping.rectification.models import ItemClass, ItemStatus
from xingping.rectification.selectors import items_in

STATUS_COLOURS = {
    ItemStatus.OPEN: "#adb5bd", ItemStatus.IN_PROGRESS: "#0d6efd", ItemStatus.REPORTED: "#0dcaf0",
    ItemStatus.RETURNED: "#fd7e14", ItemStatus.DONE: "#198754",
}


def items_by_class_and_status(campaign, unit):
    """{(item class, status): number of items} of the unit's area (everything when None), in
    one grouped query. Callers check access to `unit` first (as for `area_items`)."""
    qs = items_in(campaign)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    rows = qs.order_by().values("item_class", "status").annotate(n=Count("pk"))
    return {(r["item_class"], r["status"]): r["n"] for r in rows}


def class_status_chart(campaign, unit):
    """Stacked bars: one row per class of item (限时解决, 分步整改, 请示上级), one colour per status."""
    counts = items_by_class_and_status(campaign, unit)
    classes = list(ItemClass)
    series = [{"name": str(status.label), "values": [counts.get((c.value, status.value), 0) for c in classes],
               "color": STATUS_COLOURS[status]} for status in ItemStatus]
    total = sum(counts.values())
    done = sum(n for (_c, s), n in counts.items() if s == ItemStatus.DONE)
    return bar_chart(
        chart_id="rectification-items", title=_("Rectification items by class and status"),
        categories=[str(c.label) for c in classes], series=series, stacked=True,
        category_label=pgettext("chart", "Class of item"),
        summary=_("%(total)s items, %(done)s done.") % {"total": total, "done": done},
    )
