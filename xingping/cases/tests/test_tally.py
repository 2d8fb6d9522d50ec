"""The case figures maintained on write (cases/tally.py) against the on-demand reference.

Random worlds of cases of every kind, on every unit (departments included), with every step date
on both sides of every `as_of`, are written through every path the database sees — one save at a
time, bulk inserts, queryset updates that move cases between units and kinds, deletes — and after
each the tallies must give exactly what counting the cases gives, for every key, unit and date.
"""

import datetime
import random

import pytest
from django.db import connection

from xingping.cases import figures, tally
from xingping.cases.models import Case, CaseTally, Kind
from xingping.cases.tests.conftest import make_case
from xingping.testing import Tree, make_campaign

D = datetime.date
KEYS = ["complaint_reply_rate", "misconduct_reply_rate", "misconduct_handling_rate", "deputy_meeting_rate",
        "deputy_completion_rate"]
AS_OFS = [D(2025, 12, 31), D(2026, 1, 1), D(2026, 3, 1), D(2026, 3, 2), D(2026, 6, 30), D(2026, 7, 1),
          D(2026, 10, 31), D(2027, 1, 5)]
KINDS = [Kind.COMPLAINT, Kind.REPORT, Kind.PETITION, Kind.MISCONDUCT, Kind.SUGGESTION, Kind.PROPOSAL,
         Kind.MEETING_QUESTION, Kind.DISCLOSURE_REQUEST]


def _day(rng, lo=D(2025, 12, 20), hi=D(2027, 1, 10)):
    return lo + datetime.timedelta(days=rng.randrange((hi - lo).days + 1))


def _maybe(rng, after):
    """A step date: none, the same day, before it (bad data the figures must still count), or later."""
    pick = rng.random()
    if pick < 0.3:
        return None
    if pick < 0.45:
        return after
    if pick < 0.5:
        return after - datetime.timedelta(days=rng.randrange(1, 5))
    return after + datetime.timedelta(days=rng.randrange(0, 120))


def _fields(rng, units):
    received = _day(rng)
    verified = rng.choice([None, False, True, True])
    return dict(
        kind=rng.choice(KINDS), named=rng.random() < 0.7, received_on=received,
        replied_on=_maybe(rng, received), completed_on=_maybe(rng, received), met_on=_maybe(rng, received),
        verified=verified, verified_on=_maybe(rng, received) if verified is not None else None,
        handled_on=_maybe(rng, received), unit=rng.choice(units),
    )


def _case(rng, units, number):
    f = _fields(rng, units)
    subject = f.pop("unit") if f["kind"] == Kind.MISCONDUCT else None
    unit = subject or f.pop("unit")
    f.pop("unit", None)
    return make_case(unit, number=number, subject=subject, **f)


def _assert_same(campaign, units):
    for key in KEYS:
        for as_of in AS_OFS:
            maintained = figures.pairs(campaign, as_of, units, key)
            reference = figures.pairs(campaign, as_of, units, key, reference=True)
            assert maintained == reference, (key, as_of)


def _table():
    return sorted(CaseTally.objects.exclude(n=0).values_list("via", "unit_id", "kind", "named", "year", "measure",
                                                             "day", "n"))


@pytest.fixture
def world(db):
    tree = Tree()
    campaign = make_campaign()
    units = [tree.city, tree.dept, tree.jjz, tree.county, tree.station, tree.station2, tree.county2, tree.station3,
             tree.branch]
    return tree, campaign, units


