"""Dashboard figures per unit (open / done / overdue, average days to fix), rolled up for
the area in the database; reminders for `xingping remind`; the demo data."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from xingping.core.testing import frozen_today
from xingping.orgs.models import OrgUnit
from xingping.rectification import selectors, services
from xingping.rectification.models import RectificationItem
from xingping.rectification.tests.conftest import make_finding, make_item, png
from xingping.rectification.tests.test_fees import fee

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(tree, campaign):
    today = timezone.localdate()
    f1 = make_finding(tree, campaign)
    f2 = make_finding(tree, campaign, unit=tree.station2)
    f3 = make_finding(tree, campaign, unit=tree.station3)
    done = make_item(tree, f1)
    services.item_post_progress(actor=tree.station_staff, item=done, percent=100, note="完成", evidence=png())
    with frozen_today(today + datetime.timedelta(days=4)):
        services.item_confirm(actor=tree.station_leader, item=done)
    make_item(tree, f1, item="未完成")
    late = make_item(tree, f2, responsible=tree.station2_staff, actor=tree.office, item="逾期事项")
    RectificationItem.objects.filter(pk=late.pk).update(deadline=today - datetime.timedelta(days=2))
    make_item(tree, f3, responsible=tree.other_station_staff, actor=tree.office, fixed_on_creation=True, evidence=png())
    return today


def test_area_figures_roll_up(tree, campaign, items, django_assert_max_num_queries):
    units = OrgUnit.objects.filter(code__in=["XN", "XN01", "XN02", "HC", "KFQ"])
    with django_assert_max_num_queries(4):  # the units, then one GROUP BY each for items, findings, fees
        rows = {u.code: u for u in selectors.area_figures(campaign, units, items)}
    xn = rows["XN"]
    assert (xn.items_total, xn.items_open, xn.items_done, xn.items_overdue) == (3, 2, 1, 1)
    assert xn.avg_days_to_fix == 4.0
    assert (rows["XN01"].items_open, rows["XN02"].items_overdue) == (1, 1)
    assert rows["HC"].items_done == 1 and rows["HC"].avg_days_to_fix == 0.0 and rows["HC"].items_fixed_on_creation == 1
    assert rows["KFQ"].items_total == 0 and rows["KFQ"].avg_days_to_fix is None
    assert selectors.area_totals(campaign, None, items)["avg_days_to_fix"] == 2.0


def test_query_count_does_not_grow_with_items(client, tree, campaign, items, django_assert_max_num_queries):
    client.force_login(tree.office)
    for name in ("rectification:index", "rectification:item-list", "rectification:finding-list", "rectification:fee-list"):
        with django_assert_max_num_queries(20):
            assert client.get(reverse(name)).status_code == 200


def test_dashboard_section(client, tree, campaign, items):
    client.force_login(tree.county_leader)
    resp = client.get(reverse("core:dashboard"))
    section = next(s for s in resp.context["sections"] if s["template"].startswith("rectification/"))
    assert section["unit"] == tree.county and section["totals"]["items_overdue"] == 1
    assert [r.code for r in section["rows"]] == ["XN01", "XN02"]


def test_reminders_list_overdue_and_upcoming(tree, campaign, items):
    from xingping.core.reminders import reminders

    out = reminders()["rectification"](campaign, items, 12)
    assert any("逾期事项" in line for line in out[tree.station2.pk]["overdue"])
    assert len(out[tree.station.pk]["upcoming"]) == 1  # the open one, due in 10 days; the done one is left out
    assert tree.station3.pk not in out


def test_demo_is_idempotent(tree, campaign):
    from xingping.rectification import demo

    users = {u.username: u for u in tree.users_by_name().values()}
    users.update({"xn02_staff": tree.station2_staff, "hc01_staff": tree.other_station_staff})
    ctx = {"campaign": campaign, "users": users,
           "units": {"city": tree.city, "counties": [tree.county, tree.county2, tree.branch],
                     "stations": [tree.station, tree.station2, tree.station3]}}
    demo.load(ctx)
    counts = [m.objects.count() for m in (RectificationItem,)]
    assert counts[0] > 5
    assert set(RectificationItem.objects.values_list("status", flat=True)) == {"open", "in_progress", "reported", "returned", "done"}
    demo.load(ctx)
    assert [m.objects.count() for m in (RectificationItem,)] == counts


def test_remind_command_lists_overdue_items(tree, campaign, items):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("remind", "--campaign", campaign.slug, "--as-of", items.isoformat(), stdout=out)
    assert "逾期事项" in out.getvalue()


def test_rollup_rows_add_up_to_the_area_totals(tree, campaign, items):
    """A county's own items (and a department's, for the city) get a row of their own,
    so the rows of the table add up to the figures shown above it."""
    own = make_finding(tree, campaign, unit=tree.county, actor=tree.county_leader)
    make_item(tree, own, responsible=tree.county_leader, actor=tree.county_leader, item="本级事项")
    rows = selectors.rollup_rows(campaign, tree.county, items)
    assert rows[0].is_own and rows[0].code == "XN" and (rows[0].findings, rows[0].items_open) == (1, 1)
    totals = selectors.area_totals(campaign, tree.county, items)
    for name in ("findings", "items_open", "items_done", "items_overdue"):
        assert sum(getattr(r, name) for r in rows) == totals[name]
    assert not any(getattr(r, "is_own", False) for r in selectors.rollup_rows(campaign, tree.station, items))


def test_area_summary_is_area_totals_and_rollup_rows_in_three_queries_fewer(
        tree, campaign, items, django_assert_num_queries):
    """The dashboard and the overview read both from one set of grouped rows: the same
    figures, for every area and for everything, with fees and the unit's own row."""
    fee(tree, campaign, amount="600", refunded="240", refunded_on=items)
    fee(tree, campaign, unit=tree.county, amount="80")
    own = make_finding(tree, campaign, unit=tree.county, actor=tree.county_leader)
    make_item(tree, own, responsible=tree.county_leader, actor=tree.county_leader, item="本级事项")
    names = ("items_total", "items_open", "items_done", "items_overdue", "items_fixed_on_creation", "items_reported",
             "avg_days_to_fix", "findings", "fee_count", "fee_amount", "fee_refunded", "fee_outstanding")
    row_names = [n for n in names if n != "items_reported"]
    for unit in [None, *OrgUnit.objects.order_by("path")]:
        expected_totals = selectors.area_totals(campaign, unit, items)
        expected_rows = [(r.code, getattr(r, "is_own", False), *(getattr(r, n) for n in row_names))
                         for r in selectors.rollup_rows(campaign, unit, items)]
        with django_assert_num_queries(5 if unit is None else 4):  # 3 GROUP BY, the children (and the root)
            totals, rows = selectors.area_summary(campaign, unit, items)
        assert {n: totals[n] for n in names} == {n: expected_totals[n] for n in names}, unit
        assert [(r.code, getattr(r, "is_own", False), *(getattr(r, n) for n in row_names)) for r in rows] == expected_rows
    everything, _rows = selectors.area_summary(campaign, None, items)
    assert (everything["items_total"], everything["fee_count"], everything["fee_outstanding"]) == (5, 2, 440)
    assert everything["avg_days_to_fix"] == 2.0


def test_dashboard_says_whether_my_self_analysis_is_in(client, tree, campaign):
    client.force_login(tree.station_staff)
    html = client.get(reverse("core:dashboard")).content.decode()
    assert 'data-testid="my-self-analysis"' in html and reverse("rectification:selfanalysis-edit") in html
    services.self_analysis_save(actor=tree.station_staff, campaign=campaign, phenomena="表现", causes="原因", harm="危害",
                                submit=True)
    html = client.get(reverse("core:dashboard")).content.decode()
    assert 'data-testid="my-self-analysis"' in html and reverse("rectification:selfanalysis-edit") not in html
    client.force_login(tree.auditor)
    assert 'data-testid="my-self-analysis"' not in client.get(reverse("core:dashboard")).content.decode()
