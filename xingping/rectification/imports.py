"""The rectification ledger (整改台账, C8) as an export kind:
`xingping export rectification [--unit CODE] [--campaign SLUG] --format csv|xlsx [-o FILE]`.

Items are written through the web pages (the five clears are checked there, progress is
posted with evidence), so importing a ledger is refused with a clear message."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xingping.campaigns.models import Campaign
from xingping.core.imports import Column, ImportFailed, Importer, ImportResult
from xingping.core.registry import register_importer
from xingping.rectification.models import RectificationItem
from xingping.rectification.selectors import with_overdue

LEDGER_COLUMNS = [
    Column("unit_code", "单位代码"),
    Column("unit_name", "单位名称"),
    Column("finding", "问题"),
    Column("source", "问题来源"),
    Column("category", "问题类别"),
    Column("item", "整改事项"),
    Column("method", "整改方式"),
    Column("standard", "整改标准"),
    Column("deadline", "整改时限"),
    Column("responsible", "责任人"),
    Column("class", "整改类型"),
    Column("status", "整改状态"),
    Column("progress", "整改进度"),
    Column("fixed_while_checking", "边查边纠"),
    Column("completed_on", "完成日期"),
    Column("overdue", "是否逾期"),
    Column("published", "是否公开"),
]


def ledger_queryset(campaign=None, unit=None, day=None):
    qs = RectificationItem.objects.select_related("unit", "finding", "responsible")
    if campaign is not None:
        qs = qs.filter(finding__campaign=campaign)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    return with_overdue(qs, day or timezone.localdate()).order_by("unit__path", "deadline", "pk")


def ledger_row(obj):
    """One ledger row with C8's codes (the web's download is rectification.downloads)."""
    return [
        obj.unit.code,
        obj.unit.name,
        obj.finding.title,
        obj.finding.source,
        obj.finding.category,
        obj.item,
        obj.method,
        obj.standard,
        obj.deadline.isoformat(),
        obj.responsible.display_name,
        obj.item_class,
        obj.status,
        obj.progress,
        "1" if obj.fixed_on_creation else "0",
        obj.completed_on.isoformat() if obj.completed_on else "",
        "1" if getattr(obj, "overdue", False) else "0",
        "1" if obj.published else "0",
    ]


@register_importer
class RectificationLedger(Importer):
    kind = "rectification"
    label = gettext_lazy("Rectification ledger")
    model = RectificationItem
    columns = LEDGER_COLUMNS
    key = ("unit_code", "item")

    def run(self, path):
        result = ImportResult(kind=self.kind, label=str(self.label))
        self._error(result, 1, "-", _("The rectification ledger is export-only: record items and progress in the web "
                                      "pages."))
        raise ImportFailed(result)

    def export_queryset(self, unit=None):
        campaign = self.campaign or Campaign.objects.current()
        return ledger_queryset(campaign, unit)

    def export_row(self, obj):
        return ledger_row(obj)
