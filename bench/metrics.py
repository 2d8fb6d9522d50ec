"""Benchmark: target figures (C4) at provincial scale on SQLite (issue 3).

Builds ~1,200 units, ~6,000 staff, 1,000,000 market entities, 1,000,000 visits and
50,000 penalties with return visits in a fresh SQLite database under /tmp (raw
executemany: building is not what is measured), then times:

- `xingping metrics --campaign bench --format json` for all units as a user runs it: a
  separate process, its start-up included (issue 14), cold (the first run after building)
  and warm (the median of 3), wall time and that process's peak RSS; the same figure's
  bare-driver baseline (the hand-written query below, run by a bare `python` + `sqlite3`
  process) beside it;
- the command in-process (its SQL query count) and each registered key on its own;
- the figures dashboard page (`metrics:index`) as the campaign office, cold and warm;
- one hand-written SQL query computing the same `visit_coverage` figures,
  and prints the ratio of the engine's visit_coverage to that query.

    .venv/bin/python bench/metrics.py [--entities 1000000] [--visits 1000000] [--keep]

Targets: the whole `xingping metrics` process ≤ 0.5 s (issue 14; was ≤ 3 s in-process), dashboard ≤ 1 s, a query count that does not grow with units.
"""

import argparse
import datetime
import io
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time


# visit_coverage in one hand-written query (the bare-driver baseline); ? is the as-of date.
HAND_SQL = """
        WITH g AS (SELECT unit_id, kind, COUNT(*) AS n FROM entities_marketentity WHERE status = 'active' GROUP BY unit_id, kind),
        den AS (
            SELECT u.id AS uid, SUM(g.n) AS d FROM orgs_orgunit u
            JOIN orgs_orgunit gu ON SUBSTR(gu.path, 1, LENGTH(u.path)) = u.path
            JOIN g ON g.unit_id = gu.id
            WHERE u.level <> 'department' AND (u.level = 'station' OR g.kind = 'enterprise') GROUP BY u.id),
        num AS (
            SELECT p.unit_id AS uid, COUNT(*) AS n FROM (
                SELECT DISTINCT entity_id, unit_id FROM outreach_visit
                WHERE kind = 'visit' AND method = 'onsite' AND visited_on BETWEEN '2026-07-01' AND ?
                  AND verification <> 'not_confirmed') p
            CROSS JOIN entities_marketentity e CROSS JOIN orgs_orgunit vu CROSS JOIN orgs_orgunit eu
            WHERE e.id = p.entity_id AND vu.id = p.unit_id AND eu.id = e.unit_id AND e.status = 'active'
              AND (vu.level = 'station' OR e.kind = 'enterprise')
              AND SUBSTR(eu.path, 1, LENGTH(vu.path)) = vu.path
            GROUP BY p.unit_id)
        SELECT den.uid, COALESCE(num.n, 0), den.d FROM den LEFT JOIN num ON num.uid = den.uid"""

# A bare process running HAND_SQL (read from stdin) with the standard library's driver:
# argv = the database file, the as-of date.
BARE_DRIVER = (
    "import sqlite3, sys\n"
    "rows = sqlite3.connect(sys.argv[1]).execute(sys.stdin.read(), [sys.argv[2]]).fetchall()\n"
    "print(len(rows))\n"
)


