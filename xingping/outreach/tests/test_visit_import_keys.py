"""A visits file names each visit once: a row with the entity, visitor, day and kind of an
earlier row is refused as its duplicate, however the file spells them (the importer packs the
four into one number to hold a million of them; the tests check the packing is exact)."""

import datetime

import pytest
from django.core.management import call_command

from xingping.entities.testing import make_entity
from xingping.outreach.imports import DAYS, ENTITY_IDS, STAFF_IDS, VisitImport
from xingping.outreach.models import Visit

pytestmark = pytest.mark.django_db

HEAD = "统一社会信用代码,走访人,走访日期,类型,方式\n"


def _run(tmp_path, text, capsys):
    path = tmp_path / "visits.csv"
    path.write_text(HEAD + text, encoding="utf-8")
    code = 0
    try:
        call_command("import", "visits", str(path))
    except SystemExit as exc:
        code = exc.code
    return code, capsys.readouterr().err


def test_a_repeated_visit_is_named_with_its_first_row_and_nothing_is_written(tree, tmp_path, capsys):
    a = make_entity(tree.station, name="孝感甲商店")
    staff = tree.station_staff.username
    code, err = _run(tmp_path, f"{a.uscc},{staff},2026-07-02,走访,上门\n"
                               f"{a.uscc.lower()},{staff},2026-07-02,visit,电话\n", capsys)
    assert code == 1
    assert "row 3, column uscc: 与第 2 行重复" in err  # C2: row N, column C: message
    assert Visit.objects.count() == 0


def test_rows_differing_in_one_part_of_the_key_are_all_imported(tree, tmp_path, capsys):
    a = make_entity(tree.station, name="孝感甲商店")
    b = make_entity(tree.station, name="孝感乙商店")
    one, other = tree.station_staff.username, tree.dept_staff.username
    rows = [f"{a.uscc},{one},2026-07-02,走访,上门", f"{b.uscc},{one},2026-07-02,走访,上门",
            f"{a.uscc},{other},2026-07-02,走访,上门", f"{a.uscc},{one},2026-07-03,走访,上门",
            f"{a.uscc},{one},2026-07-02,回访,上门", f"{a.uscc},{one},2027-07-02,走访,上门"]
    code, err = _run(tmp_path, "\n".join(rows) + "\n", capsys)
    assert code == 0, err
    assert Visit.objects.count() == 6


def test_the_packed_key_is_equal_exactly_when_the_four_parts_are(tree):
    importer = VisitImport()
    importer.entities = {"A": 1, "B": ENTITY_IDS - 1, "huge": ENTITY_IDS}
    importer.staff = {"u1": (1, 10), "u2": (STAFF_IDS - 1, 10), "big": (STAFF_IDS, 10)}

    def key(uscc, visitor, day, kind):
        return importer.seen_key({"uscc": uscc, "visitor": visitor, "visited_on": day, "kind": kind})

    d1, d2 = datetime.date(1970, 1, 1), datetime.date(1970, 1, 1) + datetime.timedelta(days=DAYS - 1)
    parts = [(u, v, d, k) for u in "AB" for v in ("u1", "u2") for d in (d1, d2) for k in ("visit", "return")]
    keys = [key(*p) for p in parts]
    assert len(set(keys)) == len(parts) and all(isinstance(k, int) and 0 <= k < 1 << 63 for k in keys)
    assert key("A", "u1", d1, "visit") == key("A", "u1", datetime.date(1970, 1, 1), "visit")
    # an unknown entity or visitor, or an id past the packing's range, keeps the parts themselves
    assert key("C", "u1", d1, "visit") == ("C", "u1", d1, "visit")
    assert key("A", "ghost", d1, "visit") == ("A", "ghost", d1, "visit")
    assert key("A", "big", d1, "visit") == ("A", "big", d1, "visit")
    assert key("huge", "u1", d1, "visit") == ("huge", "u1", d1, "visit")
    late = d2 + datetime.timedelta(days=1)
    assert key("A", "u1", late, "visit") == ("A", "u1", late, "visit")
    early = datetime.date(1969, 12, 31)
    assert key("A", "u1", early, "visit") == ("A", "u1", early, "visit")
