"""The self-inspection report page links only submission pages that exist (issue 13 part
10b: `…/deliverables/self_inspection_report/units/XG/` answered 404 for every role — the city
bureau owes no such report, it receives them)."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

REPORT_READERS = ("office", "auditor", "city_inspector", "city_leader", "county_leader", "county_inspector",
                  "station_leader")


def _deliverable_links(client, user, **params):
    client.force_login(user)
    resp = client.get(reverse("rectification:report"), params)
    assert resp.status_code == 200
    return re.findall(r'href="([^"]*/deliverables/[^"]*)"', resp.content.decode())


@pytest.mark.parametrize("role", REPORT_READERS)
def test_every_deliverable_link_on_the_report_page_opens(client, tree, campaign, role):
    user = getattr(tree, role)
    links = _deliverable_links(client, user)
    for url in links:
        assert client.get(url).status_code == 200, (role, url)


def test_the_city_bureau_gets_the_counties_reports_not_a_page_of_its_own(client, tree, campaign):
    links = _deliverable_links(client, tree.office)
    assert f"/deliverables/self_inspection_report/units/{tree.city.code}/" not in "".join(links)
    assert any(f"/units/{tree.county.code}/" in url for url in links)  # the county below owes one
    county = _deliverable_links(client, tree.office, unit=tree.county.code)
    assert county == [reverse("campaigns:submission-detail", args=[campaign.slug, "self_inspection_report",
                                                                   tree.county.code])]
    station = _deliverable_links(client, tree.office, unit=tree.station.code)
    assert station == [reverse("campaigns:submission-detail", args=[campaign.slug, "station_self_inspection",
                                                                    tree.station.code])]
