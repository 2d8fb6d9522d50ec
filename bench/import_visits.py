"""Benchmark: `xingping import visits FILE` timed as a whole command, as a user runs it (issue 14
part 2: within 2× of bare, peak memory ≤ 300 MB), against the bare driver writing the same rows
in the same run.

    .venv/bin/python bench/import_visits.py [--rows 1000000] [--entities N] [--db sqlite|postgres]
        [--runs 3] [--pg-url postgres://user:pw@127.0.0.1:5432/postgres] [--keep]

Builds units and staff (`xingping import units|staff`), a campaign of the year
(`xingping campaign new`: its coverage and return-visit tallies are kept on write, as in
production) and `--entities` market entities (`xingping import entities`). Writes a CSV of
visits and return visits: a quarter with the six satisfaction levels, one in ten with opinions.
Then alternates, `--runs` times: the real command into an empty visits table, and the baseline
(`bench/bare_visits.py`: the `csv` module and sqlite3 `executemany` or psycopg `COPY` into
`bare_visit`, a copy of `outreach_visit` made from the database's own definition: the same
columns, defaults, checks, unique constraints, indexes and foreign keys, without the tally
triggers, which are the import's own work). Each process is timed from outside (wall clock,
its CPU time and peak memory from the kernel's rusage).
"""

import argparse
import csv
import datetime
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from import_entities import (ROOT, clean_up, make_database, make_units_and_staff, report, run_query, settle, timed,
                             write_entities)

METHODS = ["onsite", "onsite", "onsite", "phone", "letter", "email"]


def write_visits(path, rows, usccs):
    rng = random.Random(2)
    start = datetime.date(2026, 3, 1)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["uscc", "visitor", "visited_on", "kind", "method", "efficiency", "openness", "lawfulness",
                    "civility", "diligence", "ethics", "opinions", "suggestions"])
        for i in range(rows):
            # each (entity, visitor, day, kind) once: entity i % n, day and visitor from i // n
            uscc = usccs[i % len(usccs)]
            lap = i // len(usccs)
            levels = [str(rng.randint(1, 5)) for _ in range(6)] if i % 4 == 0 else [""] * 6
            w.writerow([uscc, f"s{(i + lap) % 500}", (start + datetime.timedelta(days=(i * 7 + lap) % 200)).isoformat(),
                        "return" if i % 10 == 0 else "visit", METHODS[i % len(METHODS)], *levels,
                        "希望简化办事流程" if i % 10 == 3 else "", "多上门指导" if i % 10 == 7 else ""])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--entities", type=int, default=None, help="market entities (default: as many as --rows)")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pg-url", default=os.environ.get("XP_BENCH_PG", "postgres://xingping_ci:xingping_ci@127.0.0.1:5432/postgres"))
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    n_entities = args.entities or args.rows

    work = Path(tempfile.mkdtemp(prefix="xp-bench-visits-"))
    env, target, admin = make_database(args, work)
    xp = [sys.executable, "-m", "xingping"]
    units = make_units_and_staff(xp, env, work)
    subprocess.run([*xp, "campaign", "new", "bench", "--year", "2026"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    t0 = time.perf_counter()
    write_entities(work / "entities.csv", n_entities, units)
    subprocess.run([*xp, "import", "entities", str(work / "entities.csv")], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    usccs = [u for (u,) in run_query(args.db, target, "SELECT uscc FROM entities_marketentity ORDER BY id")]
    csv_path = work / "visits.csv"
    write_visits(csv_path, args.rows, usccs)
    del usccs
    print(f"generated {n_entities:,} entities (imported) and {args.rows:,} visit rows in {time.perf_counter() - t0:.1f} s "
          f"({csv_path.stat().st_size / 1e6:.0f} MB), database: {args.db}")

    def empty_tables():
        if args.db == "sqlite":
            import sqlite3

            with sqlite3.connect(target) as db:
                db.execute("DELETE FROM outreach_visit_penalties")
                db.execute("DELETE FROM outreach_visit")  # the triggers take the tallies back with it
                db.execute("DROP TABLE IF EXISTS bare_visit")
            with sqlite3.connect(target) as db:
                db.execute("VACUUM")
        else:
            import psycopg

            with psycopg.connect(target, autocommit=True) as conn:
                conn.execute("DELETE FROM outreach_visit_penalties")
                conn.execute("DELETE FROM outreach_visit")  # not TRUNCATE: the tally triggers run on DELETE
                conn.execute("DROP TABLE IF EXISTS bare_visit")
                conn.execute("VACUUM ANALYZE")

    ours, bare, settled = [], [], True
    for _ in range(args.runs):
        empty_tables()
        settled &= settle(args, target)
        ours.append(timed([*xp, "import", "visits", str(csv_path)], env))
        settled &= settle(args, target)
        bare.append(timed([sys.executable, str(ROOT / "bench" / "bare_visits.py"), args.db, target, str(csv_path)], env))
    stored = run_query(args.db, target, "SELECT count(*) FROM outreach_visit")[0][0]
    assert stored == args.rows, f"{stored} rows stored, {args.rows} expected"
    tallied = run_query(args.db, target, "SELECT count(*) FROM outreach_coveragefirst")[0][0]
    print(f"coverage tally rows after the import (kept on write by the triggers): {tallied:,}")
    report("visits", args, ours, bare, limit=2.0, settled=settled)
    clean_up(args, work, admin)


if __name__ == "__main__":
    main()
