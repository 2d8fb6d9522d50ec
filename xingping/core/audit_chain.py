"""The audit log's hash chain: hashing, the writers' lock, `verify` and `purge`.

Each row's `row_hash` is SHA-256 over a canonical JSON serialisation of its own fields
(`HASHED_FIELDS`) and `prev_hash`, the `row_hash` of the row before it (by id). The first
row has `prev_hash = ""`; after a purge, the first remaining row's `prev_hash` is the
`anchor` that the latest purge checkpoint row recorded.

Writers serialise on the chain head: SQLite's IMMEDIATE transactions (settings) already
do; PostgreSQL takes a transaction-scoped advisory lock. The unique `prev_hash` is the
database's guarantee that two writers can never fork the chain.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, transaction
from django.db.backends.signals import connection_created
from django.dispatch import receiver
from django.utils import timezone

from xingping.core import audit_sql

HASHED_FIELDS = (
    "at", "actor_id", "actor_name", "action", "object_type", "object_id",
    "object_repr", "unit_id", "old", "new", "note",
)
#: pg_advisory_xact_lock key: "XPAUDIT" as a number
LOCK_KEY = 0x5850415544495400 >> 8
PURGE_ACTION = "audit.purge"
MIN_RETENTION_DAYS = 180


# ------------------------------------------------------------------ hashing
def _canon_json(value):
    """A JSON value as the database gives it back (floats that are whole become ints:
    PostgreSQL's jsonb prints 1e20 and 1.0 as numbers Python may read as ints)."""
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, dict):
        return {str(k): _canon_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_canon_json(v) for v in value]
    return value


def _canon_at(value) -> str:
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    if timezone.is_naive(value):
        value = value.replace(tzinfo=datetime.UTC)
    return value.astimezone(datetime.UTC).isoformat(timespec="microseconds")


def canonical(values: dict, prev_hash: str) -> bytes:
    data = {}
    for name in HASHED_FIELDS:
        value = values.get(name)
        if name == "at":
            value = _canon_at(value)
        elif name in ("old", "new"):
            if value is not None:
                value = _canon_json(json.loads(json.dumps(value, cls=DjangoJSONEncoder)))
        elif name in ("actor_id", "unit_id"):
            value = None if value is None else int(value)
        else:
            value = "" if value is None else str(value)
        data[name] = value
    data["prev_hash"] = prev_hash or ""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def row_hash(values: dict, prev_hash: str) -> str:
    return hashlib.sha256(canonical(values, prev_hash)).hexdigest()


def event_values(event) -> dict:
    return {name: getattr(event, name) for name in HASHED_FIELDS}


# ------------------------------------------------------------------ writers
def lock(using: str = "default") -> None:
    """Serialise chain writers until the end of the current transaction."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
    # SQLite: transactions are BEGIN IMMEDIATE (settings), so the writer already holds
    # the database's write lock when it reads the head.


def head(using: str = "default") -> str:
    from xingping.core.models import AuditEvent

    return AuditEvent.objects.using(using).order_by("-pk").values_list("row_hash", flat=True).first() or ""


def append(event, using: str = "default"):
    """Chain and insert one unsaved AuditEvent (in its own atomic block)."""
    with transaction.atomic(using=using):
        lock(using)
        event.prev_hash = head(using)
        if event.at is None:
            event.at = timezone.now()
        event.row_hash = row_hash(event_values(event), event.prev_hash)
        event.save(using=using)
    return event


# ------------------------------------------------------------------ the gate
def _sqlite_gate(wrapper):
    return lambda: 1 if getattr(wrapper, "xingping_audit_unlocked", False) else 0


@receiver(connection_created)
def _register_sqlite_gate(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function(audit_sql.SQLITE_FUNCTION, 0, _sqlite_gate(connection))


@contextmanager
def unlocked(using: str = "default"):
    """Let this connection DELETE audit rows (purge, flush). Never for UPDATE."""
    connection = connections[using]
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('xingping.audit_unlock', 'on', false)")
    connection.xingping_audit_unlocked = True
    try:
        yield
    finally:
        connection.xingping_audit_unlocked = False
        if connection.vendor == "postgresql" and connection.connection is not None:
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT set_config('xingping.audit_unlock', '', false)")
            except Exception:  # a broken connection is closed; the setting dies with it
                connection.close()


# ------------------------------------------------------------------ verify
@dataclass
class Finding:
    kind: str  # "changed" | "inserted" | "removed"
    event_id: int
    detail: str = ""


def anchor(using: str = "default") -> str:
    """The prev_hash the first row must carry: "" or the latest purge checkpoint's."""
    from xingping.core.models import AuditEvent

    checkpoint = (
        AuditEvent.objects.using(using).filter(action=PURGE_ACTION).order_by("-pk").values_list("new", flat=True).first()
    )
    if checkpoint and isinstance(checkpoint, dict):
        return str(checkpoint.get("anchor", ""))
    return ""


