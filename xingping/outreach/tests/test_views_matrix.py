"""Role × view matrix for every outreach, registry and figures view (404 = not for you)."""

import datetime

from django.urls import reverse
from xingping.core.testing import check_role_matrix, frozen_today
from xingping.testing import build_world

import pytest

from xingping.core.testing import assert_matrix

ALL = {name: 200 for name in (
    "office", "auditor", "city_inspector", "city_leader", "county_leader", "county_staff", "county_inspector",
    "station_leader", "station_staff", "other_county_leader", "other_station_staff")}
IN_AREA = dict(ALL, other_county_leader=404, other_station_staff=404)
CAN_ACT = dict(IN_AREA, auditor=404, city_inspector=404, county_inspector=404)
CHECKERS = {name: (200 if name in ("office", "auditor", "city_inspector", "county_inspector") else 404) for name in ALL}
OFFICE_ONLY = {name: (200 if name == "office" else 404) for name in ALL}


@pytest.fixture(autouse=True)
def _today():
    import datetime

    with frozen_today(datetime.date(2026, 9, 1)):
        yield


def urls(data):
    e, v = data["entity"].pk, data["visit"].pk  # the check-record POST has its own matrix below
    return [
        ("/outreach/", ALL),
        (f"/outreach/entities/{e}/visit/", CAN_ACT),
        (f"/outreach/entities/{e}/liaison/", CAN_ACT),
        ("/outreach/visits/", ALL),
        ("/outreach/visits/?flagged=1", ALL),
        (f"/outreach/visits/{v}/", IN_AREA),
        ("/outreach/opinions/", ALL),
        ("/outreach/checks/", CHECKERS),
        ("/entities/", ALL),
        (f"/entities/{e}/", IN_AREA),
        ("/entities/import/", OFFICE_ONLY),
        ("/metrics/", ALL),
        ("/metrics/?area=1&sort=visit_coverage_area", ALL),
        ("/metrics/units/XN01/", IN_AREA),
        ("/metrics/units/XN01/visit_coverage/numerator/", IN_AREA),
        ("/metrics/units/XN01/return_visit_coverage/denominator/", IN_AREA),
        ("/metrics/units/XN01/visit_coverage_area/numerator/", IN_AREA),
    ]


def test_role_view_matrix(client, tree, data):
    failures = []
    for url, expected in urls(data):
        failures += [(url, *f) for f in assert_matrix(client, url, expected, tree)]
    assert failures == []


def test_import_status_matrix(client, tree, data):
    from xingping.entities.models import ImportJob

    job = ImportJob.objects.create(kind="entities", original_name="x.csv", file="imports/x.csv")
    assert assert_matrix(client, f"/entities/import/{job.pk}/", OFFICE_ONLY, tree) == []


def test_check_record_matrix(client, tree, data):
    expected = {name: (302 if name == "office" else 404) for name in ALL}
    assert assert_matrix(client, f"/outreach/checks/{data['check'].pk}/", expected, tree, method="post",
                         data={"outcome": "confirmed"}) == []


# The role × view matrix of every URL name of the app (the project-wide test
# tests/test_url_matrix.py fails when a URL name is missing from all ROLE_MATRIX dicts).

MATRIX_URLS = {
    "outreach:index": lambda w: reverse("outreach:index"),
    "outreach:visit-new": lambda w: reverse("outreach:visit-new", args=[w["entity"].pk]),
    "outreach:liaison-new": lambda w: reverse("outreach:liaison-new", args=[w["entity"].pk]),
    "outreach:visit-list": lambda w: reverse("outreach:visit-list"),
    "outreach:visit-detail": lambda w: reverse("outreach:visit-detail", args=[w["visit"].pk]),
    "outreach:dissatisfied": lambda w: reverse("outreach:dissatisfied"),
    "outreach:checks": lambda w: reverse("outreach:checks"),
    "outreach:check-record": lambda w: reverse("outreach:check-record", args=[w["check"].pk]),
    "outreach:visit-correct": lambda w: _recorded_by_its_visitor(w["visit"]),
}


def _recorded_by_its_visitor(visit):
    """The world's visit, entered by its visitor (station_staff): only they may correct it."""
    from xingping.outreach.models import Visit

    Visit.objects.filter(pk=visit.pk).update(entered_by=visit.visitor)
    return reverse("outreach:visit-correct", args=[visit.pk])

ROLE_MATRIX = {
    "outreach:index": {"anonymous": 302, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 200, "station_leader": 200, "station_staff": 200, "other_county_leader": 200, "other_station_staff": 200},
    "outreach:visit-new": {"anonymous": 302, "office": 200, "auditor": 404, "city_inspector": 404, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 404, "station_leader": 200, "station_staff": 200, "other_county_leader": 404, "other_station_staff": 404},
    "outreach:liaison-new": {"anonymous": 302, "office": 200, "auditor": 404, "city_inspector": 404, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 404, "station_leader": 200, "station_staff": 200, "other_county_leader": 404, "other_station_staff": 404},
    "outreach:visit-list": {"anonymous": 302, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 200, "station_leader": 200, "station_staff": 200, "other_county_leader": 200, "other_station_staff": 200},
    "outreach:visit-detail": {"anonymous": 302, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 200, "station_leader": 200, "station_staff": 200, "other_county_leader": 404, "other_station_staff": 404},
    "outreach:dissatisfied": {"anonymous": 302, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 200, "station_leader": 200, "station_staff": 200, "other_county_leader": 200, "other_station_staff": 200},
    "outreach:checks": {"anonymous": 302, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 404, "county_leader": 404, "county_staff": 404, "county_inspector": 200, "station_leader": 404, "station_staff": 404, "other_county_leader": 404, "other_station_staff": 404},
    "outreach:visit-correct": {"anonymous": 302, "office": 404, "auditor": 404, "city_inspector": 404, "city_leader": 404, "county_leader": 404, "county_staff": 404, "county_inspector": 404, "station_leader": 404, "station_staff": 200, "other_county_leader": 404, "other_station_staff": 404},
    "outreach:check-record": {"anonymous": 302, "office": 405, "auditor": 404, "city_inspector": 404, "city_leader": 404, "county_leader": 404, "county_staff": 404, "county_inspector": 404, "station_leader": 404, "station_staff": 404, "other_county_leader": 404, "other_station_staff": 404},
}


@pytest.mark.django_db
def test_role_matrix_every_url_name(client, tree, campaign):
    """Every URL name of the app, requested as every role (ROLE_MATRIX; 404 = not for you)."""
    with frozen_today(datetime.date(2026, 9, 1)):
        world = build_world(tree, campaign)
        assert check_role_matrix(client, tree, ROLE_MATRIX, MATRIX_URLS, world) == []
