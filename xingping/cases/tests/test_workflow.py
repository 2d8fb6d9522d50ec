"""Every transition rule of every kind, each refused move, the data each step needs,
history and audit, transfers and extensions with a leader's approval."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from xingping.cases.models import Case, CaseEvent, Kind, RequestKind, RequestStatus, Status
from xingping.cases.services import case_request, case_request_decide, case_transition
from xingping.cases.workflows import TABLES
from xingping.core.models import AuditEvent
from xingping.core.testing import frozen_today

TODAY = datetime.date(2026, 3, 10)
ALL = [s.value for s in Status]


def _data(tree, target, kind):
    data = {"reason": "理由", "reply_method": "phone", "reply_content": "已答复", "verified": True, "outcome": "A",
            "disclosure_reply": "granted"}
    if target == Status.ASSIGNED:
        data["handler"] = tree.county_inspector if kind == Kind.MISCONDUCT else tree.station_staff
    return data


def _put(case, status):
    Case.objects.filter(pk=case.pk).update(status=status, verified=True)
    case.refresh_from_db()


@pytest.mark.parametrize("kind", list(TABLES))
def test_every_allowed_transition_works_and_every_other_is_refused(kind, tree, new_case):
    with frozen_today(TODAY):
        table = TABLES[kind]
        for source in table:
            # a fresh case per source: a request for disclosure is sent back for a supplement once only
            case = new_case(kind=kind, received_on=datetime.date(2026, 3, 2))
            for target in ALL:
                _put(case, source)
                if target in table[source]:
                    done = case_transition(actor=tree.office, case=case, target=target, **_data(tree, target, kind))
                    assert done.status == target
                else:
                    with pytest.raises(ValidationError) as err:
                        case_transition(actor=tree.office, case=case, target=target, **_data(tree, target, kind))
                    assert "不允许" in str(err.value)


@pytest.mark.parametrize("target", [Status.REJECTED])
def test_rejection_needs_a_reason_and_tells_the_complainant(target, tree, new_case):
    with frozen_today(TODAY):
        case = new_case(received_on=datetime.date(2026, 3, 2))
        with pytest.raises(ValidationError, match="必须填写理由"):
            case_transition(actor=tree.office, case=case, target=target, reply_method="letter")
        with pytest.raises(ValidationError):
            case_transition(actor=tree.office, case=case, target=target, reason="不属管辖")
        case = case_transition(actor=tree.office, case=case, target=target, reason="不属管辖", reply_method="letter")
    assert case.replied_on == TODAY and case.reply_content == "不属管辖"


def test_the_full_path_of_a_complaint_is_in_history_and_audit(tree, new_case):
    with frozen_today(TODAY):
        case = new_case(received_on=datetime.date(2026, 3, 2))
        assert case.accept_due_on == datetime.date(2026, 3, 11)
        case = case_transition(actor=tree.station_leader, case=case, target=Status.ACCEPTED, on=datetime.date(2026, 3, 3))
        assert case.due_on > case.accept_due_on
        case = case_transition(actor=tree.station_leader, case=case, target=Status.ASSIGNED, handler=tree.station_staff)
        with pytest.raises(ValidationError, match="答复内容"):
            case_transition(actor=tree.station_staff, case=case, target=Status.REPLIED, reply_method="phone")
        with pytest.raises(ValidationError, match="答复方式"):
            case_transition(actor=tree.station_staff, case=case, target=Status.REPLIED, reply_content="好")
        case = case_transition(actor=tree.station_staff, case=case, target=Status.REPLIED, reply_method="phone",
                               reply_content="已协调退款")
        case = case_transition(actor=tree.station_staff, case=case, target=Status.CLOSED)
    actions = list(CaseEvent.objects.filter(case=case).values_list("action", flat=True))
    assert actions == ["create", "accepted", "assigned", "replied", "closed"]
    audited = set(AuditEvent.objects.filter(object_id=str(case.pk), object_type="cases.case").values_list("action", flat=True))
    assert {"case.create", "case.accepted", "case.assigned", "case.replied", "case.closed"} <= audited


def test_reopening_needs_a_reason_and_owes_a_new_reply(tree, new_case):
    with frozen_today(TODAY):
        case = new_case(received_on=datetime.date(2026, 3, 2))
        _put(case, Status.CLOSED)
        with pytest.raises(ValidationError, match="必须填写理由"):
            case_transition(actor=tree.office, case=case, target=Status.REOPENED)
        case = case_transition(actor=tree.office, case=case, target=Status.REOPENED, reason="投诉人不满意")
    assert case.status == Status.REOPENED and case.replied_on is None and case.due_on > TODAY


def test_handling_needs_a_report_found_true(tree, new_case):
    with frozen_today(TODAY):
        case = new_case(kind=Kind.REPORT, received_on=datetime.date(2026, 3, 2))
        case = case_transition(actor=tree.office, case=case, target=Status.ACCEPTED)
        with pytest.raises(ValidationError, match="核实结果"):
            case_transition(actor=tree.office, case=case, target=Status.VERIFIED)
        case = case_transition(actor=tree.office, case=case, target=Status.VERIFIED, verified=False)
        with pytest.raises(ValidationError, match="核实属实"):
            case_transition(actor=tree.office, case=case, target=Status.HANDLED, reason="处分")
        case = case_transition(actor=tree.office, case=case, target=Status.REPLIED, reply_method="letter", reply_content="经核实不属实")
    assert case.handled_on is None and case.verified is False


def test_closing_a_suggestion_needs_the_outcome_class(tree, new_case):
    with frozen_today(TODAY):
        case = new_case(kind=Kind.SUGGESTION, unit=tree.county, named=True, deputy_name="王代表")
        _put(case, Status.REPLIED)
        with pytest.raises(ValidationError, match="类别"):
            case_transition(actor=tree.county_leader, case=case, target=Status.CLOSED)
        case = case_transition(actor=tree.county_leader, case=case, target=Status.CLOSED, outcome="B")
    assert case.outcome == "B" and case.completed_on == TODAY


def test_dates_cannot_be_in_the_future_or_before_receipt(tree, new_case):
    with frozen_today(TODAY):
        case = new_case(received_on=datetime.date(2026, 3, 2))
        for bad in (datetime.date(2026, 3, 11), datetime.date(2026, 3, 1)):
            with pytest.raises(ValidationError):
                case_transition(actor=tree.office, case=case, target=Status.ACCEPTED, on=bad)


def test_people_outside_the_unit_or_read_only_cannot_act(tree, new_case):
    with frozen_today(TODAY):
        case = new_case(received_on=datetime.date(2026, 3, 2))
        for user in (tree.other_station_staff, tree.station2_staff, tree.county_inspector, tree.auditor):
            with pytest.raises(PermissionDenied):
                case_transition(actor=user, case=case, target=Status.ACCEPTED)
        # the handler must be someone who may act on the case
        case = case_transition(actor=tree.county_leader, case=case, target=Status.ACCEPTED)
        with pytest.raises(ValidationError, match="无权承办"):
            case_transition(actor=tree.county_leader, case=case, target=Status.ASSIGNED, handler=tree.other_station_staff)


def test_transfer_needs_a_leaders_approval(tree, new_case):
    with frozen_today(TODAY):
        case = new_case(received_on=datetime.date(2026, 3, 2))
        with pytest.raises(ValidationError):
            case_request(actor=tree.station_staff, case=case, kind=RequestKind.TRANSFER, reason="", target_unit=tree.station2)
        req = case_request(actor=tree.station_staff, case=case, kind=RequestKind.TRANSFER, reason="属新华所辖区",
                           target_unit=tree.station2)
        with pytest.raises(ValidationError, match="待审批"):
            case_request(actor=tree.station_staff, case=case, kind=RequestKind.EXTENSION, reason="x",
                         new_due_on=datetime.date(2026, 12, 1))
        with pytest.raises(PermissionDenied):
            case_request_decide(actor=tree.station_staff, request=req, approve=True)
        with pytest.raises(PermissionDenied):
            case_request_decide(actor=tree.other_county_leader, request=req, approve=True)
        case_request_decide(actor=tree.station_leader, request=req, approve=True, note="同意")
    case.refresh_from_db()
    req.refresh_from_db()
    assert case.unit == tree.station2 and req.status == RequestStatus.APPROVED
    assert list(case.events.values_list("action", flat=True))[-2:] == ["transfer-requested", "transfer-approved"]


def test_extension_refused_needs_a_note_and_approved_moves_the_due_date(tree, new_case):
    with frozen_today(TODAY):
        case = new_case(received_on=datetime.date(2026, 3, 2))
        with pytest.raises(ValidationError, match="新时限"):
            case_request(actor=tree.station_staff, case=case, kind=RequestKind.EXTENSION, reason="调查取证",
                         new_due_on=case.due_on)
        new_due = case.due_on + datetime.timedelta(days=20)
        req = case_request(actor=tree.station_staff, case=case, kind=RequestKind.EXTENSION, reason="调查取证", new_due_on=new_due)
        with pytest.raises(ValidationError, match="理由"):
            case_request_decide(actor=tree.station_leader, request=req, approve=False)
        case_request_decide(actor=tree.station_leader, request=req, approve=False, note="请按期办结")
        req2 = case_request(actor=tree.station_staff, case=case, kind=RequestKind.EXTENSION, reason="调查取证", new_due_on=new_due)
        case_request_decide(actor=tree.county_leader, request=req2, approve=True)
        with pytest.raises(ValidationError, match="已审批"):
            case_request_decide(actor=tree.county_leader, request=req2, approve=True)
    case.refresh_from_db()
    assert case.due_on == new_due


def test_misconduct_cannot_be_transferred_to_the_unit_reported_on(tree, new_case):
    with frozen_today(TODAY):
        case = new_case(kind=Kind.MISCONDUCT, unit=tree.station)
        assert case.unit == tree.county and case.subject_unit == tree.station
        with pytest.raises(ValidationError, match="被反映单位"):
            case_request(actor=tree.county_inspector, case=case, kind=RequestKind.TRANSFER, reason="x",
                         target_unit=tree.station)
