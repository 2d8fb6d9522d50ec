"""The writer behind every web download (core.people_tables, core.exports.people_download):
opened with openpyxl as the person who downloads it would."""

import csv
import datetime
import io
from urllib.parse import unquote

import openpyxl
import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from xingping.core.exports import people_download
from xingping.core.people_tables import (
    BOOL, CHOICE, DATE, DATETIME, NUMBER, PERCENT, Column, display_width, people_table,
)

COLUMNS = [
    Column("名称", "name"),
    Column("类型", "kind", CHOICE, choices={"enterprise": "企业", "individual": "个体工商户"}),
    Column("走访日期", "day", DATE),
    Column("录入时间", "at", DATETIME),
    Column("覆盖率", "rate", PERCENT),
    Column("户数", "n", NUMBER),
    Column("已公开", "published", BOOL),
]
ROWS = [
    {"name": "=HYPERLINK(\"http://x\",\"点我\")", "kind": "enterprise", "day": datetime.date(2026, 7, 1),
     "at": timezone.make_aware(datetime.datetime(2026, 7, 1, 9, 30)), "rate": 0.9181034482758621, "n": 12,
     "published": True},
    {"name": "孝感市某某食品有限公司\x01", "kind": "individual", "day": None, "at": None, "rate": None, "n": None,
     "published": False},
]


def sheet(data):
    return openpyxl.load_workbook(io.BytesIO(data)).active


def test_a_workbook_for_people():
    data, count = people_table("xlsx", COLUMNS, ROWS, sheet_title="走访台账")
    ws = sheet(data)
    assert count == 2 and ws.title == "走访台账"
    assert [c.value for c in ws[1]] == ["名称", "类型", "走访日期", "录入时间", "覆盖率", "户数", "已公开"]
    assert all(c.font.b for c in ws[1])
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:G3"
    first, second = ws[2], ws[3]
    # a formula-looking name stays text; a control character is gone
    assert first[0].data_type == "s" and first[0].value.startswith("=HYPERLINK")
    assert second[0].value == "孝感市某某食品有限公司"
    assert (first[1].value, second[1].value) == ("企业", "个体工商户")  # choices as their labels
    assert first[2].value == datetime.datetime(2026, 7, 1) and first[2].is_date and first[2].number_format == "yyyy-mm-dd"
    assert first[3].value == datetime.datetime(2026, 7, 1, 9, 30) and first[3].number_format == "yyyy-mm-dd hh:mm"
    assert first[4].value == pytest.approx(0.9181034482758621) and first[4].number_format == "0.0%"
    assert first[5].value == 12 and first[6].value == "是" and second[6].value == "否"
    assert [c.value for c in second[2:6]] == [None, None, None, None]  # nothing shown as 0 or 1970


def test_widths_follow_the_content_counting_chinese_double_and_capped():
    ws = sheet(people_table("xlsx", [Column("名称", "name"), Column("备注", "note")],
                            [{"name": "孝感市某某食品有限公司", "note": "长" * 200}], sheet_title="x")[0])
    assert display_width("孝感市ab") == 8
    assert ws.column_dimensions["A"].width == display_width("孝感市某某食品有限公司") + 2
    assert ws.column_dimensions["B"].width == 60


def test_csv_for_people():
    data, _count = people_table("csv", COLUMNS, ROWS, sheet_title="x")
    assert data.startswith(b"\xef\xbb\xbf")  # Excel opens it as UTF-8
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:2] == ["名称", "类型"]
    assert rows[1][0].startswith("'=HYPERLINK")  # neutralised
    assert rows[1][1:] == ["企业", "2026-07-01", "2026-07-01 09:30", "91.8%", "12", "是"]
    assert rows[2][1:] == ["个体工商户", "", "", "", "", "否"]


def test_a_code_without_a_label_is_shown_as_it_is():
    ws = sheet(people_table("xlsx", COLUMNS[1:2], [{"kind": "branch"}], sheet_title="x")[0])
    assert ws["A2"].value == "branch"


def test_the_download_is_named_in_chinese_with_the_unit_and_the_day():
    response = people_download(title=gettext_lazy("Case ledger"), unit_name="孝感市工商局", columns=COLUMNS, rows=ROWS,
                               ascii_name="cases", day=datetime.date(2026, 12, 2))
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="cases_2026-12-02.xlsx"; filename*=UTF-8\'\'')
    assert unquote(disposition.split("''", 1)[1]) == "孝感市工商局_案件台账_2026-12-02.xlsx"
    assert response.xingping_export == {"file": "孝感市工商局_案件台账_2026-12-02.xlsx", "rows": 2}
    assert sheet(response.content).title == "案件台账"


def test_a_unit_name_with_a_slash_still_makes_a_file_name():
    response = people_download(title="案件台账", unit_name="市局/办公室", columns=COLUMNS, rows=[], ascii_name="x",
                               day=datetime.date(2026, 12, 2))
    assert unquote(response["Content-Disposition"].split("''", 1)[1]) == "市局 办公室_案件台账_2026-12-02.xlsx"


def test_an_english_reader_gets_english_labels_only():
    columns = [Column(gettext_lazy("Case ledger"), "name"), Column("x", "published", BOOL)]
    with translation.override("en"):
        response = people_download(title=gettext_lazy("Case ledger"), unit_name="孝感市工商局", columns=columns,
                                   rows=ROWS, ascii_name="cases", day=datetime.date(2026, 12, 2))
    ws = sheet(response.content)
    assert ws["A1"].value == "Case ledger" and ws["B2"].value == "yes"
    assert unquote(response["Content-Disposition"].split("''", 1)[1]) == "孝感市工商局_Case ledger_2026-12-02.xlsx"


def test_no_web_view_writes_a_table_with_codes_for_headers():
    """Every web download goes through people_download; `table_response` and
    `tabular.write_table` write headers and codes as given (the command line's formats)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    views = [*root.glob("*/views.py"), *root.glob("*/views_*.py"), *root.glob("*/views/*.py")]
    assert len(views) > 10
    offenders = [str(p.relative_to(root)) for p in views
                 if "table_response(" in p.read_text(encoding="utf-8") or "write_table(" in p.read_text(encoding="utf-8")]
    assert offenders == []
