"""The database side of the append-only audit log: triggers per vendor.

UPDATE is always refused. DELETE (and TRUNCATE on PostgreSQL) is refused unless the
session has opened the gate (`core.audit_chain.unlocked()`): only `xingping audit purge`
(which records a checkpoint first) and `flush` (the whole database wiped) do that.

- SQLite: the gate is a function the app registers on each of its connections
  (`xingping_audit_unlocked()`); any other client (the sqlite3 shell) lacks it, so its
  UPDATE/DELETE fails too.
- PostgreSQL: the gate is the session setting `xingping.audit_unlock = 'on'`.

Anyone with enough database rights can still drop a trigger; the hash chain
(`xingping audit verify`) is what then finds the change.
"""

from xingping.core import triggers

TABLE = "core_auditevent"

SQLITE_FUNCTION = "xingping_audit_unlocked"

SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER IF NOT EXISTS core_auditevent_no_update
BEFORE UPDATE ON {TABLE}
BEGIN
    SELECT RAISE(ABORT, 'core_auditevent is append-only: UPDATE refused');
END""",
    f"""CREATE TRIGGER IF NOT EXISTS core_auditevent_no_delete
BEFORE DELETE ON {TABLE}
WHEN NOT {SQLITE_FUNCTION}()
BEGIN
    SELECT RAISE(ABORT, 'core_auditevent is append-only: DELETE refused');
END""",
]
SQLITE_TRIGGER_NAMES = ["core_auditevent_no_update", "core_auditevent_no_delete"]

PG_FUNCTION = f"""CREATE OR REPLACE FUNCTION {TABLE}_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'TRUNCATE')
       AND coalesce(current_setting('xingping.audit_unlock', true), '') = 'on' THEN
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NULL;
    END IF;
    RAISE EXCEPTION '{TABLE} is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$"""

PG_TRIGGERS = [
    f"""CREATE OR REPLACE TRIGGER {TABLE}_append_only
BEFORE UPDATE OR DELETE ON {TABLE}
FOR EACH ROW EXECUTE FUNCTION {TABLE}_append_only()""",
    f"""CREATE OR REPLACE TRIGGER {TABLE}_no_truncate
BEFORE TRUNCATE ON {TABLE}
FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_append_only()""",
]
PG_TRIGGER_NAMES = [f"{TABLE}_append_only", f"{TABLE}_no_truncate"]


def install(connection) -> None:
    """Create the triggers (idempotent)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for sql in SQLITE_TRIGGERS:
                cursor.execute(sql)
        elif connection.vendor == "postgresql":
            cursor.execute(PG_FUNCTION)
            for sql in PG_TRIGGERS:
                cursor.execute(sql)


def uninstall(connection) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for name in SQLITE_TRIGGER_NAMES:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        elif connection.vendor == "postgresql":
            for name in PG_TRIGGER_NAMES:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {TABLE}")
            cursor.execute(f"DROP FUNCTION IF EXISTS {TABLE}_append_only()")


def missing(connection) -> list[str]:
    """Names of the triggers that are not in the database."""
    expected = {"sqlite": SQLITE_TRIGGER_NAMES, "postgresql": PG_TRIGGER_NAMES}.get(connection.vendor)
    if expected is None:
        return []
    installed = triggers.present(connection, TABLE)
    return [name for name in expected if name not in installed]
