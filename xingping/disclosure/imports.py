"""`xingping import disclosures` / `xingping export disclosures` (C9): the catalogue.

Columns `code` (natural key), `unit_code`, `title`, `channel` (board, screen, web, other), `mode`
(proactive, on_request), `created_on`, `limit_wd` (empty: 20), `disclosed_on` (may be empty).
Same rules as C2's imports: all or nothing, every bad row named, re-importing changes nothing."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xingping.cases.deadlines import get_calendar
from xingping.core.imports import Column, Importer, RowError, parse_choice, parse_date, parse_text
from xingping.core.registry import register_importer
from xingping.disclosure.models import DEFAULT_LIMIT_WD, CatalogueItem, Channel, Mode
from xingping.disclosure.services import due_date
from xingping.orgs.models import OrgUnit

CHANNELS = Channel.choices + [("board", "公示栏"), ("screen", "电子屏"), ("web", "网站"), ("other", "其他")]
MODES = Mode.choices + [("proactive", "主动"), ("proactive", "主动公开"), ("on_request", "依申请"),
                        ("on_request", "依申请公开")]


def parse_limit(value):
    if value == "":
        return DEFAULT_LIMIT_WD
    if not value.isdigit() or not 1 <= int(value) <= 366:
        raise ValueError(_("%(v)r is not a number of working days from 1 to 366") % {"v": value})
    return int(value)


@register_importer
class DisclosureImport(Importer):
    kind = "disclosures"
    label = gettext_lazy("Disclosures")
    model = CatalogueItem
    key = ("code",)
    columns = [
        Column("code", "编号", "事项编号", parse=parse_text(40)),
        Column("unit_code", "单位代码", "公开主体代码", parse=parse_text(32)),
        Column("title", "事项", "公开事项", parse=parse_text(200)),
        Column("channel", "渠道", "渠道和载体", parse=parse_choice(CHANNELS)),
        Column("mode", "公开方式", parse=parse_choice(MODES)),
        Column("created_on", "信息形成日期", "形成或变更日期", required=False, parse=parse_date),
        Column("limit_wd", "时限工作日", "公开时限", required=False, parse=parse_limit),
        Column("disclosed_on", "公开日期", required=False, parse=parse_date),
    ]
    update_fields = ("unit", "title", "channel", "mode", "created_on", "limit_wd", "due_on", "disclosed_on")

    def prepare(self):
        self.units = dict(OrgUnit.objects.values_list("code", "pk"))
        self.cal = get_calendar()

    def build(self, values, row_number):
        unit_id = self.units.get(values["unit_code"])
        if unit_id is None:
            raise RowError("unit_code", _("unknown unit %(v)r") % {"v": values["unit_code"]})
        created, disclosed = values.get("created_on"), values.get("disclosed_on")
        if created and disclosed and disclosed < created:
            raise RowError("disclosed_on", _("the disclosure date is before the day the information was created or changed"))
        limit = values.get("limit_wd") or DEFAULT_LIMIT_WD
        return CatalogueItem(code=values["code"], unit_id=unit_id, title=values["title"], channel=values["channel"],
                             mode=values["mode"], created_on=created, limit_wd=limit, disclosed_on=disclosed,
                             due_on=due_date(created_on=created, limit_wd=limit, calendar=self.cal))

    def export_queryset(self, unit=None):
        qs = CatalogueItem.objects.order_by("code")
        if unit is not None:
            qs = qs.filter(unit__path__startswith=unit.path)
        return qs.values_list("code", "unit__code", "title", "channel", "mode", "created_on", "limit_wd", "disclosed_on")

    def export_row(self, row):
        code, unit_code, title, channel, mode, created, limit, disclosed = row
        return [code, unit_code, title, channel, mode, created.isoformat() if created else "", limit,
                disclosed.isoformat() if disclosed else ""]
