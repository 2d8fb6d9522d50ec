"""Issue 9, part 4, the two reported bugs on the case side: a public complaint titled with
`\\x01` made the office's Excel case export answer 500 for good; JSON input (Open311, the
staff API) is cleaned the same way."""

import io
import json

import openpyxl
import pytest
from django.urls import reverse

from xingping.cases.models import Case
from xingping.cases.tests.conftest import make_case


def export_titles(client):
    resp = client.get(reverse("cases:index") + "?status=&format=xlsx")
    assert resp.status_code == 200
    ws = openpyxl.load_workbook(io.BytesIO(resp.content), read_only=True).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    return [r[rows[0].index("标题")] for r in rows[1:]]  # the web download is headed for people


@pytest.mark.django_db
def test_a_public_complaint_titled_with_a_control_character_is_stored_clean(client, tree, campaign):
    client.logout()
    resp = client.post(reverse("cases:public-file"), {
        "kind": "complaint", "unit": tree.station.pk, "title": "办照\x01排队太久", "content": "窗口\x00只开一个。\r\n第二行",
        "name": "王五", "phone": "13812345678"})
    assert resp.status_code == 200
    case = Case.objects.get()
    assert case.title == "办照排队太久" and case.content == "窗口只开一个。\r\n第二行"
    client.force_login(tree.office)
    assert export_titles(client) == ["办照排队太久"]


@pytest.mark.django_db
def test_the_office_excel_export_survives_a_control_character_already_stored(client, tree, campaign):
    make_case(tree.station, title="旧\x01数据\x1b标题")
    client.force_login(tree.office)
    assert export_titles(client) == ["旧数据标题"]


@pytest.mark.django_db
def test_open311_json_input_is_cleaned(client, tree, campaign):
    client.logout()
    body = json.dumps({"service_code": "complaint", "description": "路灯\u0001坏了\u0000", "phone": "139\u000700001111"})
    resp = client.post("/api/v1/open311/requests.json", body, content_type="application/json")
    assert resp.status_code == 201, resp.content
    case = Case.objects.get()
    assert case.content == "路灯坏了" and case.complainant_phone == "13900001111"
