"""`visit_coverage` maintained on write (outreach/coverage_tally.py, entities/tally.py) against
the on-demand count (outreach/figures.py `on_demand=True`, itself checked against the contract's
reference in tests/test_figures_reference.py).

Random worlds — entities of both kinds on every unit, visits by staff of stations, counties,
the city's departments, of every kind, method and verification, on both sides of the campaign's
first and last day — are then changed through every path the database sees: saves, queryset
updates (a visit's day, method, verification, unit), deletes, an entity deregistered, re-kinded
or handed to another station, a unit moved, the campaign's rules and first day changed. After
each change the maintained figures must equal the on-demand ones for every unit and several
dates, and what the triggers kept must equal what a rebuild computes.
"""

import datetime
import logging
import random

import pytest
from django.db import connection

from xingping.accounts.models import User
from xingping.core.testing import frozen_today
from xingping.entities import tally as entity_tally
from xingping.entities.models import EntityKind, EntityStatus, MarketEntity
from xingping.entities.testing import make_entity, make_visit
from xingping.orgs.services import unit_move
from xingping.outreach import coverage_tally, figures
from xingping.outreach.models import Method, Verification, Visit, VisitKind
from xingping.testing import Tree, make_campaign

D = datetime.date
DAY = datetime.timedelta(days=1)
# Todays that make every read of the tally go forwards (long after) and backwards (long before;
# core/triggers.py `span_rows`): both must give the on-demand figure.
READS = (D(2100, 1, 1), D(1990, 1, 1))


@pytest.fixture
def world(db):
    tree = Tree()
    campaign = make_campaign()
    return tree, campaign


def _as_ofs(campaign):
    f, last = campaign.first_day, campaign.last_day
    return [f - DAY, f, f + DAY, f.replace(day=28), f + 40 * DAY, last - DAY, last, last + 30 * DAY]


def _assert_same(campaign):
    campaign.refresh_from_db()
    assert coverage_tally.current(campaign)
    for day in _as_ofs(campaign):
        expected = figures.visit_coverage(campaign, day, on_demand=True)
        for today in READS:
            with frozen_today(today):
                assert figures.visit_coverage(campaign, day) == expected, (day, today)


def _assert_kept_equals_rebuilt():
    kept, kept_entities = coverage_tally.rows(), entity_tally.rows()
    coverage_tally.rebuild(connection)
    entity_tally.rebuild(connection)
    assert coverage_tally.rows() == kept
    assert entity_tally.rows() == kept_entities


