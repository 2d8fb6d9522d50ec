"""C4 `visit_coverage` and `return_visit_coverage`, edge by edge (campaign c2026: Jul 1 – Oct 31)."""

import datetime
import io
import json

import pytest
from django.core.management import call_command

from xingping.entities.testing import make_entity, make_penalty, make_visit
from xingping.metrics.engine import compute
from xingping.outreach import figures

D = datetime.date
AS_OF = D(2026, 9, 1)


def fig(campaign, unit, key="visit_coverage", as_of=AS_OF):
    data = compute(campaign, as_of=as_of, keys=[key])
    return next(u for u in data["units"] if u["code"] == unit.code)["metrics"][key]


def nd(f):
    return f["numerator"], f["denominator"]


# ---------------------------------------------------------------- visit_coverage: denominator

def test_station_counts_individuals_other_levels_only_enterprises(tree, campaign):
    make_entity(tree.station, kind="enterprise")
    make_entity(tree.station, kind="individual")
    assert nd(fig(campaign, tree.station)) == (0, 2)
    assert nd(fig(campaign, tree.county)) == (0, 1)
    assert nd(fig(campaign, tree.city)) == (0, 1)


def test_denominator_is_the_whole_area(tree, campaign):
    make_entity(tree.county)
    make_entity(tree.station)
    make_entity(tree.station2)
    make_entity(tree.station3)
    assert nd(fig(campaign, tree.county)) == (0, 3)
    assert nd(fig(campaign, tree.station)) == (0, 1)
    assert nd(fig(campaign, tree.city)) == (0, 4)
    assert nd(fig(campaign, tree.county2)) == (0, 1)


@pytest.mark.parametrize("status", ["deregistered", "revoked"])
def test_deregistered_and_revoked_entities_are_out(tree, campaign, status):
    gone = make_entity(tree.station, status=status)
    make_visit(gone, tree.station_staff, D(2026, 7, 10))
    assert nd(fig(campaign, tree.station)) == (0, 0)
    assert fig(campaign, tree.station)["rate"] is None


# ---------------------------------------------------------------- visit_coverage: numerator

def test_only_the_units_own_staff_count(tree, campaign):
    e = make_entity(tree.station)
    make_visit(e, tree.station_staff, D(2026, 7, 10))
    assert nd(fig(campaign, tree.station)) == (1, 1)
    assert nd(fig(campaign, tree.county)) == (0, 1)  # a station's visit is not the county's own
    make_visit(e, tree.county_staff, D(2026, 7, 11))
    assert nd(fig(campaign, tree.county)) == (1, 1)


def test_departments_staff_count_as_their_parents_own_staff(tree, campaign):
    e = make_entity(tree.station)
    make_visit(e, tree.dept_staff, D(2026, 7, 10))  # 办公室 (a department of the city)
    assert nd(fig(campaign, tree.city)) == (1, 1)
    assert nd(fig(campaign, tree.station)) == (0, 1)
    units = [u["code"] for u in compute(campaign, as_of=AS_OF)["units"]]
    assert "XG-BGS" not in units and "XG-JJZ" not in units and "XG" in units


def test_visits_to_entities_outside_the_area_do_not_count(tree, campaign):
    mine, theirs = make_entity(tree.station), make_entity(tree.station2)
    make_visit(theirs, tree.station_staff, D(2026, 7, 10))
    assert nd(fig(campaign, tree.station)) == (0, 1)
    assert nd(fig(campaign, tree.station2)) == (0, 1)
    make_visit(mine, tree.station_staff, D(2026, 7, 10))
    assert nd(fig(campaign, tree.station)) == (1, 1)


def test_window_first_day_through_as_of_inclusive(tree, campaign):
    before, first, on_as_of, after = (make_entity(tree.station) for _ in range(4))
    make_visit(before, tree.station_staff, D(2026, 6, 30))
    make_visit(first, tree.station_staff, D(2026, 7, 1))
    make_visit(on_as_of, tree.station_staff, AS_OF)
    make_visit(after, tree.station_staff, AS_OF + datetime.timedelta(days=1))
    assert nd(fig(campaign, tree.station)) == (2, 4)


