"""The commendation notice (通报表扬, R13.3) as a Word document in the layout of an
official document: title, 主送 (addressee), body, 落款 (issuing body) and date."""

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

FONT_TITLE = "方正小标宋简体"
FONT_BODY = "仿宋_GB2312"


def _run(paragraph, text, font, size, bold=False):
    run = paragraph.add_run(text)
    run.font.name = font
    run.font.size = Pt(size)
    run.bold = bold
    run._element.rPr.rFonts.set(qn("w:eastAsia"), font)
    return run


def chinese_date(day):
    return f"{day.year}年{day.month}月{day.day}日"


def commendation_docx(notice):
    """The notice as .docx bytes: A4, GB/T 9704 margins, 二号 title, 三号 仿宋 body."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(title, notice.title, FONT_TITLE, 22)
    doc.add_paragraph()
    _run(doc.add_paragraph(), f"{notice.addressee}：", FONT_BODY, 16)
    names = "、".join(u.name for u in notice.units.order_by("path"))
    for text in [p.strip() for p in notice.body.splitlines() if p.strip()]:
        para = doc.add_paragraph()
        para.paragraph_format.first_line_indent = Pt(32)
        _run(para, text, FONT_BODY, 16)
    if names and names not in notice.body:
        para = doc.add_paragraph()
        para.paragraph_format.first_line_indent = Pt(32)
        _run(para, f"受表扬单位：{names}", FONT_BODY, 16)
    doc.add_paragraph()
    for text in (notice.signatory, chinese_date(notice.issued_on)):
        para = doc.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        para.paragraph_format.right_indent = Pt(32)
        _run(para, text, FONT_BODY, 16)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
