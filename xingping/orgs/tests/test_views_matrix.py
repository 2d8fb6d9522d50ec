"""Role × view matrix of the orgs app: every URL name as every role (404 = not for you)."""

import datetime

import pytest
from django.urls import reverse

from xingping.core.testing import check_role_matrix, frozen_today
from xingping.testing import build_world


# The role × view matrix of every URL name of the app (the project-wide test
# tests/test_url_matrix.py fails when a URL name is missing from all ROLE_MATRIX dicts).

MATRIX_URLS = {
    "orgs:index": lambda w: reverse("orgs:index"),
    "orgs:unit-detail": lambda w: reverse("orgs:unit-detail", args=["XN01"]),
    "orgs:unit-options": lambda w: reverse("orgs:unit-options") + "?q=XN01",
    "orgs:staff-options": lambda w: reverse("orgs:staff-options") + "?q=xn01",
}

ROLE_MATRIX = {
    "orgs:index": {"anonymous": 302, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 200, "station_leader": 200, "station_staff": 200, "other_county_leader": 200, "other_station_staff": 200},
    # the pickers' suggestions: any signed-in account, within its scope (test_picker.py); never anonymous
    "orgs:unit-options": {"anonymous": 302, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 200, "station_leader": 200, "station_staff": 200, "other_county_leader": 200, "other_station_staff": 200},
    "orgs:staff-options": {"anonymous": 302, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 200, "station_leader": 200, "station_staff": 200, "other_county_leader": 200, "other_station_staff": 200},
    "orgs:unit-detail": {"anonymous": 302, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 200, "station_leader": 200, "station_staff": 200, "other_county_leader": 404, "other_station_staff": 404},
}


@pytest.mark.django_db
def test_role_matrix_every_url_name(client, tree, campaign):
    """Every URL name of the app, requested as every role (ROLE_MATRIX; 404 = not for you)."""
    with frozen_today(datetime.date(2026, 9, 1)):
        world = build_world(tree, campaign)
        assert check_role_matrix(client, tree, ROLE_MATRIX, MATRIX_URLS, world) == []
