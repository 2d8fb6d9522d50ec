"""`xingping import cases` / `xingping export cases` (C6): all or nothing, upsert, round
trip, unknown-year warning."""

import datetime

import pytest
from django.core.management import call_command

from xingping.cases.models import Case, Status

HEADER = "number,kind,received_on,unit_code,named,replied_on,reply_method,met_on,verified,handled_on,completed_on\n"


def write(tmp_path, body, name="cases.csv", header=HEADER):
    path = tmp_path / name
    path.write_text(header + body, encoding="utf-8")
    return str(path)


def run(*args):
    try:
        call_command(*args)
        return 0
    except SystemExit as exc:
        return exc.code


def test_import_computes_deadlines_and_status(tree, campaign, tmp_path, capsys):
    path = write(tmp_path, "A1,complaint,2026-02-13,XN01,1,,,,,,\n"
                           "A2,misconduct,2026-03-02,XN01,0,2026-03-20,letter,,1,2026-03-18,\n"
                           "A3,suggestion,2026-03-31,XN,1,,,2026-04-10,,,2026-05-01\n")
    assert run("import", "cases", path) == 0
    a1 = Case.objects.get(number="A1")
    assert (a1.accept_due_on, a1.status) == (datetime.date(2026, 3, 2), Status.RECEIVED)
    a2 = Case.objects.get(number="A2")
    assert (a2.subject_unit, a2.unit, a2.status, a2.verified) == (tree.station, tree.county, Status.REPLIED, True)
    a3 = Case.objects.get(number="A3")
    assert (a3.due_on, a3.status) == (datetime.date(2026, 6, 30), Status.CLOSED)
    # re-importing the same file changes nothing
    codes = dict(Case.objects.values_list("number", "tracking_code"))
    assert run("import", "cases", path) == 0
    assert Case.objects.count() == 3 and dict(Case.objects.values_list("number", "tracking_code")) == codes
    assert "新增 0 行" in capsys.readouterr().out


def test_a_bad_row_writes_nothing(tree, campaign, tmp_path, capsys):
    path = write(tmp_path, "B1,complaint,2026-02-13,XN01,1,,,,,,\n"
                           "B2,grumble,2026-02-13,XN01,1,,,,,,\n"
                           "B3,complaint,2026-02-30,NOPE,1,,,,,,\n"
                           "B4,complaint,2026-03-01,XN01,1,2026-02-01,,,,,\n"
                           "B1,complaint,2026-02-13,XN01,1,,,,,,\n")
    assert run("import", "cases", path) == 1
    err = capsys.readouterr().err
    assert "row 3, column kind" in err and "row 4, column received_on" in err
    assert "row 5, column replied_on" in err and "row 6, column number" in err
    assert not Case.objects.exists()


def test_export_imports_back_unchanged(tree, campaign, tmp_path, capsys):
    path = write(tmp_path, "C1,complaint,2026-02-13,XN01,1,2026-02-20,phone,,,,\n"
                           "C2,misconduct,2026-03-02,XN,0,,,,0,,\n"
                           "C3,petition,2026-03-02,HC01,0,,,,,,\n")
    assert run("import", "cases", path) == 0
    Case.objects.filter(number="C3").update(due_on=datetime.date(2026, 12, 31))  # an approved extension
    out = tmp_path / "export.csv"
    assert run("export", "cases", "--format", "csv", "-o", str(out)) == 0
    text = out.read_text(encoding="utf-8-sig")
    header = text.splitlines()[0].split(",")
    assert header[:14] == ["number", "kind", "received_on", "unit_code", "named", "replied_on", "reply_method", "met_on",
                           "verified", "handled_on", "completed_on", "status", "accept_due_on", "due_on"]
    before = sorted(Case.objects.values_list("number", "unit_id", "subject_unit_id", "status", "due_on", "named"))
    assert run("import", "cases", str(out)) == 0
    assert sorted(Case.objects.values_list("number", "unit_id", "subject_unit_id", "status", "due_on", "named")) == before
    capsys.readouterr()
    assert run("export", "cases", "--unit", "HC", "--format", "csv") == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 2 and lines[1].startswith("C3,")


def test_export_xlsx(tree, campaign, tmp_path):
    path = write(tmp_path, "D1,complaint,2026-02-13,XN01,1,,,,,,\n")
    assert run("import", "cases", path) == 0
    out = tmp_path / "cases.xlsx"
    assert run("export", "cases", "--format", "xlsx", "-o", str(out)) == 0
    Case.objects.all().delete()
    assert run("import", "cases", str(out)) == 0 and Case.objects.filter(number="D1").exists()


def test_a_year_the_calendar_does_not_know_works_with_a_warning(tree, campaign, tmp_path, capsys):
    path = write(tmp_path, "E1,complaint,2027-03-01,XN01,1,,,,,,\n")
    assert run("import", "cases", path) == 0
    case = Case.objects.get()
    assert case.calendar_estimated and case.accept_due_on == datetime.date(2027, 3, 10)
    assert "2027" in capsys.readouterr().err


@pytest.mark.parametrize("header", [
    "编号,类别,登记日期,单位代码\n",
])
def test_chinese_column_names(tree, campaign, tmp_path, header):
    path = write(tmp_path, "F1,投诉,2026-02-13,XN01\n", header=header)
    assert run("import", "cases", path) == 0
    assert Case.objects.get().kind == "complaint"
