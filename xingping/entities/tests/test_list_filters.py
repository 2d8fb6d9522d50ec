"""The entity registry filters by a unit picked from the tree (not a typed code), by the staff
member answerable (包保), status and kind, within the user's area (issue 13, part 6)."""

import pytest

from xingping.entities.testing import make_entity

pytestmark = pytest.mark.django_db


@pytest.fixture
def entities(tree):
    return {
        "xn01": make_entity(tree.station, responsible=tree.station_staff, name="书院甲商店"),
        "xn02": make_entity(tree.station2, responsible=tree.station2_staff, name="新华乙超市", kind="individual"),
        "hc01": make_entity(tree.station3, responsible=tree.other_station_staff, name="城隍丙饭店", status="deregistered"),
    }


def listed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return set(response.context["page"].object_list), response


def test_the_unit_is_picked_from_the_tree_and_takes_the_units_below(client, tree, entities):
    client.force_login(tree.office)
    rows, response = listed(client, "/entities/?unit=XN")
    assert rows == {entities["xn01"], entities["xn02"]}
    html = response.content.decode()
    assert 'data-testid="unit-picker"' in html and '<option value="XN" selected>' in html
    assert 'placeholder="单位代码"' not in html and 'name="unit" value=' not in html  # no typed code any more
    assert listed(client, "/entities/?unit=HC01")[0] == {entities["hc01"]}


def test_filter_by_responsible_status_and_kind(client, tree, entities):
    client.force_login(tree.office)
    assert listed(client, "/entities/?responsible=xn02_staff")[0] == {entities["xn02"]}
    assert listed(client, "/entities/?status=deregistered")[0] == {entities["hc01"]}
    assert listed(client, "/entities/?kind=individual&unit=XN")[0] == {entities["xn02"]}
    assert listed(client, "/entities/?q=饭店")[0] == {entities["hc01"]}


def test_a_unit_outside_the_area_is_refused_with_a_message(client, tree, entities):
    client.force_login(tree.county_leader)
    rows, response = listed(client, "/entities/?unit=HC01")
    assert rows == set() and response.context["form"].errors["unit"]
    assert 'data-testid="filter-errors"' in response.content.decode()
    assert {u.code for u in response.context["units"]} == {"XN", "XN01", "XN02"}
    staff = {u.username for u in response.context["form"].fields["responsible"].queryset}
    assert "hc01_staff" not in staff and "xn01_staff" in staff
