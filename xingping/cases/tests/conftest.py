import datetime

import pytest
from django.core.cache import cache

from xingping.cases.models import Case, Channel, Kind
from xingping.cases.services import case_create, misconduct_route


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def make_case(unit, kind=Kind.COMPLAINT, received_on=None, number=None, subject=None, **fields):
    """A case straight in the database (no service), for selector and scoping tests."""
    received_on = received_on or datetime.date(2026, 3, 2)
    if kind == Kind.MISCONDUCT:
        subject = subject or unit
        unit = misconduct_route(subject)
    defaults = dict(named=True, complainant_name="张三", complainant_phone="13812341234", channel=Channel.HOTLINE,
                    title="测试件")
    defaults.update(fields)
    make_case.n += 1
    case = Case(number=number or f"T{make_case.n:05d}", kind=kind, unit=unit, subject_unit=subject,
                received_on=received_on, **defaults)
    case.refresh_next_due().save()
    return case


make_case.n = 0


@pytest.fixture
def new_case(tree, campaign):
    def make(kind=Kind.COMPLAINT, unit=None, actor=None, **kw):
        kw.setdefault("complainant_name", "李四")
        kw.setdefault("complainant_phone", "13900001111")
        return case_create(actor=actor or tree.office, kind=kind, unit=unit or tree.station, campaign=campaign,
                           title="窗口服务投诉", **kw)

    return make
