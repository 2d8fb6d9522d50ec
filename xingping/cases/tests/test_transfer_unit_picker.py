"""The transfer request's unit past PICKER_THRESHOLD units: a search box fed by
cases:transfer-unit-options with exactly the units a case may go to (any active unit,
forms.transfer_units), the code sent as the select's value was; an unknown unit is refused
with a message and no request is made."""

import datetime

import pytest
from django.urls import reverse

from xingping.cases.models import CaseRequest, RequestKind
from xingping.core.testing import frozen_today
from xingping.orgs import picker
from xingping.testing import UnitFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 3, 4)


@pytest.fixture
def small_threshold(monkeypatch):
    monkeypatch.setattr(picker, "PICKER_THRESHOLD", 3)


@pytest.fixture
def case(tree, new_case):
    with frozen_today(TODAY):
        return new_case(received_on=datetime.date(2026, 3, 2))


def ask(client, case, unit):
    with frozen_today(TODAY):
        return client.post(reverse("cases:case-request", args=[case.pk]),
                           {"kind": RequestKind.TRANSFER, "reason": "属汉川辖区", "target_unit": unit})


def test_the_transfer_form_searches_units_and_sends_the_code(client, tree, case, small_threshold):
    client.force_login(tree.station_staff)
    with frozen_today(TODAY):
        html = client.get(reverse("cases:case-detail", args=[case.pk])).content.decode()
    assert '<select name="target_unit"' not in html
    assert 'hx-get="/cases/transfer/units/?field=target_unit"' in html
    assert ask(client, case, "HC01").status_code == 302
    assert CaseRequest.objects.get(case=case).target_unit == tree.station3


def test_an_unknown_unit_is_refused_with_a_message_and_no_request(client, tree, case, small_threshold):
    client.force_login(tree.station_staff)
    response = ask(client, case, "ZZ99")
    assert response.status_code == 200
    assert "您可选的单位中没有代码或名称为“ZZ99”的单位。" in response.content.decode()
    assert not CaseRequest.objects.exists()


def test_the_suggestions_are_every_active_unit(client, tree, small_threshold):
    UnitFactory(code="XN09", name="书院旧所", parent=tree.county, retired_on=datetime.date(2026, 1, 1))
    client.force_login(tree.station_staff)  # a station may transfer to another county's station
    html = client.get(reverse("cases:transfer-unit-options"), {"target_unit": "所", "field": "target_unit"}).content.decode()
    assert "XN01" in html and "XN02" in html and "HC01" in html
    assert "XN09" not in html  # a retired unit takes no case
    assert client.get(reverse("cases:transfer-unit-options")).content.decode().strip() == ""


def test_a_small_tree_keeps_the_select(client, tree, case):
    client.force_login(tree.station_staff)
    with frozen_today(TODAY):
        html = client.get(reverse("cases:case-detail", args=[case.pk])).content.decode()
    assert '<select name="target_unit"' in html and ">城隍所</option>" in html
