"""Entities, penalties and visits imports (C2, C3): all or nothing, every bad row named,
round trip, formula neutralisation, zip bombs refused."""

import io
import zipfile

import pytest
from django.core.management import call_command

from xingping.entities.models import MarketEntity, Penalty
from xingping.entities.testing import make_uscc
from xingping.outreach.models import Visit

U1, U2, U3 = make_uscc(900001), make_uscc(900002), make_uscc(900003)


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return str(p)


def run_import(kind, path, capsys):
    code = 0
    try:
        call_command("import", kind, path)
    except SystemExit as exc:
        code = exc.code
    out = capsys.readouterr()
    return code, out.out, out.err


ENTITIES = (
    "uscc,name,kind,status,unit_code,responsible,registered_on\n"
    f"{U1},孝感甲商贸有限公司,enterprise,active,XN01,xn01_staff,2015-03-01\n"
    f"{U2},=cmd|' /C calc'!A0,individual,deregistered,XN02,,\n"
    f"{U3},孝感丙建材有限公司,enterprise,revoked,HC01,hc01_staff,2020-01-31\n"
)


def test_entities_import_and_reimport_changes_nothing(tree, tmp_path, capsys):
    path = write(tmp_path, "e.csv", ENTITIES)
    code, out, err = run_import("entities", path, capsys)
    assert code == 0, err
    assert "新增 3 行" in out
    e = MarketEntity.objects.get(uscc=U1)
    assert (e.unit.code, e.responsible.username, e.kind, e.status) == ("XN01", "xn01_staff", "enterprise", "active")
    code, out, err = run_import("entities", path, capsys)
    assert code == 0 and "新增 0 行，原有 3 行" in out
    assert MarketEntity.objects.count() == 3


def test_chinese_column_names_are_accepted(tree, tmp_path, capsys):
    path = write(tmp_path, "e.csv", "统一社会信用代码,名称,类型,状态,监管单位代码,包保责任人,成立日期\n"
                                    f"{U1},甲公司,企业,存续,XN01,xn01_staff,2015-03-01\n")
    code, out, err = run_import("entities", path, capsys)
    assert code == 0, err
    assert MarketEntity.objects.get(uscc=U1).kind == "enterprise"


def test_every_bad_row_is_named_and_nothing_written(tree, tmp_path, capsys):
    bad = (
        "uscc,name,kind,status,unit_code,responsible,registered_on\n"
        f"{U1},好的,enterprise,active,XN01,,\n"
        f"{U2[:-1]}X,坏码,enterprise,active,XN01,,\n"
        f"{U3},坏单位,enterprise,active,NOPE,,\n"
        f"{make_uscc(900004)},坏人,enterprise,active,XN01,ghost,\n"
        f"{make_uscc(900005)},坏类型,company,active,XN01,,\n"
        f"{make_uscc(900006)},坏日期,enterprise,active,XN01,,2020-13-45\n"
        f"{U1},重复,enterprise,active,XN01,,\n"
    )
    code, out, err = run_import("entities", write(tmp_path, "bad.csv", bad), capsys)
    assert code == 1
    lines = err.splitlines()
    assert any(line.startswith("row 3, column uscc:") and "校验码" in line for line in lines)
    assert any(line.startswith("row 4, column unit_code:") for line in lines)
    assert any(line.startswith("row 5, column responsible:") for line in lines)
    assert any(line.startswith("row 6, column kind:") for line in lines)
    assert any(line.startswith("row 7, column registered_on:") for line in lines)
    assert any(line.startswith("row 8, column uscc:") for line in lines)
    assert MarketEntity.objects.count() == 0


def test_penalties_and_visits_import_with_bad_rows(tree, tmp_path, capsys):
    run_import("entities", write(tmp_path, "e.csv", ENTITIES), capsys)
    pens = ("case_no,uscc,unit_code,decided_on\n"
            f"P-1,{U1},XN01,2026-03-01\n"
            f"P-2,{make_uscc(900009)},XN01,2026-03-01\n"
            f"P-3,{U1},XN01,yesterday\n")
    code, out, err = run_import("penalties", write(tmp_path, "p.csv", pens), capsys)
    assert code == 1 and "row 3, column uscc:" in err and "row 4, column decided_on:" in err
    assert Penalty.objects.count() == 0
    visits = ("uscc,visitor,visited_on,kind,method\n"
              f"{U1},xn01_staff,2026-07-02,visit,onsite\n"
              f"{U1},dept_staff,2026-07-02,return,上门\n"
              f"{U1},ghost,2026-07-02,visit,onsite\n"
              f"{U1},xn01_staff,2026-07-03,tour,onsite\n"
              f"{U1},xn01_staff,2026-07-04,visit,pigeon\n"
              f"{make_uscc(900010)},xn01_staff,2026-07-04,visit,onsite\n")
    code, out, err = run_import("visits", write(tmp_path, "v.csv", visits), capsys)
    assert code == 1
    for row, col in [(4, "visitor"), (5, "kind"), (6, "method"), (7, "uscc")]:
        assert f"row {row}, column {col}:" in err
    assert Visit.objects.count() == 0
    good = "\n".join(visits.splitlines()[:3]) + "\n"
    code, out, err = run_import("visits", write(tmp_path, "v2.csv", good), capsys)
    assert code == 0, err
    v = Visit.objects.get(visitor__username="dept_staff")
    assert v.unit.code == "XG"  # a department's staff visit for the parent
    assert v.method == "onsite" and v.kind == "return"
    run_import("penalties", write(tmp_path, "p2.csv", f"case_no,uscc,unit_code,decided_on\nP-9,{U1},XG-BGS,2026-07-01\n"
                                                      f"P-10,{U1},XG-BGS,2026-07-03\n"), capsys)
    Visit.objects.all().delete()
    code, out, err = run_import("visits", write(tmp_path, "v3.csv", good), capsys)
    v = Visit.objects.get(visitor__username="dept_staff")
    assert [p.case_no for p in v.penalties.all()] == ["P-9"]  # decided on or before the return visit


