"""The ledger (整改台账) and the roll-up as downloads for people (docs/downloads.md):
labels in the reader's language, real dates, progress as a percentage. `xingping export
rectification` keeps C8's codes (imports.LEDGER_COLUMNS, ledger_row)."""

from django.utils.translation import pgettext, pgettext_lazy

from xingping.core.people_tables import BOOL, CHOICE, DATE, NUMBER, PERCENT, Column
from xingping.rectification.models import Category, ItemClass, ItemStatus, Source


def _c(label):
    return pgettext_lazy("ledger column", label)


LEDGER_COLUMNS = [
    Column(_c("Unit code"), "unit.code"),
    Column(_c("Unit name"), "unit.name"),
    Column(_c("Finding"), "finding.title"),
    Column(_c("Source"), "finding.source", CHOICE, choices=Source.choices),
    Column(_c("Category"), "finding.category", CHOICE, choices=Category.choices),
    Column(_c("Rectification item"), "item"),
    Column(_c("Method"), "method"),
    Column(_c("Standard"), "standard"),
    Column(_c("Deadline"), "deadline", DATE),
    Column(_c("Responsible"), lambda i: i.responsible.display_name if i.responsible_id else ""),
    Column(_c("Class"), "item_class", CHOICE, choices=ItemClass.choices),
    Column(_c("Status"), "status", CHOICE, choices=ItemStatus.choices),
    Column(_c("Progress"), lambda i: (i.progress or 0) / 100, PERCENT),
    Column(_c("Fixed while checking"), "fixed_on_creation", BOOL),
    Column(_c("Completed on"), "completed_on", DATE),
    Column(_c("Overdue"), lambda i: bool(getattr(i, "overdue", False)), BOOL),
    Column(_c("Published"), "published", BOOL),
]

MONEY = "#,##0.00"

ROLLUP_COLUMNS = [
    Column(_c("Unit code"), "code"),
    Column(_c("Unit name"), lambda u: u.name + (pgettext("rollup", " (own level)") if getattr(u, "is_own", False) else "")),
    Column(_c("Findings"), "findings", NUMBER),
    Column(_c("Rectification items"), "items_total", NUMBER),
    Column(_c("Open"), "items_open", NUMBER),
    Column(_c("Done"), "items_done", NUMBER),
    Column(_c("Overdue"), "items_overdue", NUMBER),
    Column(_c("Fixed while checking"), "items_fixed_on_creation", NUMBER),
    Column(_c("Average days to fix"), lambda u: round(u.avg_days_to_fix, 1) if u.avg_days_to_fix is not None else None,
           NUMBER, number_format="0.0"),
    Column(_c("Irregular fees (yuan)"), "fee_amount", NUMBER, number_format=MONEY),
    Column(_c("Refunded (yuan)"), "fee_refunded", NUMBER, number_format=MONEY),
    Column(_c("Not refunded (yuan)"), "fee_outstanding", NUMBER, number_format=MONEY),
]