def run_process(cmd, cwd, stdin=b""):
    """(wall seconds, peak RSS in MB, stdout) of one whole process, as a user runs it. The peak
    is GNU time's (%M): a child forked from this big process would report this one's RSS."""
    with tempfile.TemporaryFile() as inp, tempfile.NamedTemporaryFile() as rss:
        inp.write(stdin)
        inp.seek(0)
        t0 = time.perf_counter()
        proc = subprocess.run(["/usr/bin/time", "-o", rss.name, "-f", "%M", *cmd], cwd=cwd, stdin=inp,
                              capture_output=True)
        wall = time.perf_counter() - t0
        if proc.returncode:
            raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr.decode()[-2000:]}")
        return wall, int(open(rss.name).read().split()[-1]) / 1024, proc.stdout


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--entities", type=int, default=1_000_000)
    parser.add_argument("--visits", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="xp-bench-metrics-")
    db_path = os.path.join(work, "bench.sqlite3")
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ["XINGPING_HTTPS"] = "0"  # the test client speaks plain HTTP
    os.environ["XINGPING_REQUIRE_2FA"] = "0"  # the office's page, not the second-factor step
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xingping.settings")
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from xingping.accounts.models import User
    from xingping.campaigns.services import campaign_create
    from xingping.entities.uscc import check_character
    from xingping.outreach import figures

    t_build = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    campaign = campaign_create(actor=None, slug="bench", year=2026)
    rng = random.Random(7)
    cur = connection.cursor()
    units = []  # (id, code, level, parent_id, path, depth)
    uid = 0

    def add_unit(code, level, parent):
        nonlocal uid
        uid += 1
        path = (parent[4] if parent else "") + code + "/"
        row = (uid, code, f"单位{code}", level, parent[0] if parent else None, path, path.count("/") - 1, 0, "", "")
        units.append(row[:2] + (level, row[4], path, row[6]))
        return units[-1]

    city = add_unit("P", "city", None)
    for d in range(20):
        add_unit(f"P-D{d}", "department", city)
    for c in range(100):
        county = add_unit(f"P{c:03d}", "county" if c % 10 else "branch", city)
        for d in range(3):
            add_unit(f"P{c:03d}-D{d}", "department", county)
        for s in range(8):
            add_unit(f"P{c:03d}S{s}", "station", county)
    with transaction.atomic():
        cur.executemany(
            "INSERT INTO orgs_orgunit (id, code, name, level, parent_id, path, depth, sort_order, hotline, address) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, 0, '', '')",
            [(u[0], u[1], f"单位{u[1]}", u[2], u[3], u[4], u[5]) for u in units])
    evaluated = [u for u in units if u[2] != "department"]
    stations = [u for u in units if u[2] == "station"]
    staff = []  # (user id, acting unit id)
    pk = 0
    user_rows = []
    for u in units:
        for i in range(5 if u[2] == "station" else 3):
            pk += 1
            acting = u[3] if u[2] == "department" else u[0]
            staff.append((pk, acting, u[0]))
            user_rows.append((pk, f"u{pk}", "!", "", f"职工{pk}", "", False, False, True, u[0],
                              "staff" if pk > 1 else "office;staff"))
    with transaction.atomic():
        cur.executemany(
            "INSERT INTO accounts_user (id, username, password, first_name, last_name, email, is_superuser, is_staff, "
            "is_active, unit_id, roles, date_joined, phone, title, session_generation, language) VALUES (%s, %s, %s, %s, "
            "%s, %s, %s, %s, %s, %s, %s, '2026-01-01 00:00:00', '', '', 0, '')", user_rows)
    staff_by_unit = {}
    for s in staff:
        staff_by_unit.setdefault(s[1], []).append(s[0])

    ent_rows = []
    ent_unit = []
    for i in range(1, args.entities + 1):
        body = f"91420900{i:09d}"
        unit = stations[i % len(stations)] if i % 10 else evaluated[i % len(evaluated)]
        ent_unit.append(unit)
        ent_rows.append((i, body + check_character(body), f"主体{i}", "individual" if i % 3 == 0 else "enterprise",
                         "active" if i % 25 else "deregistered", unit[0], None, "2015-06-01"))
    with transaction.atomic():
        cur.executemany(
            "INSERT INTO entities_marketentity (id, uscc, name, kind, status, unit_id, responsible_id, registered_on, "
            "address, phone) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, '', '')", ent_rows)
    del ent_rows
    start = datetime.date(2026, 7, 1)
    parents = {u[0]: u[3] for u in units}
    visit_rows = []
    seen = set()
    vid = 0
    methods = ["onsite"] * 7 + ["phone", "letter", "email"]
    while len(visit_rows) < args.visits:
        e = rng.randrange(1, args.entities + 1)
        unit = ent_unit[e - 1]
        visiting = unit[0] if rng.random() < 0.8 else (parents.get(unit[0]) or unit[0])
        if rng.random() < 0.02:
            visiting = rng.choice(evaluated)[0]  # cross-area visits happen
        visitor = rng.choice(staff_by_unit[visiting])
        day = start + datetime.timedelta(days=rng.randrange(0, 100))
        key = (e, visitor, day)
        if key in seen:
            continue
        seen.add(key)
        vid += 1
        verification = "not_confirmed" if vid % 500 == 0 else ("confirmed" if vid % 50 == 0 else "")
        visit_rows.append((vid, e, visitor, visiting, day.isoformat(), "visit", rng.choice(methods), verification,
                           f"B{vid:011d}"))
    del seen
    pen_rows, ret_rows = [], []
    for n in range(1, 50_001):
        e = rng.randrange(1, args.entities + 1)
        unit = ent_unit[e - 1]
        decided = datetime.date(2026, 1, 1) + datetime.timedelta(days=rng.randrange(-30, 240))
        pen_rows.append((n, f"P-{n}", e, unit[0], decided.isoformat()))
        if n % 10:
            vid += 1
            visitor = rng.choice(staff_by_unit[unit[0]])
            day = decided + datetime.timedelta(days=rng.randrange(-5, 60))
            ret_rows.append((vid, e, visitor, unit[0], day.isoformat(), "return", "onsite", "", f"B{vid:011d}"))
    with transaction.atomic():
        sql = ("INSERT INTO outreach_visit (id, entity_id, visitor_id, unit_id, visited_on, kind, method, verification, "
               "confirm_code, efficiency, openness, lawfulness, civility, diligence, ethics, opinions, suggestions, entered_by_id, "
               "entered_at, entry_delay) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, NULL, NULL, NULL, NULL, NULL, NULL, '', '', "
               "NULL, '2026-10-20 00:00:00', 0) "
               "ON CONFLICT DO NOTHING")
        cur.executemany(sql, visit_rows)
        cur.executemany(sql, ret_rows)
        cur.executemany("INSERT INTO entities_penalty (id, case_no, entity_id, unit_id, decided_on) VALUES (%s, %s, %s, %s, %s)",
                        pen_rows)
    cur.execute("ANALYZE")
    del visit_rows, ret_rows, pen_rows
    print(f"built {len(units):,} units ({len(evaluated):,} evaluated), {len(staff):,} staff, {args.entities:,} entities, "
          f"{args.visits:,} visits, 50,000 penalties in {time.perf_counter() - t_build:.0f} s")

    as_of = "2026-09-15"
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    # 1. the command as a user runs it: a process of its own, start-up included; as of a day in the
    # middle of the visits, and as of today (the default: the campaign's window has ended, so the
    # tallies are read backwards, core/triggers.py `span_rows`)
    cmd = [sys.executable, "-m", "xingping.cli", "metrics", "--campaign", "bench", "--format", "json"]
    walls = []
    for label, extra in ((f"as of {as_of}", ["--as-of", as_of]), ("as of today", [])):
        runs = [run_process(cmd + extra, repo) for _ in range(4)]  # cold (the first), then 3 warm
        cold, warm = runs[0], runs[1:]
        n_units = runs[0][2].count(b'"code"')
        warm_wall = statistics.median(r[0] for r in warm)
        warm_rss = statistics.median(r[1] for r in warm)
        walls.append(warm_wall)
        print(f"xingping metrics {label}, whole process (all {n_units:,} units, every key): cold {cold[0]:.2f} s, "
              f"peak RSS {cold[1]:.0f} MB; warm median of 3 {warm_wall:.2f} s "
              f"({', '.join(f'{r[0]:.2f}' for r in warm)}), peak RSS {warm_rss:.0f} MB")
    warm_wall = walls[0]
    startup = [run_process([sys.executable, "-m", "xingping.cli", "campaign", "list"], repo)[0] for _ in range(3)]
    print(f"command start-up (`xingping campaign list`), whole process: median of 3 {statistics.median(startup):.2f} s")
    bare = [sys.executable, "-c", BARE_DRIVER, db_path, as_of]
    bare_runs = [run_process(bare, repo, HAND_SQL.encode()) for _ in range(3)]
    bare_wall = statistics.median(r[0] for r in bare_runs)
    print(f"bare driver (python + sqlite3, the hand-written visit_coverage query), whole process: median of 3 "
          f"{bare_wall:.2f} s, peak RSS {statistics.median(r[1] for r in bare_runs):.0f} MB; "
          f"ratio xingping metrics / bare driver {warm_wall / bare_wall:.2f}x")

    # the same command in-process (its query count), then each registered key on its own
    from xingping.metrics.engine import evaluated_units, raw_pairs
    from xingping.metrics.registry import metrics

    t0 = time.perf_counter()
    out = io.StringIO()
    with CaptureQueriesContext(connection) as q:
        call_command("metrics", "--campaign", "bench", "--as-of", as_of, "--format", "json", stdout=out)
    t_cmd = time.perf_counter() - t0
    print(f"xingping metrics in-process (all {out.getvalue().count(chr(34) + 'code' + chr(34)):,} units, every key): "
          f"{t_cmd:.2f} s, {len(q.captured_queries)} SQL queries")
    day_obj = datetime.date.fromisoformat(as_of)
    unit_list = evaluated_units()
    per_key = []
    for key in metrics():
        t0 = time.perf_counter()
        with CaptureQueriesContext(connection) as q:
            raw_pairs(campaign, day_obj, unit_list, keys={key})
        per_key.append((time.perf_counter() - t0, key, len(q.captured_queries)))
    print("per key, in-process: " + "; ".join(f"{k} {t:.3f} s ({n} q)" for t, k, n in sorted(per_key, reverse=True)))

    # 2. the dashboard page
    office = User.objects.get(pk=1)
    client = Client()
    client.force_login(office)
    try:
        from django.urls import reverse

        url = reverse("metrics:index") + f"?as_of={as_of}"
        # the area rollup column is computed by the db_worker, never by the page (metrics/tasks.py):
        # the first view with it enqueues the task, the worker runs it (timed), the next view shows it
        from xingping.metrics import selectors as figure_selectors

        t0 = time.perf_counter()
        figure_selectors.area_values(campaign, datetime.date.fromisoformat(as_of))
        print(f"area rollup (computed by the db_worker, not the page): {time.perf_counter() - t0:.2f} s in-process")
        for label, extra in (("cold", ""), ("warm", ""), ("with the area rollup column, before the worker ran", "&area=1"),
                             ("with the area rollup column, after `db_worker --batch`", "&area=1")):
            if "after" in label:
                call_command("db_worker", "--batch", verbosity=0)
            t0 = time.perf_counter()
            with CaptureQueriesContext(connection) as q:
                resp = client.get(url + extra, HTTP_HOST="127.0.0.1")
            t = time.perf_counter() - t0
            print(f"dashboard page metrics:index ({label}): {t:.2f} s, HTTP {resp.status_code}"
                  f"{' to ' + resp['Location'] if resp.status_code in (301, 302) else ''}, {len(q.captured_queries)} SQL queries")
    except Exception as exc:  # the page is optional for the engine figures
        print("dashboard page: not measured:", exc)

    # 3. the engine's visit_coverage vs one hand-written SQL query
    day = datetime.date.fromisoformat(as_of)
    t0 = time.perf_counter()
    engine = figures.visit_coverage(campaign, day)
    t_engine = time.perf_counter() - t0
    hand = HAND_SQL.replace("?", "%s")
    cur = connection.cursor()  # the page requests and `db_worker --batch` closed the connection of the build
    t0 = time.perf_counter()
    cur.execute(hand, [as_of])
    rows = {uid: (n, d) for uid, n, d in cur.fetchall()}
    t_hand = time.perf_counter() - t0
    assert rows == engine, "the engine and the hand-written query disagree"
    print(f"visit_coverage via the engine: {t_engine:.2f} s; one hand-written SQL query: {t_hand:.2f} s; "
          f"ratio {t_engine / t_hand:.2f}x (same {len(rows):,} figures)")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    print("targets (whole xingping metrics process <= 0.5 s, warm, both days):",
          "met" if max(walls) <= 0.5 else "MISSED")
    if args.keep:
        print("kept", work)
    else:
        import shutil

        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
