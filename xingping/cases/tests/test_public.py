"""Public intake (no login): good and bad submissions, honeypot, rate limit, size and type
limits, tracking lookup, hotlines; and the Open311 endpoints."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from xingping.cases.models import Case, CaseAttachment, Channel, Kind

PDF = b"%PDF-1.4\n%%EOF\n"


def form(tree, **over):
    data = {"kind": "complaint", "unit": tree.station.pk, "title": "办照排队太久", "content": "窗口只开一个。",
            "name": "王五", "phone": "138 1234 5678"}
    data.update(over)
    return data


@pytest.fixture
def public(client, db):
    client.logout()
    return client


def test_a_citizen_files_a_complaint_and_gets_a_tracking_code(public, tree, campaign):
    f = SimpleUploadedFile("receipt.pdf", PDF, content_type="application/pdf")
    resp = public.post(reverse("cases:public-file"), {**form(tree), "attachments": [f]})
    assert resp.status_code == 200
    case = Case.objects.get()
    assert case.tracking_code in resp.content.decode()
    assert case.channel == Channel.WEB and case.complainant_phone == "13812345678" and case.named
    assert CaseAttachment.objects.filter(case=case).count() == 1
    assert len(case.tracking_code) == 19 and case.tracking_code != case.number
    # look it up
    resp = public.get(reverse("cases:public-track"), {"code": case.tracking_code.lower().replace("-", "")})
    assert resp.status_code == 200 and "办照排队太久" in resp.content.decode()


def test_anonymous_misconduct_report_goes_above_the_accused_unit(public, tree, campaign):
    resp = public.post(reverse("cases:public-file"), form(tree, kind="misconduct", anonymous="on", name="", phone="",
                                                           accused_name="某科员"))
    assert resp.status_code == 200
    case = Case.objects.get()
    assert case.kind == Kind.MISCONDUCT and not case.named and case.complainant_phone == ""
    assert case.subject_unit == tree.station and case.unit == tree.county


@pytest.mark.parametrize("over, message", [
    ({"title": ""}, "required"),
    ({"content": ""}, "required"),
    ({"name": "", "phone": ""}, "File anonymously"),
    ({"content": "长" * 2001}, "2000"),
    ({"phone": "call me"}, "phone number"),
    ({"unit": "999999"}, "choice"),
    ({"kind": "suggestion"}, "choice"),
])
def test_bad_input_gets_a_message_and_no_case(public, tree, campaign, over, message, settings):
    settings.LANGUAGE_CODE = "en"
    resp = public.post(reverse("cases:public-file"), form(tree, **over), HTTP_ACCEPT_LANGUAGE="en")
    assert resp.status_code == 200
    assert message.lower() in resp.content.decode().lower()
    assert not Case.objects.exists()


def test_bad_attachments_are_refused(public, tree, campaign, settings):
    settings.XINGPING_PUBLIC_UPLOAD_MAX_BYTES = 100
    big = SimpleUploadedFile("big.pdf", PDF + b"x" * 200)
    resp = public.post(reverse("cases:public-file"), {**form(tree), "attachments": [big]})
    assert "文件过大" in resp.content.decode() and not Case.objects.exists()
    exe = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00 not an image")
    resp = public.post(reverse("cases:public-file"), {**form(tree), "attachments": [exe]})
    assert "不允许的文件类型" in resp.content.decode() and not Case.objects.exists()
    many = [SimpleUploadedFile(f"{i}.pdf", PDF) for i in range(4)]
    resp = public.post(reverse("cases:public-file"), {**form(tree), "attachments": many})
    assert "最多上传" in resp.content.decode() and not Case.objects.exists()
    # what was typed is kept
    assert "办照排队太久" in resp.content.decode()


def test_honeypot_stores_nothing(public, tree, campaign):
    resp = public.post(reverse("cases:public-file"), form(tree, website="http://spam.example"))
    assert resp.status_code == 200 and not Case.objects.exists()


def test_rate_limit_per_client_address(public, tree, campaign, settings):
    settings.XINGPING_PUBLIC_RATE_LIMIT = "2/3600"
    for _i in range(2):
        assert public.post(reverse("cases:public-file"), form(tree), REMOTE_ADDR="10.0.0.1").status_code == 200
    resp = public.post(reverse("cases:public-file"), form(tree), REMOTE_ADDR="10.0.0.1")
    assert resp.status_code == 429 and "提交过于频繁" in resp.content.decode()
    assert Case.objects.count() == 2
    assert public.post(reverse("cases:public-file"), form(tree), REMOTE_ADDR="10.0.0.2").status_code == 200


def test_lookup_rate_limit_and_unknown_code(public, tree, campaign, settings):
    settings.XINGPING_LOOKUP_RATE_LIMIT = "3/3600"
    for _i in range(3):
        resp = public.get(reverse("cases:public-track"), {"code": "AAAA-BBBB-CCCC-DDDD"})
        assert resp.status_code == 200 and "查询码不存在" in resp.content.decode()
    assert public.get(reverse("cases:public-track"), {"code": "AAAA-BBBB-CCCC-DDDD"}).status_code == 429
    assert "16" in public.get(reverse("cases:public-track"), {"code": "short"}, REMOTE_ADDR="10.9.9.9").content.decode()


def test_public_pages_need_no_login_and_list_hotlines(public, tree):
    tree.county.hotline = "0712-2822315"
    tree.county.save()
    for name in ("cases:public-file", "cases:public-track", "cases:public-hotlines"):
        assert public.get(reverse(name)).status_code == 200
    assert "0712-2822315" in public.get(reverse("cases:public-hotlines")).content.decode()


# ------------------------------------------------------------------ Open311

def test_open311_services_and_definition(public, tree):
    services = public.get("/api/v1/open311/services.json").json()
    assert {s["service_code"] for s in services} == {"complaint", "report", "misconduct"}
    definition = public.get("/api/v1/open311/services/complaint.json").json()
    assert any(v["key"] == "XN01" for v in definition["attributes"][0]["values"])
    assert public.get("/api/v1/open311/services/nope.json").status_code == 404


def test_open311_post_then_follow(public, tree, campaign):
    resp = public.post("/api/v1/open311/requests.json", {"service_code": "report", "description": "无照经营",
                                                          "attribute[unit]": "XN01", "phone": "13900000000"})
    assert resp.status_code == 201
    code = resp.json()[0]["service_request_id"]
    case = Case.objects.get(tracking_code=code)
    assert case.unit == tree.station and case.channel == Channel.API
    one = public.get(f"/api/v1/open311/requests/{code}.json").json()[0]
    assert one["status"] == "open" and one["service_code"] == "report"
    many = public.get("/api/v1/open311/requests.json", {"service_request_id": code}).json()
    assert [r["service_request_id"] for r in many] == [code]
    # without ids nothing is listed: requests are private to whoever holds the code
    assert public.get("/api/v1/open311/requests.json").json() == []
    assert public.get("/api/v1/open311/requests/AAAA-BBBB-CCCC-DDDD.json").status_code == 404


def test_open311_json_body_and_bad_input(public, tree, campaign):
    ok = public.post("/api/v1/open311/requests.json", json.dumps({"service_code": "complaint", "description": "x",
                                                                  "attribute": {"unit": "HC01"}}), content_type="application/json")
    assert ok.status_code == 201 and Case.objects.get().unit == tree.station3
    for data in ({"service_code": "nope", "description": "x"}, {"service_code": "complaint"},
                 {"service_code": "complaint", "description": "x" * 2001},
                 {"service_code": "complaint", "description": "x", "attribute[unit]": "XG-BGS"}):
        resp = public.post("/api/v1/open311/requests.json", data)
        assert resp.status_code == 400 and resp.json()[0]["code"] == 400
    assert public.post("/api/v1/open311/requests.json", "[1", content_type="application/json").status_code == 400
    assert Case.objects.count() == 1
