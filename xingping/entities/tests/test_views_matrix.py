"""Role × view matrix of the entities app: every URL name as every role (404 = not for you)."""

import datetime

import pytest
from django.urls import reverse

from xingping.core.testing import check_role_matrix, frozen_today
from xingping.testing import build_world


# The role × view matrix of every URL name of the app (the project-wide test
# tests/test_url_matrix.py fails when a URL name is missing from all ROLE_MATRIX dicts).

MATRIX_URLS = {
    "entities:index": lambda w: reverse("entities:index"),
    "entities:detail": lambda w: reverse("entities:detail", args=[w["entity"].pk]),
    "entities:import": lambda w: reverse("entities:import"),
    "entities:import-status": lambda w: reverse("entities:import-status", args=[w["import_job"].pk]),
}

ROLE_MATRIX = {
    "entities:index": {"anonymous": 302, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 200, "station_leader": 200, "station_staff": 200, "other_county_leader": 200, "other_station_staff": 200},
    "entities:detail": {"anonymous": 302, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 200, "station_leader": 200, "station_staff": 200, "other_county_leader": 404, "other_station_staff": 404},
    "entities:import": {"anonymous": 302, "office": 200, "auditor": 404, "city_inspector": 404, "city_leader": 404, "county_leader": 404, "county_staff": 404, "county_inspector": 404, "station_leader": 404, "station_staff": 404, "other_county_leader": 404, "other_station_staff": 404},
    "entities:import-status": {"anonymous": 302, "office": 200, "auditor": 404, "city_inspector": 404, "city_leader": 404, "county_leader": 404, "county_staff": 404, "county_inspector": 404, "station_leader": 404, "station_staff": 404, "other_county_leader": 404, "other_station_staff": 404},
}


@pytest.mark.django_db
def test_role_matrix_every_url_name(client, tree, campaign):
    """Every URL name of the app, requested as every role (ROLE_MATRIX; 404 = not for you)."""
    with frozen_today(datetime.date(2026, 9, 1)):
        world = build_world(tree, campaign)
        assert check_role_matrix(client, tree, ROLE_MATRIX, MATRIX_URLS, world) == []
