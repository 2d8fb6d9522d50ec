"""Pages a user fills in: forms keep what was typed, errors are shown, no 500s."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from xingping.rectification.models import InstitutionStatus, IrregularFee, ItemStatus, RectificationItem
from xingping.rectification.tests.conftest import make_finding, make_item, png

pytestmark = pytest.mark.django_db


def day(n):
    return (timezone.localdate() + datetime.timedelta(days=n)).isoformat()


def test_item_form_refuses_missing_clears_and_keeps_input(client, tree, campaign):
    finding = make_finding(tree, campaign)
    client.force_login(tree.station_leader)
    url = reverse("rectification:item-create", args=[finding.pk])
    resp = client.post(url, {"item": "每周调度", "method": "", "standard": "达到平均", "deadline": day(-2),
                             "responsible": "", "item_class": "deadline"})
    html = resp.content.decode()
    assert resp.status_code == 200 and "每周调度" in html and "达到平均" in html
    assert "整改时限不能早于今天" in html and "必填" in html
    assert not RectificationItem.objects.exists()


def test_item_form_creates_a_planned_item_with_steps(client, tree, campaign):
    finding = make_finding(tree, campaign)
    client.force_login(tree.station_leader)
    resp = client.post(reverse("rectification:item-create", args=[finding.pk]), {
        "item": "压缩办理时限", "method": "并联审批", "standard": "3个工作日", "deadline": day(30),
        "responsible": str(tree.station_staff.pk), "item_class": "planned",
        "milestones": f"{day(5)} 梳理流程\n\n{day(20)} 全面推行"})
    item = RectificationItem.objects.get()
    assert resp.status_code == 302 and resp["Location"] == reverse("rectification:item-detail", args=[item.pk])
    assert item.milestones.count() == 2
    bad = client.post(reverse("rectification:item-create", args=[finding.pk]), {
        "item": "x", "method": "x", "standard": "x", "deadline": day(30), "responsible": str(tree.station_staff.pk),
        "item_class": "planned", "milestones": "next week do it"})
    assert bad.status_code == 200 and "YYYY-MM-DD" in bad.content.decode()


def test_item_form_fixed_while_checking_with_evidence(client, tree, campaign):
    finding = make_finding(tree, campaign)
    client.force_login(tree.station_staff)
    resp = client.post(reverse("rectification:item-create", args=[finding.pk]), {
        "item": "停止代收", "method": "当场停止", "standard": "全部退还", "deadline": day(0),
        "responsible": str(tree.station_staff.pk), "item_class": "deadline", "fixed_on_creation": "on",
        "evidence": png()})
    assert resp.status_code == 302
    assert RectificationItem.objects.get().status == ItemStatus.DONE


def test_progress_page_refuses_over_100_and_keeps_the_note(client, tree, campaign):
    item = make_item(tree, make_finding(tree, campaign))
    client.force_login(tree.station_staff)
    url = reverse("rectification:item-progress", args=[item.pk])
    resp = client.post(url, {"percent": "120", "note": "已完成大部分"})
    assert resp.status_code == 200 and "已完成大部分" in resp.content.decode()
    resp = client.post(url, {"percent": "60", "note": "已完成大部分"})
    assert resp.status_code == 302
    resp = client.post(url, {"percent": "20", "note": "回调"})
    assert resp.status_code == 200 and "进度回退须说明理由" in resp.content.decode()
    item.refresh_from_db()
    assert item.progress == 60


def test_item_detail_shows_overdue_in_red(client, tree, campaign):
    item = make_item(tree, make_finding(tree, campaign), deadline_days=0)
    RectificationItem.objects.filter(pk=item.pk).update(deadline=timezone.localdate() - datetime.timedelta(days=1))
    client.force_login(tree.station_staff)
    html = client.get(reverse("rectification:item-detail", args=[item.pk])).content.decode()
    assert "text-bg-danger" in html
    html = client.get(reverse("rectification:item-list")).content.decode()
    assert "table-danger" in html


def test_leader_confirms_from_the_page(client, tree, campaign):
    item = make_item(tree, make_finding(tree, campaign))
    client.force_login(tree.station_staff)
    client.post(reverse("rectification:item-progress", args=[item.pk]), {"percent": "100", "note": "完成", "evidence": png()})
    client.force_login(tree.station_leader)
    page = client.get(reverse("rectification:item-detail", args=[item.pk]))
    assert page.context["can_confirm"] is True
    client.post(reverse("rectification:item-confirm", args=[item.pk]))
    item.refresh_from_db()
    assert item.status == ItemStatus.DONE


def test_fee_page_records_and_refuses_refund_above_fee(client, tree, campaign):
    client.force_login(tree.station_staff)
    url = reverse("rectification:fee-list")
    resp = client.post(url, {"unit": "XN01", "description": "资料费", "payer": "某户", "amount": "100",
                             "found_on": day(-1), "refunded_amount": "150", "refunded_on": day(0)})
    assert resp.status_code == 200 and "退还金额不能大于违规收费金额" in resp.content.decode()
    assert not IrregularFee.objects.exists()
    resp = client.post(url, {"unit": "XN01", "description": "资料费", "payer": "某户", "amount": "100", "found_on": day(-1)})
    assert resp.status_code == 302
    fee = IrregularFee.objects.get()
    resp = client.post(reverse("rectification:fee-refund", args=[fee.pk]), {"refunded_amount": "100.01", "refunded_on": day(0)})
    assert resp.status_code == 200
    resp = client.post(reverse("rectification:fee-refund", args=[fee.pk]), {"refunded_amount": "100", "refunded_on": day(0)})
    assert resp.status_code == 302


def test_system_update_needs_date_and_document_when_issued(client, tree, campaign):
    client.force_login(tree.station_leader)
    url = reverse("rectification:system-edit", args=["XN01", "accountability"])
    resp = client.post(url, {"status": "issued", "document_no": "书院发1号"})
    assert resp.status_code == 200 and "请填写印发日期" in resp.content.decode() and "请上传" in resp.content.decode()
    resp = client.post(url, {"status": "issued", "issued_on": day(0), "document": png("doc.png")})
    assert resp.status_code == 302
    row = InstitutionStatus.objects.get()
    assert row.status == "issued" and row.document.name.endswith(".png")
    assert client.get(reverse("rectification:system-edit", args=["XN01", "nosuch"])).status_code == 404
    page = client.get(reverse("rectification:systems") + "?unit=XN01")
    assert len(page.context["checklist"]) == 9


def test_publish_puts_the_item_on_the_board(client, tree, campaign):
    item = make_item(tree, make_finding(tree, campaign))
    client.force_login(tree.office)
    client.post(reverse("rectification:item-publish", args=[item.pk]), {"published": "1"})
    client.logout()
    assert item.item in client.get(reverse("rectification:board")).content.decode()


def test_marking_a_step_done_with_htmx_returns_the_line(client, tree, campaign):
    item = make_item(tree, make_finding(tree, campaign), item_class="planned", milestones=[("梳理流程", timezone.localdate())])
    step = item.milestones.get()
    client.force_login(tree.station_staff)
    resp = client.post(reverse("rectification:milestone-done", args=[step.pk]), HTTP_HX_REQUEST="true")
    assert resp.status_code == 200 and f'id="milestone-{step.pk}"' in resp.content.decode()
    assert "bi-check-circle-fill" in resp.content.decode()
    step.refresh_from_db()
    assert step.done_on == timezone.localdate()


def test_long_lists_are_paginated(client, tree, campaign):
    from xingping.rectification.models import Finding

    Finding.objects.bulk_create([Finding(campaign=campaign, unit=tree.station, title=f"问题{i}", category="other",
                                         source="self_inspection", found_on=timezone.localdate()) for i in range(105)])
    client.force_login(tree.office)
    first = client.get(reverse("rectification:finding-list"))
    second = client.get(reverse("rectification:finding-list") + "?page=2")
    assert len(first.context["findings"]) == 100 and len(second.context["findings"]) == 5
    assert client.get(reverse("rectification:finding-list") + "?page=abc").status_code == 200