def test_export_imports_back_unchanged(tree, tmp_path, capsys):
    run_import("entities", write(tmp_path, "e.csv", ENTITIES), capsys)
    run_import("penalties", write(tmp_path, "p.csv", f"case_no,uscc,unit_code,decided_on\nP-1,{U1},XN01,2026-03-01\n"), capsys)
    run_import("visits", write(tmp_path, "v.csv", f"uscc,visitor,visited_on,kind,method\n{U1},xn01_staff,2026-07-02,visit,phone\n"), capsys)
    for kind in ("entities", "penalties", "visits"):
        for fmt in ("csv", "xlsx"):
            target = tmp_path / f"{kind}.{fmt}"
            call_command("export", kind, "--format", fmt, "-o", str(target))
            before = list(MarketEntity.objects.values_list()) + list(Penalty.objects.values_list()) + list(
                Visit.objects.values_list("entity", "visitor", "visited_on", "kind", "method"))
            code, out, err = run_import(kind, str(target), capsys)
            assert code == 0, err
            assert "新增 0 行" in out
            after = list(MarketEntity.objects.values_list()) + list(Penalty.objects.values_list()) + list(
                Visit.objects.values_list("entity", "visitor", "visited_on", "kind", "method"))
            assert before == after


def test_export_neutralises_formulas(tree, tmp_path, capsys):
    run_import("entities", write(tmp_path, "e.csv", ENTITIES), capsys)
    out = io.StringIO()
    call_command("export", "entities", "--format", "csv", stdout=out)
    assert "'=cmd|' /C calc'!A0" in out.getvalue()
    target = tmp_path / "e.xlsx"
    call_command("export", "entities", "--format", "xlsx", "-o", str(target))
    import openpyxl

    ws = openpyxl.load_workbook(target).worksheets[0]
    cell = next(c for row in ws.iter_rows() for c in row if c.value and str(c.value).startswith("=cmd"))
    assert cell.data_type == "s"


def test_export_unit_filter(tree, tmp_path, capsys):
    run_import("entities", write(tmp_path, "e.csv", ENTITIES), capsys)
    out = io.StringIO()
    call_command("export", "entities", "--unit", "XN", "--format", "csv", stdout=out)
    text = out.getvalue()
    assert U1 in text and U2 in text and U3 not in text


def test_malformed_xlsx_and_zip_bomb_are_refused(tree, tmp_path, capsys):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    code, out, err = run_import("entities", str(broken), capsys)
    assert code == 1 and "XLSX" in err
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", "0" * 5_000_000)
    code, out, err = run_import("entities", str(bomb), capsys)
    assert code == 1 and "100" in err
    assert MarketEntity.objects.count() == 0


@pytest.mark.django_db
def test_web_import_runs_in_the_background_with_progress(tree, client, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from xingping.entities.models import ImportJob

    client.force_login(tree.office)
    upload = SimpleUploadedFile("e.csv", ENTITIES.encode("utf-8"), content_type="text/csv")
    resp = client.post("/entities/import/", {"kind": "entities", "file": upload})
    assert resp.status_code == 302
    job = ImportJob.objects.get()
    assert job.status == "done" and job.total_rows == 3 and job.rows_done == 3 and job.percent == 100
    assert MarketEntity.objects.count() == 3
    resp = client.get(f"/entities/import/{job.pk}/", HTTP_HX_REQUEST="true")
    assert b"100%" in resp.content and b"hx-trigger" not in resp.content


def test_web_import_failure_lists_rows(tree, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from xingping.entities.models import ImportJob

    client.force_login(tree.office)
    bad = "uscc,name,kind,status,unit_code,responsible,registered_on\nBAD,x,enterprise,active,XN01,,\n"
    client.post("/entities/import/", {"kind": "entities", "file": SimpleUploadedFile("b.csv", bad.encode())})
    job = ImportJob.objects.get()
    assert job.status == "failed" and job.errors[0][:2] == [2, "uscc"]
    assert job.rows_done == job.total_rows == 1  # the page says "1 / 1 rows" read, not "0 / 1"
    resp = client.get(f"/entities/import/{job.pk}/")
    assert "18" in resp.content.decode()
    # for people (issue 13): the column's Chinese name, the kind's name, no "99%" for a failure
    html = resp.content.decode()
    table = html[html.index("<table"):html.index("</table>")]
    assert "<td>统一社会信用代码</td>" in table and "uscc" not in table
    assert "市场主体：" in html and "entities" not in html.split("<main")[1].split("</main>")[0].replace("/entities/", "")
    assert "99%" not in html and "未导入任何数据" in html


def test_web_import_refuses_zip_bomb_before_parsing(tree, client, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from xingping.entities.models import ImportJob

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", "0" * 5_000_000)
    client.force_login(tree.office)
    resp = client.post("/entities/import/", {"kind": "entities", "file": SimpleUploadedFile("bomb.xlsx", buf.getvalue())})
    assert resp.status_code == 200 and "100" in resp.content.decode()
    assert ImportJob.objects.count() == 0
