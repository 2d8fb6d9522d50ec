"""Role × view matrix for every cases page, the misconduct privacy rule, masking, and
constant query counts for the lists."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from xingping.cases.models import Case, CaseAttachment, CaseRequest, Kind, RequestKind, Status
from xingping.cases.tests.conftest import make_case
from xingping.core.testing import assert_matrix

EVERYONE = ("office", "auditor", "city_inspector", "city_leader", "county_leader", "county_staff", "county_inspector",
            "station_leader", "station_staff", "other_county_leader", "other_station_staff")


def expect(allowed, code=200):
    return {name: (code if name in allowed else 404) for name in EVERYONE}


IN_XN01 = ("office", "auditor", "city_inspector", "city_leader", "county_leader", "county_staff", "county_inspector",
           "station_leader", "station_staff")
WRITE_XN01 = ("office", "city_leader", "county_leader", "county_staff", "station_leader", "station_staff")


@pytest.fixture
def cases(tree):
    return {
        "station": make_case(tree.station),
        "mis_station": make_case(tree.station, kind=Kind.MISCONDUCT),  # handled at XN
        "mis_county": make_case(tree.county, kind=Kind.MISCONDUCT),  # handled at XG
        "mis_city_dept": make_case(tree.dept, kind=Kind.MISCONDUCT),  # city's own staff: the office only
    }


def test_pages_for_every_role(client, tree, cases):
    assert not assert_matrix(client, reverse("cases:index"), expect(EVERYONE), tree)
    assert not assert_matrix(client, reverse("cases:queue"), expect(EVERYONE), tree)
    assert not assert_matrix(client, reverse("cases:deputies"), expect(EVERYONE), tree)
    writers = ("office", "city_leader", "county_leader", "county_staff", "station_leader", "station_staff",
               "other_county_leader", "other_station_staff")
    assert not assert_matrix(client, reverse("cases:case-new"), expect(writers), tree)
    assert not assert_matrix(client, reverse("cases:holidays"), expect(("office",)), tree)
    assert not assert_matrix(client, reverse("cases:import"), expect(("office",)), tree)


def test_case_detail_matrix_ordinary_case(client, tree, cases):
    assert not assert_matrix(client, reverse("cases:case-detail", args=[cases["station"].pk]), expect(IN_XN01), tree)


def test_misconduct_is_seen_only_by_the_inspectors_above_and_the_office(client, tree, cases):
    url = reverse("cases:case-detail", args=[cases["mis_station"].pk])
    assert not assert_matrix(client, url, expect(("office", "auditor", "city_inspector", "county_inspector")), tree)
    url = reverse("cases:case-detail", args=[cases["mis_county"].pk])
    assert not assert_matrix(client, url, expect(("office", "auditor", "city_inspector")), tree)
    url = reverse("cases:case-detail", args=[cases["mis_city_dept"].pk])
    assert not assert_matrix(client, url, expect(("office", "auditor")), tree)


def test_the_accused_unit_does_not_find_misconduct_in_lists_or_exports(client, tree, cases):
    for user in (tree.station_leader, tree.station_staff, tree.county_leader, tree.city_leader):
        client.force_login(user)
        for url in (reverse("cases:index"), reverse("cases:queue"), reverse("cases:index") + "?format=csv"):
            body = client.get(url).content.decode()
            for key in ("mis_station", "mis_county", "mis_city_dept"):
                assert cases[key].number not in body, (user.username, url, key)
        assert cases["station"].number in client.get(reverse("cases:index")).content.decode()


def test_transition_post_matrix(client, tree, cases):
    url = reverse("cases:case-transition", args=[cases["station"].pk])
    # a move the workflow refuses: allowed users see the form again with the reason, others 404
    assert not assert_matrix(client, url, expect(WRITE_XN01), tree, method="post", data={"target": "closed"})
    url = reverse("cases:case-transition", args=[cases["mis_station"].pk])
    assert not assert_matrix(client, url, expect(("office", "city_inspector", "county_inspector")), tree, method="post",
                             data={"target": "closed"})


def test_transition_refused_shows_reason_and_keeps_input(client, tree, cases):
    client.force_login(tree.station_staff)
    resp = client.post(reverse("cases:case-transition", args=[cases["station"].pk]),
                       {"target": "rejected", "reason": "", "reply_method": "letter"})
    assert resp.status_code == 200
    assert "必须填写理由" in resp.content.decode()
    resp = client.post(reverse("cases:case-transition", args=[cases["station"].pk]),
                       {"target": "accepted", "on": "2026-03-03"})
    assert resp.status_code == 302


def test_request_and_decide_matrix(client, tree, cases):
    case = cases["station"]
    url = reverse("cases:case-request", args=[case.pk])
    assert not assert_matrix(client, url, expect(WRITE_XN01), tree, method="post", data={"kind": "transfer"})
    req = CaseRequest.objects.create(case=case, kind=RequestKind.EXTENSION, reason="x", requested_by=tree.station_staff,
                                     new_due_on=datetime.date(2027, 1, 1))
    url = reverse("cases:request-decide", args=[req.pk])
    # staff may post but the service refuses: 404; leaders above decide
    failures = assert_matrix(client, url, {"other_county_leader": 404, "other_station_staff": 404, "auditor": 404,
                                          "county_inspector": 404}, tree, method="post", data={"approve": "0"})
    assert not failures
    client.force_login(tree.station_staff)
    assert client.post(url, {"approve": "1"}).status_code == 404
    client.force_login(tree.station_leader)
    assert client.post(url, {"approve": "1"}).status_code == 302
    req.refresh_from_db()
    assert req.status == "approved"


def test_attachment_matrix(client, tree, cases):
    att = CaseAttachment.objects.create(case=cases["mis_station"], file=ContentFile(b"%PDF-1.4 x", name="a.pdf"), name="a.pdf", size=10)
    url = reverse("cases:attachment", args=[att.pk])
    assert not assert_matrix(client, url, expect(("office", "auditor", "city_inspector", "county_inspector")), tree)


def test_contact_masked_in_lists_full_to_handler_and_office(client, tree, cases):
    case = cases["station"]
    client.force_login(tree.station_leader)
    listing = client.get(reverse("cases:index")).content.decode()
    assert "138****1234" in listing and "13812341234" not in listing
    detail = client.get(reverse("cases:case-detail", args=[case.pk])).content.decode()
    assert "13812341234" not in detail and "张*" in detail
    export = client.get(reverse("cases:index") + "?format=csv").content.decode()
    assert "138****1234" in export and "13812341234" not in export
    client.force_login(tree.office)
    assert "13812341234" in client.get(reverse("cases:case-detail", args=[case.pk])).content.decode()
    case.handler = tree.station_staff
    case.save()
    client.force_login(tree.station_staff)
    assert "13812341234" in client.get(reverse("cases:case-detail", args=[case.pk])).content.decode()


def test_the_officer_who_accepts_a_case_sees_the_contact_to_reply(client, tree, cases):
    """A station officer accepts a complaint and answers by phone: they need the number in full."""
    case = cases["station"]
    client.force_login(tree.station_staff)
    assert "13812341234" not in client.get(reverse("cases:case-detail", args=[case.pk])).content.decode()
    client.post(reverse("cases:case-transition", args=[case.pk]), {"target": "accepted", "on": "", "reason": ""})
    case.refresh_from_db()
    assert case.status == Status.ACCEPTED and case.handler == tree.station_staff
    assert "13812341234" in client.get(reverse("cases:case-detail", args=[case.pk])).content.decode()
    client.force_login(tree.station_leader)  # others of the unit still see it masked
    assert "13812341234" not in client.get(reverse("cases:case-detail", args=[case.pk])).content.decode()


def test_leaders_find_requests_waiting_for_them_in_the_queue(client, tree, cases):
    from xingping.cases import services

    case = cases["station"]
    services.case_request(actor=tree.station_staff, case=case, kind=RequestKind.EXTENSION, reason="需要调查取证",
                          new_due_on=datetime.date(2026, 12, 31))
    for user, shown in ((tree.station_leader, True), (tree.county_leader, True), (tree.office, True),
                        (tree.station_staff, False), (tree.other_county_leader, False), (tree.county_inspector, False)):
        client.force_login(user)
        assert ("需要调查取证" in client.get(reverse("cases:queue")).content.decode()) is shown, user


def test_list_and_queue_use_a_constant_number_of_queries(client, tree, django_assert_max_num_queries):
    for i in range(60):
        make_case([tree.station, tree.station2, tree.station3][i % 3], kind=[Kind.COMPLAINT, Kind.REPORT][i % 2],
                  status=[Status.RECEIVED, Status.ACCEPTED][i % 2], due_on=datetime.date(2026, 4, 1))
    client.force_login(tree.office)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("cases:index") + "?status=open&kind=complaint").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("cases:queue")).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(reverse("core:dashboard")).status_code == 200


def test_the_list_renders_each_case_once(client, tree):
    """One row per case, a table row on wider screens and a card on phones (issue 14: every
    row was rendered twice, as a card and as a table row — three quarters of the page's time)."""
    made = [make_case(tree.station, title=f"第{i}件诉求").number for i in range(7)]
    client.force_login(tree.office)
    page = client.get(reverse("cases:index")).content.decode()
    for number in made:
        assert page.count(f">{number}</a>") == 1, number
    assert 'class="table table-sm table-hover bg-white align-middle xp-stack"' in page


def test_list_filters_and_bad_filter_input(client, tree, cases):
    client.force_login(tree.office)
    body = client.get(reverse("cases:index") + "?kind=misconduct").content.decode()
    assert cases["mis_station"].number in body and cases["station"].number not in body
    body = client.get(reverse("cases:index") + "?unit=HC").content.decode()
    assert cases["station"].number not in body
    for q in ("?received_from=2026-99-99", "?kind=nope&status=bogus&page=x", "?overdue=1&unit=ZZZ"):
        assert client.get(reverse("cases:index") + q).status_code == 200


def test_hotline_intake_records_a_case_and_keeps_input_on_error(client, tree, campaign):
    client.force_login(tree.station_staff)
    resp = client.post(reverse("cases:case-new"), {"kind": "complaint", "channel": "hotline", "unit": tree.station.pk,
                                                   "received_on": "2099-01-01", "title": "电话投诉", "named": "on",
                                                   "complainant_name": "赵六"})
    assert resp.status_code == 200 and "电话投诉" in resp.content.decode() and "不能晚于今天" in resp.content.decode()
    resp = client.post(reverse("cases:case-new"), {"kind": "complaint", "channel": "hotline", "unit": tree.station.pk,
                                                   "received_on": "2026-03-02", "title": "电话投诉", "named": "on",
                                                   "complainant_name": "赵六"})
    assert resp.status_code == 302
    resp = client.post(reverse("cases:case-new"), {"kind": "complaint", "channel": "hotline", "unit": tree.station3.pk,
                                                   "received_on": "2026-03-02", "title": "越权", "named": ""})
    assert resp.status_code == 200 and not Case.objects.filter(title="越权").exists()
    # a misconduct report taken at the accused station goes up to the county's inspectors
    resp = client.post(reverse("cases:case-new"), {"kind": "misconduct", "channel": "hotline", "unit": tree.station.pk,
                                                   "received_on": "2026-03-02", "title": "反映某工作人员", "named": ""})
    assert resp.status_code == 302 and resp.url == reverse("cases:index")
    case = Case.objects.get(title="反映某工作人员")
    assert case.unit == tree.county and not Case.objects.for_user(tree.station_staff).filter(pk=case.pk).exists()


def test_deputies_page_records_a_meeting_that_counts_as_met(client, tree):
    s = make_case(tree.county, kind=Kind.SUGGESTION, deputy_name="王代表", complainant_name="", complainant_phone="")
    client.force_login(tree.county_leader)
    resp = client.post(reverse("cases:deputies"), {"form": "meeting", "held_on": "2026-03-05", "attendees": "王代表",
                                                   "cases": [s.pk]})
    assert resp.status_code == 302
    s.refresh_from_db()
    assert s.met_on == datetime.date(2026, 3, 5)
    resp = client.post(reverse("cases:deputies"), {"form": "solicitation", "deputy_name": "李委员", "deputy_kind": "cppcc",
                                                   "sent_on": "2026-03-01", "materials": "征求意见函"})
    assert resp.status_code == 302
    client.force_login(tree.auditor)
    assert client.post(reverse("cases:deputies"), {"form": "solicitation"}).status_code == 404


def test_office_enters_holidays(client, tree):
    client.force_login(tree.office)
    resp = client.post(reverse("cases:holidays"), {"day": "2027-01-01", "is_workday": "0", "name": "元旦"})
    assert resp.status_code == 302
    assert "元旦" in client.get(reverse("cases:holidays")).content.decode()


def test_a_deadline_in_a_year_the_calendar_does_not_know_shows_a_warning(client, tree):
    case = make_case(tree.station, received_on=datetime.date(2026, 12, 24), due_on=datetime.date(2027, 3, 1),
                     accept_due_on=datetime.date(2027, 1, 4), calendar_estimated=True)
    client.force_login(tree.station_staff)
    body = client.get(reverse("cases:case-detail", args=[case.pk])).content.decode()
    assert "2027" in body and "周一至周五" in body
    body = client.get(reverse("cases:index")).content.decode()
    assert "2027" in body and "周一至周五" in body


def test_office_imports_a_12315_file_from_the_web(client, tree, campaign):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(tree.office)
    data = "number,kind,received_on,unit_code\nW1,complaint,2026-02-13,XN01\n".encode()
    resp = client.post(reverse("cases:import"), {"file": SimpleUploadedFile("cases.csv", data)})
    assert resp.status_code == 302  # the job's progress page; tests run tasks immediately
    assert Case.objects.filter(number="W1", unit=tree.station).exists()
    bad = client.post(reverse("cases:import"), {"file": SimpleUploadedFile("cases.txt", b"x")})
    assert bad.status_code == 200 and "csv" in bad.content.decode()


def test_deputies_outcome_column_is_the_outcome_class_not_a_verification(client, tree):
    """'Outcome' alone is the visit check's 核实结果 in the outreach catalogue, which takes precedence."""
    client.force_login(tree.office)
    body = client.get(reverse("cases:deputies")).content.decode()
    assert "办理结果类别" in body and "核实结果" not in body


def test_holiday_form_asks_for_the_holiday_name_not_a_person_name(client, tree):
    client.force_login(tree.office)
    body = client.get(reverse("cases:holidays")).content.decode()
    assert "名称" in body and "姓名" not in body


def test_date_inputs_carry_iso_dates_the_browser_can_show(client, tree):
    """zh-hans formats dates 2026/11/28, which an <input type="date"> discards: the hotline form's
    received date came up empty and had to be picked again on every call."""
    import re

    client.force_login(tree.station_staff)
    body = client.get(reverse("cases:case-new")).content.decode()
    field = re.search(r'<input type="date" name="received_on"[^>]*>', body).group(0)
    assert re.search(r'value="\d{4}-\d{2}-\d{2}"', field), field


def test_a_retired_unit_is_not_offered_for_a_new_case(client, tree):
    """A retired unit (撤销) takes no new case, whoever records it; posting it anyway is refused."""
    tree.station3.retired_on = datetime.date(2026, 6, 30)
    tree.station3.save()
    client.force_login(tree.office)
    page = client.get(reverse("cases:case-new")).content.decode()
    assert f'value="{tree.station.pk}"' in page and f'value="{tree.station3.pk}"' not in page
    before = Case.objects.count()
    resp = client.post(reverse("cases:case-new"), {"kind": "complaint", "channel": "hotline", "unit": tree.station3.pk,
                                                   "received_on": "2026-11-02", "title": "撤销单位", "content": "内容",
                                                   "named": "on", "complainant_name": "李四", "complainant_phone": "13800000000"})
    assert resp.status_code == 200 and Case.objects.count() == before


def test_queue_lists_open_cases_earliest_due_first_with_kind_and_status(client, tree):
    """The phone queue: what is owed, the earliest first, each card with its kind and status in
    the reader's language; replied and closed cases are not in it."""
    late = make_case(tree.station, kind=Kind.REPORT, status=Status.ACCEPTED, due_on=datetime.date(2026, 4, 20),
                     title="第二件后到期")
    early = make_case(tree.station, status=Status.RECEIVED, due_on=datetime.date(2026, 3, 20), title="第一件先到期")
    make_case(tree.station, status=Status.REPLIED, due_on=datetime.date(2026, 3, 10), title="已答复的件")
    make_case(tree.station, status=Status.CLOSED, due_on=datetime.date(2026, 3, 11), title="已办结的件")
    client.force_login(tree.office)
    html = client.get(reverse("cases:queue")).content.decode()
    assert "已答复的件" not in html and "已办结的件" not in html
    assert html.index(early.title) < html.index(late.title)
    card = html[html.index(late.title):]
    assert str(Kind.REPORT.label) in card[:600] and str(Status.ACCEPTED.label) in card[:600]
    listed = client.get(reverse("cases:index") + "?status=all").content.decode()
    row = listed[listed.index(late.number):]
    assert str(Kind.REPORT.label) in row[:1500] and str(Status.ACCEPTED.label) in row[:1500]
