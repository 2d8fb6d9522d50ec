"""Every role against every campaigns view: allowed (200/302) or 404."""

import datetime
from xingping.core.testing import check_role_matrix, frozen_today
from xingping.testing import build_world

import pytest
from django.urls import reverse

from xingping.core.testing import assert_matrix

ALL = ("office", "auditor", "city_inspector", "city_leader", "county_leader", "county_staff", "county_inspector",
       "station_leader", "station_staff", "other_county_leader", "other_station_staff")
CITY_SIDE = ("office", "auditor", "city_inspector", "city_leader")
COUNTY_XN = CITY_SIDE + ("county_leader", "county_staff", "county_inspector")
STATION_XN01 = COUNTY_XN + ("station_leader", "station_staff")
WRITERS = ("office", "city_leader", "county_leader", "county_staff", "station_leader", "station_staff",
           "other_county_leader", "other_station_staff")
MATRIX = ("office", "auditor", "city_inspector", "county_inspector")


def expect(allowed, ok=200, others=404):
    return {name: (ok if name in allowed else others) for name in ALL}


def test_index_redirects_everyone_to_the_current_campaign(client, tree, campaign):
    assert assert_matrix(client, reverse("campaigns:index"), expect(ALL, 302), tree) == []


def test_campaign_detail_is_for_everyone(client, tree, campaign):
    assert assert_matrix(client, reverse("campaigns:campaign-detail", args=[campaign.slug]), expect(ALL), tree) == []


def test_unknown_campaign_is_404(client, tree, campaign):
    client.force_login(tree.office)
    assert client.get(reverse("campaigns:campaign-detail", args=["nope"])).status_code == 404


@pytest.mark.parametrize("name", ["campaigns:matrix", "campaigns:matrix-export"])
def test_matrix_is_for_the_office_and_the_read_only_roles(client, tree, campaign, name):
    assert assert_matrix(client, reverse(name, args=[campaign.slug]), expect(MATRIX), tree) == []


def test_my_unit_redirects_unit_users(client, tree, campaign):
    assert assert_matrix(client, reverse("campaigns:my-unit", args=[campaign.slug]), expect(ALL, 302), tree) == []


@pytest.mark.parametrize("code, allowed", [("XN", COUNTY_XN), ("XN01", STATION_XN01), ("HC01", CITY_SIDE + (
    "other_county_leader", "other_station_staff"))])
def test_unit_obligations_scoped(client, tree, campaign, code, allowed):
    url = reverse("campaigns:unit-obligations", args=[campaign.slug, code])
    assert assert_matrix(client, url, expect(allowed), tree) == []


@pytest.mark.parametrize("deliverable, unit, allowed", [
    ("implementation_plan", "XN", COUNTY_XN),
    ("self_inspection_report", "XN", COUNTY_XN),
    ("station_self_inspection", "XN01", STATION_XN01),
    ("implementation_plan", "XN01", ()),  # a station does not owe it: 404 for all
    ("nope", "XN", ()),
])
def test_submission_page_scoped(client, tree, campaign, deliverable, unit, allowed):
    url = reverse("campaigns:submission-detail", args=[campaign.slug, deliverable, unit])
    assert assert_matrix(client, url, expect(allowed), tree) == []


def test_attachment_download_scoped(client, tree, draft):
    att = draft.attachments.get()
    assert assert_matrix(client, reverse("campaigns:attachment-download", args=[att.pk]), expect(COUNTY_XN), tree) == []


def test_meetings_list_for_everyone_create_for_writers(client, tree, campaign):
    assert assert_matrix(client, reverse("campaigns:meeting-list", args=[campaign.slug]), expect(ALL), tree) == []
    assert assert_matrix(client, reverse("campaigns:meeting-create", args=[campaign.slug]), expect(WRITERS), tree) == []


def test_save_draft_only_by_the_units_own_people(client, tree, campaign):
    url = reverse("campaigns:submission-save", args=[campaign.slug, "mobilisation_summary", "XN"])
    expectations = expect(("county_leader", "county_staff"), ok=302)
    assert assert_matrix(client, url, expectations, tree, method="post", data={"body": "动员总结"}) == []


def test_review_only_by_office_and_leaders_above(client, tree, submitted):
    url = reverse("campaigns:submission-review", args=[submitted.deliverable.campaign.slug, "implementation_plan", "XN", "accept"])
    assert assert_matrix(client, url, expect(("office", "city_leader"), ok=302), tree, method="post") == []


def test_unknown_review_decision_is_404(client, tree, submitted):
    client.force_login(tree.office)
    url = reverse("campaigns:submission-review", args=[submitted.deliverable.campaign.slug, "implementation_plan", "XN", "delete"])
    assert client.post(url).status_code == 404


def test_attachment_remove_only_by_authors(client, tree, draft):
    att = draft.attachments.get()
    url = reverse("campaigns:attachment-remove", args=[att.pk])
    for name in ("office", "auditor", "city_leader", "county_inspector", "station_leader", "other_county_leader"):
        client.force_login(getattr(tree, name))
        assert client.post(url).status_code == 404, name
    client.force_login(tree.county_staff)
    assert client.post(url).status_code == 302
    assert not draft.attachments.exists()


