"""Benchmark: 1,000 ballots in the same minute (C7, issue 5).

Migrates a fresh SQLite database under /tmp (or uses PostgreSQL when DATABASE_URL says
so), builds a demo-sized tree (20 evaluated units × 18 items = 360 scores per ballot),
opens the evaluation and issues 1,000 tokens, starts the app under gunicorn, then posts
the 1,000 ballots from 50 concurrent clients followed by 200 duplicate posts of used
tokens (loopback only, one connection per request). Baseline of the same run: 1,000
GETs of an unknown ballot (a single indexed lookup) from the same 50 clients.

    .venv/bin/python bench/ballots.py [--ballots 1000] [--duplicates 200] [--clients 50]
                                      [--workers 4] [--port 8204] [--keep]

Target: every ballot counted once, every duplicate 409, no 5xx, p99 ≤ 1 s on SQLite.
"""

import argparse
import http.client
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def setup_data(n_tokens):
    """Migrate, build the tree and campaign, open the evaluation, issue tokens."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    from xingping.campaigns.services import campaign_create
    from xingping.evaluation import services
    from xingping.orgs.models import Level, OrgUnit

    call_command("migrate", interactive=False, verbosity=0)
    city = OrgUnit.objects.create(code="XG", name="市局", level=Level.CITY, path="XG/", depth=0)
    OrgUnit.objects.create(code="XG-BGS", name="办公室", level=Level.DEPARTMENT, parent=city, path="XG/XG-BGS/", depth=1)
    for c, stations in (("XN", 5), ("HC", 4), ("YC", 3), ("KFQ", 3)):
        county = OrgUnit.objects.create(code=c, name=f"{c}局", level=Level.COUNTY, parent=city, path=f"XG/{c}/", depth=1)
        for s in range(1, stations + 1):
            OrgUnit.objects.create(code=f"{c}{s:02d}", name=f"{c}所{s}", level=Level.STATION, parent=county,
                                   path=f"XG/{c}/{c}{s:02d}/", depth=2)
    campaign = campaign_create(actor=None, slug="bench", year=2026)
    evaluation = services.evaluation_setup(actor=None, campaign=campaign)
    services.evaluation_open(actor=None, evaluation=evaluation)
    tokens = [t for _e, _c, t in services.tokens_issue(actor=None, evaluation=evaluation, count=n_tokens)]
    units = list(evaluation.units.values_list("unit__code", flat=True))
    items = list(evaluation.items.values_list("code", flat=True))
    connections.close_all()
    return tokens, units, items


def wait_for(port, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            time.sleep(0.2)
    return False


def request(port, method, path, body=None):
    """(status, seconds); status 0 when the connection failed."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        headers = {"Content-Type": "application/json", "Accept": "application/json"} if body else {}
        conn.request(method, path, body=body, headers=headers)
        resp = conn.getresponse()
        resp.read()
        status = resp.status
    except (OSError, http.client.HTTPException):
        status = 0
    finally:
        conn.close()
    return status, time.perf_counter() - started


def run(port, clients, jobs):
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        results = list(pool.map(lambda job: request(port, *job), jobs))
    return results, time.perf_counter() - started


