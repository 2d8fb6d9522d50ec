"""The ledger filters by the person responsible and a deadline range (起/止), the findings by
the date found; both pick their unit from the tree (issue 13, part 6)."""

import pytest

from xingping.rectification.tests.conftest import days, make_finding, make_item

pytestmark = pytest.mark.django_db


def listed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return set(response.context["page"].object_list), response


def test_the_ledger_filters_by_responsible_and_deadline(client, tree, campaign, finding):
    soon = make_item(tree, finding, deadline_days=5)
    later = make_item(tree, finding, deadline_days=40, item="季度回头看", responsible=tree.station_leader)
    client.force_login(tree.office)
    assert listed(client, "/rectification/items/")[0] == {soon, later}
    assert listed(client, "/rectification/items/?responsible=xn01_leader")[0] == {later}
    assert listed(client, f"/rectification/items/?date_to={days(5).isoformat()}")[0] == {soon}
    assert listed(client, f"/rectification/items/?date_from={days(6).isoformat()}&date_to={days(40).isoformat()}")[0] == {later}
    rows, response = listed(client, f"/rectification/items/?date_from={days(40).isoformat()}&date_to={days(5).isoformat()}")
    assert rows == set() and response.context["filter_form"].non_field_errors()
    html = response.content.decode()
    assert 'data-testid="unit-picker"' in html and "起" in html and "止" in html


def test_findings_filter_by_the_date_found(client, tree, campaign):
    old = make_finding(tree, campaign, title="旧问题")
    old.found_on = days(-30)
    old.save()
    new = make_finding(tree, campaign, title="新问题")
    client.force_login(tree.office)
    assert listed(client, "/rectification/findings/")[0] == {old, new}
    assert listed(client, f"/rectification/findings/?date_to={days(-1).isoformat()}")[0] == {old}
    assert listed(client, f"/rectification/findings/?date_from={days(-1).isoformat()}&unit=XN")[0] == {new}