def _populate(rng, tree, campaign, n_entities=60, n_visits=220):
    holders = [tree.station, tree.station2, tree.station3, tree.county, tree.branch, tree.city, tree.dept]
    entities = [make_entity(rng.choice(holders), kind=rng.choice(list(EntityKind)),
                            status=rng.choice([EntityStatus.ACTIVE] * 4 + [EntityStatus.DEREGISTERED]))
                for _ in range(n_entities)]
    visitors = [tree.station_staff, tree.station2_staff, tree.other_station_staff, tree.county_staff,
                tree.dept_staff, tree.office, tree.station_leader]
    lo = campaign.first_day - 20 * DAY
    span = (campaign.last_day - lo).days + 40
    seen = set()
    for _ in range(n_visits):
        entity, visitor = rng.choice(entities), rng.choice(visitors)
        day, kind = lo + rng.randrange(span) * DAY, rng.choice([VisitKind.VISIT] * 4 + [VisitKind.RETURN])
        if (entity.pk, visitor.pk, day, kind) in seen:
            continue
        seen.add((entity.pk, visitor.pk, day, kind))
        make_visit(entity, visitor, day, kind=kind, method=rng.choice([Method.ONSITE] * 4 + [Method.PHONE]),
                   verification=rng.choice(["", "", Verification.CONFIRMED, Verification.NOT_CONFIRMED,
                                            Verification.UNREACHABLE]))
    return entities


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_maintained_coverage_equals_the_on_demand_count_through_every_write(world, seed):
    tree, campaign = world
    rng = random.Random(seed)
    entities = _populate(rng, tree, campaign)
    _assert_same(campaign)
    _assert_kept_equals_rebuilt()

    # one save at a time: a visit moved in time, re-verified, its method changed
    for visit in rng.sample(list(Visit.objects.all()), 40):
        moved = visit.visited_on + rng.choice([-30, -3, -1, 1, 5, 60]) * DAY
        if not Visit.objects.filter(entity=visit.entity, visitor=visit.visitor, visited_on=moved, kind=visit.kind).exists():
            visit.visited_on = moved  # (the natural key allows one visit of a kind per visitor, entity and day)
        visit.verification = rng.choice(["", Verification.CONFIRMED, Verification.NOT_CONFIRMED])
        visit.method = rng.choice([Method.ONSITE, Method.PHONE])
        visit.save()
    _assert_same(campaign)

    # queryset updates and deletes (raw statements)
    Visit.objects.filter(unit=tree.station).filter(pk__in=[v.pk for v in rng.sample(list(Visit.objects.all()), 30)]) \
        .update(verification=Verification.NOT_CONFIRMED)
    Visit.objects.filter(unit=tree.county, visited_on__lt=campaign.first_day + 30 * DAY).update(unit=tree.station2)
    Visit.objects.filter(pk__in=[v.pk for v in rng.sample(list(Visit.objects.all()), 25)]).delete()
    _assert_same(campaign)

    # the registry: deregistered, re-kinded, handed to another station, deleted
    for entity in rng.sample(entities, 15):
        entity.status = EntityStatus.ACTIVE if entity.status != EntityStatus.ACTIVE else EntityStatus.REVOKED
        entity.kind = rng.choice(list(EntityKind))
        entity.unit = rng.choice([tree.station, tree.station2, tree.station3, tree.county])
        entity.save()
    MarketEntity.objects.filter(unit=tree.branch).update(unit=tree.station3)
    MarketEntity.objects.filter(pk__in=[e.pk for e in rng.sample(entities, 5)]).delete()
    _assert_same(campaign)

    # the tree: a station moved to the other county (containment is judged at read time)
    unit_move(actor=tree.office, unit=tree.station2, parent=tree.county2)
    _assert_same(campaign)

    # the campaign: other methods counted, then a later first day
    campaign.rules.setdefault("targets", {})["visit_coverage"] = {"methods": ["onsite", "phone"]}
    campaign.save()
    _assert_same(campaign)
    campaign.first_day += 10 * DAY
    campaign.save()
    _assert_same(campaign)
    _assert_kept_equals_rebuilt()


def test_a_visit_moves_the_figure_in_the_same_transaction(world):
    tree, campaign = world
    entity = make_entity(tree.station)
    day = campaign.first_day + 5 * DAY
    assert figures.visit_coverage(campaign, day)[tree.station.pk] == (0, 1)
    visit = make_visit(entity, tree.station_staff, day)
    assert figures.visit_coverage(campaign, day)[tree.station.pk] == (1, 1)
    assert figures.visit_coverage(campaign, day - DAY)[tree.station.pk] == (0, 1)
    visit.verification = Verification.NOT_CONFIRMED
    visit.save()
    assert figures.visit_coverage(campaign, day)[tree.station.pk] == (0, 1)


def test_a_campaign_written_around_its_save_is_counted_from_the_visits_and_logged(world, caplog):
    tree, campaign = world
    entity = make_entity(tree.station)
    make_visit(entity, tree.station_staff, campaign.first_day + 2 * DAY)
    type(campaign).objects.filter(pk=campaign.pk).update(first_day=campaign.first_day + 5 * DAY)
    campaign.refresh_from_db()
    assert not coverage_tally.current(campaign)
    with caplog.at_level(logging.WARNING, logger="xingping.outreach.figures"):
        got = figures.visit_coverage(campaign, campaign.first_day + 10 * DAY)
    assert got[tree.station.pk] == (0, 1)  # the visit is now before the window: not the stale tally's 1
    assert "do not match its rules" in caplog.text


