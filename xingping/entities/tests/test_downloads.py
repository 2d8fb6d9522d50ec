"""The entity list's download is for people (issue 13, part 2); `xingping export entities`
keeps C2's codes (test_imports)."""

import datetime

import pytest
from django.utils import timezone

from xingping.core.testing import column_of, header_of, open_download
from xingping.entities.models import EntityKind
from xingping.entities.testing import make_entity

pytestmark = pytest.mark.django_db


def test_the_entity_list_in_excel_reads_as_chinese(client, tree, campaign):
    make_entity(tree.station, name="=cmd|' /C calc'!A0", responsible=tree.station_staff,
                registered_on=datetime.date(2015, 3, 1))
    make_entity(tree.station3, kind=EntityKind.INDIVIDUAL, name="汉川个体户")
    client.force_login(tree.county_leader)
    ws, name = open_download(client.get("/entities/?format=xlsx"))
    assert name == f"孝南区局_市场主体_{timezone.localdate()}.xlsx"
    assert header_of(ws)[:4] == ["统一社会信用代码", "主体名称", "主体类型", "登记状态"]
    assert ws.freeze_panes == "A2" and ws.max_row == 2  # XN's area only
    assert column_of(ws, "主体类型")[0].value == "企业" and column_of(ws, "登记状态")[0].value == "存续"
    assert column_of(ws, "监管单位")[0].value == "书院所"
    assert column_of(ws, "包保责任人")[0].value == tree.station_staff.display_name
    registered = column_of(ws, "成立日期")[0]
    assert registered.is_date and registered.value.date() == datetime.date(2015, 3, 1)
    named = column_of(ws, "主体名称")[0]
    assert named.data_type == "s" and named.value.startswith("=cmd")
    assert ws.column_dimensions["A"].width >= 18  # an 18-character code is not cut off


def test_the_unit_filter_names_the_file(client, tree, campaign):
    make_entity(tree.station3, kind=EntityKind.INDIVIDUAL)
    client.force_login(tree.office)
    ws, name = open_download(client.get("/entities/?unit=HC&format=xlsx"))
    assert name == f"汉川市局_市场主体_{timezone.localdate()}.xlsx"
    assert [c.value for c in column_of(ws, "主体类型")] == ["个体工商户"]