# The role × view matrix of every URL name of the app (the project-wide test
# tests/test_url_matrix.py fails when a URL name is missing from all ROLE_MATRIX dicts).

def _sub(name):
    return lambda w: reverse(f"campaigns:{name}", args=[w["campaign"].slug, "station_self_inspection", "XN01"])


MATRIX_URLS = {
    "campaigns:index": lambda w: reverse("campaigns:index"),
    "campaigns:attachment-download": lambda w: reverse("campaigns:attachment-download", args=[w["attachment"].pk]),
    "campaigns:attachment-remove": lambda w: reverse("campaigns:attachment-remove", args=[w["attachment"].pk]),
    "campaigns:campaign-detail": lambda w: reverse("campaigns:campaign-detail", args=[w["campaign"].slug]),
    "campaigns:matrix": lambda w: reverse("campaigns:matrix", args=[w["campaign"].slug]),
    "campaigns:matrix-export": lambda w: reverse("campaigns:matrix-export", args=[w["campaign"].slug]),
    "campaigns:my-unit": lambda w: reverse("campaigns:my-unit", args=[w["campaign"].slug]),
    "campaigns:unit-obligations": lambda w: reverse("campaigns:unit-obligations", args=[w["campaign"].slug, "XN01"]),
    "campaigns:submission-detail": _sub("submission-detail"),
    "campaigns:submission-save": _sub("submission-save"),
    "campaigns:submission-review": lambda w: reverse("campaigns:submission-review", args=[
        w["campaign"].slug, "station_self_inspection", "XN01", "accept"]),
    "campaigns:meeting-list": lambda w: reverse("campaigns:meeting-list", args=[w["campaign"].slug]),
    "campaigns:meeting-create": lambda w: reverse("campaigns:meeting-create", args=[w["campaign"].slug]),
}

ROLE_MATRIX = {
    "campaigns:index": {"anonymous": 302, "office": 302, "auditor": 302, "city_inspector": 302, "city_leader": 302, "county_leader": 302, "county_staff": 302, "county_inspector": 302, "station_leader": 302, "station_staff": 302, "other_county_leader": 302, "other_station_staff": 302},
    "campaigns:attachment-download": {"anonymous": 302, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 200, "station_leader": 200, "station_staff": 200, "other_county_leader": 404, "other_station_staff": 404},
    "campaigns:attachment-remove": {"anonymous": 302, "office": 405, "auditor": 405, "city_inspector": 405, "city_leader": 405, "county_leader": 405, "county_staff": 405, "county_inspector": 405, "station_leader": 405, "station_staff": 405, "other_county_leader": 405, "other_station_staff": 405},
    "campaigns:campaign-detail": {"anonymous": 302, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 200, "station_leader": 200, "station_staff": 200, "other_county_leader": 200, "other_station_staff": 200},
    "campaigns:matrix": {"anonymous": 302, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 404, "county_leader": 404, "county_staff": 404, "county_inspector": 200, "station_leader": 404, "station_staff": 404, "other_county_leader": 404, "other_station_staff": 404},
    "campaigns:matrix-export": {"anonymous": 302, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 404, "county_leader": 404, "county_staff": 404, "county_inspector": 200, "station_leader": 404, "station_staff": 404, "other_county_leader": 404, "other_station_staff": 404},
    "campaigns:my-unit": {"anonymous": 302, "office": 302, "auditor": 302, "city_inspector": 302, "city_leader": 302, "county_leader": 302, "county_staff": 302, "county_inspector": 302, "station_leader": 302, "station_staff": 302, "other_county_leader": 302, "other_station_staff": 302},
    "campaigns:unit-obligations": {"anonymous": 302, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 200, "station_leader": 200, "station_staff": 200, "other_county_leader": 404, "other_station_staff": 404},
    "campaigns:submission-detail": {"anonymous": 302, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 200, "station_leader": 200, "station_staff": 200, "other_county_leader": 404, "other_station_staff": 404},
    "campaigns:submission-save": {"anonymous": 302, "office": 405, "auditor": 405, "city_inspector": 405, "city_leader": 405, "county_leader": 405, "county_staff": 405, "county_inspector": 405, "station_leader": 405, "station_staff": 405, "other_county_leader": 405, "other_station_staff": 405},
    "campaigns:submission-review": {"anonymous": 302, "office": 405, "auditor": 405, "city_inspector": 405, "city_leader": 405, "county_leader": 405, "county_staff": 405, "county_inspector": 405, "station_leader": 405, "station_staff": 405, "other_county_leader": 405, "other_station_staff": 405},
    "campaigns:meeting-list": {"anonymous": 302, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 200, "station_leader": 200, "station_staff": 200, "other_county_leader": 200, "other_station_staff": 200},
    "campaigns:meeting-create": {"anonymous": 302, "office": 200, "auditor": 404, "city_inspector": 404, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 404, "station_leader": 200, "station_staff": 200, "other_county_leader": 200, "other_station_staff": 200},
}


@pytest.mark.django_db
def test_role_matrix_every_url_name(client, tree, campaign):
    """Every URL name of the app, requested as every role (ROLE_MATRIX; 404 = not for you)."""
    with frozen_today(datetime.date(2026, 9, 1)):
        world = build_world(tree, campaign)
        assert check_role_matrix(client, tree, ROLE_MATRIX, MATRIX_URLS, world) == []
