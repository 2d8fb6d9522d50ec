"""Role × view matrix of the cases app: every URL name as every role (404 = not for you)."""

import datetime

import pytest
from django.urls import reverse

from xingping.core.testing import check_role_matrix, frozen_today
from xingping.testing import build_world


# The role × view matrix of every URL name of the app (the project-wide test
# tests/test_url_matrix.py fails when a URL name is missing from all ROLE_MATRIX dicts).

MATRIX_URLS = {
    "cases:index": lambda w: reverse("cases:index"),
    "cases:queue": lambda w: reverse("cases:queue"),
    "cases:case-new": lambda w: reverse("cases:case-new"),
    "cases:unit-options": lambda w: reverse("cases:unit-options") + "?q=XN01",
    "cases:transfer-unit-options": lambda w: reverse("cases:transfer-unit-options") + "?q=XN01",
    "cases:case-detail": lambda w: reverse("cases:case-detail", args=[w["case"].pk]),
    "cases:case-transition": lambda w: reverse("cases:case-transition", args=[w["case"].pk]),
    "cases:case-request": lambda w: reverse("cases:case-request", args=[w["case"].pk]),
    "cases:case-consult": lambda w: reverse("cases:case-consult", args=[w["case"].pk]),
    "cases:request-decide": lambda w: reverse("cases:request-decide", args=[w["case_request"].pk]),
    "cases:attachment": lambda w: reverse("cases:attachment", args=[w["case_attachment"].pk]),
    "cases:deputies": lambda w: reverse("cases:deputies"),
    "cases:holidays": lambda w: reverse("cases:holidays"),
    "cases:import": lambda w: reverse("cases:import"),
    "cases:disclosure-report": lambda w: reverse("cases:disclosure-report") + "?year=2026",
    "cases:public-file": lambda w: reverse("cases:public-file"),
    "cases:public-disclosure": lambda w: reverse("cases:public-disclosure"),
    "cases:public-track": lambda w: reverse("cases:public-track") + f"?code={w['case'].tracking_code}",
    "cases:public-hotlines": lambda w: reverse("cases:public-hotlines"),
    "cases:public-unit-options": lambda w: reverse("cases:public-unit-options") + "?q=所",
    "cases-api:case-list": lambda w: reverse("cases-api:case-list"),
    "cases-api:case-detail": lambda w: reverse("cases-api:case-detail", args=[w["case"].pk]),
    "cases-api:case-transition": lambda w: reverse("cases-api:case-transition", args=[w["case"].pk]),
    "cases-api:open311-services": lambda w: reverse("cases-api:open311-services"),
    "cases-api:open311-service": lambda w: reverse("cases-api:open311-service", args=["complaint"]),
    "cases-api:open311-requests": lambda w: reverse("cases-api:open311-requests"),
    "cases-api:open311-request": lambda w: reverse("cases-api:open311-request", args=[w["case"].tracking_code]),
}

