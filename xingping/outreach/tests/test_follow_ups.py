"""The "turn into a rectification finding" link on a visit is shown exactly to those for
whom it opens (issue 13 part 10a: inspectors and auditors saw it and got a 404)."""

import datetime
import html
import re

import pytest

from xingping.core.testing import frozen_today

pytestmark = pytest.mark.django_db

ROLES = ("office", "auditor", "city_inspector", "city_leader", "county_leader", "county_staff", "county_inspector",
         "station_leader", "station_staff")


def _finding_links(body):
    return [html.unescape(u) for u in re.findall(r'href="([^"]*/rectification/findings/new/[^"]*)"', body)]


@pytest.mark.parametrize("role", ROLES)
def test_the_link_is_shown_only_when_it_opens(client, tree, campaign, data, role):
    with frozen_today(datetime.date(2026, 9, 1)):
        client.force_login(getattr(tree, role))
        for page in (f"/outreach/visits/{data['visit'].pk}/", "/outreach/opinions/"):
            resp = client.get(page)
            assert resp.status_code == 200
            links = _finding_links(resp.content.decode())
            opens = client.get(f"/rectification/findings/new/?source=visit&id={data['visit'].pk}").status_code == 200
            assert bool(links) == opens, (role, page, links)
            for url in links:
                assert client.get(url).status_code == 200, (role, url)


def test_inspectors_and_auditors_get_no_link(client, tree, campaign, data):
    with frozen_today(datetime.date(2026, 9, 1)):
        for role in ("auditor", "city_inspector", "county_inspector"):
            client.force_login(getattr(tree, role))
            assert _finding_links(client.get(f"/outreach/visits/{data['visit'].pk}/").content.decode()) == [], role
        client.force_login(tree.station_leader)
        assert _finding_links(client.get(f"/outreach/visits/{data['visit'].pk}/").content.decode())
