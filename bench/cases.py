"""Benchmark: the office's case list with 200,000 cases on SQLite (issue 4, part 9).

Builds a fresh SQLite database under /tmp with a unit tree and 200,000 cases of every kind
and state, then times the real view (`GET /cases/?…`, the office user, through Django's
test client: URL routing, middleware, scoping, the query, pagination and the template)
for a few filtered pages, counts its queries, and times a bare `sqlite3` query for the same
page (count + page rows) as the same-run baseline.

    .venv/bin/python bench/cases.py [--cases 200000] [--repeat 7] [--keep] [--reuse DIR]

Target: ≤ 200 ms server time per page and the same number of queries on every page.
"""

import argparse
import datetime
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time

PAGES = [
    ("open complaints, page 3", "?status=open&kind=complaint&page=3"),
    ("overdue in one county", "?overdue=1&unit=C3"),
    ("open cases, middle page", "?status=open&page=omiddle"),
    ("all cases, middle page", "?status=all&page=middle"),
    ("all cases, last page", "?status=all&page=last"),
    ("search a number", "?q=B0001234"),
]


def build(count):
    """The unit tree, the office user and `count` cases; returns the office user."""
    from django.db import connection

    from xingping.accounts.models import User
    from xingping.cases.models import Case, Kind, Status
    from xingping.cases.workflows import TABLES
    from xingping.orgs.models import Level, OrgUnit

    city = OrgUnit.objects.create(code="C", name="市局", level=Level.CITY, path="C/", depth=0)
    dept = OrgUnit.objects.create(code="C-BGS", name="办公室", level=Level.DEPARTMENT, parent=city, path="C/C-BGS/", depth=1)
    units = [city]
    for c in range(8):
        county = OrgUnit.objects.create(code=f"C{c}", name=f"县局{c}", level=Level.COUNTY, parent=city, path=f"C/C{c}/", depth=1)
        units.append(county)
        for s in range(6):
            units.append(OrgUnit.objects.create(code=f"C{c}S{s}", name=f"所{c}{s}", level=Level.STATION, parent=county,
                                                path=f"C/C{c}/C{c}S{s}/", depth=2))
    office = User.objects.create_user("office", password="x", unit=dept, roles="office;staff")

    rng = random.Random(4)
    today = datetime.date.today()
    kinds = [k.value for k in Kind]
    states = {k: sorted(set(t) | {s for v in t.values() for s in v}) for k, t in TABLES.items()}
    t0 = time.perf_counter()
    batch = []
    for i in range(count):
        kind = kinds[i % len(kinds)]
        unit = units[rng.randrange(len(units))]
        received = today - datetime.timedelta(days=rng.randrange(400))
        status = rng.choice(states[kind])
        subject = None
        if kind == Kind.MISCONDUCT:
            subject, unit = unit, (unit.parent or unit)
        batch.append(Case(
            number=f"B{i:07d}", kind=kind, unit=unit, subject_unit=subject, received_on=received, status=status,
            accept_due_on=received + datetime.timedelta(days=9), due_on=received + datetime.timedelta(days=60),
            title=f"诉求标题{i}", complainant_name="张三", complainant_phone="13812345678",
            replied_on=received + datetime.timedelta(days=20) if status in (Status.REPLIED, Status.CLOSED) else None,
        ).refresh_next_due())
        if len(batch) == 5000:
            Case.objects.bulk_create(batch)
            batch = []
    Case.objects.bulk_create(batch)
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    print(f"built {Case.objects.count():,} cases in {time.perf_counter() - t0:.1f} s")
    return office


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the database (prints its folder)")
    parser.add_argument("--reuse", metavar="DIR", help="measure again on a kept database (no build)")
    args = parser.parse_args()

    work = args.reuse or tempfile.mkdtemp(prefix="xp-bench-cases-")
    db_path = os.path.join(work, "bench.sqlite3")
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ["XINGPING_HTTPS"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xingping.settings")
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from xingping.accounts.models import User
    from xingping.cases.models import Case

    setup_test_environment()
    call_command("migrate", interactive=False, verbosity=0)
    if args.reuse:
        office = User.objects.get(username="office")
    else:
        office = build(args.cases)

    client = Client()
    client.force_login(office)
    total = Case.objects.count()
    last = (total + 49) // 50
    open_pages = (Case.objects.filter(next_due_on__isnull=False).count() + 49) // 50
    results = []
    for label, query in PAGES:
        query = (query.replace("page=last", f"page={last}").replace("page=middle", f"page={last // 2}")
                 .replace("page=omiddle", f"page={open_pages // 2}"))
        url = "/cases/" + query
        resp = client.get(url)  # warm up
        assert resp.status_code == 200, (url, resp.status_code)
        times = []
        for _r in range(args.repeat):
            with CaptureQueriesContext(connection) as ctx:
                t = time.perf_counter()
                client.get(url)
                times.append((time.perf_counter() - t) * 1000)
        results.append((label, statistics.median(times), len(ctx.captured_queries)))

    # Baseline: bare sqlite3, the same page (count + 50 rows joined to the unit) for the first filter.
    raw = sqlite3.connect(db_path)
    sql_count = "SELECT COUNT(*) FROM cases_case WHERE kind='complaint' AND next_due_on IS NOT NULL"
    sql_page = ("SELECT c.*, u.* FROM cases_case c JOIN orgs_orgunit u ON u.id = c.unit_id WHERE c.kind='complaint' "
                "AND c.next_due_on IS NOT NULL ORDER BY c.next_due_on, c.id LIMIT 50 OFFSET 100")
    base = []
    for _r in range(args.repeat):
        t = time.perf_counter()
        raw.execute(sql_count).fetchone()
        raw.execute(sql_page).fetchall()
        base.append((time.perf_counter() - t) * 1000)
    baseline = statistics.median(base)

    print(f"office case list, {total:,} cases, SQLite, median of {args.repeat}:")
    for label, ms, queries in results:
        print(f"  {label:28s} {ms:7.1f} ms  {queries} queries")
    worst = max(ms for _l, ms, _q in results)
    counts = sorted({q for _l, _ms, q in results})
    print(f"baseline (bare sqlite3 count + page, open complaints page 3): {baseline:.1f} ms; "
          f"view/baseline ratio {results[0][1] / baseline:.1f}x")
    print(f"worst page {worst:.1f} ms (target ≤ 200 ms): {'OK' if worst <= 200 else 'TOO SLOW'}; "
          f"queries per page: {', '.join(map(str, counts))} ({'constant' if len(counts) == 1 else 'varies'})")
    if args.keep or args.reuse:
        print(f"kept {work}")
    else:
        import shutil

        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
