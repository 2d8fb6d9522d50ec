"""`import visits` takes the paper opinion form's answers (C3 as extended by issue 13 part
10d): a good file, a bad value reported as row N column C, all or nothing, and the export
writes the answers back."""

import pytest
from django.core.management import call_command

from xingping.entities.testing import make_entity
from xingping.outreach.models import Visit

pytestmark = pytest.mark.django_db

HEAD = "统一社会信用代码,走访人,走访日期,类型,方式,机关效能,政务公开,依法行政,文明执法,勤政为民,职业道德,意见,建议\n"


def _run(tmp_path, name, text, capsys):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    code = 0
    try:
        call_command("import", "visits", str(path))
    except SystemExit as exc:
        code = exc.code
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def entities(tree):
    return make_entity(tree.station, name="孝感甲商贸有限公司"), make_entity(tree.station, name="孝感乙商店")


def test_a_paper_form_imports_with_its_answers(tree, entities, tmp_path, capsys):
    a, b = entities
    text = HEAD + (f"{a.uscc},{tree.station_staff.username},2026-07-02,走访,上门,5,4,非常满意,不满意,3,满意,窗口排队时间长,增设自助机\n"
                   f"{b.uscc},{tree.station_staff.username},2026-07-03,走访,电话,,,,,,,,\n")
    code, out, err = _run(tmp_path, "form.csv", text, capsys)
    assert code == 0, err
    v = Visit.objects.get(entity=a)
    assert [v.efficiency, v.openness, v.lawfulness, v.civility, v.diligence, v.ethics] == [5, 4, 5, 2, 3, 4]
    assert (v.opinions, v.suggestions) == ("窗口排队时间长", "增设自助机")
    assert v.is_dissatisfied  # 文明执法 不满意: followed up like a form entered on the web
    blank = Visit.objects.get(entity=b)
    assert blank.efficiency is None and blank.opinions == "" and not blank.is_dissatisfied


def test_a_bad_answer_is_reported_by_row_and_column_and_nothing_is_written(tree, entities, tmp_path, capsys):
    a, b = entities
    text = HEAD + (f"{a.uscc},{tree.station_staff.username},2026-07-02,走访,上门,5,4,5,4,3,4,,\n"
                   f"{b.uscc},{tree.station_staff.username},2026-07-03,走访,上门,5,4,5,很好,3,6,,\n")
    code, out, err = _run(tmp_path, "bad.csv", text, capsys)
    assert code == 1
    assert "row 3, column civility:" in err and "很好" in err
    assert "row 3, column ethics:" in err
    assert "row 2" not in err
    assert Visit.objects.count() == 0  # the good row is not written either


def test_reimport_updates_the_answers_a_file_carries_and_export_writes_them(tree, entities, tmp_path, capsys):
    a, _b = entities
    user = tree.station_staff.username
    assert _run(tmp_path, "1.csv", HEAD + f"{a.uscc},{user},2026-07-02,visit,onsite,5,5,5,5,5,5,好,无\n", capsys)[0] == 0
    # a file of the contract's five columns only: the answers stay
    assert _run(tmp_path, "2.csv", f"uscc,visitor,visited_on,kind,method\n{a.uscc},{user},2026-07-02,visit,phone\n",
                capsys)[0] == 0
    v = Visit.objects.get(entity=a)
    assert (v.method, v.ethics, v.opinions) == ("phone", 5, "好")
    # a corrected paper form: the answers change
    assert _run(tmp_path, "3.csv", HEAD + f"{a.uscc},{user},2026-07-02,visit,phone,5,5,5,5,5,1,态度差,无\n", capsys)[0] == 0
    v.refresh_from_db()
    assert (v.ethics, v.opinions) == (1, "态度差") and Visit.objects.count() == 1
    target = tmp_path / "out.csv"
    call_command("export", "visits", "--format", "csv", "-o", str(target))
    exported = target.read_text(encoding="utf-8-sig").splitlines()
    assert exported[0].split(",") == ["uscc", "visitor", "visited_on", "kind", "method", "efficiency", "openness",
                                      "lawfulness", "civility", "diligence", "ethics", "opinions", "suggestions"]
    assert exported[1].endswith(",5,5,5,5,5,1,态度差,无")
    before = list(Visit.objects.values_list("method", "ethics", "opinions", "suggestions"))
    code, out, err = _run(tmp_path, "again.csv", target.read_text(encoding="utf-8-sig"), capsys)
    assert code == 0, err
    assert list(Visit.objects.values_list("method", "ethics", "opinions", "suggestions")) == before


def test_a_reimport_may_not_change_a_visit_a_check_has_settled(tree, campaign, entities, tmp_path, capsys):
    from xingping.outreach import services
    from xingping.outreach.models import VisitCheck

    a, _b = entities
    user = tree.station_staff.username
    assert _run(tmp_path, "1.csv", HEAD + f"{a.uscc},{user},2026-07-02,visit,onsite,5,5,5,5,5,5,好,无\n", capsys)[0] == 0
    visit = Visit.objects.get(entity=a)
    check = VisitCheck.objects.create(visit=visit, campaign=campaign, unit=tree.station)
    services.visit_check_record(actor=tree.office, check=check, outcome="confirmed")
    # the same values again: fine (re-importing a file changes nothing)
    assert _run(tmp_path, "2.csv", HEAD + f"{a.uscc},{user},2026-07-02,visit,onsite,5,5,5,5,5,5,好,无\n", capsys)[0] == 0
    code, out, err = _run(tmp_path, "3.csv", HEAD + f"{a.uscc},{user},2026-07-02,visit,onsite,5,5,5,5,5,1,好,无\n", capsys)
    assert code == 1 and "row 2, column ethics:" in err
    visit.refresh_from_db()
    assert visit.ethics == 5
