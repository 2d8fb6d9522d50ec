"""`return_visit_coverage` maintained on write (outreach/return_tally.py) against the on-demand
count (outreach/figures.py `on_demand=True`, itself checked against the contract's reference in
tests/test_figures_reference.py).

Random worlds — penalties decided by stations, counties, the city and its departments on both
sides of the campaign year's first day, return visits (and ordinary visits) by the staff of
those units, of every method and verification, before and after the penalties — are then
changed through every path the database sees: saves, queryset updates and deletes of penalties
and visits, entities deregistered or deleted with their penalties, a department made a unit of
its own and moved under a county, the campaign's methods and year changed. After each change
the maintained figure must equal the on-demand one for every unit and several dates, and what
the triggers kept must equal what a rebuild computes.
"""

import datetime
import logging
import random

import pytest
from django.db import connection

from xingping.core.testing import frozen_today
from xingping.entities.models import EntityKind, EntityStatus, MarketEntity, Penalty
from xingping.entities.testing import make_entity, make_penalty, make_visit
from xingping.orgs.models import Level, OrgUnit
from xingping.outreach import figures, return_tally
from xingping.outreach.models import Method, Verification, Visit, VisitKind
from xingping.testing import Tree, make_campaign

D = datetime.date
DAY = datetime.timedelta(days=1)
READS = (D(2100, 1, 1), D(1990, 1, 1))  # every read of the tally forwards, then backwards (triggers.span_rows)


@pytest.fixture
def world(db):
    return Tree(), make_campaign()


def _as_ofs(campaign):
    y = campaign.year_start
    return [y - DAY, y, y + DAY, y.replace(month=2, day=28), y.replace(month=3, day=1), campaign.first_day,
            campaign.first_day + 45 * DAY, campaign.last_day, campaign.last_day + 40 * DAY]


def _assert_same(campaign):
    campaign.refresh_from_db()
    assert return_tally.current(campaign)
    for day in _as_ofs(campaign):
        expected = figures.return_visit_pairs(campaign, day, on_demand=True)
        for today in READS:
            with frozen_today(today):
                assert figures.return_visit_pairs(campaign, day) == expected, (day, today)


def _assert_kept_equals_rebuilt():
    kept = return_tally.rows()
    return_tally.rebuild(connection)
    assert return_tally.rows() == kept


