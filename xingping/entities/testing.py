"""Test helpers: market entities with valid USCCs, penalties and visits."""

import datetime
import itertools

import pytest

from xingping.entities.models import EntityKind, EntityStatus, MarketEntity, Penalty
from xingping.entities.uscc import check_character

_seq = itertools.count(1)


def make_uscc(n=None):
    n = next(_seq) if n is None else n
    body = f"91420900{n:09d}"
    return body + check_character(body)


def make_entity(unit, kind=EntityKind.ENTERPRISE, status=EntityStatus.ACTIVE, responsible=None, name=None,
                registered_on=datetime.date(2015, 1, 1), **extra):
    code = make_uscc()
    return MarketEntity.objects.create(uscc=code, name=name or f"主体{code[-6:]}", kind=kind, status=status, unit=unit,
                                       responsible=responsible, registered_on=registered_on, **extra)


def make_penalty(entity, unit, decided_on, case_no=None):
    return Penalty.objects.create(case_no=case_no or f"孝工商处字〔{next(_seq)}〕号", entity=entity, unit=unit,
                                  decided_on=decided_on)


def make_visit(entity, visitor, visited_on, kind="visit", method="onsite", verification="", **extra):
    from xingping.outreach.models import Visit

    return Visit.objects.create(entity=entity, visitor=visitor, unit=visitor.unit.acting_unit, visited_on=visited_on,
                                kind=kind, method=method, verification=verification, **extra)


# ---------------------------------------------------------------- fixtures (imported by the apps' conftest.py)

@pytest.fixture
def clear_cache():
    """The figures dashboard caches; each test starts and ends with an empty cache."""
    from django.core.cache import cache

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
