"""The figures' data version changes with every new visit, entity and penalty (so a recorded
visit or an import shows on the dashboard at once), read in one query."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from xingping.entities.testing import make_entity, make_penalty, make_visit
from xingping.metrics.selectors import data_fingerprint

pytestmark = pytest.mark.django_db


def test_each_new_row_changes_the_fingerprint_read_in_one_query(tree):
    with CaptureQueriesContext(connection) as queries:
        empty = data_fingerprint()
    assert empty == "0-0-0" and len(queries.captured_queries) == 1
    entity = make_entity(tree.station)
    with_entity = data_fingerprint()
    make_visit(entity, tree.station_staff, datetime.date(2026, 7, 1))
    with_visit = data_fingerprint()
    make_penalty(entity, tree.station, datetime.date(2026, 7, 2))
    with_penalty = data_fingerprint()
    assert len({empty, with_entity, with_visit, with_penalty}) == 4
    visit_max, entity_max, penalty_max = (int(n) for n in with_penalty.split("-"))
    assert (visit_max, entity_max) == (int(with_visit.split("-")[0]), entity.pk) and penalty_max > 0