@pytest.mark.parametrize("seed", range(6))
def test_tallies_equal_the_reference_through_every_write_path(world, seed):
    tree, campaign, units = world
    rng = random.Random(seed)
    for i in range(60):  # one save at a time (the services' path)
        _case(rng, units, f"S{seed}-{i}")
    _assert_same(campaign, units)

    # bulk insert (the importer's path)
    batch = []
    for i in range(40):
        f = _fields(rng, units)
        subject = f["unit"] if f["kind"] == Kind.MISCONDUCT else None
        batch.append(Case(number=f"B{seed}-{i}", subject_unit=subject, **f))
    Case.objects.bulk_create(batch)
    _assert_same(campaign, units)

    # saves that change steps, kinds, units and anonymity
    for case in rng.sample(list(Case.objects.all()), 40):
        f = _fields(rng, units)
        for name in ("replied_on", "completed_on", "met_on", "verified", "verified_on", "handled_on", "named"):
            setattr(case, name, f[name])
        if case.kind != Kind.MISCONDUCT and f["kind"] != Kind.MISCONDUCT:
            case.kind, case.unit = f["kind"], f["unit"]
        else:
            case.subject_unit = f["unit"]
        case.save()
    _assert_same(campaign, units)

    # queryset updates and deletes (raw statements)
    Case.objects.filter(unit=tree.station).update(unit=tree.dept)
    Case.objects.filter(kind=Kind.COMPLAINT, named=False).update(named=True, replied_on=None)
    Case.objects.filter(received_on__lt=D(2026, 3, 1)).delete()
    _assert_same(campaign, units)

    maintained = _table()
    assert tally.rebuild() > 0
    assert _table() == maintained  # what the triggers kept is what a rebuild computes


def test_a_reply_moves_the_figure_in_the_same_transaction(world):
    tree, campaign, units = world
    case = make_case(tree.station, received_on=D(2026, 3, 2))
    assert figures.pairs(campaign, D(2026, 3, 10), units, "complaint_reply_rate") == {tree.station.pk: (0, 1)}
    case.replied_on = D(2026, 3, 5)
    case.save()
    assert figures.pairs(campaign, D(2026, 3, 10), units, "complaint_reply_rate") == {tree.station.pk: (1, 1)}
    assert figures.pairs(campaign, D(2026, 3, 4), units, "complaint_reply_rate") == {tree.station.pk: (0, 1)}


def test_a_departments_cases_count_for_its_parent_even_after_the_tally_was_written(world):
    tree, campaign, units = world
    make_case(tree.dept, received_on=D(2026, 3, 2), replied_on=D(2026, 3, 3))
    assert figures.pairs(campaign, D(2026, 3, 10), units, "complaint_reply_rate") == {tree.city.pk: (1, 1)}


def test_triggers_are_installed_and_one_query_reads_a_figure(world, django_assert_num_queries):
    tree, campaign, units = world
    assert tally.missing(connection) == []
    make_case(tree.station, received_on=D(2026, 3, 2))
    with django_assert_num_queries(1):
        figures.pairs(campaign, D(2026, 3, 10), units, "complaint_reply_rate")


def test_the_tallies_command_checks_and_rebuilds(world):
    import io

    from django.core.management import CommandError, call_command

    tree, campaign, units = world
    make_case(tree.station, received_on=D(2026, 3, 2), replied_on=D(2026, 3, 3))
    out = io.StringIO()
    call_command("tallies", "check", stdout=out)
    assert "tallies ok" in out.getvalue()
    CaseTally.objects.update(n=7)  # tallies that no longer match the cases
    with pytest.raises(CommandError, match="differ"):
        call_command("tallies", "check")
    call_command("tallies", "rebuild", stdout=io.StringIO())
    call_command("tallies", "check", stdout=io.StringIO())
    tally.uninstall(connection)
    with pytest.raises(CommandError, match="missing"):
        call_command("tallies", "check")


def test_a_flush_that_empties_the_tallies_before_the_cases_leaves_no_negative_tally(world):
    """SQLite's flush (the test runner after every transactional test, `manage.py flush`) deletes
    table by table in no fixed order; the cases deleted after the tallies must not leave -1s behind
    for the next world to start from."""
    from django.core.management.sql import emit_post_migrate_signal

    tree, campaign, units = world
    make_case(tree.station, received_on=D(2026, 3, 2), replied_on=D(2026, 3, 3))
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {tally.TABLE}")
        cursor.execute("DELETE FROM cases_case")
    assert CaseTally.objects.filter(n__lt=0).exists()  # what the delete trigger wrote
    emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)  # how a flush ends
    assert not CaseTally.objects.exists()
    make_case(tree.station, received_on=D(2026, 3, 2), replied_on=D(2026, 3, 3))
    _assert_same(campaign, units)
