"""Role × view matrix of the office's "new campaign" page (campaigns/office_views.py)."""

import pytest
from django.urls import reverse

from xingping.core.testing import check_role_matrix

ROLES = ("office", "auditor", "city_inspector", "city_leader", "county_leader", "county_staff", "county_inspector",
         "station_leader", "station_staff", "other_county_leader", "other_station_staff")

MATRIX_URLS = {"campaigns:new": lambda w: reverse("campaigns:new")}
ROLE_MATRIX = {"campaigns:new": {"anonymous": 302, **{r: 404 for r in ROLES}, "office": 200}}


@pytest.mark.django_db
def test_only_the_office_opens_the_new_campaign_page(client, tree, campaign):
    assert check_role_matrix(client, tree, ROLE_MATRIX, MATRIX_URLS, {}) == []
