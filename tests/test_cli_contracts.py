"""The command-line contracts of C2/C3 for the foundation kinds: campaign new/list,
import/export of units and staff (all or nothing, row-level errors, idempotent, round trip)."""

import csv
import io
import subprocess
import sys

import openpyxl
import pytest
from django.core.management import call_command

from xingping.accounts.models import User
from xingping.campaigns.models import Campaign
from xingping.core.models import AuditEvent
from xingping.orgs.models import OrgUnit

UNITS_CSV = (
    "code,name,level,parent_code\n"
    "XG,孝感市工商局,city,\n"
    "XG-BGS,办公室,department,XG\n"
    "XN01,书院工商所,station,XN\n"  # child before its parent: order does not matter
    "XN,孝南区工商局,county,XG\n"
)


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command(*args, stdout=out, stderr=err)
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


# ------------------------------------------------------------------ campaign

@pytest.mark.django_db
def test_campaign_new_uses_the_seed_plan_and_list_prints_newest_first():
    code, out, _ = run("campaign", "new", "xp2025", "--year", "2025")
    assert code == 0
    run("campaign", "new", "xp2026", "--year", "2026", "--title", "二〇二六年行评")
    c = Campaign.objects.get(slug="xp2025")
    assert (c.first_day.isoformat(), c.last_day.isoformat()) == ("2025-07-01", "2025-10-31")
    assert [p.name for p in c.phases.all()] == ["宣传发动", "自查自纠", "全面整改和建章立制", "集中评议"]
    assert c.deliverables.get(code="implementation_plan").due_on.isoformat() == "2025-08-05"
    assert c.deliverables.get(code="self_inspection_report").due_on.isoformat() == "2025-09-20"
    assert sum(len(a["items"]) for a in c.rules["rubric"]["areas"]) == 18
    assert c.rules["targets"]["visit_coverage"]["thresholds"] == {"city": 0.1, "county": 0.9, "branch": 0.9, "station": 1.0}
    _, out, _ = run("campaign", "list")
    assert out.splitlines() == [
        "xp2026\t二〇二六年行评\t2026-07-01\t2026-10-31",
        "xp2025\t2025年全市工商系统民主评议政风行风\t2025-07-01\t2025-10-31",
    ]


@pytest.mark.django_db
def test_campaign_new_refuses_an_existing_slug():
    run("campaign", "new", "xp2025", "--year", "2025")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("campaign", "new", "xp2025", "--year", "2026")
    assert Campaign.objects.count() == 1


@pytest.mark.django_db
def test_phase_on_is_the_one_answer_for_the_current_phase():
    import datetime

    run("campaign", "new", "xp2025", "--year", "2025")
    c = Campaign.objects.get()
    d = datetime.date
    assert c.phase_on(d(2025, 7, 10)) is None
    assert c.phase_on(d(2025, 7, 21)).code == "mobilisation"
    assert c.phase_on(d(2025, 8, 11)).code == "self_inspection"
    assert c.phase_on(d(2025, 9, 30)).code == "self_inspection"
    assert c.phase_on(d(2025, 10, 5)).code == "evaluation"  # both running: the later-starting, later-ordered one
    assert c.phase_on(d(2025, 11, 1)) is None


# ------------------------------------------------------------------ units and staff

@pytest.mark.django_db
def test_units_import_builds_the_tree_in_any_order_and_is_idempotent(tmp_path):
    path = write(tmp_path, "units.csv", UNITS_CSV)
    code, out, err = run("import", "units", str(path))
    assert code == 0, err
    assert "4" in out
    assert OrgUnit.objects.get(code="XN01").path == "XG/XN/XN01/"
    snapshot = list(OrgUnit.objects.values_list("code", "name", "level", "parent__code", "path").order_by("code"))
    code, out, err = run("import", "units", str(path))
    assert code == 0
    assert list(OrgUnit.objects.values_list("code", "name", "level", "parent__code", "path").order_by("code")) == snapshot


@pytest.mark.django_db
def test_units_import_is_all_or_nothing_and_names_every_bad_row(tmp_path):
    bad = UNITS_CSV + "BAD UNIT,空格,station,XN\nXN02,新华所,village,XN\nXN03,孤儿所,station,NOPE\n"
    path = write(tmp_path, "units.csv", bad)
    code, out, err = run("import", "units", str(path))
    assert code == 1
    assert not OrgUnit.objects.exists()
    lines = err.splitlines()
    assert any(line.startswith("row 6, column code:") for line in lines)
    assert any(line.startswith("row 7, column level:") for line in lines)
    assert any(line.startswith("row 8, column parent_code:") for line in lines)


@pytest.mark.django_db
def test_moving_a_unit_moves_its_subtree(tmp_path):
    run("import", "units", str(write(tmp_path, "u.csv", UNITS_CSV + "HC,汉川市局,county,XG\n")))
    run("import", "units", str(write(tmp_path, "m.csv", "code,name,level,parent_code\nXN,孝南区工商局,county,HC\n")))
    assert OrgUnit.objects.get(code="XN01").path == "XG/HC/XN/XN01/"
    assert OrgUnit.objects.get(code="XN01").depth == 3


