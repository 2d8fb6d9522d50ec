"""The hotline form's unit past PICKER_THRESHOLD units: a search box fed by cases:unit-options
with exactly the units the user may record a case for (CasesPolicy.recordable_units)."""

import datetime

import pytest
from django.urls import reverse

from xingping.cases.models import Case
from xingping.orgs import picker
from xingping.testing import UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_threshold(monkeypatch):
    monkeypatch.setattr(picker, "PICKER_THRESHOLD", 3)


def call(unit):
    return {"kind": "complaint", "channel": "hotline", "unit": unit, "received_on": "2026-03-02", "title": "电话投诉",
            "named": "on", "complainant_name": "赵六"}


def test_the_hotline_form_searches_units_and_records_by_code(client, tree, campaign, small_threshold):
    client.force_login(tree.office)
    html = client.get(reverse("cases:case-new")).content.decode()
    assert '<select name="unit"' not in html and 'hx-get="/cases/new/units/?field=unit"' in html
    assert client.post(reverse("cases:case-new"), call("XN01")).status_code == 302
    assert Case.objects.get().unit == tree.station


def test_the_suggestions_are_the_units_the_user_may_record_for(client, tree, campaign, small_threshold):
    UnitFactory(code="XN09", name="书院旧所", parent=tree.county, retired_on=datetime.date(2026, 1, 1))
    client.force_login(tree.county_staff)
    html = client.get(reverse("cases:unit-options"), {"q": "所"}).content.decode()
    assert "XN01" in html and "XN02" in html
    assert "HC01" not in html and "XN09" not in html  # another county; a retired unit takes no case
    client.force_login(tree.city_inspector)  # reads, records nothing
    assert "<option" not in client.get(reverse("cases:unit-options"), {"q": "所"}).content.decode()
    client.logout()
    assert client.get(reverse("cases:unit-options"), {"q": "所"}).status_code == 302
