"""The audit log is append-only in the database and hash-chained (C11 `audit verify`)."""

import datetime
import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, connections, transaction
from django.utils import timezone

from xingping.core import audit, audit_chain, audit_sql
from xingping.core.models import AuditEvent


def make_rows(n, actor="system"):
    return [audit.record_event(actor=actor, action="test", note=f"row {i}", new={"i": i, "x": 1.0})
            for i in range(n)]


def raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def verify_message():
    with pytest.raises(CommandError) as exc:
        call_command("audit", "verify")
    assert exc.value.returncode == 1
    return str(exc.value)


@pytest.mark.django_db
def test_database_refuses_update_and_delete():
    row = make_rows(1)[0]
    with pytest.raises(DatabaseError), transaction.atomic():
        raw("UPDATE core_auditevent SET note = 'forged' WHERE id = %s", [row.pk])
    with pytest.raises(DatabaseError), transaction.atomic():
        raw("DELETE FROM core_auditevent WHERE id = %s", [row.pk])
    assert AuditEvent.objects.get(pk=row.pk).note == "row 0"
    assert audit_sql.missing(connection) == []


@pytest.mark.django_db
def test_rows_are_chained_and_verify_passes(capsys):
    rows = make_rows(3)
    assert rows[1].prev_hash == rows[0].row_hash and rows[2].prev_hash == rows[1].row_hash
    call_command("audit", "verify")
    assert "3" in capsys.readouterr().out


@pytest.mark.django_db
def test_direct_create_is_chained_too():
    first = make_rows(1)[0]
    other = AuditEvent.objects.create(actor_name="x", action="sample", object_type="t", object_id="-", object_repr="r")
    assert other.prev_hash == first.row_hash and len(other.row_hash) == 64


@pytest.mark.django_db
def test_verify_names_a_row_changed_with_the_trigger_dropped():
    rows = make_rows(4)
    audit_sql.uninstall(connection)
    raw("UPDATE core_auditevent SET note = 'forged' WHERE id = %s", [rows[2].pk])
    message = verify_message()
    assert f"#{rows[2].pk}" in message
    assert "changed" in message.lower() or "修改" in message


@pytest.mark.django_db
def test_verify_names_a_row_inserted_outside_the_app():
    rows = make_rows(3)
    raw(
        "INSERT INTO core_auditevent (at, actor_name, action, object_type, object_id, object_repr, note, prev_hash, row_hash)"
        " VALUES (%s, 'x', 'forged', 't', '1', 'r', '', %s, %s)",
        [timezone.now(), "0" * 64, "1" * 64],
    )
    inserted = AuditEvent.objects.order_by("-pk").first()
    assert inserted.pk > rows[-1].pk
    message = verify_message()
    assert f"#{inserted.pk}" in message and ("insert" in message.lower() or "插入" in message)


@pytest.mark.django_db
def test_verify_names_rows_removed_outside_the_app():
    rows = make_rows(4)
    audit_sql.uninstall(connection)
    raw("DELETE FROM core_auditevent WHERE id = %s", [rows[1].pk])
    message = verify_message()
    assert f"#{rows[2].pk}" in message and ("remov" in message.lower() or "删除" in message)


@pytest.mark.django_db
def test_verify_catches_the_oldest_rows_removed():
    rows = make_rows(3)
    audit_sql.uninstall(connection)
    raw("DELETE FROM core_auditevent WHERE id = %s", [rows[0].pk])
    assert f"#{rows[1].pk}" in verify_message()


@pytest.mark.django_db
def test_purge_refuses_dates_inside_retention():
    make_rows(2)
    inside = (timezone.localdate() - datetime.timedelta(days=179)).isoformat()
    with pytest.raises(CommandError) as exc:
        call_command("audit", "purge", "--before", inside)
    assert exc.value.returncode != 0
    assert AuditEvent.objects.count() == 2


@pytest.mark.django_db
def test_purge_deletes_old_rows_records_itself_and_verify_still_passes(capsys):
    old = timezone.now() - datetime.timedelta(days=400)
    for i in range(3):
        audit_chain.append(AuditEvent(at=old + datetime.timedelta(minutes=i), actor_name="system", action="old",
                                      object_type="t", object_id=str(i), object_repr="old"))
    kept = make_rows(2)
    before = (timezone.localdate() - datetime.timedelta(days=200)).isoformat()
    call_command("audit", "purge", "--before", before)
    assert not AuditEvent.objects.filter(action="old").exists()
    checkpoint = AuditEvent.objects.get(action=audit_chain.PURGE_ACTION)
    assert checkpoint.new["rows"] == 3 and checkpoint.new["anchor"] == kept[0].prev_hash
    assert AuditEvent.objects.filter(pk__in=[k.pk for k in kept]).count() == 2
    call_command("audit", "verify")
    assert audit_chain.verify() == (3, None)  # two kept rows and the checkpoint
    make_rows(1)
    call_command("audit", "verify")


@pytest.mark.django_db
def test_retention_below_180_is_an_error(settings):
    from xingping.core.checks import audit_retention

    settings.XINGPING_AUDIT_RETENTION_DAYS = 30
    assert [e.id for e in audit_retention()] == ["xingping.E101"]
    settings.XINGPING_AUDIT_RETENTION_DAYS = 365
    assert audit_retention() == []


@pytest.mark.django_db
def test_canonical_hash_survives_the_database_round_trip():
    row = audit.record_event(actor="system", action="t", note="中文 \u2028", new={"f": 1.5, "n": None, "l": [1, "二"]})
    stored = AuditEvent.objects.get(pk=row.pk)
    assert audit_chain.row_hash(audit_chain.event_values(stored), stored.prev_hash) == stored.row_hash


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_fork_the_chain():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers with BEGIN IMMEDIATE; threads are tested on PostgreSQL")
    errors = []

    def writer(n):
        try:
            for i in range(10):
                with transaction.atomic():
                    audit.record_event(actor="system", action="t", note=f"{n}-{i}")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert AuditEvent.objects.count() == 40
    count, finding = audit_chain.verify()
    assert count == 40 and finding is None
