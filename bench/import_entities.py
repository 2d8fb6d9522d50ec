"""Benchmark: `xingping import entities FILE` timed as a whole command, as a user runs it
(issue 14 part 2), against the bare driver writing the same rows in the same run.

    .venv/bin/python bench/import_entities.py [--rows 1000000] [--db sqlite|postgres] [--runs 3]
        [--pg-url postgres://user:pw@127.0.0.1:5432/postgres] [--keep]

Builds a unit tree and staff through `xingping import units|staff`, writes a CSV of valid
USCCs, then alternates, `--runs` times: the real command (`python -m xingping import entities
FILE`, a fresh process into an empty table) and the baseline (`bench/bare_import.py`, a fresh
process reading the same CSV with the `csv` module and writing it with sqlite3 `executemany` or
psycopg `COPY` into a table with the same columns, indexes, checks and foreign keys, in the same
database: `bench/bare_clone.py`). Each process is timed from outside: wall clock, CPU time from
the kernel's rusage, peak memory of the whole process tree (the import's forked reader
included). Prints the medians and their ratio.

Targets (issue 14): the import within 1.5× of bare on both databases, peak memory ≤ 300 MB.
"""

import argparse
import csv
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def tree_pss_mb(pid):
    """Proportional set size of a process and all its descendants (MB): what the whole command
    holds, its forked children included, shared pages counted once."""
    total, pending = 0, [pid]
    while pending:
        p = pending.pop()
        try:
            for line in open(f"/proc/{p}/smaps_rollup"):
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
                    break
            for task in os.listdir(f"/proc/{p}/task"):
                pending.extend(int(c) for c in open(f"/proc/{p}/task/{task}/children").read().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue  # ended meanwhile
    return total / 1024


def timed(cmd, env):
    """(wall s, cpu s, peak MB, exit status) of one whole process: CPU from the kernel's rusage
    (its reaped children included); peak memory the larger of the kernel's peak RSS of the
    largest process and the peak, sampled every 20 ms, of the whole process tree's PSS."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak = [0.0]
    done = threading.Event()

    def sample():
        while not done.wait(0.02):
            peak[0] = max(peak[0], tree_pss_mb(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _pid, status, usage = os.wait4(proc.pid, 0)  # the command prints a line or two: its pipes never fill
    done.set()
    sampler.join()
    wall = time.perf_counter() - t0
    out, err = proc.stdout.read().decode(), proc.stderr.read().decode()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"{' '.join(map(str, cmd[:4]))} failed ({code}):\n{out[-2000:]}\n{err[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, max(usage.ru_maxrss / 1024, peak[0]), out.strip()


def make_database(args, work):
    """(environment of the commands, database URL or path, admin connection or None): an empty,
    migrated database of `args.db`."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "xingping.settings", "XINGPING_VAR_DIR": str(work / "var")}
    admin = None
    if args.db == "sqlite":
        target = str(work / "bench.sqlite3")
        env["DATABASE_URL"] = f"sqlite:///{target}"
    else:
        import psycopg

        admin = psycopg.connect(args.pg_url, autocommit=True)
        admin.execute("DROP DATABASE IF EXISTS xp_bench_import")
        admin.execute("CREATE DATABASE xp_bench_import")
        target = args.pg_url.rsplit("/", 1)[0] + "/xp_bench_import"
        env["DATABASE_URL"] = target
    subprocess.run([sys.executable, "-m", "xingping", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    return env, target, admin


def settle(args, target):
    """Before each timed command on PostgreSQL: a CHECKPOINT, so that neither command pays for
    writing out the other's dirty pages or starts just after a checkpoint (full-page images) by
    chance. Needs superuser or the pg_checkpoint role (scripts/test-postgres.sh grants it);
    returns whether it ran, which the report prints."""
    if args.db != "postgres":
        return True
    import psycopg

    try:
        with psycopg.connect(target, autocommit=True) as conn:
            conn.execute("CHECKPOINT")
        return True
    except psycopg.errors.InsufficientPrivilege:
        return False


def clean_up(args, work, admin):
    """Undo `make_database` (and the work directory), unless `--keep` asks to look at them."""
    if args.keep:
        print("kept", work)
        return
    shutil.rmtree(work, ignore_errors=True)
    if args.db == "postgres":
        admin.execute("DROP DATABASE IF EXISTS xp_bench_import")


def make_units_and_staff(xp, env, work):
    """A city, 10 counties of 10 stations each and 500 staff, through `xingping import`; the unit codes."""
    with open(work / "units.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["code", "name", "level", "parent_code"])
        w.writerow(["C", "市局", "city", ""])
        units = ["C"]
        for c in range(10):
            w.writerow([f"C{c}", f"县局{c}", "county", "C"])
            units.append(f"C{c}")
            for s in range(10):
                w.writerow([f"C{c}S{s}", f"所{c}{s}", "station", f"C{c}"])
                units.append(f"C{c}S{s}")
    with open(work / "staff.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["username", "name", "unit_code", "roles"])
        for i in range(500):
            w.writerow([f"s{i}", f"职工{i}", units[i % len(units)], "staff"])
    subprocess.run([*xp, "import", "units", str(work / "units.csv")], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run([*xp, "import", "staff", str(work / "staff.csv")], cwd=ROOT, env=env, check=True, capture_output=True)
    return units


def entity_uscc(i, rng):
    from xingping.entities.uscc import ALPHABET, check_character

    body = "9142" + f"{i:013d}"
    body = body[:8] + ALPHABET[rng.randrange(31)] + body[9:]
    return body + check_character(body)


def write_entities(csv_path, rows, units):
    rng = random.Random(1)
    with open(csv_path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["uscc", "name", "kind", "status", "unit_code", "responsible", "registered_on"])
        for i in range(rows):
            w.writerow([entity_uscc(i, rng), f"孝感市某某商贸有限公司{i}", "enterprise" if i % 3 else "individual",
                        "active" if i % 20 else "deregistered", units[i % len(units)], f"s{i % 500}" if i % 4 else "",
                        f"20{10 + i % 15}-{1 + i % 12:02d}-{1 + i % 28:02d}"])


def run_query(db, target, sql):
    if db == "sqlite":
        import sqlite3

        with sqlite3.connect(target) as conn:
            return conn.execute(sql).fetchall()
    import psycopg

    with psycopg.connect(target) as conn:
        return conn.execute(sql).fetchall()


def report(kind, args, ours, bare, *, limit, settled=True):
    """Print the medians of the paired runs, their ratio, and whether the targets are met."""
    summary = ours[-1][3].splitlines()[-1] if ours[-1][3] else ""

    def med(results, i):
        return statistics.median(r[i] for r in results)

    w_ours, w_bare = med(ours, 0), med(bare, 0)
    ratios = [o[0] / b[0] for o, b in zip(ours, bare)]
    peak = max(r[2] for r in ours)
    driver = "sqlite3 executemany" if args.db == "sqlite" else "psycopg COPY"
    print(f"xingping import {kind} ({args.db}): {args.rows:,} rows, median of {args.runs}: {w_ours:.2f} s wall = "
          f"{args.rows / w_ours:,.0f} rows/s, CPU {med(ours, 1):.2f} s, peak memory (process tree) {peak:.0f} MB   [{summary}]")
    print(f"bare {driver} (csv module, same table shape): median {w_bare:.2f} s wall = {args.rows / w_bare:,.0f} rows/s, "
          f"CPU {med(bare, 1):.2f} s, peak memory {max(r[2] for r in bare):.0f} MB")
    print(f"ratio import / bare, pair by pair: {', '.join(f'{r:.2f}x' for r in ratios)} (median {statistics.median(ratios):.2f}x)")
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    if not settled:
        print("note: CHECKPOINT was not permitted (GRANT pg_checkpoint TO the role), so the runs share "
              "checkpoints and the ratio varies with their timing")
    ok = statistics.median(ratios) <= limit and peak <= 300
    print(f"targets (<= {limit}x bare, <= 300 MB):", "met" if ok else "MISSED")
    return ok


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pg-url", default=os.environ.get("XP_BENCH_PG", "postgres://xingping_ci:xingping_ci@127.0.0.1:5432/postgres"))
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="xp-bench-import-"))
    env, target, admin = make_database(args, work)
    xp = [sys.executable, "-m", "xingping"]
    units = make_units_and_staff(xp, env, work)
    csv_path = work / "entities.csv"
    t0 = time.perf_counter()
    write_entities(csv_path, args.rows, units)
    print(f"generated {args.rows:,} rows in {time.perf_counter() - t0:.1f} s ({csv_path.stat().st_size / 1e6:.0f} MB), "
          f"database: {args.db}")

    def query(sql):
        return run_query(args.db, target, sql)

    lookups = work / "lookups.json"
    lookups.write_text(json.dumps({"units": dict(query("SELECT code, id FROM orgs_orgunit")),
                                   "staff": dict(query("SELECT username, id FROM accounts_user"))}))

    def empty_tables():
        if args.db == "sqlite":
            import sqlite3

            with sqlite3.connect(target) as db:
                db.execute("DELETE FROM entities_marketentity")
                db.execute("DROP TABLE IF EXISTS bare_entity")
            with sqlite3.connect(target) as db:
                db.execute("VACUUM")
        else:
            import psycopg

            with psycopg.connect(target, autocommit=True) as conn:
                conn.execute("TRUNCATE entities_marketentity CASCADE")
                conn.execute("DROP TABLE IF EXISTS bare_entity")
                conn.execute("VACUUM ANALYZE")

    ours, bare, settled = [], [], True
    for _ in range(args.runs):
        empty_tables()
        settled &= settle(args, target)
        ours.append(timed([*xp, "import", "entities", str(csv_path)], env))
        settled &= settle(args, target)
        bare.append(timed([sys.executable, str(ROOT / "bench" / "bare_import.py"), args.db, target, str(csv_path),
                           str(lookups)], env))
    stored = query("SELECT count(*) FROM entities_marketentity")[0][0]
    assert stored == args.rows, f"{stored} rows stored, {args.rows} expected"
    report("entities", args, ours, bare, limit=1.5, settled=settled)
    clean_up(args, work, admin)


if __name__ == "__main__":
    main()
