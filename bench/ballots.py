"""Benchmark: 10,000 ballots of a 20-unit evaluation at a steady 170/s, open loop (C7, issue 12).

Migrates a fresh SQLite database under /tmp (or uses PostgreSQL when DATABASE_URL says
so), builds a demo-sized tree (20 evaluated units × 18 items = 360 answers per ballot),
opens the evaluation, issues the tokens, starts the app under gunicorn, then sends the
ballots OPEN LOOP: request i is scheduled at t0 + i / rate whatever the server does (as
phones in a hall send when each evaluator is done), and its latency is measured from its
scheduled send time to the answer, so a slow server shows up as latency, not as a lower
offered rate. Mixed into the same stream: duplicate posts of tokens already sent (each
token must get exactly one 201 and 409s after), and a trivial request (GET of an unknown
ballot, one indexed lookup, 404) every tenth slot for the same-run ratio. Then a step
search finds the highest steady rate whose p99 stays ≤ 300 ms.

    .venv/bin/python bench/ballots.py [--ballots 10000] [--rate 170] [--workers 4] [--port 8204]
                                      [--steps 200,250,300,400] [--step-seconds 15] [--keep]
    DATABASE_URL=postgres://… .venv/bin/python bench/ballots.py

Target: every ballot counted once, every duplicate 409, no 5xx, p99 ≤ 300 ms at 170/s.
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
    tokens = []
    while len(tokens) < n_tokens:
        count = min(5000, n_tokens - len(tokens))
        tokens += [t for _e, _c, t in services.tokens_issue(actor=None, evaluation=evaluation, count=count)]
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


async def _send(port, method, path, body):
    """One HTTP/1.1 request on a new connection (as each phone opens its own); the status,
    or 0 when the connection failed."""
    import asyncio

    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError:
        return 0
    try:
        data = (body or "").encode()
        head = (f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n"
                f"Accept: application/json\r\nContent-Length: {len(data)}\r\n")
        if body:
            head += "Content-Type: application/json\r\n"
        writer.write(head.encode() + b"\r\n" + data)
        await writer.drain()
        status_line = await asyncio.wait_for(reader.readline(), 300)
        await asyncio.wait_for(reader.read(), 300)  # the server closes after the answer
        return int(status_line.split()[1]) if status_line else 0
    except (OSError, ValueError, IndexError, asyncio.TimeoutError):
        return 0
    finally:
        writer.close()


def open_loop(port, jobs, rate):
    """Send `jobs` [(kind, method, path, body)] at `rate` per second on a fixed schedule
    (asyncio: one event loop sends them all, so the client's own threads never delay a
    send). Returns [(kind, path, status, latency from the scheduled send)] and the
    elapsed time."""
    import asyncio

    async def main():
        loop = asyncio.get_running_loop()
        start = loop.time() + 0.5

        async def fire(n, kind, method, path, body):
            due = start + n / rate
            await asyncio.sleep(max(0, due - loop.time()))
            status = await _send(port, method, path, body)
            return kind, path, status, loop.time() - due

        t0 = loop.time()
        results = await asyncio.gather(*(fire(n, *job) for n, job in enumerate(jobs)))
        return list(results), loop.time() - t0 - 0.5

    return asyncio.run(main())


def schedule(tokens, ballot, duplicates, rng):
    """The stream: every token once, `duplicates` re-posts of tokens sent ≥ 200 slots
    earlier, and a trivial GET every tenth slot."""
    jobs = [("ballot", "POST", f"/api/v1/ballots/{t}/", ballot()) for t in tokens]
    for t_index in sorted(rng.sample(range(len(tokens) - 1), min(duplicates, len(tokens) - 1))):
        at = min(len(jobs), t_index + 200 + rng.randrange(100))
        jobs.insert(at, ("duplicate", "POST", f"/api/v1/ballots/{tokens[t_index]}/", ballot()))
    out = []
    for n, job in enumerate(jobs):
        if n % 9 == 0:
            out.append(("trivial", "GET", f"/api/v1/ballots/unknown-{n}/", None))
        out.append(job)
    return out


def pct(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def summary(label, results, elapsed):
    lat = [s for _status, s in results]
    print(f"{label}: {len(results)} requests in {elapsed:.2f} s ({len(results) / elapsed:.0f}/s), "
          f"p50 {statistics.median(lat) * 1000:.0f} ms, p99 {pct(lat, 99) * 1000:.0f} ms, max {max(lat) * 1000:.0f} ms")
    return pct(lat, 99)


def latencies(results, kind):
    return [lat for k, _p, _s, lat in results if k == kind]


def line(label, lat, elapsed=None):
    rate = f" ({len(lat) / elapsed:.0f}/s)" if elapsed else ""
    print(f"{label}: {len(lat)} requests{rate}, p50 {statistics.median(lat) * 1000:.0f} ms, "
          f"p99 {pct(lat, 99) * 1000:.0f} ms, max {max(lat) * 1000:.0f} ms")
    return pct(lat, 99)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ballots", type=int, default=10000)
    parser.add_argument("--rate", type=float, default=170)
    parser.add_argument("--duplicates", type=int, default=500)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", 0)) or 2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--port", type=int, default=8204)
    parser.add_argument("--steps", default="200,250,300,400",
                        help="rates tried upward after the main run when it meets the target (per second)")
    parser.add_argument("--down-steps", default="140,110,80,50",
                        help="rates tried downward when the main run misses the target (per second)")
    parser.add_argument("--step-seconds", type=float, default=10)
    parser.add_argument("--keep", action="store_true", help="keep the SQLite database")
    args = parser.parse_args()
    up = [float(r) for r in args.steps.split(",") if r.strip()]
    down = [float(r) for r in args.down_steps.split(",") if r.strip()]
    step_tokens_needed = max(sum(int(r * args.step_seconds) for r in up), sum(int(r * args.step_seconds) for r in down))

    work = tempfile.mkdtemp(prefix="xp-bench-ballots-")
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{os.path.join(work, 'bench.sqlite3')}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "xingping.settings"
    os.environ["XINGPING_HTTPS"] = "0"
    os.environ["XINGPING_VAR_DIR"] = work
    os.environ.setdefault("SECRET_KEY", "bench-" + "x" * 50)
    sys.path.insert(0, ROOT)
    engine = "PostgreSQL" if os.environ["DATABASE_URL"].startswith("postgres") else "SQLite"
    print(f"load average before: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f} "
          f"({os.cpu_count()} cores)")

    t0 = time.perf_counter()
    tokens, units, items = setup_data(args.ballots + step_tokens_needed)
    print(f"setup ({engine}): {len(units)} units × {len(items)} items, {len(tokens)} tokens in {time.perf_counter() - t0:.1f} s")
    main_tokens, rest = tokens[:args.ballots], tokens[args.ballots:]

    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    log_path = os.path.join(work, "gunicorn.log")
    log = open(log_path, "w")
    # The shipped configuration (deploy/gunicorn.conf.py: workers, backlog, the redacting
    # access log), on a local port.
    server = subprocess.Popen(
        [gunicorn, "-c", os.path.join(ROOT, "deploy", "gunicorn.conf.py"), "xingping.wsgi", "-w", str(args.workers),
         "-b", f"127.0.0.1:{args.port}", "--access-logfile", log_path + ".access"],
        cwd=ROOT, env=os.environ.copy(), stdout=log, stderr=subprocess.STDOUT,
    )
    stepped = []
    try:
        if not wait_for(args.port, timeout=120):
            print("gunicorn did not start", file=sys.stderr)
            return 2
        # Warm every worker up (URLconf, DRF, first connection) as a running server would be.
        run(args.port, 20, [("GET", f"/api/v1/ballots/warm-up-{n}/") for n in range(args.workers * 25)])
        rng = random.Random(5)

        def ballot():
            return json.dumps({"scores": {u: {i: rng.choice((3, 3, 3, 2, 1, 9)) for i in items} for u in units}})

        jobs = schedule(main_tokens, ballot, args.duplicates, rng)
        offered = args.rate * len(jobs) / (len(main_tokens) + args.duplicates)  # trivial GETs ride on top
        results, elapsed = open_loop(args.port, jobs, offered)
        main_ok = pct(latencies(results, "ballot"), 99) <= 0.3
        steps = up if main_ok else down
        for rate in steps:
            n = int(rate * args.step_seconds)
            step_jobs = [("ballot", "POST", f"/api/v1/ballots/{t}/", ballot()) for t in rest[:n]]
            rest = rest[n:]
            step_results, _e = open_loop(args.port, step_jobs, rate)
            p99 = pct(latencies(step_results, "ballot"), 99)
            bad = sum(1 for _k, _p, s, _l in step_results if s != 201)
            stepped.append((rate, p99, bad, n - bad))
            if main_ok and (p99 > 0.3 or bad):
                break  # going up: the first miss ends the search
            if not main_ok and p99 <= 0.3 and not bad:
                break  # going down: the first hit ends it
    finally:
        server.terminate()
        try:
            server.wait(60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
    with open(log_path, encoding="utf-8", errors="replace") as f:
        server_errors = sum(1 for line_ in f if "Traceback" in line_ or "Internal Server Error" in line_)

    import django.db

    from xingping.evaluation import services
    from xingping.evaluation.models import Ballot, BallotAnswers, BallotToken, Evaluation, PendingBallot

    django.db.connections.close_all()
    waiting = PendingBallot.objects.count()  # the last, unfilled mixing batch: moved as the close would
    for evaluation in Evaluation.objects.all():
        services.flush_pending(evaluation.pk, force=True)
    stored = Ballot.objects.count()
    answers = BallotAnswers.objects.count()
    used = BallotToken.objects.filter(used=True).count()

    by_token = {}
    for kind, path, status, _lat in results:
        if kind != "trivial":
            by_token.setdefault(path, []).append(status)
    once = sum(1 for statuses in by_token.values() if statuses.count(201) == 1)
    dup_statuses = [s for statuses in by_token.values() for s in sorted(statuses)[1:]]
    five_xx = sum(1 for _k, _p, s, _l in results if s >= 500 or s == 0)
    expected_stored = len(main_tokens) + sum(accepted for _r, _p, _b, accepted in stepped)
    print()
    print(f"main run: {len(jobs)} requests offered at {offered:.0f}/s (ballots + duplicates at {args.rate:.0f}/s) "
          f"in {elapsed:.1f} s")
    base_p99 = line("  trivial GET (404)", latencies(results, "trivial"))
    post_p99 = line("  ballots POST (201)", latencies(results, "ballot"))
    line("  duplicate POST (409)", latencies(results, "duplicate"))
    print(f"  tokens counted exactly once: {once} of {len(main_tokens)}; duplicates answered 409: "
          f"{dup_statuses.count(409)} of {len(dup_statuses)}; 5xx or failed connections: {five_xx}; "
          f"server tracebacks: {server_errors}")
    print(f"  mixing buffer at the end: {waiting} ballots waiting (batch {services.batch_size()}), moved into the store")
    print(f"  stored ballots: {stored} (expected {expected_stored}), answer rows: {answers} "
          f"(expected {stored * len(units)}), tokens used: {used}")
    print(f"  p99 ballots / p99 trivial (same run): {post_p99 / base_p99:.1f}×")
    best = None
    for rate, p99, bad, _accepted in stepped:
        print(f"step {rate:.0f}/s: p99 {p99 * 1000:.0f} ms{'' if not bad else f', {bad} not 201'}")
        if p99 <= 0.3 and not bad:
            best = rate
    if post_p99 <= 0.3 and (best is None or best < args.rate):
        best = max(best or 0, args.rate)
    print(f"highest steady rate with p99 ≤ 300 ms: {f'{best:.0f}/s' if best else f'below {args.rate:.0f}/s'}")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    ok = (once == len(main_tokens) == len(by_token) and dup_statuses.count(409) == len(dup_statuses)
          and five_xx == 0 and server_errors == 0 and answers == stored * len(units) and used == stored
          and stored == expected_stored)
    target = post_p99 <= 0.3
    print(f"RESULT: {'PASS' if ok else 'FAIL'} (all counted once, duplicates 409, no 5xx); "
          f"p99 {post_p99 * 1000:.0f} ms {'≤' if target else '>'} 300 ms at {args.rate:.0f}/s: "
          f"{'MET' if target else 'NOT MET'}")
    if args.keep:
        print(f"kept: {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if ok and target else 1


if __name__ == "__main__":
    sys.exit(main())
