"""What the database says about the triggers the app installs (the audit log's guards,
`core/audit_sql.py`; the case tallies, `cases/tally.py`): one reading per vendor."""


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