def test_window_is_capped_at_the_last_day(tree, campaign):
    last, beyond = make_entity(tree.station), make_entity(tree.station)
    make_visit(last, tree.station_staff, D(2026, 10, 31))
    make_visit(beyond, tree.station_staff, D(2026, 11, 1))
    assert nd(fig(campaign, tree.station, as_of=D(2026, 12, 31))) == (1, 2)


def test_as_of_before_the_campaign_counts_nothing(tree, campaign):
    e = make_entity(tree.station)
    make_visit(e, tree.station_staff, D(2026, 6, 1))
    assert nd(fig(campaign, tree.station, as_of=D(2026, 6, 15))) == (0, 1)


@pytest.mark.parametrize("method,counts", [("onsite", True), ("phone", False), ("letter", False), ("email", False)])
def test_only_onsite_visits_count(tree, campaign, method, counts):
    e = make_entity(tree.station)
    make_visit(e, tree.station_staff, D(2026, 7, 10), method=method)
    assert nd(fig(campaign, tree.station)) == (int(counts), 1)


def test_return_visits_do_not_count_for_visit_coverage(tree, campaign):
    e = make_entity(tree.station)
    make_visit(e, tree.station_staff, D(2026, 7, 10), kind="return")
    assert nd(fig(campaign, tree.station)) == (0, 1)


@pytest.mark.parametrize("outcome,counts", [("", True), ("confirmed", True), ("unreachable", True), ("not_confirmed", False)])
def test_a_visit_found_not_confirmed_counts_for_nothing(tree, campaign, outcome, counts):
    e = make_entity(tree.station)
    make_visit(e, tree.station_staff, D(2026, 7, 10), verification=outcome)
    assert nd(fig(campaign, tree.station)) == (int(counts), 1)


def test_an_entity_visited_twice_counts_once(tree, campaign):
    e = make_entity(tree.station)
    make_visit(e, tree.station_staff, D(2026, 7, 10))
    make_visit(e, tree.station_staff, D(2026, 7, 11))
    make_visit(e, tree.station_leader, D(2026, 7, 11))
    assert nd(fig(campaign, tree.station)) == (1, 1)


def test_individual_visited_by_county_staff_is_not_in_the_county_figure(tree, campaign):
    e = make_entity(tree.station, kind="individual")
    make_visit(e, tree.county_staff, D(2026, 7, 10))
    assert nd(fig(campaign, tree.county)) == (0, 0)


# ---------------------------------------------------------------- targets, FIGURE shape

def test_targets_by_level_and_met(tree, campaign):
    for _ in range(10):
        make_entity(tree.county)
    e = make_entity(tree.station)
    make_visit(e, tree.station_staff, D(2026, 7, 10))
    data = {u["code"]: u["metrics"]["visit_coverage"] for u in compute(campaign, as_of=AS_OF)["units"]}
    assert data["XG"]["target"] == 0.10 and data["XN"]["target"] == 0.90
    assert data["KFQ"]["target"] == 0.90 and data["XN01"]["target"] == 1.00
    assert data["XN01"] == {"numerator": 1, "denominator": 1, "rate": 1.0, "target": 1.0, "met": True}
    assert data["XN"] == {"numerator": 0, "denominator": 11, "rate": 0.0, "target": 0.9, "met": False}
    assert data["KFQ"] == {"numerator": 0, "denominator": 0, "rate": None, "target": 0.9, "met": None}


