"""Deliverable and study-material texts are built from the campaign's data (issue 13 part 5):
the due date in the text is the deliverable's due date, document numbers come from the office
when the campaign is created, and a number not given reads 待补充 — never the plan's 〔*〕."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from xingping.campaigns import services
from xingping.campaigns.models import Campaign, StudyMaterial
from xingping.testing import make_campaign

pytestmark = pytest.mark.django_db


def test_the_due_date_in_a_deliverables_text_is_its_due_date(client, tree):
    campaign = make_campaign(shift_days=85)  # the demo's shift: the plan's 9-20 falls on 12-14
    report = campaign.deliverables.get(code="self_inspection_report")
    assert report.due_on == datetime.date(2026, 12, 14)
    assert report.description_text == "按照逐级汇总的方法，各县市区局、市局直属行政分局的自查自纠情况于12月14日前书面报市局行评办。"
    client.force_login(tree.county_leader)
    html = client.get(reverse("campaigns:submission-detail", args=[campaign.slug, report.code, tree.county.code])).content.decode()
    assert "于12月14日前" in html and "9月20日" not in html and "{due}" not in html
    report.due_on = datetime.date(2026, 12, 20)  # the office moves the date: the text follows
    report.save()
    html = client.get(reverse("campaigns:submission-detail", args=[campaign.slug, report.code, tree.county.code])).content.decode()
    assert "于12月20日前" in html


def test_a_placeholder_without_data_reads_to_be_supplied(campaign):
    plan = campaign.deliverables.get(code="implementation_plan")
    plan.description = "{addressee}：请于{due}前报送。"
    assert plan.description_text == "待补充：请于8月5日前报送。"


def test_document_numbers_given_at_creation_and_to_be_supplied_otherwise(client, tree):
    campaign = services.campaign_create(actor=tree.office, slug="c2027", year=2027,
                                        document_numbers={"provincial_opinion": " 鄂办发〔2027〕19号 "})
    titles = [m.display_title for m in campaign.study_materials.all()]
    assert titles[0] == "关于民主评议政风行风工作的实施意见（鄂办发〔2027〕19号）"
    assert titles[1] == "市纠风办关于全市民主评议政风行风工作的实施意见（文号待补充）"
    assert "全省民主评议政风行风动员会上的讲话" in titles  # a speech has no number: none shown
    assert not any("〔*〕" in t for t in titles)
    client.force_login(tree.office)
    html = client.get(reverse("campaigns:campaign-detail", args=[campaign.slug])).content.decode()
    assert "鄂办发〔2027〕19号" in html and "文号待补充" in html and "〔*〕" not in html


def test_the_office_fills_a_number_later_audited(tree, campaign):
    from xingping.core.models import AuditEvent

    material = campaign.study_materials.get(code="city_opinion")
    services.study_material_set_number(actor=tree.office, material=material, document_number="孝办发〔2026〕21号")
    assert StudyMaterial.objects.get(pk=material.pk).display_title.endswith("（孝办发〔2026〕21号）")
    event = AuditEvent.objects.filter(object_type__icontains="studymaterial").latest("pk")
    assert event.new == {"document_number": "孝办发〔2026〕21号"}
    with pytest.raises(ValidationError):
        services.study_material_set_number(actor=tree.office, material=campaign.study_materials.get(code="city_speech"),
                                           document_number="x")


def test_an_unknown_document_code_is_refused_and_nothing_is_created(tree):
    with pytest.raises(ValidationError) as exc:
        services.campaign_create(actor=None, slug="c2028", year=2028, document_numbers={"nope": "X〔2028〕1号"})
    assert "nope" in str(exc.value) and "文号" in str(exc.value)
    assert not Campaign.objects.filter(slug="c2028").exists()


def test_campaign_new_takes_document_numbers(tree):
    out = io.StringIO()
    call_command("campaign", "new", "c2029", "--year", "2029", "--document-number", "provincial_notice=鄂工商纪监〔2029〕145号",
                 stdout=out)
    campaign = Campaign.objects.get(slug="c2029")
    notice = campaign.study_materials.get(code="provincial_notice")
    assert notice.display_title == "省工商局关于基层分局人员违纪问题的通报（鄂工商纪监〔2029〕145号）"
