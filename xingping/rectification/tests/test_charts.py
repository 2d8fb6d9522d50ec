"""The rectification overview's chart: items by class and status, counted in the database."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from xingping.rectification import charts
from xingping.rectification.models import ItemClass, ItemStatus, RectificationItem
from xingping.rectification.tests.conftest import days, make_finding, make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(tree, campaign):
    finding = make_finding(tree, campaign)
    steps = {ItemClass.PLANNED: {"milestones": [("第一步", days(5))]}, ItemClass.POLICY: {"request_text": "请示收费依据"}}
    made = [make_item(tree, finding, item=f"事项{i}", item_class=c, **steps.get(c, {})) for i, c in enumerate(
        [ItemClass.DEADLINE, ItemClass.DEADLINE, ItemClass.PLANNED, ItemClass.POLICY])]
    RectificationItem.objects.filter(pk=made[0].pk).update(status=ItemStatus.DONE, progress=100, completed_on=days(0))
    RectificationItem.objects.filter(pk=made[2].pk).update(status=ItemStatus.IN_PROGRESS)
    other = make_finding(tree, campaign, unit=tree.station3, actor=tree.office)
    make_item(tree, other, item="汉川事项", actor=tree.office, responsible=tree.other_station_staff)
    return made


def test_items_by_class_and_status_in_one_query(tree, campaign, items):
    with CaptureQueriesContext(connection) as queries:
        counts = charts.items_by_class_and_status(campaign, tree.county)
    assert len(queries) == 1
    assert counts == {("deadline", "done"): 1, ("deadline", "open"): 1, ("planned", "in_progress"): 1,
                      ("policy", "open"): 1}  # HC01's item is not in XN's area
    assert sum(charts.items_by_class_and_status(campaign, None).values()) == 5


def test_class_status_chart_stacks_the_statuses(tree, campaign, items):
    chart = charts.class_status_chart(campaign, tree.county)
    assert chart["payload"]["stacked"] and chart["payload"]["categories"] == [str(c.label) for c in ItemClass]
    series = {s["name"]: s["values"] for s in chart["payload"]["views"][0]["series"]}
    assert series[str(ItemStatus.DONE.label)] == [1, 0, 0] and series[str(ItemStatus.OPEN.label)] == [1, 0, 1]
    assert series[str(ItemStatus.IN_PROGRESS.label)] == [0, 1, 0] and series[str(ItemStatus.RETURNED.label)] == [0, 0, 0]
    assert "4" in chart["summary"] and "1" in chart["summary"]


def test_the_overview_shows_the_chart_and_its_table(client, tree, campaign, items):
    client.force_login(tree.county_leader)
    html = client.get(reverse("rectification:index")).content.decode()
    assert 'data-xp-chart="bars"' in html and 'id="rectification-items-data"' in html
    assert 'data-testid="chart-table-rectification-items"' in html
