"""Role × view matrix of every oversight URL (404 = not for you; anonymous: 302 to the login
page, or 200 on a public page). POST-only URLs are requested with POST."""

import pytest

from xingping.testing import Tree

ROLES = Tree.ROLE_USERS


def _only(*names, ok=200):
    return {r: (ok if r in names else 404) for r in ROLES}


READERS = _only("office", "auditor", "city_inspector", "county_inspector")
OFFICE = _only("office")
OFFICE_POST = _only("office", ok=302)
OVERSIGHT = _only("office", "city_inspector", "county_inspector")
ALL = {r: 200 for r in ROLES}
# The inspection of XN01: readers of its area and the inspector who recorded it (hc_leader).
INSPECTION = _only("office", "auditor", "city_inspector", "county_inspector", "other_county_leader")

ROLE_MATRIX = {
    "oversight:index": dict(READERS, anonymous=302),
    "oversight:registers": dict(OFFICE, anonymous=302),
    "oversight:plan-new": dict(OFFICE, anonymous=302),
    "oversight:plan-detail": dict(READERS, anonymous=302),
    "oversight:plan-draw": dict(OFFICE_POST, anonymous=302),
    "oversight:draw-export": dict(READERS, anonymous=302),
    "oversight:target-verify": dict(OFFICE_POST, anonymous=302),
    "oversight:my-targets": dict(ALL, anonymous=302),
    "oversight:inspection-new": dict(READERS, anonymous=302),  # ?target=N: the drawn inspectors (test below)
    "oversight:inspection-detail": dict(INSPECTION, anonymous=302),
    "oversight:inspection-finding": dict(OFFICE_POST, anonymous=302),
    "oversight:inspection-publish": dict(OFFICE_POST, anonymous=302),
    "oversight:photo": dict(INSPECTION, anonymous=302),
    "oversight:notice-list": dict(OFFICE, anonymous=302),
    "oversight:notice-new": dict(OFFICE, anonymous=302),
    "oversight:notice-detail": dict(OFFICE, anonymous=302),
    "oversight:notice-advance": dict(OFFICE_POST, anonymous=302),
    "oversight:notice-docx": dict(OFFICE, anonymous=302),
    "oversight:public-notices": dict(ALL, anonymous=200),
    "oversight:public-notice-detail": dict(ALL, anonymous=200),
    "oversight:public-notice-docx": dict(ALL, anonymous=200),
    "oversight:accountability-list": dict(OVERSIGHT, anonymous=302),
}
POST = {"oversight:plan-draw", "oversight:target-verify", "oversight:inspection-finding",
        "oversight:inspection-publish", "oversight:notice-advance"}


def _url(name, o):
    from django.urls import reverse

    args = {
        "oversight:plan-detail": [o["plan"].pk], "oversight:plan-draw": [o["plan"].pk],
        "oversight:draw-export": [o["draw"].pk], "oversight:target-verify": [o["target"].pk],
        "oversight:inspection-detail": [o["inspection"].pk], "oversight:inspection-finding": [o["inspection"].pk],
        "oversight:inspection-publish": [o["inspection"].pk], "oversight:photo": [o["photo"].pk],
        "oversight:notice-detail": [o["notice"].pk], "oversight:notice-advance": [o["notice"].pk],
        "oversight:notice-docx": [o["notice"].pk], "oversight:public-notice-detail": [o["notice"].pk],
        "oversight:public-notice-docx": [o["notice"].pk],
    }.get(name, [])
    return reverse(name, args=args)


def test_matrix_covers_every_url_name():
    from xingping.oversight.urls import urlpatterns

    assert {f"oversight:{p.name}" for p in urlpatterns} == set(ROLE_MATRIX)


@pytest.mark.parametrize("name", sorted(ROLE_MATRIX))
def test_role_view_matrix(client, tree, ovs, name):
    url = _url(name, ovs)
    failures = []
    for role, expected in ROLE_MATRIX[name].items():
        client.logout()
        if role != "anonymous":
            client.force_login(getattr(tree, role))
        resp = client.post(url, {"outcome": "confirmed"}) if name in POST else client.get(url)
        if resp.status_code != expected:
            failures.append((role, resp.status_code, expected))
    assert failures == []


def test_accountability_records_are_hidden_from_everyone_but_office_and_inspectors(client, tree, ovs):
    for role in ROLES:
        client.force_login(getattr(tree, role))
        resp = client.get("/oversight/accountability/")
        assert ("张三" in resp.content.decode()) == (role in ("office", "city_inspector", "county_inspector")), role
        client.logout()


def test_drawn_inspector_may_record_for_their_target_only(client, tree, ovs):
    url = f"/oversight/inspections/new/?target={ovs['target'].pk}"
    for role in ROLES:
        client.force_login(getattr(tree, role))
        expected = 200 if role in ("office", "other_county_leader") else 404
        assert client.get(url).status_code == expected, role
        client.logout()
