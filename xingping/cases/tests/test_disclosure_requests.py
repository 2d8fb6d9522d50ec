"""Requests for disclosure (依申请公开, C6, R8.2): 20 working days from the later of receipt and
the supplement, plus one extension of at most 20 working days; on the official 2026 calendar
(Sep 25–27 and Oct 1–7 off, Sep 20 and Oct 10 working days)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from xingping.cases import deadlines, services
from xingping.cases.models import Case, Kind, RequestKind
from xingping.core.testing import frozen_today

pytestmark = pytest.mark.django_db
D = datetime.date


def due(received, supplemented=None, extended=0):
    case = Case(kind=Kind.DISCLOSURE_REQUEST, received_on=received, supplemented_on=supplemented, extended_wd=extended)
    return deadlines.compute(case, deadlines.get_calendar(), deadlines.default_rules()).due_on


def test_due_by_the_20th_working_day_after_receipt():
    # Sep 7–11 (5), 14–18 (10), Sun 20 (11), 21–24 (15), 28–30 (18), Oct 8 (19), Oct 9 (20)
    assert due(D(2026, 9, 4)) == D(2026, 10, 9)


def test_a_supplement_restarts_the_clock_from_the_day_it_arrives():
    assert due(D(2026, 9, 4), supplemented=D(2026, 9, 30)) == due(D(2026, 9, 30))
    # Oct 8–10 (3: Sat 10th works), 12–16 (8), 19–23 (13), 26–30 (18), Nov 2–3 (20)
    assert due(D(2026, 9, 4), supplemented=D(2026, 9, 30)) == D(2026, 11, 3)
    assert due(D(2026, 9, 30), supplemented=D(2026, 9, 4)) == D(2026, 11, 3)  # the later of the two


def test_an_extension_adds_working_days():
    assert due(D(2026, 9, 4), extended=1) == D(2026, 10, 10)  # the adjusted Saturday
    assert deadlines.get_calendar().working_days_between(due(D(2026, 9, 4)), due(D(2026, 9, 4), extended=20)) == 20


def test_one_extension_of_at_most_20_working_days_with_a_leaders_approval(tree):
    with frozen_today(D(2026, 9, 10)):
        case = services.case_create(actor=tree.station_staff, kind=Kind.DISCLOSURE_REQUEST, unit=tree.station,
                                    received_on=D(2026, 9, 4), title="申请公开某企业处罚决定书", named=True,
                                    complainant_name="张三", complainant_phone="13812345678")
        assert case.due_on == D(2026, 10, 9)
        too_far = deadlines.get_calendar().add_working_days(case.due_on, 21)
        with pytest.raises(ValidationError):
            services.case_request(actor=tree.station_staff, case=case, kind=RequestKind.EXTENSION, reason="需征求第三方意见",
                                  new_due_on=too_far)
        new_due = deadlines.get_calendar().add_working_days(case.due_on, 15)
        req = services.case_request(actor=tree.station_staff, case=case, kind=RequestKind.EXTENSION,
                                    reason="需征求第三方意见", new_due_on=new_due)
        services.case_request_decide(actor=tree.station_leader, request=req, approve=True)
        case.refresh_from_db()
        assert (case.extended_wd, case.due_on) == (15, new_due)
        with pytest.raises(ValidationError, match="不能再次延期"):
            services.case_request(actor=tree.station_staff, case=case, kind=RequestKind.EXTENSION, reason="再次延期",
                                  new_due_on=deadlines.get_calendar().add_working_days(new_due, 2))
        assert case.requests.count() == 1  # nothing stored
        case.refresh_from_db()
        assert (case.extended_wd, case.due_on) == (15, new_due)


def test_import_takes_supplement_and_extension_for_every_kind(tree, tmp_path, capsys):
    path = tmp_path / "cases.csv"
    path.write_text(
        "number,kind,received_on,unit_code,named,replied_on,reply_method,met_on,verified,handled_on,completed_on,"
        "supplemented_on,extended_wd\n"
        "GK-1,disclosure_request,2026-09-04,XN01,1,,,,,,,2026-09-30,\n"
        "GK-2,依申请公开,2026-09-04,XN01,1,,,,,,,,5\n"
        "TS-1,complaint,2026-09-04,XN01,1,,,,,,,,\n", encoding="utf-8")
    call_command("import", "cases", str(path))
    assert Case.objects.get(number="GK-1").due_on == D(2026, 11, 3)
    gk2 = Case.objects.get(number="GK-2")
    assert (gk2.extended_wd, deadlines.get_calendar().working_days_between(D(2026, 10, 9), gk2.due_on)) == (5, 5)
    bad = tmp_path / "bad.csv"
    bad.write_text("number,kind,received_on,unit_code,extended_wd\nGK-3,disclosure_request,2026-09-04,XN01,21\n",
                   encoding="utf-8")
    with pytest.raises(SystemExit):
        call_command("import", "cases", str(bad))
    assert "row 2, column extended_wd" in capsys.readouterr().err
    assert not Case.objects.filter(number="GK-3").exists()


def test_export_writes_the_new_columns_last_and_imports_back(tree, tmp_path):
    path = tmp_path / "cases.csv"
    path.write_text("number,kind,received_on,unit_code,supplemented_on,extended_wd,consult_wd,disclosure_reply,"
                    "replied_on,reply_method\n"
                    "GK-1,disclosure_request,2026-09-04,XN01,2026-09-30,3,4,予以公开,2026-10-20,letter\n", encoding="utf-8")
    call_command("import", "cases", str(path))
    gk1 = Case.objects.get(number="GK-1")
    # 20 + 3 (extension) + 4 (consultation) working days from the supplement: Nov 3 + 7 wd
    assert (gk1.consult_wd, gk1.disclosure_reply, gk1.due_on) == (4, "granted", D(2026, 11, 12))
    out = tmp_path / "out.csv"
    call_command("export", "cases", "--format", "csv", "-o", str(out))
    header, row = out.read_text(encoding="utf-8-sig").splitlines()[:2]
    # C6's columns keep their places; the new ones are appended at the end
    assert header.endswith(",supplemented_on,extended_wd,consult_wd,disclosure_reply")
    assert row.endswith(",2026-09-30,3,4,granted")
    fields = ("due_on", "supplemented_on", "extended_wd", "consult_wd", "disclosure_reply")
    before = Case.objects.values_list(*fields).get(number="GK-1")
    call_command("import", "cases", str(out))
    assert Case.objects.values_list(*fields).get(number="GK-1") == before


def test_import_refuses_a_reply_type_not_in_article_36_and_stores_nothing(tree, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("number,kind,received_on,unit_code,disclosure_reply,consult_wd\n"
                   "GK-4,disclosure_request,2026-09-04,XN01,部分公开,\n"
                   "GK-5,disclosure_request,2026-09-04,XN01,,-2\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        call_command("import", "cases", str(bad))
    err = capsys.readouterr().err
    assert "row 2, column disclosure_reply" in err and "row 3, column consult_wd" in err
    assert not Case.objects.filter(number__in=["GK-4", "GK-5"]).exists()