def _populate(rng, tree, campaign, n_entities=50, n_penalties=70, n_visits=200):
    holders = [tree.station, tree.station2, tree.station3, tree.county, tree.branch]
    entities = [make_entity(rng.choice(holders), kind=rng.choice(list(EntityKind)),
                            status=rng.choice([EntityStatus.ACTIVE] * 4 + [EntityStatus.DEREGISTERED]))
                for _ in range(n_entities)]
    deciders = [tree.station, tree.station2, tree.station3, tree.county, tree.city, tree.dept, tree.jjz]
    lo, span = campaign.year_start - 60 * DAY, 420
    for _ in range(n_penalties):
        make_penalty(rng.choice(entities), rng.choice(deciders), lo + rng.randrange(span) * DAY)
    visitors = [tree.station_staff, tree.station2_staff, tree.other_station_staff, tree.county_staff,
                tree.dept_staff, tree.city_leader]
    seen = set()
    for _ in range(n_visits):
        entity, visitor = rng.choice(entities), rng.choice(visitors)
        day, kind = lo + rng.randrange(span) * DAY, rng.choice([VisitKind.RETURN] * 3 + [VisitKind.VISIT])
        if (entity.pk, visitor.pk, day, kind) in seen:
            continue
        seen.add((entity.pk, visitor.pk, day, kind))
        make_visit(entity, visitor, day, kind=kind, method=rng.choice([Method.ONSITE] * 3 + [Method.PHONE]),
                   verification=rng.choice(["", "", Verification.CONFIRMED, Verification.NOT_CONFIRMED]))
    return entities


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_maintained_return_visits_equal_the_on_demand_count_through_every_write(world, seed):
    tree, campaign = world
    rng = random.Random(seed)
    entities = _populate(rng, tree, campaign)
    got = {day: figures.return_visit_pairs(campaign, day) for day in _as_ofs(campaign)}
    assert any(0 < num < den for pairs in got.values() for num, den in pairs.values())  # not a trivial world
    _assert_same(campaign)
    _assert_kept_equals_rebuilt()

    # penalties one save at a time: moved in time (across the year's first day too), to another unit
    for penalty in rng.sample(list(Penalty.objects.all()), 25):
        penalty.decided_on += rng.choice([-90, -20, -1, 1, 15, 100]) * DAY
        if rng.random() < 0.4:
            penalty.unit = rng.choice([tree.station, tree.county, tree.dept, tree.city])
        penalty.save()
    _assert_same(campaign)

    # return visits one save at a time: moved, re-verified, their method changed
    for visit in rng.sample(list(Visit.objects.all()), 40):
        moved = visit.visited_on + rng.choice([-40, -3, -1, 1, 5, 60]) * DAY
        if not Visit.objects.filter(entity=visit.entity, visitor=visit.visitor, visited_on=moved, kind=visit.kind).exists():
            visit.visited_on = moved  # (the natural key allows one visit of a kind per visitor, entity and day)
        visit.verification = rng.choice(["", Verification.CONFIRMED, Verification.NOT_CONFIRMED])
        visit.method = rng.choice([Method.ONSITE, Method.PHONE])
        visit.save()
    _assert_same(campaign)

    # queryset updates and deletes (one statement over many rows)
    Penalty.objects.filter(unit=tree.station2).update(unit=tree.station)
    Penalty.objects.filter(pk__in=[p.pk for p in rng.sample(list(Penalty.objects.all()), 10)]).delete()
    Visit.objects.filter(unit=tree.county).update(verification=Verification.NOT_CONFIRMED)
    Visit.objects.filter(unit=tree.station, kind=VisitKind.VISIT).update(kind=VisitKind.RETURN)
    Visit.objects.filter(pk__in=[v.pk for v in rng.sample(list(Visit.objects.all()), 25)]).delete()
    _assert_same(campaign)

    # the registry: deregistered or back, in saves and a queryset update; deleted with their penalties
    for entity in rng.sample(entities, 12):
        entity.status = EntityStatus.ACTIVE if entity.status != EntityStatus.ACTIVE else EntityStatus.REVOKED
        entity.save()
    MarketEntity.objects.filter(unit=tree.branch).update(status=EntityStatus.DEREGISTERED)
    MarketEntity.objects.filter(pk__in=[e.pk for e in rng.sample(entities, 5)]).delete()
    _assert_same(campaign)

    # the tree: a department made a unit of its own (its penalties now count for it), another
    # moved under a county (its penalties count for the county)
    tree.dept.level = Level.BRANCH
    tree.dept.save()
    OrgUnit.objects.filter(pk=tree.jjz.pk).update(parent=tree.county)
    _assert_same(campaign)

    # the campaign: phone return visits counted too, then another year
    campaign.rules.setdefault("targets", {})["return_visit_coverage"] = {"methods": ["onsite", "phone"]}
    campaign.save()
    _assert_same(campaign)
    campaign.year -= 1
    campaign.save()
    _assert_same(campaign)
    _assert_kept_equals_rebuilt()


def test_a_penalty_and_a_return_visit_move_the_figure_in_the_same_transaction(world):
    tree, campaign = world
    entity = make_entity(tree.station)
    penalized = campaign.year_start + 40 * DAY
    assert tree.station.pk not in figures.return_visit_pairs(campaign, penalized)
    penalty = make_penalty(entity, tree.station, penalized)
    assert figures.return_visit_pairs(campaign, penalized)[tree.station.pk] == (0, 1)
    assert tree.station.pk not in figures.return_visit_pairs(campaign, penalized - DAY)
    visit = make_visit(entity, tree.station_staff, penalized + 3 * DAY, kind=VisitKind.RETURN)
    assert figures.return_visit_pairs(campaign, penalized + 3 * DAY)[tree.station.pk] == (1, 1)
    assert figures.return_visit_pairs(campaign, penalized + 2 * DAY)[tree.station.pk] == (0, 1)
    penalty.decided_on = penalized + 10 * DAY  # the visit is now before the penalty: not a return
    penalty.save()
    assert figures.return_visit_pairs(campaign, penalized + 20 * DAY)[tree.station.pk] == (0, 1)
    visit.visited_on = penalized + 10 * DAY  # on the penalty's day: a return
    visit.save()
    assert figures.return_visit_pairs(campaign, penalized + 10 * DAY)[tree.station.pk] == (1, 1)
    entity.status = EntityStatus.DEREGISTERED
    entity.save()
    assert tree.station.pk not in figures.return_visit_pairs(campaign, penalized + 20 * DAY)


def test_a_departments_penalty_counts_for_its_parent(world):
    tree, campaign = world
    entity = make_entity(tree.station)
    make_penalty(entity, tree.dept, campaign.year_start + 5 * DAY)
    make_visit(entity, tree.dept_staff, campaign.year_start + 6 * DAY, kind=VisitKind.RETURN)  # the city's visit
    assert figures.return_visit_pairs(campaign, campaign.last_day) == {tree.city.pk: (1, 1)}


