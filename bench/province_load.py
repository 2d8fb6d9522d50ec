"""Benchmark: the load test at province size (issue 14 part 5) — through nginx with two app
servers on PostgreSQL, the production layout of tests/production_layout.py.

    .venv/bin/python bench/province_load.py [--entities 6400000] [--visits 6400000] [--users 200] \
        [--minutes 10] [--workers N] [--keep | --build-only | --reuse DIR] \
        [--base-url postgres://xingping_ci:xingping_ci@127.0.0.1:5432/xingping_ci]

--build-only builds and keeps the database and its directory (data key, media, accounts) and
stops; --reuse DIR runs the load on them without rebuilding (12 minutes saved).

Creates the database `xp_province` on the server of --base-url (or $DATABASE_URL), migrates,
runs the demo (its accounts and campaign "demo"), then adds a province beside the demo city:
13 cities, 156 county bureaus and branches, 3,120 stations (with departments, ~17,000 staff),
--entities market entities and --visits visits in the demo campaign, written by psycopg 3
COPY with the tables' secondary indexes and constraints dropped and rebuilt afterwards, then
ANALYZE (building is not measured; its time is printed). Then starts the layout (redis, two
gunicorn app servers with the unit file's worker count unless --workers, the db_worker, nginx)
and runs bench/locustfile.py headless through nginx: --users users (each waiting 1–5 s between
actions), spawned 10 a second, for --minutes. The office account is the demo's (it sees every
unit); the field account is a province station's staff member with ~400 entities of their own.

Prints, per request name: requests, failures, median, p95 and p99 (ms), the same-run ratio of
the median and p95 to the trivial endpoint (`healthz`, no database, no session), and the SQL
query count of each page (X-Query-Count, measured once per page after the run through nginx,
as bench/pages.py does); then the machine's CPU use and load average during the run and
Locust's own CPU, and whether each target is met.

Targets (issue 14): p95 ≤ 300 ms, p99 ≤ 1 s, zero failures, over the whole run.
"""

import argparse
import contextlib
import csv
import datetime
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.production_layout import ROOT, VENV_BIN, Layout, fresh_database  # noqa: E402

CITIES, COUNTIES, STATIONS = 13, 12, 20  # per province, per city, per county
FIELD_USER = "pstation_staff"  # the field account: staff of the first province station

# The pages whose query count is printed: (locust name, account, path); None: anonymous.
PAGES = [
    ("healthz", None, "/healthz"),
    ("login page", None, "/accounts/login/"),
    ("portal", None, "/"),
    ("hotlines", None, "/cases/public/hotlines/"),
    ("complaint form", None, "/cases/public/"),
    ("dashboard", "office", "/"),
    ("case list", "office", "/cases/?page=2"),
    ("case list (filtered)", "office", "/cases/?kind=complaint&status=open"),
    ("figures", "office", "/metrics/"),
    ("rectification", "office", "/rectification/"),
    ("visit list", "office", "/outreach/visits/"),
    ("my entities", "field", "/outreach/"),
]


def tsv(value):
    return r"\N" if value is None else str(value)


def copy_rows(cur, table, columns, rows, batch=20000):
    """COPY `rows` (tuples) into `table` as text, `batch` lines per write."""
    with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        buf = []
        for row in rows:
            buf.append("\t".join(map(tsv, row)))
            if len(buf) >= batch:
                copy.write("\n".join(buf) + "\n")
                buf = []
        if buf:
            copy.write("\n".join(buf) + "\n")


def drop_secondary(cur, table):
    """Drop `table`'s unique and foreign-key constraints and plain indexes (not its primary key);
    return the statements that put them back, in order: unique, indexes, foreign keys."""
    cons = cur.execute("SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint "
                       "WHERE conrelid = %s::regclass AND contype IN ('u', 'f')", [table]).fetchall()
    idx = cur.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT IN "
                      "(SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)", [table, table]).fetchall()
    for name, _type, _def in cons:
        cur.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _def in idx:
        cur.execute(f'DROP INDEX "{name}"')
    return ([f'ALTER TABLE {table} ADD CONSTRAINT "{n}" {d}' for n, t, d in cons if t == "u"] + [d for _n, d in idx]
            + [f'ALTER TABLE {table} ADD CONSTRAINT "{n}" {d}' for n, t, d in cons if t == "f"])


