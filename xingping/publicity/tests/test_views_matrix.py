"""Role × view matrix of the publicity app (docs/role-matrix/publicity.md).

Objects: a draft news item of station XN01 (書院所), a published news item and letter,
a commitment of XN01. POST-only steps answer 405 to a GET from those who may take them,
404 to everyone else; anonymous visitors are sent to the login page (302) from staff
pages and get 200 from public pages."""

import pytest
from django.urls import reverse

from xingping.testing import Tree

ALL = {name: 200 for name in Tree.ROLE_USERS}
PUBLIC = {"anonymous": 200, **ALL}


def _only(allowed, status=200, others=404):
    return {"anonymous": 302, **{n: (status if n in allowed else others) for n in Tree.ROLE_USERS}}


WRITERS = {"office", "city_leader", "county_leader", "county_staff", "station_leader", "station_staff",
           "other_county_leader", "other_station_staff"}
APPROVERS = {"office", "city_leader", "county_leader", "station_leader", "other_county_leader"}
SEES_XN01 = set(Tree.ROLE_USERS) - {"other_county_leader", "other_station_staff"}
WRITES_XN01 = WRITERS - {"other_county_leader", "other_station_staff"}

ROLE_MATRIX = {
    "home": {**PUBLIC, "anonymous": 302},  # anonymous: redirected to the portal, not to the login page
    "publicity:portal": PUBLIC,
    "publicity:plan": PUBLIC,
    "publicity:letters": PUBLIC,
    "publicity:letter-detail": PUBLIC,
    "publicity:news": PUBLIC,
    "publicity:news-feed": PUBLIC,
    "publicity:news-detail": PUBLIC,
    "publicity:units": PUBLIC,
    "publicity:unit": PUBLIC,
    "publicity:manage": _only(set(Tree.ROLE_USERS)),
    "publicity:item-new": _only(WRITERS),
    "publicity:item-detail": _only(SEES_XN01),
    "publicity:item-edit": _only(WRITES_XN01),
    "publicity:item-submit": _only(APPROVERS, 405),
    "publicity:item-return": _only({"office"}, 405),
    "publicity:item-publish": _only({"office"}, 405),
    "publicity:commitments": _only(WRITERS),
    "publicity:commitments-unit": _only(WRITES_XN01),
    "publicity:commitment-edit": _only(WRITERS, 405),
    "publicity:commitment-delete": _only(WRITERS, 405),
}


def _url(name, tree, draft, published, letter, commitment):
    args = {
        "publicity:letter-detail": [letter.pk], "publicity:news-detail": [published.pk],
        "publicity:unit": [tree.station.code], "publicity:item-detail": [draft.pk], "publicity:item-edit": [draft.pk],
        "publicity:item-submit": [draft.pk], "publicity:item-return": [draft.pk], "publicity:item-publish": [draft.pk],
        "publicity:commitments-unit": [tree.station.code], "publicity:commitment-edit": [commitment.pk],
        "publicity:commitment-delete": [commitment.pk],
    }
    return reverse(name, args=args.get(name, []))


def test_matrix_covers_every_url_name_of_the_app():
    from xingping.publicity.urls import urlpatterns

    assert {f"publicity:{p.name}" for p in urlpatterns} == {k for k in ROLE_MATRIX if k.startswith("publicity:")}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(ROLE_MATRIX))
def test_role_matrix(client, tree, draft, published, letter, commitment, name):
    url = _url(name, tree, draft, published, letter, commitment)
    if name == "home":
        assert client.get(url)["Location"] == reverse("publicity:portal")
    failures = []
    for role, expected in ROLE_MATRIX[name].items():
        client.logout()
        if role != "anonymous":
            client.force_login(getattr(tree, role))
        status = client.get(url).status_code
        if status != expected:
            failures.append((role, status, expected))
    assert not failures, f"{name} {url}: {failures}"


@pytest.mark.django_db
def test_posts_outside_scope_are_404_and_change_nothing(client, tree, draft):
    client.force_login(tree.other_county_leader)
    assert client.post(reverse("publicity:item-submit", args=[draft.pk])).status_code == 404
    client.force_login(tree.station_leader)
    assert client.post(reverse("publicity:item-submit", args=[draft.pk])).status_code == 302
    draft.refresh_from_db()
    assert draft.state == "submitted"
