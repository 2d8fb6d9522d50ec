"""Rectification items: the five clears, the deadline, progress rules, evidence, the
leader's confirmation, fixed-while-checking, and the audit trail."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from xingping.core.models import AuditEvent
from xingping.core.testing import frozen_today
from xingping.rectification import services
from xingping.rectification.models import ItemClass, ItemStatus, ProgressPost
from xingping.rectification.tests.conftest import days, make_item, png

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("field", ["item", "method", "standard", "deadline", "responsible"])
def test_each_of_the_five_clears_is_required(tree, finding, field):
    with pytest.raises(ValidationError) as exc:
        make_item(tree, finding, **{field: None if field in ("deadline", "responsible") else "  "})
    assert field in exc.value.message_dict
    assert "必填" in exc.value.message_dict[field][0]


def test_all_five_missing_reports_all_five(tree, finding):
    with pytest.raises(ValidationError) as exc:
        services.item_create(actor=tree.station_leader, finding=finding, item="", method="", standard="", deadline=None,
                             responsible=None)
    assert set(exc.value.message_dict) >= {"item", "method", "standard", "deadline", "responsible"}


def test_deadline_in_the_past_is_refused_today_is_fine(tree, finding):
    with pytest.raises(ValidationError) as exc:
        make_item(tree, finding, deadline_days=-1)
    assert "整改时限不能早于今天" in exc.value.message_dict["deadline"][0]
    assert make_item(tree, finding, deadline_days=0).status == ItemStatus.OPEN


def test_responsible_person_must_belong_to_the_unit(tree, finding):
    with pytest.raises(ValidationError) as exc:
        make_item(tree, finding, responsible=tree.other_station_staff)
    assert "responsible" in exc.value.message_dict


def test_planned_item_needs_steps_within_the_deadline(tree, finding):
    with pytest.raises(ValidationError) as exc:
        make_item(tree, finding, item_class=ItemClass.PLANNED)
    assert "milestones" in exc.value.message_dict
    with pytest.raises(ValidationError):
        make_item(tree, finding, item_class=ItemClass.PLANNED, milestones=[("步骤", days(30))])  # after the deadline
    item = make_item(tree, finding, item_class=ItemClass.PLANNED, milestones=[("梳理流程", days(3)), ("全面推行", days(9))])
    assert [m.title for m in item.milestones.all()] == ["梳理流程", "全面推行"]
    services.milestone_mark_done(actor=tree.station_staff, milestone=item.milestones.first())
    assert item.milestones.first().done_on == timezone.localdate()


def test_policy_item_carries_the_request_and_the_answer(tree, finding):
    with pytest.raises(ValidationError) as exc:
        make_item(tree, finding, item_class=ItemClass.POLICY)
    assert "request_text" in exc.value.message_dict
    item = make_item(tree, finding, item_class=ItemClass.POLICY, request_text="请市局明确裁量标准")
    assert item.request_sent_on == timezone.localdate()
    services.item_record_answer(actor=tree.station_leader, item=item, answer_text="参照省局文件执行")
    assert item.answer_text == "参照省局文件执行" and item.answered_on == timezone.localdate()


def test_answer_only_for_policy_items(tree, item):
    with pytest.raises(ValidationError):
        services.item_record_answer(actor=tree.station_leader, item=item, answer_text="x")


def test_progress_over_100_or_below_0_is_refused(tree, item):
    for bad in (101, 150, -1):
        with pytest.raises(ValidationError) as exc:
            services.item_post_progress(actor=tree.station_staff, item=item, percent=bad, note="x")
        assert "0至100" in exc.value.message_dict["percent"][0]
    assert item.posts.count() == 0


def test_progress_backwards_needs_a_reason(tree, item):
    services.item_post_progress(actor=tree.station_staff, item=item, percent=60, note="台账已建")
    with pytest.raises(ValidationError) as exc:
        services.item_post_progress(actor=tree.station_staff, item=item, percent=40, note="复核")
    assert "进度回退须说明理由" in exc.value.message_dict["reason"][0]
    item.refresh_from_db()
    assert item.progress == 60
    services.item_post_progress(actor=tree.station_staff, item=item, percent=40, note="复核", reason="发现遗漏")
    assert item.progress == 40 and item.status == ItemStatus.IN_PROGRESS


def test_same_progress_again_needs_no_reason(tree, item):
    services.item_post_progress(actor=tree.station_staff, item=item, percent=50, note="a")
    services.item_post_progress(actor=tree.station_staff, item=item, percent=50, note="b")
    assert item.posts.count() == 2


def test_reporting_done_needs_evidence_then_the_leader_confirms(tree, item):
    with pytest.raises(ValidationError) as exc:
        services.item_post_progress(actor=tree.station_staff, item=item, percent=100, note="完成")
    assert "evidence" in exc.value.message_dict
    services.item_post_progress(actor=tree.station_staff, item=item, percent=100, note="完成", evidence=png())
    assert item.status == ItemStatus.REPORTED and item.progress == 100
    with pytest.raises(PermissionDenied):
        services.item_confirm(actor=tree.station_staff, item=item)  # staff cannot confirm
    with pytest.raises(PermissionDenied):
        services.item_confirm(actor=tree.other_county_leader, item=item)  # another unit's leader cannot
    services.item_confirm(actor=tree.station_leader, item=item)
    assert item.status == ItemStatus.DONE and item.completed_on == timezone.localdate() and item.days_to_fix == 0
    assert item.confirmed_by == tree.station_leader
    with pytest.raises(ValidationError):
        services.item_post_progress(actor=tree.station_staff, item=item, percent=100, note="again")


def test_days_to_fix_counts_from_recording_to_confirmation(tree, finding):
    start = timezone.localdate()
    item = make_item(tree, finding, deadline_days=20)
    services.item_post_progress(actor=tree.station_staff, item=item, percent=100, note="完成", evidence=png())
    with frozen_today(start + datetime.timedelta(days=6)):
        services.item_confirm(actor=tree.county_leader, item=item)
    assert item.days_to_fix == 6


def test_confirm_only_from_reported(tree, item):
    with pytest.raises(ValidationError):
        services.item_confirm(actor=tree.station_leader, item=item)


def test_leader_returns_with_a_reason(tree, item):
    services.item_post_progress(actor=tree.station_staff, item=item, percent=100, note="完成", evidence=png())
    with pytest.raises(ValidationError):
        services.item_return(actor=tree.station_leader, item=item, reason=" ")
    services.item_return(actor=tree.station_leader, item=item, reason="佐证材料不足")
    assert item.status == ItemStatus.RETURNED and item.return_reason == "佐证材料不足"
    services.item_post_progress(actor=tree.station_staff, item=item, percent=100, note="补充材料")
    assert item.status == ItemStatus.REPORTED  # the earlier evidence still counts


def test_fixed_while_checking_is_done_on_creation_with_evidence(tree, finding):
    with pytest.raises(ValidationError) as exc:
        make_item(tree, finding, fixed_on_creation=True)
    assert "边查边纠须上传佐证材料" in exc.value.message_dict["evidence"][0]
    item = make_item(tree, finding, fixed_on_creation=True, evidence=png())
    assert item.status == ItemStatus.DONE and item.progress == 100 and item.fixed_on_creation
    assert item.completed_on == timezone.localdate() and item.days_to_fix == 0
    post = item.posts.get()
    assert post.evidence_kind == "png" and post.evidence.name.endswith(".png")


def test_evidence_of_a_disallowed_type_is_refused(tree, item):
    exe = SimpleUploadedFile("photo.png", b"MZ\x90\x00 not an image", content_type="image/png")
    with pytest.raises(ValidationError) as exc:
        services.item_post_progress(actor=tree.station_staff, item=item, percent=30, note="x", evidence=exe)
    assert "不允许的文件类型" in exc.value.message_dict["evidence"][0]
    assert not ProgressPost.objects.exists()


def test_evidence_too_large_is_refused(tree, item, settings):
    settings.XINGPING_UPLOAD_MAX_BYTES = 100
    big = SimpleUploadedFile("big.png", png().read() + b"\0" * 200, content_type="image/png")
    with pytest.raises(ValidationError) as exc:
        services.item_post_progress(actor=tree.station_staff, item=item, percent=30, note="x", evidence=big)
    assert "文件过大" in exc.value.message_dict["evidence"][0]


def test_readonly_roles_and_other_units_cannot_post(tree, item):
    for actor in (tree.auditor, tree.city_inspector, tree.other_station_staff, tree.station2_staff):
        with pytest.raises(PermissionDenied):
            services.item_post_progress(actor=actor, item=item, percent=10, note="x")


def test_every_change_is_audited_with_old_and_new(tree, item):
    services.item_post_progress(actor=tree.station_staff, item=item, percent=30, note="开始")
    event = AuditEvent.objects.filter(action="progress").get()
    assert event.old["progress"] == 0 and event.old["status"] == "open"
    assert event.new["progress"] == 30 and event.new["status"] == "in_progress"
    assert event.actor == tree.station_staff and event.unit == tree.station
    assert AuditEvent.objects.filter(action="create", object_type="rectification.rectificationitem").count() == 1


def test_workflow_refuses_unknown_transitions():
    with pytest.raises(ValidationError):
        services.ITEM_WORKFLOW.check(ItemStatus.DONE, ItemStatus.IN_PROGRESS)
    with pytest.raises(ValidationError):
        services.ITEM_WORKFLOW.check(ItemStatus.OPEN, ItemStatus.DONE)
    with pytest.raises(ValidationError):
        services.ITEM_WORKFLOW.check(ItemStatus.REPORTED, ItemStatus.RETURNED, "")


def test_overdue_is_computed_against_today(tree, item):
    from xingping.rectification import selectors

    later = item.deadline + datetime.timedelta(days=1)
    rows = selectors.item_list(item.finding.campaign, tree.office, later)
    assert rows.get(pk=item.pk).overdue is True
    assert selectors.item_list(item.finding.campaign, tree.office, item.deadline).get(pk=item.pk).overdue is False