def pct(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def summary(label, results, elapsed):
    lat = [s for _status, s in results]
    print(f"{label}: {len(results)} requests in {elapsed:.2f} s ({len(results) / elapsed:.0f}/s), "
          f"p50 {statistics.median(lat) * 1000:.0f} ms, p99 {pct(lat, 99) * 1000:.0f} ms, max {max(lat) * 1000:.0f} ms")
    return pct(lat, 99)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ballots", type=int, default=1000)
    parser.add_argument("--duplicates", type=int, default=200)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8204)
    parser.add_argument("--keep", action="store_true", help="keep the SQLite database")
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="xp-bench-ballots-")
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{os.path.join(work, 'bench.sqlite3')}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "xingping.settings"
    os.environ["XINGPING_HTTPS"] = "0"
    os.environ["XINGPING_VAR_DIR"] = work
    os.environ.setdefault("SECRET_KEY", "bench-" + "x" * 50)
    sys.path.insert(0, ROOT)
    engine = "PostgreSQL" if os.environ["DATABASE_URL"].startswith("postgres") else "SQLite"

    t0 = time.perf_counter()
    tokens, units, items = setup_data(args.ballots)
    print(f"setup ({engine}): {len(units)} units × {len(items)} items, {len(tokens)} tokens in {time.perf_counter() - t0:.1f} s")

    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    log_path = os.path.join(work, "gunicorn.log")
    log = open(log_path, "w")
    server = subprocess.Popen(
        [gunicorn, "xingping.wsgi", "-w", str(args.workers), "-b", f"127.0.0.1:{args.port}", "--log-level", "warning"],
        cwd=ROOT, env=os.environ.copy(), stdout=log, stderr=subprocess.STDOUT,  # 409s log "Conflict" lines
    )
    try:
        if not wait_for(args.port):
            print("gunicorn did not start", file=sys.stderr)
            return 2
        # Warm every worker up (URLconf, DRF, first connection) as a running server would be.
        run(args.port, args.clients, [("GET", f"/api/v1/ballots/warm-up-{n}/") for n in range(args.workers * 25)])
        rng = random.Random(5)

        def ballot():
            return json.dumps({"scores": {u: {i: rng.choice((3, 3, 3, 2, 1)) for i in items} for u in units}})

        baseline, b_elapsed = run(args.port, args.clients,
                                  [("GET", f"/api/v1/ballots/unknown-{n}/") for n in range(args.ballots)])
        posts, p_elapsed = run(args.port, args.clients,
                               [("POST", f"/api/v1/ballots/{t}/", ballot()) for t in tokens])
        dup_tokens = rng.sample(tokens, min(args.duplicates, len(tokens)))
        dups, d_elapsed = run(args.port, args.clients, [("POST", f"/api/v1/ballots/{t}/", ballot()) for t in dup_tokens])
    finally:
        server.terminate()
        server.wait(10)
        log.close()
    with open(log_path, encoding="utf-8", errors="replace") as f:
        server_errors = sum(1 for line in f if "Traceback" in line or "Internal Server Error" in line)

    import django.db

    from xingping.evaluation.models import Ballot, BallotAnswers, BallotToken

    django.db.connections.close_all()
    stored = Ballot.objects.count()
    scores = BallotAnswers.objects.count()
    used = BallotToken.objects.filter(used=True).count()

    statuses = [s for s, _t in posts]
    dup_statuses = [s for s, _t in dups]
    all_statuses = statuses + dup_statuses + [s for s, _t in baseline]
    five_xx = sum(1 for s in all_statuses if s >= 500 or s == 0)
    print()
    base_p99 = summary("baseline GET unknown ballot (404)", baseline, b_elapsed)
    post_p99 = summary("ballots POST", posts, p_elapsed)
    summary("duplicate POST", dups, d_elapsed)
    print(f"ballots accepted (201): {statuses.count(201)} of {len(tokens)}; stored ballots: {stored}; "
          f"answer rows: {scores} (expected {stored * len(units)}, {len(items)} answers each); tokens used: {used}")
    print(f"duplicates answered 409: {dup_statuses.count(409)} of {len(dup_tokens)}")
    print(f"5xx or failed connections: {five_xx}; server tracebacks: {server_errors}")
    print(f"p99 ballots / p99 baseline: {post_p99 / base_p99:.1f}×")
    ok = (statuses.count(201) == len(tokens) == stored == used and dup_statuses.count(409) == len(dup_tokens)
          and five_xx == 0 and server_errors == 0 and scores == stored * len(units))
    target = post_p99 <= 1.0
    print(f"RESULT: {'PASS' if ok else 'FAIL'} (all counted once, duplicates 409, no 5xx); "
          f"p99 {post_p99 * 1000:.0f} ms {'≤' if target else '>'} 1000 ms target{'' if engine == 'SQLite' else ' (SQLite target)'}")
    if args.keep:
        print(f"kept: {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