def test_json_shape_is_exactly_c4(tree, campaign):
    data = compute(campaign, as_of=AS_OF)
    assert set(data) == {"campaign", "as_of", "units"}
    assert data["campaign"] == "c2026" and data["as_of"] == "2026-09-01"
    for unit in data["units"]:
        assert set(unit) == {"code", "name", "level", "metrics"}
        assert unit["level"] != "department"
        for f in unit["metrics"].values():
            assert set(f) == {"numerator", "denominator", "rate", "target", "met"}
    assert {"visit_coverage", "return_visit_coverage"} <= set(data["units"][0]["metrics"])


# ---------------------------------------------------------------- return_visit_coverage

def rv(campaign, unit, as_of=AS_OF):
    return nd(fig(campaign, unit, "return_visit_coverage", as_of))


def test_return_visit_after_the_penalty_by_own_staff_counts(tree, campaign):
    e = make_entity(tree.station)
    make_penalty(e, tree.station, D(2026, 3, 5))
    assert rv(campaign, tree.station) == (0, 1)
    make_visit(e, tree.station_staff, D(2026, 3, 5), kind="return")  # same day counts
    assert rv(campaign, tree.station) == (1, 1)
    assert rv(campaign, tree.county) == (0, 0)  # decided by the station, not by the county
    assert fig(campaign, tree.station, "return_visit_coverage")["target"] == 0.9


def test_penalties_before_january_first_are_out(tree, campaign):
    e = make_entity(tree.station)
    make_penalty(e, tree.station, D(2025, 12, 31))
    make_visit(e, tree.station_staff, D(2026, 7, 1), kind="return")
    assert rv(campaign, tree.station) == (0, 0)
    make_penalty(e, tree.station, D(2026, 1, 1))
    assert rv(campaign, tree.station) == (1, 1)


def test_penalties_after_as_of_are_out(tree, campaign):
    e = make_entity(tree.station)
    make_penalty(e, tree.station, AS_OF + datetime.timedelta(days=1))
    assert rv(campaign, tree.station) == (0, 0)
    make_penalty(e, tree.station, AS_OF)
    assert rv(campaign, tree.station) == (0, 1)


def test_return_visits_before_the_earliest_penalty_are_out(tree, campaign):
    e = make_entity(tree.station)
    make_penalty(e, tree.station, D(2026, 4, 10))
    make_penalty(e, tree.station, D(2026, 6, 10))
    make_visit(e, tree.station_staff, D(2026, 4, 9), kind="return")
    assert rv(campaign, tree.station) == (0, 1)  # two penalties, one entity
    make_visit(e, tree.station_leader, D(2026, 5, 1), kind="return")  # after the earliest: counts
    assert rv(campaign, tree.station) == (1, 1)


def test_return_visits_after_as_of_are_out(tree, campaign):
    e = make_entity(tree.station)
    make_penalty(e, tree.station, D(2026, 4, 10))
    make_visit(e, tree.station_staff, AS_OF + datetime.timedelta(days=1), kind="return")
    assert rv(campaign, tree.station) == (0, 1)
    assert rv(campaign, tree.station, as_of=AS_OF + datetime.timedelta(days=1)) == (1, 1)


def test_return_visits_before_the_campaign_window_count(tree, campaign):
    """Return visits are not limited to the campaign window: from the penalty to as_of."""
    e = make_entity(tree.station)
    make_penalty(e, tree.station, D(2026, 2, 1))
    make_visit(e, tree.station_staff, D(2026, 2, 20), kind="return")
    assert rv(campaign, tree.station) == (1, 1)


def test_penalty_decided_by_a_department_belongs_to_its_parent(tree, campaign):
    e = make_entity(tree.station)
    make_penalty(e, tree.dept, D(2026, 3, 1))
    assert rv(campaign, tree.city) == (0, 1)
    make_visit(e, tree.dept_staff, D(2026, 3, 2), kind="return")
    assert rv(campaign, tree.city) == (1, 1)
    assert rv(campaign, tree.station) == (0, 0)


