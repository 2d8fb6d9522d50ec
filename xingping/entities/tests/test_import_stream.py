"""The large imports write batch after batch while a forked child reads and checks the next
(issue 14 part 2, `core.forked`). Whatever happens, an import is all or nothing: a bad row late
in the file, a failure while a batch is being stored, or the reading process dying leaves the
table as it was and no process behind."""

import multiprocessing
import os

import pytest
from django.core.management import call_command
from django.db import IntegrityError

from xingping.entities import bulk
from xingping.entities.imports import EntityImport
from xingping.entities.models import MarketEntity
from xingping.entities.testing import make_uscc

pytestmark = pytest.mark.django_db

HEADER = "uscc,name,kind,status,unit_code,responsible,registered_on\n"


def entities_csv(tmp_path, numbers, name="甲", bad_at=None, file="e.csv"):
    lines = [HEADER]
    for i, n in enumerate(numbers, start=2):
        unit = "NO-SUCH-UNIT" if i == bad_at else "XN01"
        lines.append(f"{make_uscc(n)},孝感{name}{n}商贸有限公司,enterprise,active,{unit},,2015-03-01\n")
    path = tmp_path / file
    path.write_text("".join(lines), encoding="utf-8")
    return str(path)


def run(path, capsys):
    code = 0
    try:
        call_command("import", "entities", path)
    except SystemExit as exc:
        code = exc.code
    out = capsys.readouterr()
    return code, out.out + out.err


def readers():
    return [p for p in multiprocessing.active_children() if p.name == "xingping-import-reader"]


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(EntityImport, "batch_size", 3)


def test_many_batches_into_an_empty_table_then_a_reimport_that_changes_some(tree, tmp_path, capsys, small_batches):
    code, out = run(entities_csv(tmp_path, range(1, 21)), capsys)
    assert code == 0, out
    assert MarketEntity.objects.count() == 20
    assert MarketEntity.objects.get(uscc=make_uscc(17)).name == "孝感甲17商贸有限公司"
    # a second file: 5 renamed, 10 unchanged, 4 new (not into an empty table: merged batch by batch)
    code, out = run(entities_csv(tmp_path, range(6, 16), name="甲", file="same.csv"), capsys)
    assert code == 0, out
    renamed = entities_csv(tmp_path, [*range(1, 6), *range(21, 25)], name="乙", file="changed.csv")
    code, out = run(renamed, capsys)
    assert code == 0, out
    assert "已导入 9 行" in out or "9 rows" in out
    assert MarketEntity.objects.count() == 24
    names = dict(MarketEntity.objects.values_list("uscc", "name"))
    assert names[make_uscc(3)] == "孝感乙3商贸有限公司"
    assert names[make_uscc(10)] == "孝感甲10商贸有限公司"
    assert names[make_uscc(22)] == "孝感乙22商贸有限公司"
    assert readers() == []


@pytest.mark.parametrize("existing", [False, True], ids=["into an empty table", "into a filled table"])
def test_a_bad_row_after_several_stored_batches_writes_nothing(tree, tmp_path, capsys, small_batches, existing):
    if existing:
        assert run(entities_csv(tmp_path, range(100, 104), file="first.csv"), capsys)[0] == 0
    before = sorted(MarketEntity.objects.values_list("uscc", "name"))
    code, out = run(entities_csv(tmp_path, range(1, 31), bad_at=29), capsys)
    assert code != 0
    assert "29" in out and "NO-SUCH-UNIT" in out
    assert sorted(MarketEntity.objects.values_list("uscc", "name")) == before
    assert readers() == []


def test_a_failure_while_a_batch_is_stored_is_raised_and_nothing_is_written(tree, tmp_path, small_batches,
                                                                           monkeypatch):
    stored = []
    real_store = bulk.BatchWriter.store

    def store(self, cursor, rows, fresh):
        stored.append(len(rows))
        if len(stored) == 3:  # a database error, as a broken constraint gives, while the child reads on
            cursor.execute("INSERT INTO entities_marketentity (uscc) VALUES (NULL)")
        real_store(self, cursor, rows, fresh)

    monkeypatch.setattr(bulk.BatchWriter, "store", store)
    with pytest.raises(IntegrityError):
        call_command("import", "entities", entities_csv(tmp_path, range(1, 31)))
    assert len(stored) >= 3
    assert readers() == []
    assert MarketEntity.objects.count() == 0


def test_the_rows_are_read_and_checked_in_another_process(tree, tmp_path, capsys, small_batches, monkeypatch):
    real_build = EntityImport.build

    def build(self, values, row_number):
        uscc, _name, *rest = real_build(self, values, row_number)
        return (uscc, f"pid {os.getpid()}", *rest)

    monkeypatch.setattr(EntityImport, "build", build)
    code, out = run(entities_csv(tmp_path, range(1, 11)), capsys)
    assert code == 0, out
    names = set(MarketEntity.objects.values_list("name", flat=True))
    assert len(names) == 1 and names != {f"pid {os.getpid()}"}


def test_the_reading_process_dying_is_said_and_nothing_is_written(tree, tmp_path, small_batches, monkeypatch):
    real_build = EntityImport.build
    importing = os.getpid()

    def build(self, values, row_number):
        if row_number == 20:
            assert os.getpid() != importing, "the rows are read in the importing process"
            os._exit(3)  # as the kernel's out-of-memory killer would end it
        return real_build(self, values, row_number)

    monkeypatch.setattr(EntityImport, "build", build)
    with pytest.raises(RuntimeError, match="exit status 3"):
        call_command("import", "entities", entities_csv(tmp_path, range(1, 31)))
    assert readers() == []
    assert MarketEntity.objects.count() == 0
