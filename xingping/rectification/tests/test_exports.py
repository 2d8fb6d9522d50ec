"""The ledger (整改台账, C8): `xingping export rectification` and the Excel downloads."""

import csv
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from xingping.rectification.tests.conftest import make_finding, make_item

pytestmark = pytest.mark.django_db

C8 = ["unit_code", "finding", "source", "category", "item", "method", "standard", "deadline", "responsible", "class",
      "status", "progress"]


@pytest.fixture
def items(tree, campaign):
    a = make_item(tree, make_finding(tree, campaign, title="=HYPERLINK(\"x\")"), item="每周调度")
    b = make_item(tree, make_finding(tree, campaign, unit=tree.station3, title="汉川问题"), item="汉川事项",
                  responsible=tree.other_station_staff, actor=tree.office)
    return a, b


def export(*args):
    out = io.StringIO()
    call_command("export", "rectification", *args, stdout=out)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def test_cli_csv_has_the_c8_columns_one_row_per_item(tree, campaign, items):
    rows = export("--format", "csv")
    assert len(rows) == 2
    assert set(C8) <= set(rows[0])
    row = next(r for r in rows if r["unit_code"] == "XN01")
    assert row["item"] == "每周调度" and row["class"] == "deadline" and row["status"] == "open"
    assert row["progress"] == "0" and row["source"] == "self_inspection" and row["category"] == "execution"
    assert row["responsible"] == str(tree.station_staff)


def test_cli_unit_filter_takes_the_area(tree, campaign, items):
    assert [r["unit_code"] for r in export("--unit", "XN", "--format", "csv")] == ["XN01"]
    assert [r["unit_code"] for r in export("--unit", "HC", "--format", "csv")] == ["HC01"]


def test_cli_xlsx(tree, campaign, items, tmp_path):
    out = tmp_path / "ledger.xlsx"
    call_command("export", "rectification", "--format", "xlsx", "-o", str(out), "--campaign", campaign.slug)
    ws = openpyxl.load_workbook(out).active
    header = [c.value for c in ws[1]]
    assert set(C8) <= set(header) and ws.max_row == 3


def test_import_is_refused_with_a_clear_message(tree, campaign, tmp_path):
    path = tmp_path / "ledger.csv"
    path.write_text("unit_code,item\nXN01,x\n", encoding="utf-8")
    with pytest.raises((CommandError, SystemExit)):
        call_command("import", "rectification", str(path))


def test_importer_run_refuses(tmp_path):
    from xingping.core.imports import ImportFailed
    from xingping.rectification.imports import RectificationLedger

    with pytest.raises(ImportFailed) as exc:
        RectificationLedger().run(str(tmp_path / "x.csv"))
    assert "只能导出" in exc.value.result.error_lines()[0]


def test_web_ledger_is_scoped_and_formula_safe(client, tree, campaign, items):
    client.force_login(tree.county_leader)
    resp = client.get(reverse("rectification:ledger-export"))
    ws = openpyxl.load_workbook(io.BytesIO(resp.content)).active
    assert [c.value for c in ws[1]][:3] == ["单位代码", "单位名称", "问题"]
    assert ws.max_row == 2  # XN's area only
    assert ws.cell(row=2, column=3).data_type == "s"  # formula-like text stays text


def test_web_rollup_has_one_row_per_unit_below(client, tree, campaign, items):
    client.force_login(tree.office)
    resp = client.get(reverse("rectification:rollup-export"))
    ws = openpyxl.load_workbook(io.BytesIO(resp.content)).active
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert set(rows) >= {"XN", "HC", "KFQ"} and "XG-BGS" not in rows
    assert rows["XN"][3] == 1 and rows["HC"][3] == 1


def test_web_ledger_reads_as_chinese_with_the_units_name(client, tree, campaign, items):
    from django.utils import timezone

    from django.utils import translation

    from xingping.core.testing import column_of, open_download
    from xingping.rectification.models import ItemStatus, RectificationItem

    RectificationItem.objects.filter(pk=items[0].pk).update(progress=60, status="in_progress")
    client.force_login(tree.county_leader)
    ws, name = open_download(client.get(reverse("rectification:ledger-export")))
    assert name == f"孝南区局_整改台账_{timezone.localdate()}.xlsx"  # not "all units整改台账"
    assert ws.freeze_panes == "A2"
    assert column_of(ws, "问题来源")[0].value == "自查"
    with translation.override("zh-hans"):  # the status as the ledger page names it, not "in_progress"
        assert column_of(ws, "整改状态")[0].value == str(ItemStatus.IN_PROGRESS.label) != "in_progress"
    progress = column_of(ws, "整改进度")[0]
    assert progress.value == 0.6 and progress.number_format == "0.0%"
    deadline = column_of(ws, "整改时限")[0]
    assert deadline.is_date and deadline.value.date() == items[0].deadline
    assert column_of(ws, "是否逾期")[0].value == "否"


def test_web_ledger_of_the_office_is_named_after_the_city(client, tree, campaign, items):
    from django.utils import timezone

    from xingping.core.testing import open_download

    client.force_login(tree.office)
    ws, name = open_download(client.get(reverse("rectification:ledger-export")))
    assert name == f"市局_整改台账_{timezone.localdate()}.xlsx" and ws.max_row == 3
    ws, name = open_download(client.get(reverse("rectification:rollup-export") + "?unit=XN"))
    assert name == f"孝南区局_整改情况汇总_{timezone.localdate()}.xlsx"
    assert [c.value for c in ws[1]][:3] == ["单位代码", "单位名称", "问题数"]


def test_the_rollups_own_level_row_is_marked_in_the_readers_language():
    from types import SimpleNamespace

    from django.utils import translation

    from xingping.rectification.downloads import ROLLUP_COLUMNS

    name = ROLLUP_COLUMNS[1]
    with translation.override("zh-hans"):
        assert name.value(SimpleNamespace(name="市局", is_own=True)) == "市局（本级）"
        assert name.value(SimpleNamespace(name="孝南区局")) == "孝南区局"
    with translation.override("en"):
        assert name.value(SimpleNamespace(name="市局", is_own=True)) == "市局 (own level)"
