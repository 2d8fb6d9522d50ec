"""The unit tree and unit pages: every role, scoped content."""

import pytest
from django.urls import reverse

from xingping.core.testing import assert_matrix
from xingping.orgs.models import GroupMembership, GroupRole

ALL = ("office", "auditor", "city_inspector", "city_leader", "county_leader", "county_staff", "county_inspector",
       "station_leader", "station_staff", "other_county_leader", "other_station_staff")
CITY_SIDE = ("office", "auditor", "city_inspector", "city_leader")


def expect(allowed):
    return {name: (200 if name in allowed else 404) for name in ALL}


def test_tree_is_for_everyone(client, tree):
    assert assert_matrix(client, reverse("orgs:index"), expect(ALL), tree) == []


@pytest.mark.parametrize("code, allowed", [
    ("XG", CITY_SIDE),
    ("XN", CITY_SIDE + ("county_leader", "county_staff", "county_inspector")),
    ("XN01", CITY_SIDE + ("county_leader", "county_staff", "county_inspector", "station_leader", "station_staff")),
    ("HC01", CITY_SIDE + ("other_county_leader", "other_station_staff")),
    ("NOPE", ()),
])
def test_unit_detail_is_scoped(client, tree, campaign, code, allowed):
    assert assert_matrix(client, reverse("orgs:unit-detail", args=[code]), expect(allowed), tree) == []


def tree_codes(node_list):
    out = []
    for node in node_list:
        out.append(node["unit"].code)
        out += tree_codes(node["children"])
    return out


@pytest.mark.parametrize("name, codes", [
    ("county_leader", ["XN", "XN01", "XN02"]),
    ("station_staff", ["XN01"]),
    ("office", ["XG", "XG-BGS", "XG-JJZ", "XN", "HC", "KFQ", "XN01", "XN02", "HC01"]),
])
def test_tree_shows_what_the_user_sees_in_one_query(client, tree, name, codes, django_assert_max_num_queries):
    client.force_login(getattr(tree, name))
    with django_assert_max_num_queries(8):
        resp = client.get(reverse("orgs:index"))
    assert sorted(tree_codes(resp.context["roots"])) == sorted(codes)
    assert len(resp.context["roots"]) == 1


def test_unit_detail_shows_leadership_group_work_team_and_staff(client, tree, campaign):
    GroupMembership.objects.create(unit=tree.county, role=GroupRole.LEADER, person=tree.county_leader, name="王局长", title="局长")
    GroupMembership.objects.create(unit=tree.county, role=GroupRole.WORK_TEAM, name="李专班", title="工作专班")
    client.force_login(tree.county_staff)
    resp = client.get(reverse("orgs:unit-detail", args=["XN"]))
    html = resp.content.decode()
    assert "王局长" in html and "李专班" in html
    assert [p.username for p in resp.context["staff"]] == ["xn_inspector", "xn_leader", "xn_staff"]
    assert [o.deliverable.code for o in resp.context["obligations"]][0] == "implementation_plan"
    # breadcrumb shows only what the user may see
    assert resp.context["ancestors"] == []


def test_city_detail_counts_department_staff_as_its_own(client, tree):
    client.force_login(tree.office)
    resp = client.get(reverse("orgs:unit-detail", args=["XG"]))
    assert {"office", "auditor", "inspector", "city_leader", "dept_staff"} <= {p.username for p in resp.context["staff"]}
