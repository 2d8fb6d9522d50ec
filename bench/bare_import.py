"""The bare-driver baseline of bench/import_entities.py: the same CSV rows, read with the
`csv` module and written through the bare driver (sqlite3 `executemany`, or psycopg `COPY`)
into `bare_entity`, a copy of `entities_marketentity` made from the database's own definition
(`bare_clone`: columns, checks, indexes, foreign keys; not the tally triggers), in the same
database, in one transaction.
Run as its own process so that it is timed as a whole command, like the import.

    python bench/bare_import.py sqlite PATH.sqlite3 FILE.csv LOOKUPS.json
    python bench/bare_import.py postgres URL FILE.csv LOOKUPS.json
"""

import csv
import json
import sys

from bare_clone import pg_clone, sqlite_clone

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
        sqlite_clone(db, "entities_marketentity", "bare_entity")
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
            pg_clone(conn, "entities_marketentity", "bare_entity")
            with conn.cursor().copy(f"COPY bare_entity ({COLS}) FROM STDIN") as copy:
                for row in rows(path, units, staff):
                    copy.write_row(row)


if __name__ == "__main__":
    main()