def build_province(db_url, n_entities, n_visits):
    """The province's units, staff, entities and visits, by COPY; returns a summary line."""
    import psycopg

    from xingping.entities.uscc import check_character

    t0 = time.perf_counter()
    with psycopg.connect(db_url) as conn, conn.cursor() as cur:
        cur.execute("SET maintenance_work_mem = '1GB'")
        first = lambda sql: cur.execute(sql).fetchone()[0]  # noqa: E731
        hashed, changed = cur.execute("SELECT password, password_changed_at FROM accounts_user "
                                      "WHERE username = 'xn01_staff'").fetchone()
        start = first("SELECT min(p.starts_on) FROM campaigns_phase p JOIN campaigns_campaign c "
                      "ON c.id = p.campaign_id WHERE c.slug = 'demo'")
        today = datetime.date.today()
        span = max((today - start).days, 2)

        # units: (id, code, name, level, parent id, path, depth)
        uid = first("SELECT coalesce(max(id), 0) FROM orgs_orgunit")
        units, parent_of = [], {}

        def unit(code, level, parent):
            nonlocal uid
            uid += 1
            path = (parent[5] if parent else "") + code + "/"
            units.append((uid, code, f"单位{code}", level, parent[0] if parent else None, path, path.count("/") - 1))
            parent_of[uid] = parent[0] if parent else None
            return units[-1]

        stations, offices = [], []  # offices: evaluated units that are not stations
        for c in range(1, CITIES + 1):
            city = unit(f"H{c:02d}", "city", None)
            offices.append(city)
            for d in range(5):
                unit(f"H{c:02d}-D{d}", "department", city)
            for k in range(1, COUNTIES + 1):
                county = unit(f"H{c:02d}C{k:02d}", "branch" if k == COUNTIES else "county", city)
                offices.append(county)
                for d in range(3):
                    unit(f"{county[1]}-D{d}", "department", county)
                for s in range(1, STATIONS + 1):
                    stations.append(unit(f"{county[1]}S{s:02d}", "station", county))
        copy_rows(cur, "orgs_orgunit", ["id", "code", "name", "level", "parent_id", "path", "depth", "sort_order",
                                        "hotline", "address"], (u + (0, "", "") for u in units))

        # staff: five a station, three a city or county bureau (departments' staff act for it)
        pk = first("SELECT coalesce(max(id), 0) FROM accounts_user")
        staff, users = {}, []
        now = datetime.datetime.now(datetime.timezone.utc).isoformat()
        for u in stations + offices:
            for _i in range(5 if u[3] == "station" else 3):
                pk += 1
                field = not users
                users.append((pk, hashed if field else "!", FIELD_USER if field else f"p{pk}", f"职工{pk}", u[0],
                              changed if field else None, now))
                staff.setdefault(u[0], []).append(pk)
        copy_rows(cur, "accounts_user", ["id", "password", "username", "last_name", "unit_id", "password_changed_at",
                                         "date_joined", "is_superuser", "first_name", "email", "is_staff",
                                         "is_active", "roles", "phone", "title", "session_generation", "language"],
                  (u + ("f", "", "", "f", "t", "staff", "", "", 0, "") for u in users))
        del users
        conn.commit()  # the units' and staff's deferred foreign-key checks run before the tables are altered

        # entities: nine in ten under a station, the rest supervised by a city or county bureau
        eid0 = first("SELECT coalesce(max(id), 0) FROM entities_marketentity")
        ent_unit = [0] * n_entities

        def entities():
            for i in range(n_entities):
                h = (i * 2654435761) & 0xFFFFFFFF
                pool, k = (stations, i - i // 10 - 1) if i % 10 else (offices, i // 10)
                u = pool[k % len(pool)]
                ent_unit[i] = u[0]
                people = staff[u[0]]
                body = f"91421000{i:09d}"
                reg = datetime.date(2003 + h % 22, 1 + h % 12, 1 + h % 28).isoformat()
                yield (eid0 + 1 + i, body + check_character(body), f"主体{i}", "individual" if i % 3 == 0 else "enterprise",
                       "active" if i % 25 else "deregistered", u[0], people[(k // len(pool)) % len(people)], reg)

        hooks = drop_secondary(cur, "entities_marketentity")
        copy_rows(cur, "entities_marketentity", ["id", "uscc", "name", "kind", "status", "unit_id", "responsible_id",
                                                 "registered_on"], entities())
        t_ent = time.perf_counter()

        # visits: 85% of the entities visited in a first pass (the campaign's first half), the rest of
        # the visits a second pass (the second half); a fifth by the station's county bureau
        vid0 = first("SELECT coalesce(max(id), 0) FROM outreach_visit")
        reach = max(int(n_entities * 0.85), 1)
        half = span // 2
        methods = ["onsite"] * 7 + ["phone", "letter", "email"]

        def visits():
            for j in range(n_visits):
                e = (j * 7919) % reach  # a permutation of the first `reach` entities when 7919 ∤ reach
                rounds = j // reach
                h = (j * 2654435761) & 0xFFFFFFFF
                u = ent_unit[e]
                visiting = parent_of[u] if h % 5 == 0 and parent_of[u] in staff else u
                people = staff[visiting]
                day = start + datetime.timedelta(days=(rounds % 2) * half + h % half)
                vid = vid0 + 1 + j
                scores = (3 + h % 3,) * 6 if h % 10 < 6 else (None,) * 6
                yield (vid, eid0 + 1 + e, people[h % len(people)], visiting, day.isoformat(), "visit",
                       methods[h % 10], "not_confirmed" if vid % 500 == 0 else ("confirmed" if vid % 50 == 0 else ""),
                       f"P{vid:011d}", *scores, "", "", f"{day.isoformat()} 18:00:00+00", 0)

        hooks += drop_secondary(cur, "outreach_visit")
        copy_rows(cur, "outreach_visit", ["id", "entity_id", "visitor_id", "unit_id", "visited_on", "kind", "method",
                                          "verification", "confirm_code", "efficiency", "openness", "lawfulness",
                                          "civility", "diligence", "ethics", "opinions", "suggestions", "entered_at",
                                          "entry_delay"], visits())
        t_vis = time.perf_counter()
        for sql in hooks:
            cur.execute(sql)
        t_idx = time.perf_counter()
        for table in ("orgs_orgunit", "accounts_user", "entities_marketentity", "outreach_visit"):
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        conn.commit()
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    t_end = time.perf_counter()
    return (f"built the province: {len(units):,} units ({len(stations):,} stations), {sum(map(len, staff.values())):,} "
            f"staff, {n_entities:,} entities, {n_visits:,} visits in {t_end - t0:.0f} s (entities by COPY "
            f"{t_ent - t0:.0f} s, visits by COPY {t_vis - t_ent:.0f} s, indexes and constraints rebuilt "
            f"{t_idx - t_vis:.0f} s, VACUUM ANALYZE {t_end - t_idx:.0f} s)")


def signed_in(url, account):
    session = requests.Session()
    if account is None:
        return session
    page = session.get(url + "/accounts/login/", timeout=300)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    resp = session.post(url + "/accounts/login/", data={"csrfmiddlewaretoken": token, "username": account[0],
                        "password": account[1]}, allow_redirects=False, timeout=300)
    assert resp.status_code == 302, f"sign-in of {account[0]} answered {resp.status_code}"
    return session


def drained(url, limit=300):
    """Wait (up to `limit` s) until the servers have worked off the requests queued when Locust
    stopped: /healthz answers within a second. Returns the seconds waited."""
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < limit:
        try:
            if requests.get(url + "/healthz", timeout=1).status_code == 200:
                break
        except requests.RequestException:
            pass
        time.sleep(2)
    return time.perf_counter() - t0


def query_counts(url, accounts):
    """{locust name: X-Query-Count} of one request of each page (and the visit form)."""
    sessions = {who: signed_in(url, accounts.get(who)) for who in (None, "office", "field")}
    counts = {}

    def measure(name, session, path):
        t0 = time.perf_counter()
        resp = session.get(url + path, timeout=300)
        status = "" if resp.status_code == 200 else f" ({resp.status_code})"
        counts[name] = (resp.headers.get("X-Query-Count", "?") + status, (time.perf_counter() - t0) * 1000)
        return resp

    for name, who, path in PAGES:
        resp = measure(name, sessions[who], path)
        link = re.search(r'href="(/outreach/entities/\d+/visit/)"', resp.text) if name == "my entities" else None
        if link:
            measure("visit form", sessions[who], link.group(1))
    return counts


def cpu_jiffies():
    fields = [int(v) for v in open("/proc/stat").readline().split()[1:]]
    return sum(fields), fields[3] + fields[4]  # total, idle + iowait


def report(csv_prefix, counts, trivial_name="healthz"):
    rows = list(csv.DictReader(open(f"{csv_prefix}_stats.csv")))
    by_name = {r["Name"]: r for r in rows}
    triv = by_name.get(trivial_name)
    t_med = float(triv["Median Response Time"]) if triv else None
    t_p95 = float(triv["95%"]) if triv else None
    head = f"{'request':24} {'type':5} {'requests':>9} {'fails':>6} {'median':>7} {'p95':>7} {'p99':>7} " \
           f"{'med/triv':>8} {'p95/triv':>8} {'queries':>8} {'alone':>7}"
    print(head)
    print("-" * len(head))
    for r in sorted(rows, key=lambda r: (r["Name"] == "Aggregated", r["Name"])):
        if not int(r["Request Count"]):
            continue
        med, p95, p99 = (float(r[k]) for k in ("Median Response Time", "95%", "99%"))
        ratio = (f"{med / t_med:7.1f}x {p95 / t_p95:7.1f}x" if t_med and t_p95 else f"{'-':>8} {'-':>8}")
        queries, alone = counts.get(r["Name"], ("", None))
        alone = f"{alone:7.0f}" if alone is not None else ""
        print(f"{r['Name'][:24]:24} {r['Type'][:5]:5} {int(r['Request Count']):9,} {int(r['Failure Count']):6,} "
              f"{med:7.0f} {p95:7.0f} {p99:7.0f} {ratio} {queries:>8} {alone}")
    print(f"(times in ms; trivial endpoint: {trivial_name}, median {t_med} ms, p95 {t_p95} ms in the same run; "
          "queries and alone: X-Query-Count and time of one request of the page through nginx after the run, "
          "the servers idle)")
    return by_name["Aggregated"], list(csv.DictReader(open(f"{csv_prefix}_failures.csv")))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--entities", type=int, default=6_400_000)
    parser.add_argument("--visits", type=int, default=None, help="default: as many as --entities")
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers per app server (default: the unit's)")
    parser.add_argument("--tokens", type=int, default=6000, help="ballot tokens for the Evaluator users")
    parser.add_argument("--base-url", default=os.environ.get("DATABASE_URL")
                        or "postgres://xingping_ci:xingping_ci@127.0.0.1:5432/xingping_ci")
    parser.add_argument("--keep", action="store_true", help="keep the database xp_province and the logs")
    parser.add_argument("--build-only", action="store_true",
                        help="build and keep the database xp_province, then stop (no load run), to measure pages on it")
    parser.add_argument("--reuse", metavar="DIR",
                        help="run on the database xp_province and the directory DIR kept by an earlier --keep or "
                             "--build-only run (migrates and collects static files; does not rebuild)")
    args = parser.parse_args()
    n_visits = args.entities if args.visits is None else args.visits
    tmp = Path(args.reuse) if args.reuse else Path(tempfile.mkdtemp(prefix="xp-province-load-"))
    if args.reuse:
        database = contextlib.nullcontext(urlparse(args.base_url)._replace(path="/xp_province").geturl())
    else:
        database = fresh_database(args.base_url, "xp_province", keep=args.keep or args.build_only)

    with database as db_url:
        layout = Layout(db_url, tmp, workers=args.workers, connections=4 * args.users + 256)
        layout.env["XINGPING_QUERY_COUNT_HEADER"] = "1"  # X-Query-Count on responses, as bench/pages.py
        os.environ.update({"DJANGO_SETTINGS_MODULE": "xingping.settings", "DATABASE_URL": db_url})
        if args.reuse:
            layout.run("migrate", "-v0")
            layout.run("collectstatic", "--noinput", "-v0")
            layout.accounts = json.loads((tmp / "accounts.json").read_text())
            print(f"database: {db_url} (reused, with {tmp})", flush=True)
        else:
            t0 = time.perf_counter()
            layout.prepare()
            t_demo = time.perf_counter() - t0
            (tmp / "accounts.json").write_text(json.dumps(layout.accounts))
            built = build_province(db_url, args.entities, n_visits)
            print(f"database: {db_url} (migrate + demo {t_demo:.0f} s)")
            print(built, flush=True)
        if args.build_only:
            print("kept the database", db_url, "(--build-only: no load run)")
            return
        layout.run("evaluation", "open", "--campaign", "demo", check=False)
        out = layout.run("evaluation", "tokens", "--campaign", "demo", "--count", str(args.tokens)).stdout
        tokens = tmp / "tokens.txt"
        tokens.write_text("\n".join(line for line in out.splitlines() if "/ballot" in line or "/api/" in line))
        office = layout.accounts["campaign office"]
        field = (FIELD_USER, layout.accounts["station staff"][1])
        with layout.serving():
            workers = args.workers or "the unit file's"
            print(f"layout: nginx {layout.url} → 2 gunicorn app servers ({workers} workers each), redis, db_worker; "
                  f"{os.cpu_count()} CPUs", flush=True)
            requests.get(layout.url + "/healthz", timeout=30)
            env = {**os.environ, "XP_LOCUST_TOKENS": str(tokens),
                   "XP_LOCUST_ACCOUNTS": json.dumps({"office": list(office), "field": list(field)})}
            csv_prefix = tmp / "locust"
            cmd = [str(VENV_BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless", "-u",
                   str(args.users), "-r", "10", "-t", f"{int(args.minutes * 60)}s", "--host", layout.url, "--csv",
                   str(csv_prefix), "--only-summary", "--stop-timeout", "10"]
            print("run:", " ".join(cmd[1:]).replace(str(ROOT) + "/", ""), flush=True)
            cpu0, before = cpu_jiffies(), resource.getrusage(resource.RUSAGE_CHILDREN)
            wall0 = time.perf_counter()
            proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True,
                                  timeout=args.minutes * 60 + 300)
            wall = time.perf_counter() - wall0
            after, cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN), cpu_jiffies()
            load = os.getloadavg()
            if proc.returncode not in (0, 1):  # 1: some requests failed (reported below)
                print(proc.stdout[-3000:], proc.stderr[-3000:])
            waited = drained(layout.url)
            try:
                counts = query_counts(layout.url, {"office": office, "field": field})
            except (requests.RequestException, AssertionError) as exc:
                counts = {}
                print("query counts not measured:", exc)
        total, failures = report(csv_prefix, counts)
        busy = 1 - (cpu1[1] - cpu0[1]) / max(cpu1[0] - cpu0[0], 1)
        locust_cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        print(f"during the run: CPU {busy:.0%} busy on {os.cpu_count()} CPUs; load average {load[0]:.1f} / {load[1]:.1f} "
              f"/ {load[2]:.1f} (1/5/15 min) at the end; Locust's own CPU {locust_cpu:.0f} s in {wall:.0f} s "
              f"({locust_cpu / wall:.0%} of one CPU); {float(total['Requests/s']):.1f} requests/s; the servers worked off "
              f"their queue {waited:.0f} s after Locust stopped")
        logs = {n: layout.logs[n].read_text(errors="replace") for n in ("app1", "app2")}
        nginx_log = (tmp / "nginx-error.log").read_text(errors="replace")
        print("gunicorn WORKER TIMEOUT (a request over the 60-s timeout, worker killed):",
              sum(t.count("WORKER TIMEOUT") for t in logs.values()), "| nginx:",
              "; ".join(f"{k} ×{nginx_log.count(k)}" for k in ("worker_connections are not enough", "no live upstreams",
                                                                 "upstream timed out", "upstream prematurely closed")))
        for f in sorted(failures, key=lambda f: -int(f["Occurrences"]))[:12]:
            print(f"failure: {f['Method']} {f['Name']}: {f['Error'][:200]} ×{f['Occurrences']}")
        p95, p99, fails = float(total["95%"]), float(total["99%"]), int(total["Failure Count"])
        print(f"targets: p95 {p95:.0f} ms ≤ 300 ms:", "met" if p95 <= 300 else "MISSED",
              f"| p99 {p99:.0f} ms ≤ 1000 ms:", "met" if p99 <= 1000 else "MISSED",
              f"| failures {fails} = 0:", "met" if fails == 0 else "MISSED")
        if fails:
            print(f"(the percentiles count the {fails:,} failed requests too: a 502 that nginx answers at once, with no "
                  "live upstream, is fast, so a percentile met in a run with failures says nothing)")
        if args.keep:
            print("kept the database", db_url, "and the logs in", tmp)


if __name__ == "__main__":
    main()
