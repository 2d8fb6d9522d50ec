"""The dashboard's cases section: the overdue cases and those due within 3 working days, each
with its number, kind and unit; the section is absent when nothing is owed."""

import datetime

import pytest

from xingping.cases.models import Kind
from xingping.cases.tests.conftest import make_case
from xingping.core.testing import frozen_today

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 9, 1)


def section_html(client, user):
    client.force_login(user)
    with frozen_today(TODAY):
        body = client.get("/").content.decode()
    if 'id="cases-section"' not in body:
        return None
    start = body.index('id="cases-section"')
    return body[start:body.index("</section>", start)]


def test_an_overdue_case_is_listed_with_its_kind_and_unit(client, tree, campaign):
    case = make_case(tree.station, kind=Kind.REPORT, received_on=datetime.date(2026, 6, 1))
    assert case.next_due_on < TODAY
    html = section_html(client, tree.county_leader)
    overdue = html[:html.index("近期没有到期件") if "近期没有到期件" in html else len(html)]
    assert case.number in overdue and "举报 · 书院所 · " + case.next_due_on.isoformat() in overdue


def test_no_section_when_nothing_is_owed(client, tree, campaign):
    assert section_html(client, tree.county_leader) is None
