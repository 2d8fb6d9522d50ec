"""The submission rules (R2.3): who writes, who submits, who reviews, states, late, uploads."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from xingping.campaigns import services
from xingping.campaigns.models import SubmissionState
from xingping.campaigns.tests.conftest import EXE, PDF, PNG, docx_bytes, upload
from xingping.core.models import AuditEvent
from xingping.core.testing import frozen_today


def save(actor, deliverable, unit, body="正文"):
    return services.submission_save_draft(actor=actor, deliverable=deliverable, unit=unit, body=body)


# ---------------------------------------------------------------- who writes

@pytest.mark.parametrize("name", ["county_staff", "county_leader"])
def test_the_units_own_people_write_its_draft(tree, deliverables, name):
    sub = save(getattr(tree, name), deliverables["implementation_plan"], tree.county)
    assert sub.state == SubmissionState.DRAFT and sub.body == "正文"


@pytest.mark.parametrize("name", ["office", "auditor", "city_inspector", "city_leader", "county_inspector",
                                  "station_leader", "other_county_leader"])
def test_others_do_not_write_a_units_draft(tree, deliverables, name):
    with pytest.raises(PermissionDenied):
        save(getattr(tree, name), deliverables["implementation_plan"], tree.county)


def test_a_unit_cannot_draft_what_it_does_not_owe(tree, deliverables):
    with pytest.raises(ValidationError):
        save(tree.station_staff, deliverables["implementation_plan"], tree.station)


# ---------------------------------------------------------------- submitting

def test_only_the_leader_submits(tree, draft):
    with pytest.raises(PermissionDenied):
        services.submission_submit(actor=tree.county_staff, submission=draft)
    with pytest.raises(PermissionDenied):
        services.submission_submit(actor=tree.office, submission=draft)
    sub = services.submission_submit(actor=tree.county_leader, submission=draft)
    assert sub.state == SubmissionState.SUBMITTED and sub.submitted_by == tree.county_leader


def test_an_empty_draft_cannot_be_submitted(tree, deliverables):
    sub = save(tree.county_leader, deliverables["mobilisation_summary"], tree.county, body="  ")
    with pytest.raises(ValidationError):
        services.submission_submit(actor=tree.county_leader, submission=sub)


def test_an_attachment_alone_is_enough_to_submit(tree, deliverables):
    sub = save(tree.county_leader, deliverables["mobilisation_summary"], tree.county, body="")
    services.attachment_add(actor=tree.county_leader, submission=sub, uploaded=upload())
    assert services.submission_submit(actor=tree.county_leader, submission=sub).state == SubmissionState.SUBMITTED


def test_a_submitted_report_is_not_edited_nor_resubmitted(tree, submitted):
    with pytest.raises(ValidationError):
        save(tree.county_staff, submitted.deliverable, tree.county, body="改")
    with pytest.raises(ValidationError):
        services.submission_submit(actor=tree.county_leader, submission=submitted)
    with pytest.raises(ValidationError):
        services.attachment_add(actor=tree.county_staff, submission=submitted, uploaded=upload())
    with pytest.raises(ValidationError):
        services.attachment_remove(actor=tree.county_staff, attachment=submitted.attachments.get())


# ---------------------------------------------------------------- late

@pytest.mark.parametrize("day, late", [("2026-08-04", False), ("2026-08-05", False), ("2026-08-06", True)])
def test_late_means_first_submitted_after_the_due_date(tree, draft, day, late):
    assert draft.deliverable.due_on == datetime.date(2026, 8, 5)
    with frozen_today(datetime.date.fromisoformat(day)):
        sub = services.submission_submit(actor=tree.county_leader, submission=draft)
    assert sub.late is late


def test_resubmitting_after_a_return_keeps_the_first_submission_time(tree, draft):
    with frozen_today(datetime.date(2026, 8, 1)) as first:
        sub = services.submission_submit(actor=tree.county_leader, submission=draft)
    services.submission_return(actor=tree.office, submission=sub, reason="缺少时间节点")
    with frozen_today(datetime.date(2026, 8, 20)):
        sub = services.submission_submit(actor=tree.county_leader, submission=sub)
    assert sub.first_submitted_at == first and sub.late is False
    assert sub.submitted_at.date() == datetime.date(2026, 8, 20)


# ---------------------------------------------------------------- reviewing

def test_return_needs_a_reason(tree, submitted):
    for reason in ("", "   "):
        with pytest.raises(ValidationError):
            services.submission_return(actor=tree.office, submission=submitted, reason=reason)
    sub = services.submission_return(actor=tree.office, submission=submitted, reason=" 请补充责任人 ")
    assert sub.state == SubmissionState.RETURNED and sub.return_reason == "请补充责任人"
    assert sub.reviewed_by == tree.office


def test_a_returned_report_is_edited_and_resubmitted(tree, submitted):
    services.submission_return(actor=tree.office, submission=submitted, reason="补充")
    sub = save(tree.county_staff, submitted.deliverable, tree.county, body="已补充")
    services.attachment_remove(actor=tree.county_staff, attachment=sub.attachments.get())
    services.attachment_add(actor=tree.county_staff, submission=sub, uploaded=upload("new.pdf"))
    assert services.submission_submit(actor=tree.county_leader, submission=sub).state == SubmissionState.SUBMITTED


@pytest.mark.parametrize("name", ["office", "city_leader"])
def test_the_office_and_a_leader_above_review_a_county(tree, submitted, name):
    assert services.submission_accept(actor=getattr(tree, name), submission=submitted).state == SubmissionState.ACCEPTED


@pytest.mark.parametrize("name", ["county_leader", "county_staff", "auditor", "city_inspector", "other_county_leader"])
def test_no_one_else_reviews_a_county(tree, submitted, name):
    with pytest.raises(PermissionDenied):
        services.submission_accept(actor=getattr(tree, name), submission=submitted)
    with pytest.raises(PermissionDenied):
        services.submission_return(actor=getattr(tree, name), submission=submitted, reason="x")


def test_the_county_leader_reviews_its_stations_but_not_another_countys(tree, station_submitted):
    with pytest.raises(PermissionDenied):
        services.submission_return(actor=tree.other_county_leader, submission=station_submitted, reason="x")
    with pytest.raises(PermissionDenied):
        services.submission_accept(actor=tree.station_leader, submission=station_submitted)
    sub = services.submission_return(actor=tree.county_leader, submission=station_submitted, reason="数据不全")
    assert sub.state == SubmissionState.RETURNED


def test_transitions_outside_the_workflow_are_refused(tree, draft, submitted):
    services.submission_accept(actor=tree.office, submission=submitted)
    with pytest.raises(ValidationError):
        services.submission_return(actor=tree.office, submission=submitted, reason="晚了")
    with pytest.raises(ValidationError):
        services.submission_accept(actor=tree.office, submission=submitted)


def test_a_draft_cannot_be_accepted_or_returned(tree, draft):
    with pytest.raises(ValidationError):
        services.submission_accept(actor=tree.office, submission=draft)
    with pytest.raises(ValidationError):
        services.submission_return(actor=tree.office, submission=draft, reason="x")


def test_every_step_is_in_the_audit_log(tree, submitted):
    services.submission_return(actor=tree.office, submission=submitted, reason="补充")
    actions = list(AuditEvent.objects.for_object(submitted).order_by("at", "pk").values_list("action", flat=True))
    assert actions == ["create", "attach", "submit", "return"]
    ret = AuditEvent.objects.for_object(submitted).get(action="return")
    assert ret.old == {"state": "submitted", "return_reason": ""} and ret.new["state"] == "returned"


# ---------------------------------------------------------------- uploads

@pytest.mark.parametrize("name, data, kind", [
    ("a.pdf", PDF, "pdf"), ("scan.png", PNG, "png"), ("b.docx", docx_bytes(), "docx"),
    ("disguised.pdf", PNG, "png"),  # named .pdf, really a PNG: accepted as what it is
])
def test_upload_type_is_taken_from_the_content(tree, draft, name, data, kind):
    att = services.attachment_add(actor=tree.county_staff, submission=draft, uploaded=upload(name, data))
    assert att.content_kind == kind and att.file.name.endswith("." + kind)
    assert att.original_name == name


@pytest.mark.parametrize("name, data", [("virus.pdf", EXE), ("notes.txt", b"hello"), ("empty.pdf", b"")])
def test_disallowed_or_empty_files_are_refused_in_chinese(tree, draft, name, data):
    with pytest.raises(ValidationError) as exc:
        services.attachment_add(actor=tree.county_staff, submission=draft, uploaded=upload(name, data))
    message = " ".join(exc.value.messages)
    assert "文件" in message and not any(w in message for w in ("not allowed", "empty", "file"))  # Chinese only
    assert draft.attachments.count() == 1


def test_oversize_files_are_refused(tree, draft, settings):
    settings.XINGPING_UPLOAD_MAX_BYTES = 100
    with pytest.raises(ValidationError) as exc:
        services.attachment_add(actor=tree.county_staff, submission=draft, uploaded=upload("big.pdf", PDF + b"x" * 200))
    assert exc.value.code == "file_size"
    services.attachment_add(actor=tree.county_staff, submission=draft, uploaded=upload("small.pdf", PDF[:90]))
