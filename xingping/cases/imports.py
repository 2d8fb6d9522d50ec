"""`xingping import cases` / `xingping export cases` (C6).

Columns of C6 first, then optional ones that the export writes so that an export imports
back unchanged: `status`, `accept_due_on`, `due_on` (computed from the calendar when
empty), `subject_unit_code` (misconduct: the unit reported on; when empty, `unit_code` is
taken as that unit and the case goes to the unit above it), `channel`, `title`, `outcome`;
then C6's `supplemented_on`, `extended_wd` and, appended after them, `consult_wd` (working
days of third-party consultation, art. 32, not counted; empty: 0) and `disclosure_reply`
(art. 36's reply type of a replied request for disclosure; empty for other kinds).
Complainants' names and phones are neither imported nor exported (privacy)."""

import sys

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xingping.cases import deadlines
from xingping.cases.models import MAX_CONSULT_WD, Case, Channel, DisclosureReply, Kind, Outcome, ReplyMethod, Status
from xingping.cases.services import misconduct_route
from xingping.core.imports import Column, Importer, RowError, parse_choice, parse_date, parse_flag, parse_text
from xingping.core.registry import register_importer
from xingping.orgs.models import OrgUnit

# the codes, their English labels and the Chinese names the 12315 export uses
IMPORT_KINDS = Kind.choices + [
    (Kind.COMPLAINT, "投诉"), (Kind.REPORT, "举报"), (Kind.PETITION, "信访"), (Kind.MISCONDUCT, "反映工作人员问题"),
    (Kind.SUGGESTION, "人大代表建议"), (Kind.PROPOSAL, "政协委员提案"), (Kind.MEETING_QUESTION, "评议会提问"),
    (Kind.DISCLOSURE_REQUEST, "依申请公开"), (Kind.DISCLOSURE_REQUEST, "政府信息公开申请"),
]
parse_kind = parse_choice(IMPORT_KINDS)


def _optional_choice(choices):
    parse = parse_choice(choices)
    return lambda v: parse(v) if v else ""


def parse_extension(value):
    """C6 `extended_wd`: empty is 0; one extension of at most 20 working days (art. 33)."""
    if value == "":
        return 0
    if not value.isdigit() or int(value) > 20:
        raise ValueError(_("%(v)r is not a number of working days from 0 to 20") % {"v": value})
    return int(value)


def parse_consult(value):
    """`consult_wd`: empty is 0; whole working days up to the safety bound."""
    if value == "":
        return 0
    if not value.isdigit() or int(value) > MAX_CONSULT_WD:
        raise ValueError(_("%(v)r is not a number of working days from 0 to %(n)d") % {"v": value, "n": MAX_CONSULT_WD})
    return int(value)


DISCLOSURE_REPLIES = DisclosureReply.choices + [
    (DisclosureReply.ALREADY_PUBLIC, "已主动公开"), (DisclosureReply.GRANTED, "予以公开"), (DisclosureReply.REFUSED, "不予公开"),
    (DisclosureReply.NOT_EXIST, "信息不存在"), (DisclosureReply.NOT_COMPETENT, "非本机关负责公开"),
    (DisclosureReply.REPEATED, "重复申请"), (DisclosureReply.SPECIAL_LAW, "按有关法律法规办理"),
]


def _flag(value):
    flag = parse_flag(value)
    return True if flag is None else flag


def derive_status(values):
    """A status from the dates when the file gives none."""
    if values.get("completed_on"):
        return Status.CLOSED
    if values.get("replied_on"):
        return Status.REPLIED
    if values.get("handled_on"):
        return Status.HANDLED
    if values.get("verified") is not None:
        return Status.VERIFIED
    return Status.RECEIVED


