"""The dashboard's charts (issue 13 part 7) from known figures: the units below the user's
unit with their rates and targets, and the visits summed week by week."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from xingping.cases.models import Case, Kind
from xingping.core.testing import frozen_today
from xingping.entities.testing import make_entity, make_visit
from xingping.metrics import charts
from xingping.outreach.charts import visits_by_week

DAY = datetime.date(2026, 9, 1)


def _case(unit, received, replied=None):
    from xingping.cases import services

    case = services.case_create(actor=None, kind=Kind.COMPLAINT, unit=unit, received_on=received, title="投诉",
                                  complainant_name="张三")
    if replied:
        Case.objects.filter(pk=case.pk).update(replied_on=replied)
    return case


@pytest.fixture
def known(tree, campaign):
    with frozen_today(DAY):
        _case(tree.county, datetime.date(2026, 8, 1), replied=datetime.date(2026, 8, 3))
        _case(tree.county, datetime.date(2026, 8, 2))
        _case(tree.station, datetime.date(2026, 8, 2), replied=datetime.date(2026, 8, 5))
        _case(tree.county2, datetime.date(2026, 8, 4), replied=datetime.date(2026, 8, 6))
    return tree


@pytest.mark.django_db
def test_units_below_the_users_unit(known):
    tree = known
    assert {u.code for u in charts.units_below(tree.office)} == {"XN", "HC", "KFQ"}
    assert {u.code for u in charts.units_below(tree.county_leader)} == {"XN01", "XN02"}
    assert charts.units_below(tree.station_staff) == []


@pytest.mark.django_db
def test_figures_by_unit_with_the_target(known, campaign):
    tree = known
    with frozen_today(DAY):
        units = [tree.county, tree.county2, tree.branch]
        categories, views, _stale = charts.figures_by_unit(campaign, DAY, units)
    assert categories == ["孝南区局", "汉川市局", "开发区分局"]
    assert views[0]["key"] == "visit_coverage_area"  # the area rollup first
    view = next(v for v in views if v["key"] == "complaint_reply_rate")
    assert view["name"] == "投诉举报答复率"
    # XN: 1 of its 2 own cases replied (the station's case is the station's); HC: 1 of 1; KFQ: none
    assert view["series"][0]["values"] == [50.0, 100.0, None]
    assert view["series"][0]["colors"] == [charts.RED, charts.GREEN, charts.GREY]
    assert view["targets"]["values"] == [100.0, 100.0, 100.0]
    coverage = next(v for v in views if v["key"] == "visit_coverage")
    assert coverage["targets"]["values"] == [90.0, 90.0, 90.0]  # county and branch targets of the seed plan


@pytest.mark.django_db
def test_figures_chart_and_its_table(known, campaign):
    tree = known
    with frozen_today(DAY):
        chart = charts.figures_chart(campaign, DAY, tree.office)
        assert charts.figures_chart(campaign, DAY, tree.station_staff) is None  # nothing below a station
    assert chart["kind"] == "bars" and chart["switch"] and chart["payload"]["percent"]
    header = chart["table"]["header"]
    col = header.index("投诉举报答复率")
    rows = {r[0]: r for r in chart["table"]["rows"]}
    assert rows["孝南区局"][col] == "50.0%" and rows["开发区分局"][col] == "—"
    assert rows["孝南区局"][header.index("投诉举报答复率 · 目标")] == "100.0%"


@pytest.mark.django_db
def test_visits_by_week_counted_in_the_database_and_scoped(tree, campaign):
    mine = make_entity(tree.station, responsible=tree.station_staff)
    other = make_entity(tree.station3, responsible=tree.other_station_staff)
    first = campaign.first_day  # 2026-07-01, a Wednesday: its week starts on Monday 6-29
    make_visit(mine, tree.station_staff, first)
    make_visit(mine, tree.station_staff, first + datetime.timedelta(days=1), kind="return")
    make_visit(mine, tree.station_staff, first + datetime.timedelta(days=7))
    make_visit(other, tree.other_station_staff, first + datetime.timedelta(days=7))
    until = first + datetime.timedelta(days=14)
    with CaptureQueriesContext(connection) as queries:
        weeks, counts = visits_by_week(campaign, tree.county_leader, until)
    assert len(queries) == 1
    assert weeks[0] == datetime.date(2026, 6, 29) and len(weeks) == 3
    assert counts["visit"] == [1, 1, 0] and counts["return"] == [1, 0, 0]
    _weeks, everything = visits_by_week(campaign, tree.office, until)
    assert everything["visit"] == [1, 2, 0]
    with frozen_today(until):
        chart = charts.progress_chart(campaign, until, tree.office)
    assert chart["payload"]["categories"] == ["6/29", "7/6", "7/13"]
    assert chart["payload"]["series"][0]["values"] == [1, 3, 3]  # a running total


@pytest.mark.django_db
def test_dashboard_shows_the_charts_with_their_tables(client, known, campaign):
    tree = known
    with frozen_today(DAY):
        client.force_login(tree.office)
        html = client.get(reverse("core:dashboard")).content.decode()
    assert 'data-xp-chart="bars"' in html and 'id="figures-by-unit-data"' in html
    assert 'data-xp-chart="lines"' in html and 'data-testid="chart-table-campaign-weeks"' in html
    assert "<script>" not in html  # no inline script (CSP)
