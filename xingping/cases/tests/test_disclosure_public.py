"""The public request for disclosure (依申请公开): no login, linked from the portal, the
complaint form's guards (honeypot, rate limit), a `disclosure_request` case with a tracking
code; the applicant follows it like a complaint and sees the due date, a request to
supplement and the reply type. Personal data encrypted at rest and never shown in public."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse

from xingping.cases.models import Case, Channel, Kind, Status
from xingping.cases.services import case_transition
from xingping.core.public import public_pages
from xingping.core.testing import frozen_today

pytestmark = pytest.mark.django_db
D = datetime.date
URL = "/cases/public/disclosure/"


def form(tree, **over):
    data = {"unit": tree.station.pk, "title": "2026年第3号行政处罚决定书", "content": "请提供决定书全文。",
            "delivery": "post", "name": "王五", "phone": "138 1234 5678", "id_number": "420102199001011236"}
    data.update(over)
    return data


def raw(column, pk):
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {q(column)} FROM {q('cases_case')} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_the_form_is_a_public_page_linked_from_the_portal(client, tree):
    assert reverse("cases:public-disclosure") == URL
    assert "cases:public-disclosure" in {p.url_name for p in public_pages()}
    portal = client.get("/", follow=True).content.decode()
    assert URL in portal
    page = client.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "申请政府信息公开" in html and 'name="website"' in html and 'inputmode="tel"' in html
    assert 'name="kind"' not in html  # one kind only: nothing to choose


def test_a_citizen_files_a_request_and_tracks_it(client, tree, campaign):
    with frozen_today(D(2026, 9, 4)):
        resp = client.post(URL, form(tree))
    assert resp.status_code == 200
    case = Case.objects.get()
    html = resp.content.decode()
    assert case.tracking_code in html
    assert "2026-10-09" in html  # due by the 20th working day after receipt, said at once
    assert (case.kind, case.channel, case.named, case.unit, case.status) == (
        Kind.DISCLOSURE_REQUEST, Channel.WEB, True, tree.station, Status.RECEIVED)
    assert case.complainant_phone == "13812345678" and case.complainant_id_number == "420102199001011236"
    assert "获取方式：纸质文本，邮寄" in case.content
    # encrypted at rest: the database holds no phone or ID number in clear
    assert "13812345678" not in raw("complainant_phone", case.pk)
    assert "420102199001011236" not in raw("complainant_id_number", case.pk)
    track = client.get(reverse("cases:public-track"), {"code": case.tracking_code}).content.decode()
    assert "2026年第3号行政处罚决定书" in track and "2026-10-09" in track and "政府信息公开申请" in track
    assert "13812345678" not in track and "王五" not in track


def test_tracking_shows_the_stopped_clock_and_then_the_reply_type(client, tree, campaign, new_case):
    with frozen_today(D(2026, 9, 30)):
        case = new_case(kind=Kind.DISCLOSURE_REQUEST, received_on=D(2026, 9, 4))
        case = case_transition(actor=tree.station_staff, case=case, target=Status.SUPPLEMENT, on=D(2026, 9, 8),
                               reason="请写明文号")
        track = client.get(reverse("cases:public-track"), {"code": case.tracking_code}).content.decode()
        assert "待补正" in track and "请于 2026-09-29 前补正" in track and "答复期限暂停计算" in track
        assert "2026-10-09" not in track  # no due date while the clock is stopped
        case = case_transition(actor=tree.station_staff, case=case, target=Status.ACCEPTED, on=D(2026, 9, 30))
        case = case_transition(actor=tree.station_staff, case=case, target=Status.REPLIED, reply_method="letter",
                               reply_content="该信息已在门户网站公开。", disclosure_reply="already_public")
        track = client.get(reverse("cases:public-track"), {"code": case.tracking_code}).content.decode()
    assert "2026-11-03" in track  # the due date restarted from the supplement
    assert "收到补正" in track and "2026-09-30" in track
    assert "已主动公开" in track and "该信息已在门户网站公开。" in track


@pytest.mark.parametrize("over, message", [
    ({"title": ""}, "该字段是必填项"),
    ({"name": ""}, "该字段是必填项"),
    ({"phone": ""}, "该字段是必填项"),
    ({"phone": "call me"}, "请输入正确的电话号码"),
    ({"id_number": "420102199001011230"}, "身份证"),
    ({"delivery": "fax"}, "选择一个有效的选项"),
])
def test_bad_input_gets_a_chinese_message_and_no_request(client, tree, campaign, over, message):
    resp = client.post(URL, form(tree, **over))
    assert resp.status_code == 200
    assert message in resp.content.decode()
    assert not Case.objects.exists()


def test_the_honeypot_stores_nothing_and_the_rate_limit_holds(client, tree, campaign, settings):
    resp = client.post(URL, {**form(tree), "website": "http://spam.example"})
    assert resp.status_code == 200 and not Case.objects.exists()
    settings.XINGPING_PUBLIC_RATE_LIMIT = "1/3600"
    assert client.post(URL, form(tree)).status_code == 200
    resp = client.post(URL, form(tree, title="第二次"))
    assert resp.status_code == 429 and "提交过于频繁" in resp.content.decode()
    assert Case.objects.count() == 1


def test_a_units_catalogue_links_the_form_with_the_unit_chosen(client, tree):
    page = client.get(reverse("disclosure:public-unit", args=[tree.station.code])).content.decode()
    assert f"{URL}?unit={tree.station.code}" in page
    form_page = client.get(URL, {"unit": tree.station.code}).content.decode()
    assert f'<option value="{tree.station.pk}" selected>' in form_page
    assert client.get(URL, {"unit": "NOPE"}).status_code == 200  # an unknown code: nothing chosen
