"""The office creates next year's campaign in the browser: the same template and service
as `xingping campaign new`, dates moved to the first day given, document numbers filled."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from xingping.campaigns.models import Campaign
from xingping.campaigns.services import load_template, template_documents
from xingping.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(client, tree):
    client.force_login(tree.office)
    return client


def test_the_office_creates_next_years_campaign_and_sees_its_phases(office, tree):
    docs = template_documents()
    assert docs, "the seed plan has study materials that carry a document number"
    first_code = docs[0][0]
    resp = office.post(reverse("campaigns:new"), {
        "year": "2027", "slug": "c2027", "title": "", "first_day": "2027-07-05",
        f"doc_{first_code}": "鄂办发〔2027〕19号"})
    assert resp.status_code == 200
    campaign = Campaign.objects.get(slug="c2027")
    tpl = load_template()
    # every date moved by the same four days as the first day (template: 07-01)
    assert campaign.first_day == datetime.date(2027, 7, 5) and campaign.year == 2027
    phases = list(campaign.phases.order_by("order"))
    assert [p.code for p in phases] == [p["code"] for p in tpl["phases"]]
    start = tpl["phases"][0]["start"]
    assert phases[0].starts_on == datetime.date(2027, int(start[:2]), int(start[3:])) + datetime.timedelta(days=4)
    html = resp.content.decode()
    for p in phases:
        assert p.name in html and f"{p.starts_on:%Y-%m-%d}" in html
    material = campaign.study_materials.get(code=first_code)
    assert "鄂办发〔2027〕19号" in material.display_title and "〔*〕" not in material.display_title
    # a material left blank says its number is still to be given
    if len(docs) > 1:
        assert "待补充" in str(campaign.study_materials.get(code=docs[1][0]).display_title)
    assert AuditEvent.objects.filter(action="create", object_type="campaigns.campaign", object_id=str(campaign.pk),
                                     actor=tree.office).exists()


@pytest.mark.parametrize("data, message", [
    ({"slug": "c2026"}, "已存在"),  # the fixture's campaign
    ({"first_day": "2028-01-10"}, "活动年度"),
    ({"year": "1999"}, "2000"),
    ({"slug": "new"}, "保留"),
])
def test_bad_input_is_refused_in_chinese_and_nothing_is_created(office, campaign, data, message):
    before = Campaign.objects.count()
    post = {"year": "2027", "slug": "c2027", "first_day": "2027-07-01", **data}
    with translation.override("zh-hans"):
        resp = office.post(reverse("campaigns:new"), post, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert resp.status_code == 200 and message in resp.content.decode()
    assert Campaign.objects.count() == before


def test_others_cannot_create_a_campaign(client, tree):
    client.force_login(tree.city_leader)
    assert client.post(reverse("campaigns:new"), {"year": "2027", "slug": "c2027"}).status_code == 404
    assert not Campaign.objects.filter(slug="c2027").exists()
