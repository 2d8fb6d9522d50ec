"""Role × view matrix of the office's set-up pages (orgs/office_views.py): the office
opens and changes them, the auditor reads them, every other role gets 404. GET requests;
POST-only pages answer 405 to those the gate admits."""

import pytest
from django.urls import reverse

from xingping.core.testing import check_role_matrix
from xingping.orgs.models import GroupMembership, GroupRole

ROLES = ("office", "auditor", "city_inspector", "city_leader", "county_leader", "county_staff", "county_inspector",
         "station_leader", "station_staff", "other_county_leader", "other_station_staff")


def row(office, auditor=404):
    """anonymous → sign-in; office and auditor as given; every other role 404."""
    return {"anonymous": 302, **{r: 404 for r in ROLES}, "office": office, "auditor": auditor}


MATRIX_URLS = {
    "orgs:setup": lambda w: reverse("orgs:setup"),
    "orgs:setup-units": lambda w: reverse("orgs:setup-units"),
    "orgs:setup-unit-create": lambda w: reverse("orgs:setup-unit-create"),
    "orgs:setup-unit-options": lambda w: reverse("orgs:setup-unit-options") + "?q=XN",
    "orgs:setup-unit": lambda w: reverse("orgs:setup-unit", args=["XN01"]),
    "orgs:setup-unit-move": lambda w: reverse("orgs:setup-unit-move", args=["XN01"]),
    "orgs:setup-unit-retire": lambda w: reverse("orgs:setup-unit-retire", args=["XN01"]),
    "orgs:setup-seat-add": lambda w: reverse("orgs:setup-seat-add", args=["XN01"]),
    "orgs:setup-seat-remove": lambda w: reverse("orgs:setup-seat-remove", args=[w["seat"].pk]),
    "orgs:setup-staff": lambda w: reverse("orgs:setup-staff"),
    "orgs:setup-staff-create": lambda w: reverse("orgs:setup-staff-create"),
    "orgs:setup-staff-detail": lambda w: reverse("orgs:setup-staff-detail", args=[w["person"].pk]),
    "orgs:setup-staff-active": lambda w: reverse("orgs:setup-staff-active", args=[w["person"].pk]),
    "orgs:setup-staff-password": lambda w: reverse("orgs:setup-staff-password", args=[w["person"].pk]),
    "orgs:setup-staff-unlock": lambda w: reverse("orgs:setup-staff-unlock", args=[w["person"].pk]),
}

ROLE_MATRIX = {
    "orgs:setup": row(200, 200),
    "orgs:setup-units": row(200, 200),
    "orgs:setup-unit-create": row(200),
    "orgs:setup-unit-options": row(200, 200),  # the set-up forms' unit suggestions: who reads set-up
    "orgs:setup-unit": row(200, 200),
    "orgs:setup-unit-move": row(405),  # POST only
    "orgs:setup-unit-retire": row(405),
    "orgs:setup-seat-add": row(405),
    "orgs:setup-seat-remove": row(405),
    "orgs:setup-staff": row(200, 200),
    "orgs:setup-staff-create": row(200),
    "orgs:setup-staff-detail": row(200, 200),
    "orgs:setup-staff-active": row(405),
    "orgs:setup-staff-password": row(405),
    "orgs:setup-staff-unlock": row(405),
}


@pytest.mark.django_db
def test_role_matrix_of_the_setup_pages(client, tree):
    seat = GroupMembership.objects.create(unit=tree.station, role=GroupRole.LEADER, name="张三")
    world = {"seat": seat, "person": tree.station_staff}
    assert check_role_matrix(client, tree, ROLE_MATRIX, MATRIX_URLS, world) == []


@pytest.mark.django_db
@pytest.mark.parametrize("name", [n for n, r in ROLE_MATRIX.items() if r["office"] == 405])
def test_posting_is_refused_to_everyone_but_the_office(client, tree, name):
    """The auditor reads the set-up pages but its POSTs are refused like everyone else's."""
    seat = GroupMembership.objects.create(unit=tree.station, role=GroupRole.LEADER, name="张三")
    url = MATRIX_URLS[name]({"seat": seat, "person": tree.station_staff})
    for role in ROLES:
        if role == "office":
            continue
        client.force_login(getattr(tree, role))
        assert client.post(url, {"active": "0", "parent": tree.county2.pk, "role": "member", "name": "李四"}).status_code == 404, role
    assert GroupMembership.objects.filter(pk=seat.pk).exists()
    tree.station_staff.refresh_from_db()
    tree.station.refresh_from_db()
    assert tree.station_staff.is_active and tree.station.parent_id == tree.county.pk and not tree.station.is_retired