def test_a_campaign_written_around_its_save_is_counted_on_demand_and_logged(world, caplog):
    tree, campaign = world
    entity = make_entity(tree.station)
    make_penalty(entity, tree.station, D(campaign.year - 1, 12, 20))  # last year's: not counted
    type(campaign).objects.filter(pk=campaign.pk).update(year=campaign.year - 1)
    campaign.refresh_from_db()
    assert not return_tally.current(campaign)
    with caplog.at_level(logging.WARNING, logger="xingping.outreach.figures"):
        got = figures.return_visit_pairs(campaign, D(campaign.year, 12, 31))
    assert got == {tree.station.pk: (0, 1)}  # counted in the year now asked for: not the stale tally's nothing
    assert "do not match its rules" in caplog.text


def test_a_campaign_that_counts_no_method_is_counted_on_demand(world, caplog):
    tree, campaign = world
    make_penalty(make_entity(tree.station), tree.station, campaign.year_start + DAY)
    campaign.rules.setdefault("targets", {})["return_visit_coverage"] = {"methods": []}
    campaign.save()
    assert not return_tally.current(campaign)
    with caplog.at_level(logging.WARNING, logger="xingping.outreach.figures"):
        assert figures.return_visit_pairs(campaign, campaign.last_day) == {tree.station.pk: (0, 1)}


def test_triggers_are_installed_and_two_queries_read_every_units_return_visits(world, django_assert_num_queries):
    tree, campaign = world
    assert return_tally.missing(connection) == []
    make_penalty(make_entity(tree.station), tree.station, campaign.year_start + DAY)
    with django_assert_num_queries(2):  # the rules' check, the tally
        assert figures.return_visit_pairs(campaign, campaign.last_day) == {tree.station.pk: (0, 1)}


def test_a_deleted_campaign_leaves_no_return_rows(world):
    tree, campaign = world
    make_penalty(make_entity(tree.station), tree.station, campaign.year_start + DAY)
    assert return_tally.rows()["tally"]
    campaign.delete()
    assert return_tally.rows() == {"pairs": [], "tally": []}


def test_a_flush_leaves_no_return_rows_behind(world):
    from django.core.management.sql import emit_post_migrate_signal

    tree, campaign = world
    make_penalty(make_entity(tree.station), tree.station, campaign.year_start + DAY)
    with connection.cursor() as cursor:  # a flush's order: the tallies first, then the sources
        cursor.execute(f"DELETE FROM {return_tally.TALLY}")
        cursor.execute(f"DELETE FROM {return_tally.PENALTY}")
    assert return_tally.rows()["tally"]  # what the pairs' delete trigger wrote
    emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)
    assert return_tally.rows() == {"pairs": [], "tally": []}


def test_a_penalty_import_keeps_the_tally(world, tmp_path):
    from django.core.management import call_command

    tree, campaign = world
    entity = make_entity(tree.station)
    make_visit(entity, tree.station_staff, campaign.year_start + 9 * DAY, kind=VisitKind.RETURN)
    path = tmp_path / "penalties.csv"
    path.write_text(f"case_no,uscc,unit_code,decided_on\nP-1,{entity.uscc},XN01,{campaign.year_start + 2 * DAY}\n"
                    f"P-2,{entity.uscc},XN01,{campaign.year_start + 20 * DAY}\n", encoding="utf-8")
    call_command("import", "penalties", str(path))
    assert figures.return_visit_pairs(campaign, campaign.last_day) == {tree.station.pk: (1, 1)}
    _assert_same(campaign)
    _assert_kept_equals_rebuilt()


def test_the_tallies_command_checks_and_rebuilds_the_return_visits(world):
    import io

    from django.core.management import CommandError, call_command

    from xingping.outreach.models import ReturnRule, ReturnTally

    tree, campaign = world
    entity = make_entity(tree.station)
    make_penalty(entity, tree.station, campaign.year_start + DAY)
    make_visit(entity, tree.station_staff, campaign.year_start + 2 * DAY, kind=VisitKind.RETURN)
    out = io.StringIO()
    call_command("tallies", "check", stdout=out)
    assert "return visit rows equal a fresh count" in out.getvalue()
    ReturnTally.objects.filter(part="r").update(n=5)  # a tally that no longer matches the visits
    with pytest.raises(CommandError, match="returns"):
        call_command("tallies", "check")
    ReturnRule.objects.update(method="phone")  # rules that no longer match the campaign's
    with pytest.raises(CommandError, match=campaign.slug):
        call_command("tallies", "check")
    call_command("tallies", "rebuild", stdout=io.StringIO())
    call_command("tallies", "check", stdout=io.StringIO())
    assert figures.return_visit_pairs(campaign, campaign.last_day) == {tree.station.pk: (1, 1)}
    return_tally.uninstall(connection)
    with pytest.raises(CommandError, match="outreach_return_"):
        call_command("tallies", "check")
