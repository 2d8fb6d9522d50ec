"""The bare-driver baseline of bench/import_visits.py: the same CSV rows, read with the `csv`
module, looked up (entity by USCC, visitor and acting unit by username) and written through the
bare driver (sqlite3 `executemany` in batches of 5,000, or one psycopg `COPY`) into `bare_visit`,
a copy of `outreach_visit` made from the database's own definition of it (columns, defaults,
checks, unique constraints, indexes and foreign keys; not the tally triggers), in the same
database, in one transaction. Run as its own process, timed as a whole command like the import.

    python bench/bare_visits.py sqlite PATH.sqlite3 FILE.csv
    python bench/bare_visits.py postgres URL FILE.csv
"""

import csv
import datetime
import secrets
import sys

from bare_clone import pg_clone, sqlite_clone

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # as outreach.models: 8 characters, unique
COLS = ("entity_id, visitor_id, visited_on, kind, method, unit_id, opinions, suggestions, verification, "
        "entered_by_id, entered_at, entry_delay, confirm_code, efficiency, openness, lawfulness, civility, "
        "diligence, ethics")
LOOKUPS = {
    "entities": "SELECT uscc, id FROM entities_marketentity",
    "staff": "SELECT u.username, u.id, CASE WHEN o.level = 'department' THEN o.parent_id ELSE o.id END "
             "FROM accounts_user u JOIN orgs_orgunit o ON o.id = u.unit_id",
}


def unique_codes():
    """Random codes, none twice (the table starts empty): a million draws from 31^8 repeat
    about every other time, which the import handles too."""
    used = set()
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
        if code not in used:
            used.add(code)
            yield code


def rows(path, entities, staff, now):
    today = now.date()
    codes = unique_codes()
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.reader(f)
        next(reader)
        for r in reader:
            visitor, unit = staff[r[1]]
            day = datetime.date.fromisoformat(r[2])
            yield (entities[r[0]], visitor, day, r[3], r[4], unit, r[11], r[12], "", None, now, (today - day).days,
                   next(codes),
                   *[int(v) if v else None for v in r[5:11]])


def main():
    engine, target, path = sys.argv[1:4]
    now = datetime.datetime.now(datetime.timezone.utc)
    if engine == "sqlite":
        import sqlite3

        db = sqlite3.connect(target)
        db.executescript("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
                         "PRAGMA cache_size=-65536; DROP TABLE IF EXISTS bare_visit;")
        entities = dict(db.execute(LOOKUPS["entities"]))
        staff = {name: (pk, unit) for name, pk, unit in db.execute(LOOKUPS["staff"])}
        sqlite_clone(db, "outreach_visit", "bare_visit")
        insert = f"INSERT INTO bare_visit ({COLS}) VALUES ({', '.join(['?'] * 19)})"
        stamp = now.replace(tzinfo=None).isoformat(" ")  # as Django stores it on SQLite: naive UTC text
        with db:
            batch = []
            for row in rows(path, entities, staff, now):
                batch.append(row[:10] + (stamp,) + row[11:])
                if len(batch) >= 5000:
                    db.executemany(insert, batch)
                    batch = []
            db.executemany(insert, batch)
        db.close()
    else:
        import psycopg

        with psycopg.connect(target) as conn:
            conn.execute("DROP TABLE IF EXISTS bare_visit")
            entities = dict(conn.execute(LOOKUPS["entities"]).fetchall())
            staff = {name: (pk, unit) for name, pk, unit in conn.execute(LOOKUPS["staff"]).fetchall()}
            pg_clone(conn, "outreach_visit", "bare_visit")
            with conn.cursor().copy(f"COPY bare_visit ({COLS}) FROM STDIN") as copy:
                for row in rows(path, entities, staff, now):
                    copy.write_row(row)


if __name__ == "__main__":
    main()