@pytest.mark.django_db
def test_chinese_column_names_bom_and_gb18030_are_accepted(tmp_path):
    text = "单位代码,单位名称,层级,上级单位代码\nXG,孝感市工商局,city,\nXN,孝南区工商局,county,XG\n"
    code, _, err = run("import", "units", str(write(tmp_path, "a.csv", "\ufeff" + text)))
    assert code == 0, err
    code, _, err = run("import", "units", str(write(tmp_path, "b.csv", text.replace("孝南区工商局", "孝南区局"), "gb18030")))
    assert code == 0, err
    assert OrgUnit.objects.get(code="XN").name == "孝南区局"


@pytest.mark.django_db
def test_staff_import_checks_units_and_roles_and_keeps_passwords(tmp_path):
    run("import", "units", str(write(tmp_path, "u.csv", UNITS_CSV)))
    good = "username,name,unit_code,roles\nzhang,张三,XN01,staff\nli,李四,XN,leader;inspector\nwang,王五,XG-BGS,\n"
    code, out, err = run("import", "staff", str(write(tmp_path, "s.csv", good)))
    assert code == 0, err
    li = User.objects.get(username="li")
    assert li.role_set == {"leader", "inspector"} and li.unit.code == "XN" and not li.has_usable_password()
    li.set_password("keep-this-1")
    li.save()
    run("import", "staff", str(write(tmp_path, "s.csv", good)))
    li.refresh_from_db()
    assert li.check_password("keep-this-1")
    bad = "username,name,unit_code,roles\nzhao,赵六,NOPE,staff\nqian,钱七,XN,boss\nzhang,张三,XN01,staff\nzhang,张三,XN01,leader\n"
    code, _, err = run("import", "staff", str(write(tmp_path, "bad.csv", bad)))
    assert code == 1
    assert "row 2, column unit_code:" in err and "row 3, column roles:" in err and "row 5, column username:" in err
    assert not User.objects.filter(username__in=["zhao", "qian"]).exists()


@pytest.mark.django_db
def test_export_round_trips_through_import(tmp_path):
    run("import", "units", str(write(tmp_path, "u.csv", UNITS_CSV)))
    run("import", "staff", str(write(tmp_path, "s.csv", "username,name,unit_code,roles\nzhang,张三,XN01,staff\n")))
    for kind in ("units", "staff"):
        for fmt in ("csv", "xlsx"):
            out = tmp_path / f"{kind}.{fmt}"
            run("export", kind, "--format", fmt, "-o", str(out))
            before = AuditEvent.objects.count()
            code, _, err = run("import", kind, str(out))
            assert code == 0, err
            assert AuditEvent.objects.count() == before + 1  # the import itself, nothing else
    code, out, _ = run("export", "units", "--unit", "XN", "--format", "csv")
    assert list(csv.reader(io.StringIO(out))) == [
        ["code", "name", "level", "parent_code"], ["XN", "孝南区工商局", "county", "XG"], ["XN01", "书院工商所", "station", "XN"]]


@pytest.mark.django_db
def test_exports_neutralise_formulas_but_import_them_back_unchanged(tmp_path):
    run("import", "units", str(write(tmp_path, "u.csv", UNITS_CSV)))
    OrgUnit.objects.filter(code="XN").update(name="=HYPERLINK(\"http://x\",\"点我\")")
    csv_out = tmp_path / "u.csv"
    run("export", "units", "--format", "csv", "-o", str(csv_out))
    assert "'=HYPERLINK" in csv_out.read_text(encoding="utf-8-sig")
    xlsx_out = tmp_path / "u.xlsx"
    run("export", "units", "--format", "xlsx", "-o", str(xlsx_out))
    ws = openpyxl.load_workbook(xlsx_out).active
    cell = [c for row in ws.iter_rows() for c in row if str(c.value).startswith("=HYPER")][0]
    assert cell.data_type == "s"  # text, not a formula
    for path in (csv_out, xlsx_out):
        OrgUnit.objects.filter(code="XN").update(name="changed")
        run("import", "units", str(path))
        assert OrgUnit.objects.get(code="XN").name == "=HYPERLINK(\"http://x\",\"点我\")"


@pytest.mark.django_db
def test_a_zip_bomb_or_broken_xlsx_is_refused_before_parsing(tmp_path):
    import zipfile

    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", "<a>" + " " * 5_000_000 + "</a>")
    code, _, err = run("import", "units", str(bomb))
    assert code == 1 and "100" in err
    broken = write(tmp_path, "broken.xlsx", "not a zip")
    code, _, err = run("import", "units", str(broken))
    assert code == 1 and "XLSX" in err
    assert not OrgUnit.objects.exists()


def test_the_console_script_is_python_dash_m_xingping():
    result = subprocess.run([sys.executable, "-m", "xingping", "help", "campaign"], capture_output=True, text=True,
                            env={**__import__("os").environ, "DJANGO_SETTINGS_MODULE": "xingping.settings_test"})
    assert result.returncode == 0, result.stderr
    assert "new" in result.stdout and "list" in result.stdout


def test_a_command_on_a_database_not_yet_migrated_says_what_to_run(tmp_path):
    """Given a new database, when an operator runs a command before `xingping migrate`, then
    they read one Chinese sentence naming the command to run, not a traceback."""
    import os

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "xingping.settings",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'new.sqlite3'}", "XINGPING_VAR_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "xingping", "campaign", "list"], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr.strip() == "数据库尚未建表，或比当前版本旧：请先运行 `xingping migrate`。"
