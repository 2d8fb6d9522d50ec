"""Self-analyses (R10.2): private to the author, the unit's leader, the office and the
discipline inspector; the unit sees who has and has not submitted."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from xingping.core.testing import assert_matrix
from xingping.testing import UserFactory
from xingping.rectification import services
from xingping.rectification.models import SelfAnalysis

pytestmark = pytest.mark.django_db


def write(user, campaign, submit=True):
    return services.self_analysis_save(actor=user, campaign=campaign, phenomena="答复群众不耐心", causes="宗旨意识淡化",
                                       harm="损害行风形象", checks=["uncivil"], submit=submit)


@pytest.fixture
def colleague(tree):
    tree.colleague = UserFactory(username="xn01_staff2", unit=tree.station, roles="staff")
    return tree.colleague


def test_privacy_matrix_on_the_detail_view(client, tree, campaign, colleague):
    analysis = write(tree.station_staff, campaign)
    expected = {
        "station_staff": 200,  # the author
        "station_leader": 200,  # the leader of the author's unit
        "office": 200,
        "city_inspector": 200,
        "county_inspector": 200,  # discipline inspector of the area
        "colleague": 404,  # a colleague in the same unit
        "station2_staff": 404,  # another unit
        "other_station_staff": 404,
        "county_staff": 404,
        "county_leader": 404,  # the leader of the unit above is not the unit's leader
        "other_county_leader": 404,
        "city_leader": 404,
        "auditor": 404,
    }
    url = reverse("rectification:selfanalysis-detail", args=[analysis.pk])
    assert assert_matrix(client, url, expected, tree) == []


def test_queryset_privacy_and_only_the_author_changes(tree, campaign, colleague):
    analysis = write(tree.station_staff, campaign)
    assert list(SelfAnalysis.objects.for_user(colleague)) == []
    assert list(SelfAnalysis.objects.for_user(tree.station_leader)) == [analysis]
    assert list(SelfAnalysis.objects.for_user(tree.station_leader, "change")) == []
    assert list(SelfAnalysis.objects.for_user(tree.station_staff, "change")) == [analysis]
    assert list(SelfAnalysis.objects.for_user(tree.other_county_leader)) == []


def test_a_draft_is_read_by_its_author_only(tree, campaign):
    draft = write(tree.station_staff, campaign, submit=False)
    assert list(SelfAnalysis.objects.for_user(tree.station_staff)) == [draft]
    for reader in (tree.station_leader, tree.office, tree.city_inspector):
        assert list(SelfAnalysis.objects.for_user(reader)) == []


def test_three_parts_are_required(tree, campaign):
    with pytest.raises(ValidationError) as exc:
        services.self_analysis_save(actor=tree.station_staff, campaign=campaign, phenomena="", causes=" ", harm="")
    assert set(exc.value.message_dict) == {"phenomena", "causes", "harm"}


def test_one_per_staff_member_per_campaign(tree, campaign):
    write(tree.station_staff, campaign, submit=False)
    write(tree.station_staff, campaign, submit=True)
    assert SelfAnalysis.objects.filter(author=tree.station_staff).count() == 1
    assert SelfAnalysis.objects.get().submitted_at is not None


def test_read_only_roles_do_not_write_one(tree, campaign):
    with pytest.raises(PermissionDenied):
        write(tree.auditor, campaign)


def test_the_unit_sees_who_has_and_has_not_submitted(client, tree, campaign, colleague):
    write(tree.station_staff, campaign)
    client.force_login(colleague)
    resp = client.get(reverse("rectification:selfanalysis-roster"))
    html = resp.content.decode()
    assert resp.status_code == 200
    assert str(tree.station_staff) in html and str(colleague) in html and str(tree.station_leader) in html
    assert "答复群众不耐心" not in html  # names only, never the content
    people = {p.username: (p.submitted, pk) for p, pk in resp.context["people"]}
    assert people["xn01_staff"][0] is True and people["xn01_staff2"] == (False, None)
    assert people["xn01_staff"][1] is None  # the colleague gets no link to read it
    # the column is headed 提交情况 (another app's 已报送 above 未提交 read as a contradiction)
    assert "<th>提交情况</th>" in html and "<th>已报送</th>" not in html


def test_the_form_saves_and_submits(client, tree, campaign):
    client.force_login(tree.station_staff)
    url = reverse("rectification:selfanalysis-edit")
    resp = client.post(url, {"phenomena": "", "causes": "原因", "harm": "危害", "submit": "1"})
    assert resp.status_code == 200 and "原因" in resp.content.decode()  # kept what was typed
    resp = client.post(url, {"phenomena": "表现", "causes": "原因", "harm": "危害", "checks": ["fees"], "submit": "1"})
    assert resp.status_code == 302
    assert SelfAnalysis.objects.get().check_list == ["fees"]
