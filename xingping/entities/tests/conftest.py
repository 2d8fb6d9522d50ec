import datetime

import pytest
from django.core.cache import cache

from xingping.entities.testing import make_entity, make_penalty, make_visit


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def data(tree, campaign):
    """An entity of XN01 answered for by xn01_staff, a penalty, a visit and a check on it."""
    from xingping.outreach.models import VisitCheck

    e = make_entity(tree.station, responsible=tree.station_staff, phone="13900000000")
    p = make_penalty(e, tree.station, datetime.date(2026, 3, 1))
    v = make_visit(e, tree.station_staff, datetime.date(2026, 7, 2), efficiency=2, opinions="态度差")
    c = VisitCheck.objects.create(visit=v, campaign=campaign, unit=tree.station)
    return {"entity": e, "penalty": p, "visit": v, "check": c}
