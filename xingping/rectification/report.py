"""The draft self-inspection report (自查自纠情况报告, R2.2 / R10.3) as a Word document in
the layout of an official document: title, 主送 (addressee), body with numbered headings
(一、二、三…), and 落款 (the unit's name and the date). Figures are the unit's area —
the unit and every unit below it (逐级汇总) — so a county's report sums its stations.

The leader downloads the draft, edits it and submits it through the deliverable flow
(`self_inspection_report` for county bureaus and branches, `station_self_inspection` for
stations)."""

import io

from django.utils import timezone, translation
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from xingping.metrics.engine import compute
from xingping.metrics.registry import metric_label
from xingping.orgs.models import Level
from xingping.rectification import selectors
from xingping.rectification.models import Finding, SystemStatus
from xingping.rectification.services import nine_systems

NUMERALS = "一二三四五六七八九十"
DEFAULT_ADDRESSEE = "市局行评办"
CATEGORY_NAMES = {
    "execution": "执行不力",
    "uncivil": "不文明执法",
    "irregular_enforcement": "执法不规范（强势、唯利、越权执法）",
    "finance": "财务管理不规范",
    "fees": "乱收费",
    "other": "其他问题",
}
STATUS_NAMES = {"open": "未开始", "in_progress": "整改中", "reported": "已报完成待确认", "returned": "退回重改", "done": "已完成"}
CLASS_NAMES = {"deadline": "限时解决", "planned": "分步整改", "policy": "请示上级"}
SOURCE_NAMES = {"self_inspection": "自查", "visit": "走访意见", "case": "投诉举报", "spot_check": "明查暗访、随机抽查",
                "evaluation": "集中评议", "deputies": "人大代表、政协委员"}
SYSTEM_STATUS_NAMES = {"not_started": "未启动", "drafting": "起草中", "issued": "已印发"}
FONT_BODY = "仿宋_GB2312"
FONT_TITLE = "方正小标宋简体"
FONT_HEADING = "黑体"


DELIVERABLE_CODES = ("station_self_inspection", "self_inspection_report")


def deliverable_code(unit):
    return "station_self_inspection" if unit.level == Level.STATION else "self_inspection_report"


def addressee(campaign, unit):
    """主送: the deliverable's addressee, else the parent's office for a station, else 市局行评办."""
    rule = campaign.rules.get("self_inspection_report_addressee")
    if rule:
        return rule
    deliverable = campaign.deliverables.filter(code=deliverable_code(unit)).first()
    if deliverable is not None and deliverable.addressed_to:
        return deliverable.addressed_to
    if unit.level == Level.STATION and unit.parent_id:
        return f"{unit.parent.name}行评办"
    return DEFAULT_ADDRESSEE


def figure_name(key):
    """The figure's registered label in Chinese (the report is an official Chinese document,
    whatever the reader's language)."""
    with translation.override("zh-hans"):
        return str(metric_label(key))


def chinese_date(day):
    return f"{day.year}年{day.month}月{day.day}日"


def percent(rate):
    return "—" if rate is None else f"{rate * 100:.1f}%"


def target_figures(campaign, as_of, unit):
    """The unit's target figures from the metrics engine, or None when it is not there."""
    try:
        result = compute(campaign, as_of=as_of, units=[unit])
    except Exception:  # the engine is built by another app; a draft must still come out
        return None
    for row in result.get("units", []):
        if row.get("code") == unit.code:
            return row.get("metrics") or {}
    return None


class _Writer:
    """Paragraph helpers in the official-document style (仿宋 body, 黑体 headings)."""

    def __init__(self):
        self.doc = Document()
        section = self.doc.sections[0]
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)
        section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
        section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
        style = self.doc.styles["Normal"]
        style.font.name = FONT_BODY
        style.font.size = Pt(16)
        style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT_BODY)
        self.heading_no = 0

    def _run(self, paragraph, text, font=None, size=16, bold=False):
        run = paragraph.add_run(text)
        run.font.size = Pt(size)
        run.bold = bold
        if font:
            run.font.name = font
            run._element.rPr.rFonts.set(qn("w:eastAsia"), font)
        return run

    def title(self, text):
        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._run(p, text, FONT_TITLE, 22)
        self.doc.add_paragraph()

    def plain(self, text, indent=True, align=None):
        p = self.doc.add_paragraph()
        if indent:
            p.paragraph_format.first_line_indent = Pt(32)
        if align is not None:
            p.alignment = align
        p.paragraph_format.line_spacing = Pt(28)
        self._run(p, text)
        return p

    def heading(self, text):
        self.heading_no += 1
        p = self.doc.add_paragraph()
        p.paragraph_format.first_line_indent = Pt(32)
        self._run(p, f"{NUMERALS[self.heading_no - 1]}、{text}", FONT_HEADING)

    def subheading(self, number, text):
        p = self.doc.add_paragraph()
        p.paragraph_format.first_line_indent = Pt(32)
        self._run(p, f"（{NUMERALS[number - 1]}）{text}", "楷体_GB2312")

    def table(self, header, rows):
        table = self.doc.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, header):
            cell.text = ""
            self._run(cell.paragraphs[0], str(text), FONT_HEADING, 10.5)
        for row in rows:
            cells = table.add_row().cells
            for cell, text in zip(cells, row):
                cell.text = ""
                self._run(cell.paragraphs[0], "" if text is None else str(text), FONT_BODY, 10.5)
        self.doc.add_paragraph()

    def save(self, target):
        self.doc.save(target)