def test_triggers_are_installed_and_three_queries_read_every_units_coverage(world, django_assert_num_queries):
    tree, campaign = world
    assert coverage_tally.missing(connection) == []
    assert entity_tally.missing(connection) == []
    make_visit(make_entity(tree.station), tree.station_staff, campaign.first_day)
    with django_assert_num_queries(3):  # the rules' check, the numerators, the denominators
        figures.visit_coverage(campaign, campaign.first_day + DAY)


def test_a_deleted_campaign_leaves_no_coverage_rows(world):
    tree, campaign = world
    make_visit(make_entity(tree.station), tree.station_staff, campaign.first_day)
    assert coverage_tally.rows()["tally"]
    campaign.delete()
    assert coverage_tally.rows() == {"first": [], "tally": []}


def test_a_flush_leaves_no_coverage_or_entity_tally_behind(world):
    from django.core.management.sql import emit_post_migrate_signal

    tree, campaign = world
    make_visit(make_entity(tree.station), tree.station_staff, campaign.first_day)
    with connection.cursor() as cursor:  # a flush's order: the tallies first, then the sources
        cursor.execute(f"DELETE FROM {coverage_tally.TALLY}")
        cursor.execute(f"DELETE FROM {entity_tally.TABLE}")
        cursor.execute(f"DELETE FROM {coverage_tally.VISIT}")
        cursor.execute(f"DELETE FROM {coverage_tally.ENTITY}")
    assert coverage_tally.rows()["tally"] or entity_tally.rows()  # what the delete triggers wrote
    emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)
    assert coverage_tally.rows() == {"first": [], "tally": []}
    assert entity_tally.rows() == []
    assert User.objects.exists()  # only the tallies were touched


def _import(kind, tmp_path, text):
    from django.core.management import call_command

    path = tmp_path / f"{kind}.csv"
    path.write_text(text, encoding="utf-8")
    try:
        call_command("import", kind, str(path))
    except SystemExit as exc:
        return exc.code
    return 0


def test_bulk_imports_keep_the_tallies_into_empty_and_filled_tables(world, tmp_path):
    """The importers' two paths: a load into an empty table (on SQLite its insert trigger is set
    aside and the loaded rows counted once, in the import's transaction) and a load into a table
    that has rows (the triggers); a failed import leaves the triggers and the tallies as they were."""
    from xingping.entities.testing import make_uscc

    tree, campaign = world
    codes = [make_uscc(910000 + i) for i in range(6)]
    header = "uscc,name,kind,status,unit_code,responsible,registered_on\n"
    rows = [f"{code},主体{i},{'individual' if i % 3 == 0 else 'enterprise'},active,{'XN01' if i % 2 else 'XN'},,"
            for i, code in enumerate(codes)]
    assert _import("entities", tmp_path, header + "\n".join(rows[:4]) + "\n") == 0  # an empty registry
    assert _import("entities", tmp_path, header + "\n".join(rows[3:]) + "\n") == 0  # a filled one
    day = campaign.first_day + 3 * DAY
    visits = "uscc,visitor,visited_on,kind,method\n" + "".join(
        f"{code},{'xn01_staff' if i % 2 else 'xn_staff'},{day + i * DAY},visit,onsite\n" for i, code in enumerate(codes[:4]))
    assert _import("visits", tmp_path, visits) == 0  # an empty visit table
    more = f"uscc,visitor,visited_on,kind,method\n{codes[5]},xn01_staff,{day},visit,onsite\n"
    assert _import("visits", tmp_path, more) == 0
    bad = f"uscc,visitor,visited_on,kind,method\n{codes[4]},xn_staff,{day},visit,onsite\n{codes[4]},nobody-here,{day},visit,x\n"
    assert _import("visits", tmp_path, bad) != 0
    assert coverage_tally.missing(connection) == [] and entity_tally.missing(connection) == []
    assert Visit.objects.count() == 5
    _assert_same(campaign)
    _assert_kept_equals_rebuilt()
    assert figures.visit_coverage(campaign, day + 10 * DAY)[tree.station.pk][0] > 0
