"""The shared pieces every app relies on: audit log, workflows, upload checks."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from xingping.core import audit
from xingping.core.models import AuditEvent
from xingping.core.uploads import validate_upload
from xingping.core.workflow import Workflow


@pytest.mark.django_db
def test_audit_records_only_what_changed_and_is_append_only(tree):
    old = audit.snapshot(tree.station, ["name", "hotline"])
    tree.station.name = "书院工商分局"
    new = audit.snapshot(tree.station, ["name", "hotline"])
    event = audit.record(actor=tree.office, action="update", obj=tree.station, old=old, new=new)
    assert (event.old, event.new) == ({"name": "书院所"}, {"name": "书院工商分局"})
    assert event.actor_name == "office" and event.object_type == "orgs.orgunit"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    assert AuditEvent.objects.count() == 1


@pytest.mark.django_db
def test_audit_log_is_scoped_like_everything_else(tree):
    audit.record(actor=tree.office, action="update", obj=tree.station, unit=tree.station)
    audit.record(actor=tree.office, action="update", obj=tree.station3, unit=tree.station3)
    assert AuditEvent.objects.for_user(tree.county_inspector).count() == 1
    assert AuditEvent.objects.for_user(tree.office).count() == 2


def test_workflow_refuses_unknown_transitions_and_missing_reasons():
    wf = Workflow.from_data("x", {"transitions": {"draft": ["submitted"], "submitted": ["returned"]},
                                   "reason_required": ["returned"]})
    wf.check("draft", "submitted")
    with pytest.raises(ValidationError):
        wf.check("draft", "returned", "why")
    with pytest.raises(ValidationError) as exc:
        wf.check("submitted", "returned", "  ")
    assert "必须填写理由" in str(exc.value)
    wf.check("submitted", "returned", "缺少附件")


PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
PDF = b"%PDF-1.4\n%%EOF\n"


def docx_bytes():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


@pytest.mark.parametrize("name,data,kind", [
    ("report.pdf", PDF, "pdf"),
    ("photo.png", PNG, "png"),
    ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 32, "jpg"),
    ("plan.docx", docx_bytes(), "docx"),
    ("named-wrong.pdf", PNG, "png"),  # the content decides, not the name
])
def test_uploads_are_typed_by_content(name, data, kind):
    assert validate_upload(SimpleUploadedFile(name, data)) == kind


@pytest.mark.parametrize("name,data", [
    ("virus.pdf", b"MZ\x90\x00" + b"\0" * 64),  # a Windows executable renamed .pdf
    ("page.html", b"<html><script>alert(1)</script></html>"),
    ("empty.pdf", b""),
    ("fake.docx", b"PK\x03\x04 not really a zip"),
])
def test_uploads_of_other_types_are_refused_in_chinese(name, data):
    with pytest.raises(ValidationError) as exc:
        validate_upload(SimpleUploadedFile(name, data))
    message = " ".join(exc.value.messages)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message) and not any(w in message for w in ("not allowed", "empty", "file"))


def test_uploads_over_the_limit_are_refused(settings):
    settings.XINGPING_UPLOAD_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as exc:
        validate_upload(SimpleUploadedFile("big.pdf", PDF + b"0" * 2048))
    assert exc.value.code == "file_size"


@pytest.mark.django_db
def test_audit_snapshot_of_an_empty_file_field(tree, campaign):
    from xingping.campaigns.models import Attachment, Submission

    sub = Submission.objects.create(deliverable=campaign.deliverables.first(), unit=tree.county)
    att = Attachment(submission=sub, original_name="x.pdf", content_kind="pdf", size=1)
    assert audit.snapshot(att, ["file", "original_name"]) == {"file": "", "original_name": "x.pdf"}


@pytest.mark.django_db
def test_a_download_whose_file_is_gone_is_a_404_not_a_server_error(tree, campaign, settings, tmp_path):
    from django.core.files.base import ContentFile
    from django.http import Http404

    from xingping.campaigns.models import Attachment, Submission
    from xingping.core.exports import file_download

    sub = Submission.objects.create(deliverable=campaign.deliverables.first(), unit=tree.county)
    att = Attachment(submission=sub, original_name="x.pdf", content_kind="pdf", size=len(PDF))
    att.file.save("x.pdf", ContentFile(PDF), save=False)
    response = file_download(att.file, "报告.pdf", "pdf")
    assert response["Content-Type"] == "application/pdf" and "attachment" in response["Content-Disposition"]
    response.close()
    att.file.storage.delete(att.file.name)
    with pytest.raises(Http404):
        file_download(att.file, "报告.pdf", "pdf")
