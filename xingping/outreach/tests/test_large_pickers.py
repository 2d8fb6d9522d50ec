"""The visit ledger of an office with many units and staff (a city office sees 3,822 units and
16,107 staff at province scale): the unit and visitor filters are search boxes, not lists, and
the page's queries do not grow with the units or the staff (orgs.picker.PICKER_THRESHOLD)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from xingping.entities.testing import make_entity, make_visit
from xingping.orgs.models import Level
from xingping.orgs.picker import PICKER_THRESHOLD
from xingping.testing import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def grow(tree, start, n):
    """`n` more stations under 孝南, each with one staff member."""
    for i in range(start, start + n):
        unit = UnitFactory(code=f"XS{i:04d}", name=f"测试{i}所", level=Level.STATION, parent=tree.county)
        UserFactory(username=f"xs{i:04d}_staff", last_name=f"测试员{i}", unit=unit, roles="staff")


def page(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_the_visit_list_with_many_units_and_staff_lists_none_of_them_in_constant_queries(client, tree, campaign):
    make_visit(make_entity(tree.station, responsible=tree.station_staff), tree.station_staff, datetime.date(2026, 7, 1))
    client.force_login(tree.office)
    grow(tree, 0, 300)
    assert 300 > PICKER_THRESHOLD
    html, few = page(client, "/outreach/visits/?unit=XS0007&visitor=xs0007_staff")
    grow(tree, 300, 300)
    html, many = page(client, "/outreach/visits/?unit=XS0007&visitor=xs0007_staff")
    assert many == few
    assert html.count("<option") < 40  # the kind and method selects and the two chosen values, no list
    assert "测试8所" not in html and "xs0008_staff" not in html
    assert len(html) < 60_000
    assert 'name="unit"' in html and 'name="visitor"' in html and 'hx-get="/orgs/options/staff/?field=visitor"' in html


def test_the_chosen_unit_and_visitor_show_again_on_reload(client, tree, campaign):
    grow(tree, 0, PICKER_THRESHOLD + 1)
    client.force_login(tree.office)
    html, _n = page(client, "/outreach/visits/?unit=XS0007&visitor=xs0007_staff")
    assert 'value="XS0007"' in html and ">测试7所（XS0007）<" in html
    assert 'value="xs0007_staff"' in html and ">测试员7 · 测试7所<" in html


def test_a_typed_name_filters_and_a_foreign_one_is_refused(client, tree, campaign):
    grow(tree, 0, PICKER_THRESHOLD + 1)
    entity = make_entity(tree.station, responsible=tree.station_staff)
    visit = make_visit(entity, tree.station_staff, datetime.date(2026, 7, 1))
    make_visit(make_entity(tree.station3, responsible=tree.other_station_staff), tree.other_station_staff,
               datetime.date(2026, 7, 2))
    client.force_login(tree.office)
    response = client.get("/outreach/visits/", {"unit": "书院所"})  # no script: the exact name
    assert list(response.context["page"].object_list) == [visit]
    client.force_login(tree.county_leader)  # 孝南: 汉川's 城隍所 is not in the area
    response = client.get("/outreach/visits/", {"unit": "城隍所"})
    assert list(response.context["page"].object_list) == []
    assert response.context["form"].errors["unit"] == ["您可选的单位中没有代码或名称为“城隍所”的单位。"]
