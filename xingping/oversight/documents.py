"""A notice (通报) as a Word document in the GB/T 9704-2012 layout, on the document machinery
of evaluation/documents.py (same fonts, A4 and margins):

发文机关标志 (issuer + 文件, red, centred, 小标宋) · 发文字号 (centred, 仿宋 三号) · a red rule ·
标题 (小标宋 二号, centred) · 主送机关 (flush left, with a full-width colon) · 正文 (仿宋_GB2312 三号,
two-character indent) · 落款 (issuer) and 成文日期 (in Chinese digits form YYYY年M月D日), right.
"""

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from xingping.evaluation.documents import FONT_BODY, FONT_TITLE, _run, chinese_date

RED = RGBColor(0xE6, 0x00, 0x12)  # 发文机关标志 and the rule under the number are red


def _red_rule(paragraph):
    """A red bottom border under the paragraph: the separator line (版头中的分隔线)."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "12"), ("w:space", "4"), ("w:color", "E60012")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)


def notice_document(notice):
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)

    mark = doc.add_paragraph()
    mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = _run(mark, f"{notice.issuer}文件", FONT_TITLE, 36)
    run.font.color.rgb = RED
    doc.add_paragraph()
    number = doc.add_paragraph()
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(number, notice.number, FONT_BODY, 16)
    _red_rule(number)
    doc.add_paragraph()
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(title, notice.title, FONT_TITLE, 22)
    doc.add_paragraph()
    _run(doc.add_paragraph(), f"{notice.addressee}：", FONT_BODY, 16)
    for text in [p.strip() for p in notice.body.splitlines() if p.strip()]:
        para = doc.add_paragraph()
        para.paragraph_format.first_line_indent = Pt(32)
        para.paragraph_format.line_spacing = Pt(28)
        _run(para, text, FONT_BODY, 16)
    doc.add_paragraph()
    for text in (notice.issuer, chinese_date(notice.issued_on) if notice.issued_on else "（成文日期）"):
        para = doc.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        para.paragraph_format.right_indent = Pt(64)
        _run(para, text, FONT_BODY, 16)
    return doc


def notice_docx(notice) -> bytes:
    buffer = io.BytesIO()
    notice_document(notice).save(buffer)
    return buffer.getvalue()