@pytest.mark.parametrize("visitor,kind,method,verification", [
    ("station2_staff", "return", "onsite", ""),  # not the deciding unit's staff
    ("county_staff", "return", "onsite", ""),  # not even the parent counts
    ("station_staff", "visit", "onsite", ""),  # a plain visit is not a return visit
    ("station_staff", "return", "phone", ""),  # not on site
    ("station_staff", "return", "onsite", "not_confirmed"),  # found false
])
def test_return_visits_that_do_not_count(tree, campaign, visitor, kind, method, verification):
    e = make_entity(tree.station)
    make_penalty(e, tree.station, D(2026, 3, 1))
    make_visit(e, getattr(tree, visitor), D(2026, 7, 2), kind=kind, method=method, verification=verification)
    assert rv(campaign, tree.station) == (0, 1)


def test_penalised_entity_no_longer_active_is_out(tree, campaign):
    e = make_entity(tree.station, status="deregistered")
    make_penalty(e, tree.station, D(2026, 3, 1))
    assert rv(campaign, tree.station) == (0, 0)


# ---------------------------------------------------------------- area rollup (dashboard only)

def test_area_rollup_counts_visits_by_any_staff_of_the_area(tree, campaign):
    a, b, c = make_entity(tree.station), make_entity(tree.station2), make_entity(tree.station3)
    make_visit(a, tree.station_staff, D(2026, 7, 10))
    make_visit(b, tree.station_staff, D(2026, 7, 10))  # cross-station visit inside XN
    make_visit(c, tree.station_staff, D(2026, 7, 10))  # outside XN's area, inside the city's
    area = figures.visit_coverage_area(campaign, AS_OF)
    assert area[tree.county.pk] == (2, 2)
    assert area[tree.station.pk] == (1, 1)
    assert area[tree.station2.pk] == (0, 1)
    assert area[tree.city.pk] == (3, 3)
    assert area[tree.county2.pk] == (0, 1)
    own = figures.visit_coverage(campaign, AS_OF)
    assert own[tree.county.pk] == (0, 2)  # the C4 figure is unchanged


# ---------------------------------------------------------------- queries, command

def test_query_count_does_not_grow_with_units(tree, campaign, django_assert_max_num_queries):
    from xingping.testing import UnitFactory

    for i in range(3):
        make_visit(make_entity(tree.station), tree.station_staff, D(2026, 7, 10))
    with django_assert_max_num_queries(40) as ctx:
        compute(campaign, as_of=AS_OF)
    few = len(ctx.captured_queries)
    for i in range(30):
        UnitFactory(code=f"ZZ{i}", level="station", parent=tree.county2)
    with django_assert_max_num_queries(few):
        compute(campaign, as_of=AS_OF)


