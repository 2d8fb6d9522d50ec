"""Benchmark: `xingping import entities` of a 1,000,000-row CSV on SQLite (C2/C3, issue 3).

Generates the file (valid USCCs, a unit tree, staff), times the real import code path
(`call_command("import", "entities", FILE)` in-process, on a fresh SQLite database under
/tmp), then times a bare `sqlite3` `executemany` of the same rows into an equivalent table
and prints both, their ratio, and the peak RSS of this process.

    .venv/bin/python bench/import_entities.py [--rows 1000000] [--keep]

Target: ≥ 30,000 rows/s and peak memory ≤ 500 MB.
"""

import argparse
import csv
import os
import random
import resource
import sqlite3
import sys
import tempfile
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true", help="keep the database and CSV")
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="xp-bench-import-")
    db_path = os.path.join(work, "bench.sqlite3")
    csv_path = os.path.join(work, "entities.csv")
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xingping.settings")
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import django

    django.setup()
    from django.core.management import call_command

    from xingping.accounts.models import User
    from xingping.entities.uscc import ALPHABET, check_character
    from xingping.orgs.models import Level, OrgUnit

    call_command("migrate", interactive=False, verbosity=0)
    city = OrgUnit.objects.create(code="C", name="市局", level=Level.CITY, path="C/", depth=0)
    units = [city]
    for c in range(10):
        county = OrgUnit.objects.create(code=f"C{c}", name=f"县局{c}", level=Level.COUNTY, parent=city, path=f"C/C{c}/", depth=1)
        units.append(county)
        for s in range(10):
            units.append(OrgUnit.objects.create(code=f"C{c}S{s}", name=f"所{c}{s}", level=Level.STATION, parent=county,
                                                path=f"C/C{c}/C{c}S{s}/", depth=2))
    User.objects.bulk_create([User(username=f"s{i}", last_name=f"职工{i}", unit=units[i % len(units)]) for i in range(500)])

    rng = random.Random(1)
    t0 = time.perf_counter()
    rows = []
    with open(csv_path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["uscc", "name", "kind", "status", "unit_code", "responsible", "registered_on"])
        for i in range(args.rows):
            body = "9142" + f"{i:013d}"
            body = body[:8] + ALPHABET[rng.randrange(31)] + body[9:]
            code = body + check_character(body)
            row = [code, f"孝感市某某商贸有限公司{i}", "enterprise" if i % 3 else "individual",
                   "active" if i % 20 else "deregistered", units[i % len(units)].code,
                   f"s{i % 500}" if i % 4 else "", f"20{10 + i % 15}-{1 + i % 12:02d}-{1 + i % 28:02d}"]
            w.writerow(row)
    print(f"generated {args.rows:,} rows in {time.perf_counter() - t0:.1f} s ({os.path.getsize(csv_path) / 1e6:.0f} MB)")

    t0, c0 = time.perf_counter(), time.process_time()
    call_command("import", "entities", csv_path)
    ours, ours_cpu = time.perf_counter() - t0, time.process_time() - c0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    # Baseline: bare sqlite3 executemany of the same rows into an equivalent table.
    staff = {u: pk for u, pk in User.objects.values_list("username", "pk")}
    unit_ids = {u.code: u.pk for u in units}
    with open(csv_path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        next(reader)
        rows = [(r[0], r[1], r[2], r[3], unit_ids[r[4]], staff.get(r[5]), r[6]) for r in reader]
    base = sqlite3.connect(os.path.join(work, "baseline.sqlite3"))
    base.executescript("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA cache_size=-131072;")
    base.execute("CREATE TABLE entity (id INTEGER PRIMARY KEY AUTOINCREMENT, uscc varchar(18) NOT NULL UNIQUE, "
                 "name varchar(200) NOT NULL, kind varchar(16) NOT NULL, status varchar(16) NOT NULL, unit_id integer NOT NULL, "
                 "responsible_id integer NULL, registered_on date NULL, deregistered_on date NULL, address varchar(200) NOT NULL DEFAULT '', "
                 "phone varchar(40) NOT NULL DEFAULT '')")
    base.execute("CREATE INDEX e1 ON entity (status, unit_id, kind)")
    base.execute("CREATE INDEX e2 ON entity (responsible_id, status)")
    t0, c0 = time.perf_counter(), time.process_time()
    with base:
        base.executemany("INSERT INTO entity (uscc, name, kind, status, unit_id, responsible_id, registered_on) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    bare, bare_cpu = time.perf_counter() - t0, time.process_time() - c0
    base.close()
    del rows

    print(f"xingping import entities: {args.rows:,} rows in {ours:.2f} s = {args.rows / ours:,.0f} rows/s "
          f"(CPU {ours_cpu:.2f} s = {args.rows / ours_cpu:,.0f} rows/CPU-s)")
    print(f"bare sqlite3 executemany:  {args.rows:,} rows in {bare:.2f} s = {args.rows / bare:,.0f} rows/s "
          f"(CPU {bare_cpu:.2f} s)")
    print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"ratio (import / bare): {ours / bare:.2f}x")
    print(f"peak RSS during import: {peak_mb:.0f} MB")
    ok = args.rows / ours >= 30000 and peak_mb <= 500
    print("targets (>= 30,000 rows/s, <= 500 MB):", "met" if ok else "MISSED")
    if not args.keep:
        import shutil

        shutil.rmtree(work, ignore_errors=True)
    else:
        print("kept", work)


if __name__ == "__main__":
    main()
