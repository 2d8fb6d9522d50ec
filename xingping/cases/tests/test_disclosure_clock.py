"""Requests for disclosure, the clock's stops and additions (政府信息公开条例 arts. 30, 32, 33, 36)
on the official 2026 calendar (Sep 25–27 and Oct 1–7 off; Sun Sep 20 and Sat Oct 10 working):
待补正 stops the clock once and the supplement restarts it; third-party consultation days are
not counted; the reply needs one of art. 36's seven types. Bad input: a Chinese message and
nothing stored."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from xingping.cases import deadlines
from xingping.cases.models import Case, CaseEvent, Kind, RequestKind, Status
from xingping.cases.services import case_consult_record, case_request, case_request_decide, case_transition
from xingping.core.models import AuditEvent
from xingping.core.testing import frozen_today

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def request_(new_case):
    """A request for disclosure received on Friday Sep 4, 2026 (due Oct 9 without stops)."""
    with frozen_today(D(2026, 9, 4)):
        return new_case(kind=Kind.DISCLOSURE_REQUEST, received_on=D(2026, 9, 4))


def _state(case):
    case.refresh_from_db()
    return (case.status, case.due_on, case.next_due_on, case.supplement_asked_on, case.supplemented_on, case.consult_wd,
            case.disclosure_reply, CaseEvent.objects.filter(case=case).count())


def test_a_supplement_stops_the_clock_and_restarts_it_from_the_day_it_arrives(tree, request_):
    assert request_.due_on == D(2026, 10, 9)
    with frozen_today(D(2026, 9, 30)):
        case = case_transition(actor=tree.station_staff, case=request_, target=Status.SUPPLEMENT, on=D(2026, 9, 8),
                               reason="请写明处罚决定书的文号或当事人名称")
        # clock stopped: what is owed is the applicant's supplement, within 15 working days
        # (Sep 9–11, 14–18, Sun 20, 21–24, 28, 29: Fri 25 is Mid-Autumn)
        assert (case.status, case.supplement_asked_on, case.supplement_due_on) == (Status.SUPPLEMENT, D(2026, 9, 8), D(2026, 9, 29))
        assert case.next_due_on == D(2026, 9, 29)
        case = case_transition(actor=tree.station_staff, case=case, target=Status.ACCEPTED, on=D(2026, 9, 30))
    # 20 working days from Sep 30 over National Day: Oct 8–10 (Sat 10th works), 12–16, 19–23, 26–30, Nov 2–3
    assert (case.status, case.supplemented_on, case.due_on, case.next_due_on) == (
        Status.ACCEPTED, D(2026, 9, 30), D(2026, 11, 3), D(2026, 11, 3))
    assert list(CaseEvent.objects.filter(case=case).values_list("action", flat=True)) == ["create", "supplement", "accepted"]
    assert AuditEvent.objects.filter(object_id=str(case.pk), action="case.supplement").exists()


def test_a_second_request_to_supplement_is_refused_and_nothing_changes(tree, request_):
    with frozen_today(D(2026, 9, 30)):
        case = case_transition(actor=tree.station_staff, case=request_, target=Status.SUPPLEMENT, on=D(2026, 9, 8),
                               reason="请补充信息名称")
        case = case_transition(actor=tree.station_staff, case=case, target=Status.ACCEPTED, on=D(2026, 9, 15))
        before = _state(case)
        with pytest.raises(ValidationError) as err:
            case_transition(actor=tree.station_staff, case=case, target=Status.SUPPLEMENT, reason="再次补正")
    assert "只能要求补正 1 次" in str(err.value)
    assert _state(case) == before


def test_a_request_to_supplement_needs_a_reason(tree, request_):
    with frozen_today(D(2026, 9, 30)), pytest.raises(ValidationError, match="必须填写理由"):
        case_transition(actor=tree.station_staff, case=request_, target=Status.SUPPLEMENT)


@pytest.mark.parametrize("arrived, message", [
    (D(2026, 9, 7), "不能早于告知补正的日期"),  # before it was asked for (Sep 8)
    (D(2026, 9, 3), "不能早于收件日期"),  # before the request itself
    (D(2026, 10, 30), "不能晚于今天"),  # in the future
])
def test_a_supplement_dated_before_it_was_asked_or_the_request_is_refused(tree, request_, arrived, message):
    with frozen_today(D(2026, 9, 30)):
        case = case_transition(actor=tree.station_staff, case=request_, target=Status.SUPPLEMENT, on=D(2026, 9, 8),
                               reason="请补充信息名称")
        before = _state(case)
        with pytest.raises(ValidationError) as err:
            case_transition(actor=tree.station_staff, case=case, target=Status.ACCEPTED, on=arrived)
    assert message in str(err.value)
    assert _state(case) == before


def test_an_applicant_who_never_supplements_is_closed_with_a_reason(tree, request_):
    with frozen_today(D(2026, 10, 20)):
        case = case_transition(actor=tree.station_staff, case=request_, target=Status.SUPPLEMENT, on=D(2026, 9, 8),
                               reason="请补充信息名称")
        with pytest.raises(ValidationError, match="视为放弃申请"):
            case_transition(actor=tree.station_staff, case=case, target=Status.CLOSED)
        case = case_transition(actor=tree.station_staff, case=case, target=Status.CLOSED, reason="逾期未补正，视为放弃申请")
    assert (case.status, case.completed_on, case.next_due_on) == (Status.CLOSED, D(2026, 10, 20), None)


@pytest.mark.parametrize("reply", ["", "partial", "部分公开"])
def test_a_reply_without_one_of_the_seven_types_is_refused(tree, request_, reply):
    with frozen_today(D(2026, 9, 10)):
        case = case_transition(actor=tree.station_staff, case=request_, target=Status.ACCEPTED)
        before = _state(case)
        with pytest.raises(ValidationError) as err:
            case_transition(actor=tree.station_staff, case=case, target=Status.REPLIED, reply_method="letter",
                            reply_content="经查，该信息予以公开。", disclosure_reply=reply)
    assert "第三十六条" in str(err.value)
    assert _state(case) == before


def test_the_reply_type_is_kept_and_a_reopening_clears_it(tree, request_):
    with frozen_today(D(2026, 9, 10)):
        case = case_transition(actor=tree.station_staff, case=request_, target=Status.ACCEPTED)
        case = case_transition(actor=tree.station_staff, case=case, target=Status.REPLIED, reply_method="letter",
                               reply_content="已向您提供处罚决定书复印件。", disclosure_reply="granted")
        assert (case.disclosure_reply, case.get_disclosure_reply_display()) == ("granted", "予以公开")
        case = case_transition(actor=tree.station_staff, case=case, target=Status.REOPENED, reason="申请人对答复有异议")
    assert case.disclosure_reply == "" and case.replied_on is None


def test_consultation_days_are_not_counted(tree, request_):
    with frozen_today(D(2026, 9, 10)):
        case = case_consult_record(actor=tree.station_staff, case=request_, consult_wd=5, reason="征求被处罚企业意见")
        assert case.due_on == D(2026, 10, 15)  # Oct 9 + Sat 10, 12, 13, 14, 15
        case = case_consult_record(actor=tree.station_staff, case=case, consult_wd="2", reason="再次征求意见")
    assert (case.consult_wd, case.due_on) == (7, D(2026, 10, 19))
    events = CaseEvent.objects.filter(case=case, action="consult")
    assert [e.reason for e in events] == ["征求被处罚企业意见", "再次征求意见"]
    assert AuditEvent.objects.filter(object_id=str(case.pk), action="case.consult").count() == 2


def test_extension_and_consultation_add_up_after_a_supplement(tree, request_):
    cal = deadlines.get_calendar()
    with frozen_today(D(2026, 10, 12)):
        case = case_transition(actor=tree.station_staff, case=request_, target=Status.SUPPLEMENT, on=D(2026, 9, 8),
                               reason="请补充信息名称")
        case = case_transition(actor=tree.station_staff, case=case, target=Status.ACCEPTED, on=D(2026, 9, 30))
        req = case_request(actor=tree.station_staff, case=case, kind=RequestKind.EXTENSION, reason="信息量大",
                           new_due_on=cal.add_working_days(case.due_on, 10))
        case_request_decide(actor=tree.station_leader, request=req, approve=True)
        case = case_consult_record(actor=tree.station_staff, case=case, consult_wd=3, reason="征求第三方意见")
    # Nov 3 + 10 (extension) + 3 (consultation) working days
    assert (case.extended_wd, case.consult_wd, case.due_on) == (10, 3, cal.add_working_days(D(2026, 11, 3), 13))
    assert case.due_on == D(2026, 11, 20)


@pytest.mark.parametrize("days, message", [
    (-1, "至少为 1"), (0, "至少为 1"), ("三", "须为整数"), ("", "须为整数"), (31, "不得超过 30 个工作日"),
])
def test_consultation_days_negative_or_too_many_are_refused_and_nothing_stored(tree, request_, days, message):
    with frozen_today(D(2026, 9, 10)):
        before = _state(request_)
        with pytest.raises(ValidationError) as err:
            case_consult_record(actor=tree.station_staff, case=request_, consult_wd=days, reason="征求意见")
    assert message in str(err.value)
    assert _state(request_) == before


def test_consultation_in_all_is_capped_by_the_campaign_rule(tree, request_):
    with frozen_today(D(2026, 9, 10)):
        case_consult_record(actor=tree.station_staff, case=request_, consult_wd=25, reason="征求意见")
        with pytest.raises(ValidationError) as err:
            case_consult_record(actor=tree.station_staff, case=request_, consult_wd=6, reason="再次征求")
    assert "还可登记 5 个工作日" in str(err.value)
    request_.refresh_from_db()
    assert request_.consult_wd == 25


def test_consultation_needs_a_reason_an_open_request_and_a_request_for_disclosure(tree, request_, new_case):
    with frozen_today(D(2026, 9, 10)):
        with pytest.raises(ValidationError, match="第三方及理由"):
            case_consult_record(actor=tree.station_staff, case=request_, consult_wd=3, reason=" ")
        case = case_transition(actor=tree.station_staff, case=request_, target=Status.SUPPLEMENT, reason="补充")
        with pytest.raises(ValidationError, match="尚未答复"):
            case_consult_record(actor=tree.station_staff, case=case, consult_wd=3, reason="征求意见")
        complaint = new_case(received_on=D(2026, 9, 4))
        with pytest.raises(ValidationError, match="只有政府信息公开申请"):
            case_consult_record(actor=tree.station_staff, case=complaint, consult_wd=3, reason="征求意见")


def test_consultation_page_records_for_writers_in_scope_and_refuses_bad_days(client, tree, request_):
    url = reverse("cases:case-consult", args=[request_.pk])
    client.force_login(tree.other_station_staff)
    with frozen_today(D(2026, 9, 10)):
        assert client.post(url, {"consult_wd": "3", "reason": "征求意见"}).status_code == 404
        client.force_login(tree.station_staff)
        page = client.get(reverse("cases:case-detail", args=[request_.pk])).content.decode()
        assert url in page  # the form is offered on the request's page
        resp = client.post(url, {"consult_wd": "-3", "reason": "征求意见"})
        assert resp.status_code == 200 and "至少为 1" in resp.content.decode()
        assert Case.objects.get(pk=request_.pk).consult_wd == 0
        resp = client.post(url, {"consult_wd": "3", "reason": "征求意见"})
    assert resp.status_code == 302
    assert Case.objects.get(pk=request_.pk).consult_wd == 3


def test_reply_page_offers_the_seven_types_and_refuses_another(client, tree, request_):
    with frozen_today(D(2026, 9, 10)):
        case = case_transition(actor=tree.station_staff, case=request_, target=Status.ACCEPTED)
        client.force_login(tree.station_staff)
        page = client.get(reverse("cases:case-detail", args=[case.pk])).content.decode()
        assert 'name="disclosure_reply"' in page and "不属于本机关负责公开" in page
        url = reverse("cases:case-transition", args=[case.pk])
        data = {"target": "replied", "reply_method": "letter", "reply_content": "答复", "on": "2026-09-10"}
        resp = client.post(url, {**data, "disclosure_reply": "partly"})
        assert resp.status_code == 200 and "第三十六条" in resp.content.decode()
        assert Case.objects.get(pk=case.pk).status == Status.ACCEPTED
        assert client.post(url, {**data, "disclosure_reply": "not_exist"}).status_code == 302
    assert Case.objects.get(pk=case.pk).disclosure_reply == "not_exist"


def test_an_office_holiday_moves_the_restarted_clock(tree, request_):
    from xingping.cases.services import holiday_set

    holiday_set(actor=tree.office, day=D(2026, 11, 2), is_workday=False, name="临时调休")
    holiday_set(actor=tree.office, day=D(2026, 10, 31), is_workday=True, name="调休上班")  # a Saturday made a working day
    with frozen_today(D(2026, 9, 30)):
        case = case_transition(actor=tree.station_staff, case=request_, target=Status.SUPPLEMENT, on=D(2026, 9, 8),
                               reason="请补充信息名称")
        case = case_transition(actor=tree.station_staff, case=case, target=Status.ACCEPTED, on=D(2026, 9, 30))
    # Oct 8–10 (3), 12–16 (8), 19–23 (13), 26–30 (18), Sat 31 (19), Mon Nov 2 off, Tue Nov 3 (20)
    assert case.due_on == D(2026, 11, 3)
    holiday_set(actor=tree.office, day=D(2026, 11, 3), is_workday=False, name="临时调休")
    with frozen_today(D(2026, 10, 12)):
        case = case_consult_record(actor=tree.station_staff, case=case, consult_wd=1, reason="征求第三方意见")
    # 21 working days now: Sat 31 (19), Nov 2 and 3 off, Wed 4 (20), Thu 5 (21)
    assert case.due_on == D(2026, 11, 5)


def test_consultation_on_a_reopened_request_moves_its_restarted_clock(tree, request_):
    cal = deadlines.get_calendar()
    with frozen_today(D(2026, 10, 12)):
        case = case_transition(actor=tree.station_staff, case=request_, target=Status.ACCEPTED, on=D(2026, 9, 7))
        case = case_transition(actor=tree.station_staff, case=case, target=Status.REPLIED, reply_method="letter",
                               reply_content="答复", disclosure_reply="refused", on=D(2026, 9, 10))
        case = case_transition(actor=tree.station_staff, case=case, target=Status.REOPENED, reason="复议后重新答复",
                               on=D(2026, 10, 12))
        restarted = case.due_on
        assert restarted == cal.add_working_days(D(2026, 10, 12), 20)
        case = case_consult_record(actor=tree.station_staff, case=case, consult_wd=4, reason="征求第三方意见")
    assert case.due_on == cal.add_working_days(restarted, 4) and case.next_due_on == case.due_on


def test_an_extension_of_a_reopened_request_moves_its_restarted_clock(tree, request_):
    cal = deadlines.get_calendar()
    with frozen_today(D(2026, 10, 12)):
        case = case_transition(actor=tree.station_staff, case=request_, target=Status.ACCEPTED, on=D(2026, 9, 7))
        case = case_transition(actor=tree.station_staff, case=case, target=Status.REPLIED, reply_method="letter",
                               reply_content="答复", disclosure_reply="refused", on=D(2026, 9, 10))
        case = case_transition(actor=tree.station_staff, case=case, target=Status.REOPENED, reason="复议后重新答复",
                               on=D(2026, 10, 12))
        new_due = cal.add_working_days(case.due_on, 5)
        req = case_request(actor=tree.station_staff, case=case, kind=RequestKind.EXTENSION, reason="信息量大",
                           new_due_on=new_due)
        case_request_decide(actor=tree.station_leader, request=req, approve=True)
    case.refresh_from_db()
    assert (case.extended_wd, case.due_on, case.next_due_on) == (5, new_due, new_due)
