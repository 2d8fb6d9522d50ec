"""Fixtures for the campaigns tests: files of each kind and a few ready submissions."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from xingping.campaigns import services

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


def docx_bytes():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


def upload(name="report.pdf", data=PDF):
    return SimpleUploadedFile(name, data)


@pytest.fixture
def deliverables(campaign):
    return {d.code: d for d in campaign.deliverables.all()}


@pytest.fixture
def draft(tree, deliverables):
    """The county XN's implementation plan, a draft with one PDF attached."""
    sub = services.submission_save_draft(actor=tree.county_staff, deliverable=deliverables["implementation_plan"],
                                         unit=tree.county, body="实施方案正文")
    services.attachment_add(actor=tree.county_staff, submission=sub, uploaded=upload())
    return sub


@pytest.fixture
def submitted(tree, draft):
    return services.submission_submit(actor=tree.county_leader, submission=draft)


@pytest.fixture
def station_submitted(tree, deliverables):
    sub = services.submission_save_draft(actor=tree.station_staff, deliverable=deliverables["station_self_inspection"],
                                         unit=tree.station, body="书院所自查情况")
    return services.submission_submit(actor=tree.station_leader, submission=sub)
