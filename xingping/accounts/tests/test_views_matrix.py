"""Role × view matrix of the accounts app: every URL name as every role (404 = not for you)."""

import datetime

import pytest
from django.urls import reverse

from xingping.core.testing import check_role_matrix, frozen_today
from xingping.testing import build_world


# The role × view matrix of every URL name of the app (the project-wide test
# tests/test_url_matrix.py fails when a URL name is missing from all ROLE_MATRIX dicts).

MATRIX_URLS = {
    "accounts:login": lambda w: reverse("accounts:login"),
    "accounts:logout": lambda w: reverse("accounts:logout"),
}

ROLE_MATRIX = {
    "accounts:login": {"anonymous": 200, "office": 302, "auditor": 302, "city_inspector": 302, "city_leader": 302, "county_leader": 302, "county_staff": 302, "county_inspector": 302, "station_leader": 302, "station_staff": 302, "other_county_leader": 302, "other_station_staff": 302},
    "accounts:logout": {"anonymous": 302, "office": 405, "auditor": 405, "city_inspector": 405, "city_leader": 405, "county_leader": 405, "county_staff": 405, "county_inspector": 405, "station_leader": 405, "station_staff": 405, "other_county_leader": 405, "other_station_staff": 405},
}


@pytest.mark.django_db
def test_role_matrix_every_url_name(client, tree, campaign):
    """Every URL name of the app, requested as every role (ROLE_MATRIX; 404 = not for you)."""
    with frozen_today(datetime.date(2026, 9, 1)):
        world = build_world(tree, campaign)
        assert check_role_matrix(client, tree, ROLE_MATRIX, MATRIX_URLS, world) == []
