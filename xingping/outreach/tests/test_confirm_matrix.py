"""Role × view matrix of the entity-confirmation pages (kept apart from test_views_matrix.py)."""

import pytest

from xingping.testing import Tree

ROLES = Tree.ROLE_USERS
ALL = {name: 200 for name in ROLES}
IN_AREA = dict(ALL, other_county_leader=404, other_station_staff=404)
READERS = {name: (200 if name in ("office", "auditor", "city_inspector", "county_inspector") else 404) for name in ROLES}

ROLE_MATRIX = {
    "outreach:visit-print": dict(IN_AREA, anonymous=302),
    "outreach:confirm-start": dict(ALL, anonymous=200),
    "outreach:confirm": dict(ALL, anonymous=200),
    "outreach:confirmations": dict(READERS, anonymous=302),
}


def _url(name, data):
    return {
        "outreach:visit-print": f"/outreach/visits/{data['visit'].pk}/print/",
        "outreach:confirm-start": "/outreach/confirm/",
        "outreach:confirm": f"/outreach/confirm/{data['visit'].confirm_code}/",
        "outreach:confirmations": "/outreach/confirmations/",
    }[name]


@pytest.mark.parametrize("name", sorted(ROLE_MATRIX))
def test_confirm_matrix(client, tree, campaign, data, name):
    failures = []
    for role, expected in ROLE_MATRIX[name].items():
        client.logout()
        if role != "anonymous":
            client.force_login(getattr(tree, role))
        status = client.get(_url(name, data)).status_code
        if status != expected:
            failures.append((role, status, expected))
    assert failures == []
