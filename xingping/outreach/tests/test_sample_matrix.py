"""Role × view matrix of the office's verification-sample page (outreach/office_views.py)."""

import pytest
from django.urls import reverse

from xingping.core.testing import check_role_matrix

ROLES = ("office", "auditor", "city_inspector", "city_leader", "county_leader", "county_staff", "county_inspector",
         "station_leader", "station_staff", "other_county_leader", "other_station_staff")

MATRIX_URLS = {"outreach:sample": lambda w: reverse("outreach:sample")}
ROLE_MATRIX = {"outreach:sample": {"anonymous": 302, **{r: 404 for r in ROLES}, "office": 200}}


@pytest.mark.django_db
def test_only_the_office_draws_the_sample(client, tree, campaign):
    assert check_role_matrix(client, tree, ROLE_MATRIX, MATRIX_URLS, {}) == []
