"""The dashboard's reply and handling rates: the user's unit and the units directly below it,
whatever the size of the tree (a province has thousands of stations); every unit is on the
figures page, linked from the section. The rates are the C4 case figures, read from the figures
snapshot: the same numbers as /metrics/, against the same targets."""

import datetime

import pytest
from django.urls import reverse

from xingping.cases import services
from xingping.cases.models import Case, Kind
from xingping.core.testing import frozen_today

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 9, 1)
TEMPLATE = "metrics/dashboard/case_rates.html"


def rates_section(client, user):
    client.force_login(user)
    with frozen_today(DAY):
        response = client.get("/")
    return next((s for s in response.context["sections"] if s["template"] == TEMPLATE), None), response


def rates_units(client, user):
    section, _response = rates_section(client, user)
    return [u.code for u, _figures in section["rows"]], section["more"]


def _complaint(unit, received, replied=None):
    with frozen_today(DAY):
        case = services.case_create(actor=None, kind=Kind.COMPLAINT, unit=unit, received_on=received, title="反映",
                                    complainant_name="张三")
    if replied:
        Case.objects.filter(pk=case.pk).update(replied_on=replied)


def test_the_office_sees_the_city_and_the_units_directly_below(client, tree, campaign):
    codes, more = rates_units(client, tree.office)
    assert sorted(codes) == ["HC", "KFQ", "XG", "XN"]
    assert more  # the stations are on the figures page
    _section, response = rates_section(client, tree.office)
    body = response.content.decode()
    assert "答复率和处理率" in body and "全部单位的指标" in body and 'href="/metrics/"' in body


def test_a_county_leader_sees_the_county_and_its_stations(client, tree, campaign):
    codes, more = rates_units(client, tree.county_leader)
    assert sorted(codes) == ["XN", "XN01", "XN02"] and not more


def test_a_station_with_no_unit_below_has_no_rates_table(client, tree, campaign):
    section, _response = rates_section(client, tree.station_staff)
    assert section is None


def test_the_rates_are_the_units_case_figures_against_their_target(client, tree, campaign):
    """One of the county's two complaints (received at a station, counted for the station and
    not for the county itself) was replied: the station shows 50 % in red (target 100 %), the
    county, with no complaint of its own, shows a dash; a unit's figures equal /metrics/'."""
    _complaint(tree.station, datetime.date(2026, 8, 1), replied=datetime.date(2026, 8, 2))
    _complaint(tree.station, datetime.date(2026, 8, 3))
    section, response = rates_section(client, tree.county_leader)
    by_unit = {u.code: dict(zip(section["keys"], figures)) for u, figures in section["rows"]}
    station = by_unit["XN01"]["complaint_reply_rate"]
    assert (station["numerator"], station["denominator"], station["met"]) == (1, 2, False)
    assert by_unit["XN"]["complaint_reply_rate"]["denominator"] == 0
    assert by_unit["XN02"]["complaint_reply_rate"]["denominator"] == 0
    body = response.content.decode()
    table = body[body.index('id="case-rates"'):]
    assert '<span class="text-danger fw-bold">50%</span> <span class="text-muted">1/2</span>' in table
    assert "投诉举报答复率" in table  # the figure's one label, as registered
    with frozen_today(DAY):
        figures_page = client.get(reverse("metrics:unit", args=["XN01"])).content.decode()
    assert "50%" in figures_page
