"""The bare-driver baseline of bench/import_entities.py: the same CSV rows, read with the
`csv` module and written through the bare driver (sqlite3 `executemany`, or psycopg `COPY`)
into a table with the same columns, indexes, checks and foreign keys as `entities_marketentity`, in
the same database, in one transaction.
Run as its own process so that it is timed as a whole command, like the import.

    python bench/bare_import.py sqlite PATH.sqlite3 FILE.csv LOOKUPS.json
    python bench/bare_import.py postgres URL FILE.csv LOOKUPS.json
"""

import csv
import json
import sys

DDL = """CREATE TABLE bare_entity (id {serial} PRIMARY KEY, uscc varchar(18) NOT NULL UNIQUE,
 name varchar(200) NOT NULL, kind varchar(16) NOT NULL CHECK (kind IN ('enterprise', 'individual')),
 status varchar(16) NOT NULL CHECK (status IN ('active', 'deregistered', 'revoked')),
 unit_id bigint NOT NULL REFERENCES orgs_orgunit (id) {deferred},
 responsible_id bigint NULL REFERENCES accounts_user (id) {deferred}, registered_on date NULL, deregistered_on date NULL,
 address varchar(200) NOT NULL DEFAULT '', phone varchar(40) NOT NULL DEFAULT '')"""
INDEXES = ["CREATE INDEX bare_e1 ON bare_entity (status, unit_id, kind)",
           "CREATE INDEX bare_e2 ON bare_entity (responsible_id, status)",
           "CREATE INDEX bare_e3 ON bare_entity (unit_id)",
           "CREATE INDEX bare_e4 ON bare_entity (responsible_id)"]
PG_ONLY = ["CREATE INDEX bare_e5 ON bare_entity (uscc varchar_pattern_ops)"]  # as Django makes for a unique CharField
COLS = "uscc, name, kind, status, unit_id, responsible_id, registered_on"


def rows(path, units, staff):
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.reader(f)
        next(reader)
        for r in reader:
            yield (r[0], r[1], r[2], r[3], units[r[4]], staff.get(r[5]), r[6] or None)


def main():
    engine, target, path, lookups = sys.argv[1:5]
    data = json.load(open(lookups))
    units, staff = data["units"], data["staff"]
    if engine == "sqlite":
        import sqlite3

        db = sqlite3.connect(target)
        db.executescript("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
                         "PRAGMA cache_size=-65536; DROP TABLE IF EXISTS bare_entity;")
        db.execute(DDL.format(serial="INTEGER", deferred="DEFERRABLE INITIALLY DEFERRED"))
        for sql in INDEXES:
            db.execute(sql)
        with db:
            batch = []
            for row in rows(path, units, staff):
                batch.append(row)
                if len(batch) >= 5000:
                    db.executemany(f"INSERT INTO bare_entity ({COLS}) VALUES (?, ?, ?, ?, ?, ?, ?)", batch)
                    batch = []
            db.executemany(f"INSERT INTO bare_entity ({COLS}) VALUES (?, ?, ?, ?, ?, ?, ?)", batch)
        db.close()
    else:
        import psycopg

        with psycopg.connect(target) as conn:
            conn.execute("DROP TABLE IF EXISTS bare_entity")
            conn.execute(DDL.format(serial="bigserial", deferred="DEFERRABLE INITIALLY DEFERRED"))
            for sql in INDEXES + PG_ONLY:
                conn.execute(sql)
            with conn.cursor().copy(f"COPY bare_entity ({COLS}) FROM STDIN") as copy:
                for row in rows(path, units, staff):
                    copy.write_row(row)


if __name__ == "__main__":
    main()