def build(campaign, unit, as_of=None):
    """The draft report as a python-docx Document."""
    as_of = as_of or timezone.localdate()
    w = _Writer()
    totals = selectors.area_totals(campaign, unit, as_of)
    writers, submitted = selectors.self_analysis_area_counts(campaign, unit)
    children = list(selectors.area_figures(campaign, selectors.child_units(unit), as_of))

    self_word = "所" if unit.level == Level.STATION else "局"  # 我局 / 我所, not 我局（所）
    w.title(f"{unit.name}关于{campaign.year}年民主评议政风行风自查自纠工作情况的报告")
    w.plain(f"{addressee(campaign, unit)}：", indent=False)
    w.plain(
        f"按照《{campaign.title}》的部署，我{self_word}认真开展了自查自纠（五查）工作，坚持边查边纠、"
        f"发现一起、纠正一起。现将截至{chinese_date(as_of)}的情况报告如下（含下属单位逐级汇总）："
    )

    w.heading("基本情况")
    w.plain(f"全{self_word}应写自我剖析材料{writers}人，已提交{submitted}人，"
            f"提交率{percent(submitted / writers if writers else None)}。")
    metrics = target_figures(campaign, as_of, unit)
    if not metrics:
        w.plain("各项目标任务数据：暂无数据。")
    else:
        rows = []
        for key, fig in metrics.items():
            met = fig.get("met")
            rows.append([figure_name(key), fig.get("numerator"), fig.get("denominator"), percent(fig.get("rate")),
                         percent(fig.get("target")), "—" if met is None else ("达标" if met else "未达标")])
        w.plain("各项目标任务完成情况如下：")
        w.table(["指标", "完成数", "应完成数", "完成率", "目标", "是否达标"], rows)

    w.heading("自查发现的问题")
    by_category = selectors.findings_by_category(campaign, unit)
    w.plain(f"通过自查、走访征求意见、受理投诉举报、明查暗访等途径，共查找问题{totals['findings']}个，其中："
            + "；".join(f"{CATEGORY_NAMES[code]}{n}个" for code, _label, n in by_category) + "。")
    findings = (Finding.objects.filter(campaign=campaign, unit__path__startswith=unit.path)
                .select_related("unit").order_by("category", "found_on", "pk"))
    number = 0
    for code, _label, n in by_category:
        if not n:
            continue
        number += 1
        w.subheading(number, CATEGORY_NAMES[code])
        for i, f in enumerate(f for f in findings if f.category == code):
            w.plain(f"{i + 1}. {f.title}（{f.unit.name}，{chinese_date(f.found_on)}发现，来源：{SOURCE_NAMES[f.source]}）")

    w.heading("整改情况")
    avg = totals["avg_days_to_fix"]
    w.plain(
        f"针对查找的问题，逐项明确整改事项、整改方式、整改标准、整改时限和整改责任人（五明确），"
        f"共制定整改事项{totals['items_total']}项，已完成{totals['items_done']}项（其中边查边纠"
        f"{totals['items_fixed_on_creation']}项），正在整改{totals['items_open']}项，逾期未完成{totals['items_overdue']}项"
        + (f"，平均整改用时{avg:.1f}天" if avg is not None else "") + "。"
    )
    items = selectors.area_items(campaign, unit, as_of)
    w.table(["单位", "整改事项", "整改方式", "时限", "责任人", "类型", "状态", "进度"],
            [[i.unit.name, i.item, i.method, i.deadline.isoformat(), str(i.responsible), CLASS_NAMES[i.item_class],
              STATUS_NAMES[i.status] + ("（逾期）" if i.overdue else ""), f"{i.progress}%"] for i in items])

    w.heading("违规收费清退情况")
    w.plain(f"查出违规收费{totals['fee_count']}笔，金额{totals['fee_amount']:.2f}元，已退还{totals['fee_refunded']:.2f}元，"
            f"尚未退还{totals['fee_outstanding']:.2f}元。")

    w.heading("建章立制情况")
    codes = nine_systems(campaign)
    checklist = selectors.systems_checklist(campaign, unit, codes)
    issued = sum(1 for _c, _n, s in checklist if s and s.status == SystemStatus.ISSUED)
    w.plain(f"按照要求建立健全九项制度，已印发{issued}项：")
    w.table(["制度", "状态", "文号", "印发日期"],
            [[name, SYSTEM_STATUS_NAMES[s.status] if s else "未启动", s.document_no if s else "",
              s.issued_on.isoformat() if s and s.issued_on else ""] for _code, name, s in checklist])

    if children:
        w.heading("下属单位汇总")
        w.table(["单位", "问题", "整改事项", "已完成", "逾期", "违规收费（元）", "已退还（元）"],
                [[c.name, c.findings, c.items_total, c.items_done, c.items_overdue, f"{c.fee_amount:.2f}",
                  f"{c.fee_refunded:.2f}"] for c in children])

    w.heading("存在的不足和下一步打算")
    w.plain("（请单位领导结合实际补充修改。）下一步，我们将对未完成的整改事项逐项跟踪督办，按时限销号，"
            "并对照九项制度建章立制，巩固自查自纠成果。")

    w.doc.add_paragraph()
    w.plain(unit.name, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    w.plain(chinese_date(as_of), indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    return w.doc


def render(campaign, unit, as_of=None):
    buffer = io.BytesIO()
    build(campaign, unit, as_of).save(buffer)
    return buffer.getvalue()


def filename(campaign, unit, as_of=None):
    as_of = as_of or timezone.localdate()
    return f"{unit.name}自查自纠情况报告（草稿）{as_of:%Y%m%d}"

