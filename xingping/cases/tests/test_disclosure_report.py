"""The annual report figures on requests for disclosure (条例 art. 49) for a calendar year:
received, carried over from last year, finished by each of art. 36's seven reply types or
otherwise, overdue, carried over to next year; per unit and in total, on the page (office;
leaders for their area) and in Excel for the report due by Jan 31."""

import datetime
import io
from urllib.parse import quote

import openpyxl
import pytest
from django.urls import reverse

from xingping.cases.models import Case, Kind, Status
from xingping.cases.selectors import disclosure_annual_figures
from xingping.cases.tests.conftest import make_case
from xingping.core.testing import frozen_today

pytestmark = pytest.mark.django_db
D = datetime.date
DR = Kind.DISCLOSURE_REQUEST


@pytest.fixture
def world(tree):
    s = tree.station
    make_case(s, DR, D(2025, 12, 10), due_on=D(2026, 1, 9), replied_on=D(2026, 1, 10), disclosure_reply="granted",
              status=Status.REPLIED)  # carried in, granted late
    make_case(s, DR, D(2025, 11, 2), due_on=D(2025, 11, 30), replied_on=D(2025, 11, 20), disclosure_reply="granted",
              status=Status.CLOSED, completed_on=D(2025, 11, 25))  # finished last year: not in 2026
    make_case(s, DR, D(2026, 3, 2), due_on=D(2026, 3, 30), replied_on=D(2026, 3, 20), disclosure_reply="refused",
              status=Status.REPLIED)
    make_case(s, DR, D(2026, 5, 6), due_on=D(2026, 6, 3), replied_on=D(2026, 5, 8), status=Status.REJECTED)  # other
    make_case(s, DR, D(2026, 6, 1), due_on=D(2026, 6, 29), completed_on=D(2026, 7, 1),
              status=Status.CLOSED)  # deemed withdrawn after a request to supplement: other
    make_case(s, DR, D(2026, 12, 21), due_on=D(2027, 1, 20), status=Status.ACCEPTED)  # carried out, not yet due
    make_case(s, DR, D(2026, 10, 9), due_on=D(2026, 11, 6), status=Status.ASSIGNED)  # overdue, carried out
    make_case(s, DR, D(2026, 11, 2), due_on=D(2026, 11, 30), status=Status.SUPPLEMENT,
              supplement_asked_on=D(2026, 11, 4))  # clock stopped: carried out, not overdue
    make_case(s, DR, D(2026, 8, 3), due_on=D(2026, 8, 31), replied_on=D(2027, 1, 5), disclosure_reply="granted",
              status=Status.REPLIED)  # replied next year: overdue and carried out in 2026
    make_case(tree.dept, DR, D(2026, 4, 1), due_on=D(2026, 4, 29), replied_on=D(2026, 4, 10), disclosure_reply="not_exist",
              status=Status.REPLIED)  # a department's request counts for the city bureau
    make_case(tree.station3, DR, D(2026, 2, 2), due_on=D(2026, 3, 3), replied_on=D(2026, 2, 10),
              disclosure_reply="already_public", status=Status.REPLIED)
    make_case(s, Kind.COMPLAINT, D(2026, 3, 2), replied_on=D(2026, 3, 5), status=Status.REPLIED)  # not a request
    return tree


XN01 = {"carried_in": 1, "received": 7, "already_public": 0, "granted": 1, "refused": 1, "not_exist": 0,
        "not_competent": 0, "repeated": 0, "special_law": 0, "other": 2, "overdue": 3, "carried_out": 4}


def test_figures_per_unit_and_in_total(world):
    figures = disclosure_annual_figures(cases=Case.objects.all(), year=2026, as_of=D(2027, 1, 15))
    rows = {r.pop("owner"): r for r in figures["rows"]}
    assert rows[world.station.pk] == XN01
    assert rows[world.city.pk]["received"] == 1 and rows[world.city.pk]["not_exist"] == 1
    assert world.dept.pk not in rows
    assert rows[world.station3.pk]["already_public"] == 1
    total = figures["total"]
    assert (total["received"], total["carried_in"], total["overdue"], total["carried_out"]) == (9, 1, 3, 4)
    replies = sum(total[k] for k in ("already_public", "granted", "refused", "not_exist", "not_competent", "repeated",
                                     "special_law", "other"))
    assert total["carried_in"] + total["received"] == replies + total["carried_out"]


def test_a_year_not_over_counts_up_to_today(world):
    figures = disclosure_annual_figures(cases=Case.objects.all(), year=2026, as_of=D(2026, 9, 1))
    rows = {r["owner"]: r for r in figures["rows"]}
    # received by Sep 1: Mar 2, May 6, Jun 1, Aug 3; the Aug 3 one is still open on Sep 1, a day
    # after its due date; with the one carried in and replied late: 2 overdue
    assert (rows[world.station.pk]["received"], rows[world.station.pk]["carried_out"], rows[world.station.pk]["overdue"]) == (4, 1, 2)
    assert figures["end"] == D(2026, 9, 1)


def test_the_office_sees_every_unit_and_downloads_excel(client, world):
    with frozen_today(D(2027, 1, 15)):
        client.force_login(world.office)
        page = client.get(reverse("cases:disclosure-report"))
        assert page.context["year"] == 2026  # in January: last year's report
        html = page.content.decode()
        for name in ("书院所", "市局", "城隍所", "上年结转", "本年新收", "予以公开", "结转下年度"):
            assert name in html
        resp = client.get(reverse("cases:disclosure-report"), {"year": "2026", "format": "xlsx"})
    assert resp.status_code == 200
    assert quote("市局_2026年政府信息公开申请办理情况_2027-01-15.xlsx") in resp["Content-Disposition"]  # docs/downloads.md
    ws = openpyxl.load_workbook(io.BytesIO(resp.content)).active
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    assert rows[0][:4] == ["单位代码", "单位", "上年结转", "本年新收"]
    assert "已主动公开，告知获取方式和途径" in rows[0] and rows[0][-1] == "结转下年度"
    assert ws.freeze_panes == "A2"
    assert ws.column_dimensions["B"].width >= 8  # widths from the content (core.people_tables)
    by_code = {r[0]: r for r in rows[1:]}
    assert by_code["XN01"][2:] == list(XN01.values())
    assert rows[-1][1] == "合计" and rows[-1][3] == 9


def test_a_leader_sees_only_their_area(client, world):
    with frozen_today(D(2027, 1, 15)):
        client.force_login(world.county_leader)
        page = client.get(reverse("cases:disclosure-report"), {"year": "2026"})
        assert page.status_code == 200
        html = page.content.decode()
        assert "书院所" in html and "城隍所" not in html
        assert [u.code for u, _values in page.context["rows"]] == ["XN01"]
        assert page.context["total"][1] == 7
        assert client.get(reverse("cases:disclosure-report"), {"unit": "HC"}).status_code == 404
    client.force_login(world.station_staff)
    assert client.get(reverse("cases:disclosure-report")).status_code == 404


def test_a_bad_year_says_so(client, world):
    client.force_login(world.office)
    with frozen_today(D(2026, 9, 1)):
        html = client.get(reverse("cases:disclosure-report"), {"year": "二〇二六"}).content.decode()
    assert "请选择 2000 年至今年之间的年份" in html