ROLE_MATRIX = {
    "cases:index": {"anonymous": 302, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 200, "station_leader": 200, "station_staff": 200, "other_county_leader": 200, "other_station_staff": 200},
    "cases:queue": {"anonymous": 302, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 200, "station_leader": 200, "station_staff": 200, "other_county_leader": 200, "other_station_staff": 200},
    "cases:unit-options": {"anonymous": 302, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 200, "station_leader": 200, "station_staff": 200, "other_county_leader": 200, "other_station_staff": 200},
    "cases:transfer-unit-options": {"anonymous": 302, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 200, "station_leader": 200, "station_staff": 200, "other_county_leader": 200, "other_station_staff": 200},
    "cases:case-new": {"anonymous": 302, "office": 200, "auditor": 404, "city_inspector": 404, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 404, "station_leader": 200, "station_staff": 200, "other_county_leader": 200, "other_station_staff": 200},
    "cases:case-detail": {"anonymous": 302, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 200, "station_leader": 200, "station_staff": 200, "other_county_leader": 404, "other_station_staff": 404},
    "cases:case-transition": {"anonymous": 302, "office": 405, "auditor": 405, "city_inspector": 405, "city_leader": 405, "county_leader": 405, "county_staff": 405, "county_inspector": 405, "station_leader": 405, "station_staff": 405, "other_county_leader": 405, "other_station_staff": 405},
    "cases:case-request": {"anonymous": 302, "office": 405, "auditor": 405, "city_inspector": 405, "city_leader": 405, "county_leader": 405, "county_staff": 405, "county_inspector": 405, "station_leader": 405, "station_staff": 405, "other_county_leader": 405, "other_station_staff": 405},
    "cases:case-consult": {"anonymous": 302, "office": 405, "auditor": 405, "city_inspector": 405, "city_leader": 405, "county_leader": 405, "county_staff": 405, "county_inspector": 405, "station_leader": 405, "station_staff": 405, "other_county_leader": 405, "other_station_staff": 405},
    "cases:request-decide": {"anonymous": 302, "office": 405, "auditor": 405, "city_inspector": 405, "city_leader": 405, "county_leader": 405, "county_staff": 405, "county_inspector": 405, "station_leader": 405, "station_staff": 405, "other_county_leader": 405, "other_station_staff": 405},
    "cases:attachment": {"anonymous": 302, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 200, "station_leader": 200, "station_staff": 200, "other_county_leader": 404, "other_station_staff": 404},
    "cases:deputies": {"anonymous": 302, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 200, "station_leader": 200, "station_staff": 200, "other_county_leader": 200, "other_station_staff": 200},
    "cases:holidays": {"anonymous": 302, "office": 200, "auditor": 404, "city_inspector": 404, "city_leader": 404, "county_leader": 404, "county_staff": 404, "county_inspector": 404, "station_leader": 404, "station_staff": 404, "other_county_leader": 404, "other_station_staff": 404},
    "cases:import": {"anonymous": 302, "office": 200, "auditor": 404, "city_inspector": 404, "city_leader": 404, "county_leader": 404, "county_staff": 404, "county_inspector": 404, "station_leader": 404, "station_staff": 404, "other_county_leader": 404, "other_station_staff": 404},
    "cases:disclosure-report": {"anonymous": 302, "office": 200, "auditor": 404, "city_inspector": 404, "city_leader": 200, "county_leader": 200, "county_staff": 404, "county_inspector": 404, "station_leader": 200, "station_staff": 404, "other_county_leader": 200, "other_station_staff": 404},
    "cases:public-file": {"anonymous": 200, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 200, "station_leader": 200, "station_staff": 200, "other_county_leader": 200, "other_station_staff": 200},
    "cases:public-disclosure": {"anonymous": 200, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 200, "station_leader": 200, "station_staff": 200, "other_county_leader": 200, "other_station_staff": 200},
    "cases:public-track": {"anonymous": 200, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 200, "station_leader": 200, "station_staff": 200, "other_county_leader": 200, "other_station_staff": 200},
    "cases:public-unit-options": {"anonymous": 200, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 200, "station_leader": 200, "station_staff": 200, "other_county_leader": 200, "other_station_staff": 200},
    "cases:public-hotlines": {"anonymous": 200, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 200, "station_leader": 200, "station_staff": 200, "other_county_leader": 200, "other_station_staff": 200},
    "cases-api:case-list": {"anonymous": 403, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 200, "station_leader": 200, "station_staff": 200, "other_county_leader": 200, "other_station_staff": 200},
    "cases-api:case-detail": {"anonymous": 403, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 200, "station_leader": 200, "station_staff": 200, "other_county_leader": 404, "other_station_staff": 404},
    "cases-api:case-transition": {"anonymous": 403, "office": 405, "auditor": 405, "city_inspector": 405, "city_leader": 405, "county_leader": 405, "county_staff": 405, "county_inspector": 405, "station_leader": 405, "station_staff": 405, "other_county_leader": 405, "other_station_staff": 405},
    "cases-api:open311-services": {"anonymous": 200, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 200, "station_leader": 200, "station_staff": 200, "other_county_leader": 200, "other_station_staff": 200},
    "cases-api:open311-service": {"anonymous": 200, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 200, "station_leader": 200, "station_staff": 200, "other_county_leader": 200, "other_station_staff": 200},
    "cases-api:open311-requests": {"anonymous": 200, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 200, "station_leader": 200, "station_staff": 200, "other_county_leader": 200, "other_station_staff": 200},
    "cases-api:open311-request": {"anonymous": 200, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 200, "station_leader": 200, "station_staff": 200, "other_county_leader": 200, "other_station_staff": 200},
}


@pytest.mark.django_db
def test_role_matrix_every_url_name(client, tree, campaign):
    """Every URL name of the app, requested as every role (ROLE_MATRIX; 404 = not for you)."""
    with frozen_today(datetime.date(2026, 9, 1)):
        world = build_world(tree, campaign)
        assert check_role_matrix(client, tree, ROLE_MATRIX, MATRIX_URLS, world) == []