@register_importer
class CaseImport(Importer):
    kind = "cases"
    label = gettext_lazy("Cases")
    model = Case
    key = ("number",)
    columns = [
        Column("number", "编号", "案件编号", "工单号", parse=parse_text(40)),
        Column("kind", "类别", "类型", parse=parse_kind),
        Column("received_on", "登记日期", "受理日期", "收件日期", parse=parse_date),
        Column("unit_code", "单位代码", "承办单位代码", parse=parse_text(32)),
        Column("named", "实名", required=False, parse=_flag),
        Column("replied_on", "答复日期", "回复日期", required=False, parse=parse_date),
        Column("reply_method", "答复方式", required=False, parse=_optional_choice(ReplyMethod.choices)),
        Column("met_on", "见面日期", required=False, parse=parse_date),
        Column("verified", "是否属实", "核实属实", required=False, parse=parse_flag),
        Column("handled_on", "处理日期", required=False, parse=parse_date),
        Column("completed_on", "办结日期", required=False, parse=parse_date),
        Column("status", "状态", required=False, parse=_optional_choice(Status.choices)),
        Column("accept_due_on", "受理时限", required=False, parse=parse_date),
        Column("due_on", "办理时限", required=False, parse=parse_date),
        Column("subject_unit_code", "被反映单位代码", required=False, parse=parse_text(32)),
        Column("channel", "渠道", "来源", required=False, parse=_optional_choice(Channel.choices)),
        Column("title", "标题", "诉求标题", required=False, parse=parse_text(200)),
        Column("outcome", "办理结果类别", required=False, parse=_optional_choice(Outcome.choices)),
        Column("supplemented_on", "补正日期", required=False, parse=parse_date),
        Column("extended_wd", "延期工作日", "延长工作日", required=False, parse=parse_extension),
        Column("consult_wd", "征求意见工作日", "征求第三方意见工作日", required=False, parse=parse_consult),
        Column("disclosure_reply", "答复类型", required=False, parse=_optional_choice(DISCLOSURE_REPLIES)),
    ]
    update_fields = (
        "kind", "received_on", "unit", "subject_unit", "named", "replied_on", "reply_method", "met_on", "verified",
        "handled_on", "completed_on", "status", "accept_due_on", "due_on", "channel", "title", "outcome",
        "calendar_estimated", "campaign", "next_due_on", "supplemented_on", "extended_wd", "consult_wd",
        "disclosure_reply",
    )

    def prepare(self):
        self.units = {u.code: u for u in OrgUnit.objects.all()}
        self.cal = deadlines.get_calendar()
        self.rules = deadlines.rules_for(self.campaign)
        self.estimated = set()

    def _unit(self, code, column):
        unit = self.units.get(code)
        if unit is None:
            raise RowError(column, _("unknown unit %(v)r") % {"v": code})
        return unit

    def build(self, values, row_number):
        unit = self._unit(values["unit_code"], "unit_code")
        subject = None
        if values["kind"] == Kind.MISCONDUCT:
            if values["subject_unit_code"]:
                subject = self._unit(values["subject_unit_code"], "subject_unit_code")
            else:
                subject, unit = unit, misconduct_route(unit)
        received = values["received_on"]
        for col in ("replied_on", "met_on", "handled_on", "completed_on", "supplemented_on"):
            if values[col] and values[col] < received:
                raise RowError(col, _("before received_on"))
        if values["disclosure_reply"] and values["kind"] != Kind.DISCLOSURE_REQUEST:
            raise RowError("disclosure_reply", _("only a request for disclosure has a reply type"))
        if values["disclosure_reply"] and not values["replied_on"]:
            raise RowError("disclosure_reply", _("a reply type needs replied_on"))
        if values["handled_on"] and values["verified"] is False:
            raise RowError("handled_on", _("handled, but not found true"))
        case = Case(
            number=values["number"], kind=values["kind"], received_on=received, unit=unit, subject_unit=subject,
            named=values["named"], replied_on=values["replied_on"], reply_method=values["reply_method"],
            met_on=values["met_on"], verified=values["verified"], handled_on=values["handled_on"],
            completed_on=values["completed_on"], status=values["status"] or derive_status(values),
            channel=values["channel"] or Channel.C12315, title=values["title"], outcome=values["outcome"],
            campaign=self.campaign, supplemented_on=values["supplemented_on"], extended_wd=values["extended_wd"] or 0,
            consult_wd=values["consult_wd"] or 0, disclosure_reply=values["disclosure_reply"],
        )
        deadlines.compute(case, self.cal, self.rules)
        if values["accept_due_on"]:
            case.accept_due_on = values["accept_due_on"]
        if values["due_on"]:
            case.due_on = values["due_on"]
        case.refresh_next_due()
        if case.calendar_estimated:
            self.estimated.update(self.cal.unknown_years(received, case.due_on or received))
        return case

    def finish(self):
        from xingping.cases.services import figures_changed

        figures_changed()
        if self.estimated:
            first = min(self.estimated)
            import datetime

            warning = deadlines.calendar_warning(self.cal, datetime.date(first, 1, 1), datetime.date(max(self.estimated), 1, 1))
            sys.stderr.write(f"warning: {warning}\n")

    def export_queryset(self, unit=None):
        qs = Case.objects.select_related("unit", "subject_unit").order_by("received_on", "number")
        if unit is not None:
            qs = qs.filter(unit__path__startswith=unit.path)
        return qs

    def export_row(self, c):
        def d(value):
            return value.isoformat() if value else ""

        flag = {True: "1", False: "0", None: ""}
        return [
            c.number, c.kind, d(c.received_on), c.unit.code, flag[c.named], d(c.replied_on), c.reply_method,
            d(c.met_on), flag[c.verified], d(c.handled_on), d(c.completed_on), c.status, d(c.accept_due_on),
            d(c.due_on), c.subject_unit.code if c.subject_unit_id else "", c.channel, c.title, c.outcome,
            d(c.supplemented_on), str(c.extended_wd) if c.extended_wd else "",
            str(c.consult_wd) if c.consult_wd else "", c.disclosure_reply,
        ]
