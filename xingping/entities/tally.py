"""Entities per unit, kind and status, maintained on write (issue 14 part 3).

`entities_entitytally` holds, per supervising unit, kind and status, how many market entities
the registry has. Triggers on `entities_marketentity` (SQLite and PostgreSQL) keep it current
in the same transaction as every write — the services, the importers' COPY merge, raw SQL.
The visit coverage denominators (outreach/figures.py) roll these rows up the unit tree at read
time, so moving a unit needs no rewrite. `rebuild()` recounts the table from the registry (the
migration; `xingping tallies check|rebuild`); `entities/tests/test_tally.py` compares it with
a fresh count after random writes.
"""

from django.db import connection as default_connection
from django.db import connections
from django.db import transaction

from xingping.core import triggers

TABLE = "entities_entitytally"
SOURCE = "entities_marketentity"
PREFIX = "entities_entity_tally"
COLUMNS = ("unit_id", "kind", "status")


def _rows(rows: triggers.Rows, sign: int) -> str:
    a = rows.alias
    return f"SELECT {a}.unit_id AS unit_id, {a}.kind AS kind, {a}.status AS status, {sign} AS n{rows.from_()}"


def _add(rows_sql: str, vendor: str) -> str:
    return triggers.add_to_tally(table=TABLE, columns=COLUMNS, rows_sql=rows_sql, vendor=vendor, spans=False)


def install(connection=default_connection) -> None:
    """Create the triggers (idempotent)."""
    vendor = connection.vendor

    def bodies(rows):
        new, old = rows["new"], rows["old"]
        return {
            "insert": [_add(_rows(new, 1), vendor)],
            "update": [_add(_rows(old, -1) + " UNION ALL " + _rows(new, 1), vendor)],
            "delete": [_add(_rows(old, -1), vendor)],
        }

    triggers.install_tally_triggers(connection, table=SOURCE, prefix=PREFIX, bodies=bodies, watched=COLUMNS)


def uninstall(connection=default_connection) -> None:
    triggers.uninstall_tally_triggers(connection, table=SOURCE, prefix=PREFIX)


def missing(connection=default_connection) -> list[str]:
    return triggers.missing(connection, table=SOURCE, prefix=PREFIX)


def rebuild(connection=default_connection) -> int:
    """Recount the table from the registry, in one transaction; returns the number of rows."""
    cols = ", ".join(COLUMNS)
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")
        cursor.execute(f"INSERT INTO {TABLE} ({cols}, n) SELECT {cols}, COUNT(*) FROM {SOURCE} GROUP BY {cols}")
        cursor.execute(f"SELECT COUNT(*) FROM {TABLE}")
        return cursor.fetchone()[0]


def suspend_inserts(connection=default_connection) -> None:
    """Set the insert trigger aside for a load into an empty registry (SQLite's bulk import):
    `recount_after_load` in the same transaction counts the loaded rows at once and puts it back."""
    triggers.uninstall_tally_triggers(connection, table=SOURCE, prefix=PREFIX, ops=("insert",))


def recount_after_load(connection=default_connection) -> None:
    rebuild(connection)
    install(connection)


def rows(using: str = "default") -> list[tuple]:
    """The kept rows, sorted, zeros left out (what a check compares with a fresh count)."""
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(COLUMNS)}, n FROM {TABLE} WHERE n <> 0 ORDER BY 1, 2, 3")
        return cursor.fetchall()