def test_metrics_command_json_csv_and_unit(tree, campaign):
    e = make_entity(tree.station)
    make_visit(e, tree.station_staff, D(2026, 7, 10))
    out = io.StringIO()
    call_command("metrics", "--campaign", "c2026", "--as-of", "2026-09-01", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert data == compute(campaign, as_of=AS_OF)
    out = io.StringIO()
    call_command("metrics", "--campaign", "c2026", "--as-of", "2026-09-01", "--unit", "XN", "--format", "json", stdout=out)
    assert [u["code"] for u in json.loads(out.getvalue())["units"]] == ["XN", "XN01", "XN02"]
    out = io.StringIO()
    call_command("metrics", "--campaign", "c2026", "--as-of", "2026-09-01", "--unit", "XN01", "--format", "csv", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "code,name,level,key,numerator,denominator,rate,target,met"
    assert "XN01,书院所,station,visit_coverage,1,1,1.0,1.0,true" in lines


# ---------------------------------------------------------------- whose visits count is data

def test_a_campaign_may_count_visits_by_any_staff_of_the_area(tree, campaign):
    e = make_entity(tree.station)
    make_visit(e, tree.county_staff, D(2026, 7, 10))  # the county's staff visit a station's entity
    assert nd(fig(campaign, tree.station)) == (0, 1)  # C4 default: only the station's own staff
    assert nd(fig(campaign, tree.county)) == (1, 1)
    campaign.rules["targets"]["visit_coverage"]["visits_by"] = "area"
    campaign.save()
    assert nd(fig(campaign, tree.station)) == (0, 1)  # the county is not in the station's area
    assert nd(fig(campaign, tree.county)) == (1, 1)
    assert nd(fig(campaign, tree.city)) == (1, 1)  # the city's area holds the county
    campaign.rules["targets"]["visit_coverage"]["visits_by"] = "own"
    campaign.save()
    assert nd(fig(campaign, tree.city)) == (0, 1)


# ---------------------------------------------------------------- snapshots on the pages

def _cache_key(part):
    from django.core.cache import cache

    return next(k for k in cache._cache if f".{part}." in k and k.endswith(".2026-09-01")).split(":", 2)[-1]


def test_a_recorded_visit_shows_at_once_and_a_recompute_elsewhere_shows_the_time(client, tree, campaign):
    """C4 at once; the area rollup (dear at province scale) within BACKGROUND_MIN_AGE, with its time
    on the page meanwhile; while another server recomputes, the previous figures with their time."""
    from django.core.cache import cache

    from xingping.metrics.selectors import BACKGROUND_MIN_AGE

    def page():
        resp = client.get("/metrics/units/XN01/?as_of=2026-09-01")
        f = {k: (f["numerator"], f["denominator"]) for k, _label, f in resp.context["figures"]}
        return f["visit_coverage"], f["visit_coverage_area"], 'data-testid="stale-figures"' in resp.content.decode()

    e = make_entity(tree.station)
    client.force_login(tree.county_leader)
    assert page() == ((0, 1), (0, 1), False)
    make_visit(e, tree.station_staff, D(2026, 7, 5))
    assert page() == ((1, 1), (0, 1), True)  # the C4 figure at once; the area rollup says when it was computed
    area = _cache_key("area")
    cache.set(area, {**cache.get(area), "at": cache.get(area)["at"] - BACKGROUND_MIN_AGE - 1})
    assert page() == ((1, 1), (1, 1), False)

    make_visit(make_entity(tree.station), tree.station_staff, D(2026, 7, 6))
    assert cache.add(_cache_key("c4") + ".lock", 1, 60)  # another app server is recomputing C4
    cache.set(area, {**cache.get(area), "at": cache.get(area)["at"] - BACKGROUND_MIN_AGE - 1})
    resp = client.get("/metrics/units/XN01/?as_of=2026-09-01")
    assert page()[0] == (1, 1) and "数据计算于" in resp.content.decode()  # the previous figures, with their time
    cache.delete(_cache_key("c4") + ".lock")
    assert page()[0] == (2, 2)


def test_while_the_first_area_rollup_is_computed_the_pages_say_so_instead_of_a_number(client, tree, campaign,
                                                                                       monkeypatch):
    from types import SimpleNamespace

    from xingping.core import snapshots
    from xingping.metrics import tasks

    monkeypatch.setattr(snapshots, "shared", lambda: True)  # production: Redis, shared with the worker
    monkeypatch.setattr(tasks, "refresh_snapshot", SimpleNamespace(enqueue=lambda *args: None))  # no worker yet
    make_visit(make_entity(tree.station), tree.station_staff, D(2026, 7, 5))
    client.force_login(tree.county_leader)
    resp = client.get("/metrics/?as_of=2026-09-01&area=1")
    body = resp.content.decode()
    assert "区域汇总正在计算" in body and "/visit_coverage_area/numerator/" not in body
    assert [k for k, _label in resp.context["keys"]][:2] == ["visit_coverage", "return_visit_coverage"]
    client.force_login(tree.county_leader)
    body = client.get("/").content.decode()
    assert "区域汇总正在计算" in body and "进度图正在计算" in body
