"""The ledger and the dashboard read the newest visits from an index, not by sorting them all."""

import pytest
from django.db import connection

from xingping.outreach import selectors
from xingping.outreach.models import Verification, Visit


def _plan(qs):
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            return " | ".join(str(row[-1]) for row in cursor.fetchall())
        cursor.execute("SET LOCAL enable_seqscan = off")  # small test tables: ask whether an index *can* serve it
        cursor.execute(f"EXPLAIN {sql}", params)
        return " | ".join(row[0] for row in cursor.fetchall())


@pytest.mark.django_db
def test_the_ledgers_first_page_is_read_newest_first_from_an_index(tree, campaign):
    plan = _plan(selectors.visit_list(tree.office, campaign)[:50])
    assert "visit_newest" in plan, plan
    assert "TEMP B-TREE FOR ORDER BY" not in plan, plan  # SQLite: no sort of the visits


@pytest.mark.django_db
def test_the_not_confirmed_visits_are_read_from_their_partial_index(tree):
    qs = Visit.objects.for_user(tree.office).filter(verification=Verification.NOT_CONFIRMED).order_by("-visited_on", "-pk")[:5]
    assert "visit_not_confirmed_newest" in _plan(qs)
