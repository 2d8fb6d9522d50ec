"""The visit and opinion downloads are for people (issue 13, part 2); `xingping export
visits` keeps C3's codes."""

import datetime

import pytest
from django.utils import timezone

from xingping.core.testing import column_of, header_of, open_download
from xingping.entities.testing import make_entity, make_visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def visits(tree, campaign):
    mine = make_entity(tree.station, name="书院所的主体", responsible=tree.station_staff)
    other = make_entity(tree.station3, name="汉川的主体")
    a = make_visit(mine, tree.station_staff, datetime.date(2026, 7, 1), method="phone", opinions="@SUM(A1)")
    b = make_visit(other, tree.other_station_staff, datetime.date(2026, 7, 2))
    return a, b


def test_the_visit_ledger_in_excel_reads_as_chinese(client, tree, visits):
    client.force_login(tree.county_leader)
    ws, name = open_download(client.get("/outreach/visits/?format=xlsx"))
    assert name == f"孝南区局_走访台账_{timezone.localdate()}.xlsx"
    assert header_of(ws)[:3] == ["统一社会信用代码", "市场主体", "走访人"]
    assert "核实结果" not in header_of(ws)  # a leader does not see the checks
    assert ws.freeze_panes == "A2" and ws.max_row == 2  # XN's area only
    assert column_of(ws, "走访方式")[0].value == "电话" and column_of(ws, "走访类型")[0].value == "走访"
    assert column_of(ws, "走访人")[0].value == tree.station_staff.display_name
    day, entered = column_of(ws, "走访日期")[0], column_of(ws, "录入时间")[0]
    assert day.is_date and day.value.date() == datetime.date(2026, 7, 1)
    assert entered.is_date and entered.number_format == "yyyy-mm-dd hh:mm"


def test_the_office_sees_the_verification_column(client, tree, visits):
    client.force_login(tree.office)
    ws, name = open_download(client.get("/outreach/visits/?format=xlsx"))
    assert name == f"市局_走访台账_{timezone.localdate()}.xlsx" and "核实结果" in header_of(ws)
    assert ws.max_row == 3


def test_the_dissatisfied_opinions_in_excel(client, tree, visits):
    client.force_login(tree.station_leader)
    ws, name = open_download(client.get("/outreach/opinions/?format=xlsx"))
    assert name == f"书院所_不满意意见_{timezone.localdate()}.xlsx"
    assert header_of(ws)[0] == "走访记录编号" and ws.freeze_panes == "A2"
    opinion = column_of(ws, "意见")[0]
    assert opinion.value == "@SUM(A1)" and opinion.data_type == "s"  # text, never a formula
    assert column_of(ws, "走访日期")[0].is_date
