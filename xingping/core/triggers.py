"""Row triggers the app installs, per vendor, in one place: the audit log's guards
(`core/audit_sql.py`) read the catalogue here; the figures' tallies maintained on write
(`cases/tally.py`, `entities/tally.py`, `outreach/coverage_tally.py`) create, drop and check
their triggers here and build their "add these rows to the tally" statements here."""


def present(connection, table: str) -> set[str]:
    """Names of the user-defined triggers on `table` (SQLite or PostgreSQL)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [table])
        elif connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal", [table])
        else:
            raise NotImplementedError(f"no trigger catalogue read for {connection.vendor}")
        return {row[0] for row in cursor.fetchall()}


OPS = ("insert", "update", "delete")


def names(prefix: str, ops: tuple[str, ...] = OPS) -> tuple[str, ...]:
    """The insert, update and delete trigger of a tally, `{prefix}_insert` …"""
    return tuple(f"{prefix}_{op}" for op in ops)


def install_row_triggers(connection, *, table: str, prefix: str, bodies: dict[str, list[str]],
                         watched: tuple[str, ...]) -> None:
    """Create (idempotently) AFTER INSERT / UPDATE / DELETE row triggers on `table` running the
    statements of `bodies["insert" | "update" | "delete"]` (NEW and OLD as usual; an operation
    left out gets no trigger); the update trigger fires only when a `watched` column changed."""
    vendor = connection.vendor
    with connection.cursor() as cursor:
        if vendor == "sqlite":
            changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in watched)
            for op, name in zip(bodies, names(prefix, tuple(bodies))):
                when = f"WHEN {changed} " if op == "update" else ""
                body = " ".join(f"{statement};" for statement in bodies[op])
                cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {name} AFTER {op.upper()} ON {table} {when}BEGIN {body} END")
        elif vendor == "postgresql":
            changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in watched)
            for op, name in zip(bodies, names(prefix, tuple(bodies))):
                ret = "OLD" if op == "delete" else "NEW"
                body = " ".join(f"{statement};" for statement in bodies[op])
                cursor.execute(f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                               f"BEGIN {body} RETURN {ret}; END $$")
                when = f"WHEN ({changed}) " if op == "update" else ""
                cursor.execute(f"CREATE OR REPLACE TRIGGER {name} AFTER {op.upper()} ON {table} "
                               f"FOR EACH ROW {when}EXECUTE FUNCTION {name}()")
        else:
            raise NotImplementedError(f"tallies maintained on write need triggers on {vendor}")


def uninstall_row_triggers(connection, *, table: str, prefix: str) -> None:
    with connection.cursor() as cursor:
        for name in names(prefix):
            if connection.vendor == "sqlite":
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            else:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
                cursor.execute(f"DROP FUNCTION IF EXISTS {name}()")


def missing(connection, *, table: str, prefix: str, ops: tuple[str, ...] = OPS) -> list[str]:
    """Names of the tally triggers on `table` that are not in the database (a check for operators)."""
    installed = present(connection, table)
    return [name for name in names(prefix, ops) if name not in installed]


def month_start(day: str, vendor: str) -> str:
    if vendor == "sqlite":
        return f"date({day}, 'start of month')"
    return f"CAST(date_trunc('month', {day}) AS date)"


def add_to_tally(*, table: str, columns: tuple[str, ...], rows_sql: str, vendor: str, spans: bool) -> str:
    """INSERT … ON CONFLICT adding the n of `rows_sql` (a SELECT of `columns`, plus `day` when
    `spans`, plus n) to `table`, grouped: one statement never touches a key twice. With
    `spans` each row counts once on its day (span "d") and once in its month (span "m", dated
    the 1st), so a sum up to a day reads the months before it and the days of its month."""
    cols = ", ".join(columns)
    if spans:
        key = f"{cols}, span, day"
        valid = "WHERE day IS NOT NULL" + "".join(f" AND {c} IS NOT NULL" for c in columns if c.endswith("_id"))
        rows_sql = (f"SELECT {cols}, 'd' AS span, day, n FROM ({rows_sql}) AS c {valid} UNION ALL "
                    f"SELECT {cols}, 'm' AS span, {month_start('day', vendor)} AS day, n FROM ({rows_sql}) AS c {valid}")
    else:
        key = cols
    return (
        f"INSERT INTO {table} ({key}, n) SELECT * FROM ("
        f"SELECT {key}, SUM(n) AS n FROM ({rows_sql}) AS b GROUP BY {key} HAVING SUM(n) <> 0"
        f") AS g WHERE true ON CONFLICT ({key}) DO UPDATE SET n = {table}.n + excluded.n"
    )


def clear_when_empty(connection, *, source: str, tallies: tuple[str, ...]) -> None:
    """Empty `tallies` when `source` is empty. A flush (`manage.py flush`, the test runner after
    a transactional test) empties the tables one by one in no fixed order; on SQLite it deletes
    rows, so a source row deleted after its tally was emptied leaves a negative tally behind.
    Flush ends with post_migrate, whose handlers call this."""
    if {source, *tallies} - set(connection.introspection.table_names()):
        return
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {source} LIMIT 1")
        if cursor.fetchone() is None:
            for table in tallies:
                cursor.execute(f"DELETE FROM {table}")
