"""A copy of a table made from the database's own definition of it, for the bare-driver
baselines (bench/bare_import.py, bench/bare_visits.py): the same columns, defaults, checks,
unique constraints, indexes and foreign keys (SQLite: and AUTOINCREMENT), none of its triggers.
So the baseline pays for the same index upkeep as the import; only the import's own work
(parsing, checking, its tallies) is left to compare."""


def sqlite_clone(db, source, target):
    table = db.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", [source]).fetchone()[0]
    db.execute(table.replace(f'"{source}"', f'"{target}"', 1))
    for name, sql in db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                                "AND tbl_name = ? AND sql IS NOT NULL", [source]).fetchall():
        db.execute(sql.replace(f'"{name}"', f'"bare_{name}"', 1).replace(f'"{source}"', f'"{target}"', 1))


def pg_clone(conn, source, target):
    conn.execute(f"CREATE TABLE {target} (LIKE {source} INCLUDING ALL)")
    for (definition,) in conn.execute("SELECT pg_get_constraintdef(oid) FROM pg_constraint "
                                      "WHERE conrelid = %s::regclass AND contype = 'f'", [source]).fetchall():
        conn.execute(f"ALTER TABLE {target} ADD {definition}")
