"""The case list's download is for people (issue 13, part 2): opened as the office would."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from xingping.cases.models import Kind
from xingping.cases.tests.conftest import make_case
from django.utils import timezone

from xingping.core.testing import column_of, header_of, open_download

pytestmark = pytest.mark.django_db


def test_the_case_ledger_in_excel_reads_as_chinese(client, tree, campaign):
    make_case(tree.station, title="=HYPERLINK(\"http://x\")", received_on=datetime.date(2026, 3, 2))
    client.force_login(tree.office)
    ws, name = open_download(client.get(reverse("cases:index") + "?status=&format=xlsx"))
    assert name == f"市局_案件台账_{timezone.localdate()}.xlsx"  # the office's area is the city
    assert header_of(ws)[:4] == ["案件编号", "类别", "渠道", "收件日期"]
    assert ws.freeze_panes == "A2"
    assert column_of(ws, "类别")[0].value == "投诉" and column_of(ws, "渠道")[0].value == "热线电话"
    received = column_of(ws, "收件日期")[0]
    assert received.is_date and received.value.date() == datetime.date(2026, 3, 2)
    assert column_of(ws, "实名")[0].value == "是"
    assert column_of(ws, "诉求人电话")[0].value == "138****1234"  # masked, as in the list
    title = column_of(ws, "标题")[0]
    assert title.data_type == "s" and title.value.startswith("=HYPERLINK")  # text, never a formula
    assert "complaint" not in [c.value for row in ws.iter_rows() for c in row]


def test_a_county_downloads_its_own_area_under_its_own_name(client, tree, campaign):
    make_case(tree.station, title="孝南的件")
    make_case(tree.station3, title="汉川的件")
    client.force_login(tree.county_leader)
    ws, name = open_download(client.get(reverse("cases:index") + "?status=&format=xlsx"))
    assert name == f"孝南区局_案件台账_{timezone.localdate()}.xlsx"
    assert [c.value for c in column_of(ws, "标题")] == ["孝南的件"]


def test_a_unit_chosen_in_the_filter_names_the_file(client, tree, campaign):
    make_case(tree.station, kind=Kind.REPORT)
    client.force_login(tree.office)
    ws, name = open_download(client.get(reverse("cases:index") + "?status=&unit=XN01&format=xlsx"))
    assert name == f"书院所_案件台账_{timezone.localdate()}.xlsx" and column_of(ws, "类别")[0].value == "举报"


def test_the_csv_download_has_the_same_labels(client, tree, campaign):
    make_case(tree.station)
    client.force_login(tree.office)
    resp = client.get(reverse("cases:index") + "?status=&format=csv")
    rows = list(csv.reader(io.StringIO(resp.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["案件编号", "类别", "渠道", "收件日期"]
    assert rows[1][1:4] == ["投诉", "热线电话", "2026-03-02"]
    assert ".csv" in resp["Content-Disposition"]