def verify(using: str = "default") -> tuple[int, Finding | None]:
    """Walk the chain by id. Returns (rows checked, first finding or None)."""
    from xingping.core.models import AuditEvent

    expected_prev = anchor(using)
    seen: dict[str, int] = {}  # row_hash -> id, for rows already walked
    previous_id = None
    count = 0
    fields = ("pk", "prev_hash", "row_hash", *HASHED_FIELDS)
    qs = AuditEvent.objects.using(using).order_by("pk").values_list(*fields)
    for pk, prev, stored, *rest in qs.iterator(chunk_size=2000):
        count += 1
        values = dict(zip(HASHED_FIELDS, rest, strict=True))
        computed = row_hash(values, prev)
        if not stored or len(stored) != 64 or stored in seen:
            return count, Finding("inserted", pk, "no hash")
        if computed != stored:
            # Its content no longer matches its hash. A row that also does not link to
            # the one before it was never part of the chain: inserted.
            return count, Finding("changed" if prev == expected_prev else "inserted", pk)
        if prev != expected_prev:
            if prev in seen:
                # It links to an earlier row: the rows in between were inserted.
                return count, Finding("inserted", previous_id, f"#{seen[prev]}")
            return count, Finding("removed", pk, f"#{previous_id}" if previous_id else "")
        seen[stored] = pk
        expected_prev = stored
        previous_id = pk
    return count, None


# ------------------------------------------------------------------ retention
def retention_days() -> int:
    """Never below the legal minimum, whatever a test or a setting override says."""
    return max(MIN_RETENTION_DAYS, int(getattr(settings, "XINGPING_AUDIT_RETENTION_DAYS", MIN_RETENTION_DAYS)))


def earliest_purgeable(today: datetime.date | None = None) -> datetime.date:
    """The latest `--before` date purge accepts: rows newer than retention are kept."""
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=retention_days())


def purge(*, actor, before: datetime.date, using: str = "default") -> int:
    """Delete rows older than `before` (a date outside retention) through the gate, after
    appending a checkpoint row that names the hash the first remaining row links to."""
    from xingping.core import audit
    from xingping.core.models import AuditEvent

    if before > earliest_purgeable():
        raise ValueError("inside retention")
    cutoff = datetime.datetime.combine(before, datetime.time.min, tzinfo=timezone.get_current_timezone())
    events = AuditEvent.objects.using(using)
    with transaction.atomic(using=using):
        lock(using)
        # Delete a prefix of the chain: everything before the first row that is kept.
        first_kept = events.filter(at__gte=cutoff).order_by("pk").values_list("pk", "prev_hash").first()
        if first_kept is None:
            last = events.order_by("-pk").values_list("pk", flat=True).first()
            doomed = events.filter(pk__lte=last) if last else events.none()
            new_anchor = head(using)
        else:
            doomed = events.filter(pk__lt=first_kept[0])
            new_anchor = first_kept[1] if doomed.exists() else anchor(using)
        stats = doomed.order_by().values_list("pk", flat=True)
        count = stats.count()
        last_id = stats.order_by("-pk").first()
        audit.record_event(
            actor=actor,
            action=PURGE_ACTION,
            object_type="core.auditevent",
            object_id=str(last_id or ""),
            note=f"before {before.isoformat()}",
            new={"before": before.isoformat(), "rows": count, "through_id": last_id, "anchor": new_anchor},
            using=using,
        )
        if count:
            with unlocked(using):
                doomed.delete()
    return count
