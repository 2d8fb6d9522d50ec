"""`xingping import disclosures` / `export disclosures` (C9): all or nothing, every bad row
named, upsert on `code`, and an export that imports back unchanged."""

import datetime

import pytest
from django.core.management import call_command

from xingping.disclosure.models import CatalogueItem

pytestmark = pytest.mark.django_db

GOOD = (
    "code,unit_code,title,channel,mode,created_on,limit_wd,disclosed_on\n"
    "XN01-001,XN01,行政许可结果,board,proactive,2026-09-30,1,2026-10-08\n"
    "XN01-002,XN01,行政处罚结果,网站,主动公开,2026-09-25,,\n"
    "XG-001,XG-BGS,机构职能,web,on_request,,,\n"
)


def run(args, capsys):
    code = 0
    try:
        call_command(*args)
    except SystemExit as exc:
        code = exc.code
    out = capsys.readouterr()
    return code, out.out, out.err


def test_import_computes_due_dates_and_reimport_changes_nothing(tree, tmp_path, capsys):
    path = tmp_path / "d.csv"
    path.write_text(GOOD, encoding="utf-8")
    code, out, err = run(["import", "disclosures", str(path)], capsys)
    assert code == 0, err
    a = CatalogueItem.objects.get(code="XN01-001")
    b = CatalogueItem.objects.get(code="XN01-002")
    assert (a.unit.code, a.channel, a.mode, a.limit_wd, a.due_on, a.disclosed_on) == (
        "XN01", "board", "proactive", 1, datetime.date(2026, 10, 8), datetime.date(2026, 10, 8))
    # Sep 28–30 (3), Oct 8–10 (6: Sat 10th works), 12–16 (11), 19–23 (16), 26–29 (20)
    assert (b.channel, b.mode, b.limit_wd, b.due_on) == ("web", "proactive", 20, datetime.date(2026, 10, 29))
    assert CatalogueItem.objects.get(code="XG-001").due_on is None
    code, out, err = run(["import", "disclosures", str(path)], capsys)
    assert code == 0 and CatalogueItem.objects.count() == 3


def test_one_bad_row_writes_nothing_and_every_bad_row_is_named(tree, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text(GOOD + "X-9,NOPE,事项,board,proactive,2026-01-01,,\n"
                    "X-10,XN01,事项,wall,proactive,2026-01-01,,\n"
                    "X-11,XN01,事项,board,proactive,2026-03-10,,2026-03-09\n"
                    "X-12,XN01,事项,board,proactive,2026-03-10,abc,\n", encoding="utf-8")
    code, out, err = run(["import", "disclosures", str(path)], capsys)
    assert code == 1
    assert not CatalogueItem.objects.exists()
    for line in ("row 5, column unit_code", "row 6, column channel", "row 7, column disclosed_on", "row 8, column limit_wd"):
        assert line in err, err


def test_export_imports_back_unchanged(tree, tmp_path, capsys):
    path = tmp_path / "d.csv"
    path.write_text(GOOD, encoding="utf-8")
    run(["import", "disclosures", str(path)], capsys)
    out_path = tmp_path / "out.csv"
    code, _, err = run(["export", "disclosures", "--format", "csv", "-o", str(out_path)], capsys)
    assert code == 0, err
    exported = out_path.read_text(encoding="utf-8-sig")
    assert exported.splitlines()[0] == "code,unit_code,title,channel,mode,created_on,limit_wd,disclosed_on"
    assert "XN01-002,XN01,行政处罚结果,web,proactive,2026-09-25,20," in exported
    before = list(CatalogueItem.objects.order_by("code").values_list("code", "unit", "channel", "mode", "created_on",
                                                                      "limit_wd", "due_on", "disclosed_on"))
    code, out, err = run(["import", "disclosures", str(out_path)], capsys)
    assert code == 0, err
    after = list(CatalogueItem.objects.order_by("code").values_list("code", "unit", "channel", "mode", "created_on",
                                                                     "limit_wd", "due_on", "disclosed_on"))
    assert before == after
    code, _, _ = run(["export", "disclosures", "--unit", "XN", "--format", "xlsx", "-o", str(tmp_path / "x.xlsx")], capsys)
    assert code == 0 and (tmp_path / "x.xlsx").stat().st_size > 0
