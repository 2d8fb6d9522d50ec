"""The production layout of the README, run for real on loopback (issue 14 part 4).

PostgreSQL, Redis as the shared cache, two gunicorn app servers and a `db_worker`, behind nginx,
media on one shared directory. The servers start as tests/production_layout.py starts them:
from the files operators install (deploy/).

Runs in `make test`'s PostgreSQL pass (the layout is the PostgreSQL one); the servers it needs
are installed by `make test` (scripts/ensure-system-packages.sh).
"""

import csv
import io
import json
import os
import re
import signal
import subprocess
import time

import pytest
import requests

from tests.production_layout import ROOT, VENV_BIN, Layout, fresh_database

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def layout(tmp_path_factory):
    base_url = os.environ.get("DATABASE_URL", "")
    if not base_url.startswith(("postgres://", "postgresql://")):
        pytest.skip("the production layout is the PostgreSQL one: it runs in make test's PostgreSQL pass")
    tmp = tmp_path_factory.mktemp("layout")
    with fresh_database(base_url, f"xp_layout_{os.getpid()}") as db_url:
        servers = Layout(db_url, tmp, workers=2)
        servers.prepare()
        with servers.serving():
            yield {"url": servers.url, "app_ports": servers.app_ports, "run": servers.run,
                   "accounts": servers.accounts, "db_url": db_url, "logs": servers.logs, "redis": servers.redis,
                   "tmp": tmp}


def csrf(session, url):
    resp = session.get(url, timeout=30)
    assert resp.status_code == 200, (url, resp.status_code)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', resp.text)
    assert token, f"no CSRF token on {url}"
    return token.group(1), resp.text


def sign_in(layout, role="campaign office"):
    user, password = layout["accounts"][role]
    session = requests.Session()
    token, _ = csrf(session, layout["url"] + "/accounts/login/")
    resp = session.post(layout["url"] + "/accounts/login/", data={"csrfmiddlewaretoken": token, "username": user,
                        "password": password}, allow_redirects=False, timeout=30)
    assert resp.status_code == 302, f"sign-in through nginx answered {resp.status_code}"
    assert "/accounts/login/" not in resp.headers["Location"]
    return session


def query(layout, sql, *params):
    import psycopg

    with psycopg.connect(layout["db_url"]) as conn:
        return conn.execute(sql, params).fetchall()


def test_nginx_config_from_deploy_is_valid(layout):
    assert requests.get(layout["url"] + "/", timeout=30).status_code == 200


def test_sign_in_through_nginx(layout):
    session = sign_in(layout)
    page = session.get(layout["url"] + "/", timeout=30)
    assert page.status_code == 200
    assert "accounts/logout" in page.text or "退出" in page.text


def test_public_complaint_through_nginx(layout):
    session = requests.Session()
    token, form = csrf(session, layout["url"] + "/cases/public/")
    unit = re.search(r'<option value="(\d+)"', form).group(1)
    resp = session.post(layout["url"] + "/cases/public/", data={
        "csrfmiddlewaretoken": token, "kind": "complaint", "unit": unit, "title": "营业执照办理太慢",
        "content": "窗口排队两小时仍未办理。", "anonymous": "on", "website": ""}, timeout=30)
    assert resp.status_code == 200, resp.status_code
    assert query(layout, "SELECT count(*) FROM cases_case WHERE title = %s", "营业执照办理太慢")[0][0] == 1


def test_import_is_handled_by_the_worker_while_both_servers_answer(layout):
    from xingping.entities.uscc import check_character

    station = query(layout, "SELECT code FROM orgs_orgunit WHERE level = 'station' ORDER BY code LIMIT 1")[0][0]
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["uscc", "name", "kind", "status", "unit_code", "responsible", "registered_on"])
    codes = []
    for n in range(3):
        body = f"92420900MA4L{n:05d}"
        codes.append(body + check_character(body))
        writer.writerow([codes[-1], f"部署测试个体户{n}", "individual", "active", station, "", "2025-03-01"])
    session = sign_in(layout)
    token, _ = csrf(session, layout["url"] + "/entities/import/")
    resp = session.post(layout["url"] + "/entities/import/", data={"csrfmiddlewaretoken": token, "kind": "entities"},
                        files={"file": ("entities.csv", buf.getvalue().encode("utf-8"), "text/csv")},
                        allow_redirects=False, timeout=60)
    assert resp.status_code == 302, resp.status_code
    job_id = int(re.search(r"/import/(\d+)/", resp.headers["Location"]).group(1))
    deadline = time.monotonic() + 120
    status = None
    while time.monotonic() < deadline:
        for port in layout["app_ports"]:  # both app servers keep answering while the worker imports
            assert requests.get(f"http://127.0.0.1:{port}/accounts/login/", timeout=30).status_code == 200
        status = query(layout, "SELECT status FROM entities_importjob WHERE id = %s", job_id)[0][0]
        if status in ("done", "failed"):
            break
        time.sleep(0.5)
    assert status == "done", f"import job {job_id}: {status}; worker log:\n{layout['logs']['worker'].read_text()[-2000:]}"
    assert query(layout, "SELECT count(*) FROM entities_marketentity WHERE uscc = ANY(%s)", codes)[0][0] == 3


def test_ballot_through_nginx(layout):
    layout["run"]("evaluation", "open", "--campaign", "demo", check=False)
    out = layout["run"]("evaluation", "tokens", "--campaign", "demo", "--count", "1").stdout
    token = out.strip().splitlines()[-1].rstrip("/").rsplit("/", 1)[-1]
    api = f"{layout['url']}/api/v1/ballots/{token}/"
    ballot = requests.get(api, timeout=30)
    assert ballot.status_code == 200, ballot.text
    data = ballot.json()
    scores = {u["code"]: {i["code"]: next(c["value"] for c in i["choices"] if not c.get("abstain")) for i in data["items"]}
              for u in data["units"]}
    first = requests.post(api, data=json.dumps({"scores": scores}), headers={"Content-Type": "application/json"}, timeout=30)
    assert first.status_code == 201, first.text
    again = requests.post(api, data=json.dumps({"scores": scores}), headers={"Content-Type": "application/json"}, timeout=30)
    assert again.status_code == 409
    # the token reaches neither nginx's access log nor gunicorn's (deploy/gunicorn.conf.py)
    logs = {"nginx": (layout["tmp"] / "xingping.access.log").read_text()}
    logs.update({n: layout["logs"][n].read_text() for n in ("app1", "app2")})
    assert "/api/v1/ballots/[redacted]/" in logs["nginx"]
    assert not [n for n, text in logs.items() if token in text], "a ballot token was logged"


def test_export_through_nginx(layout):
    session = sign_in(layout)
    resp = session.get(layout["url"] + "/cases/?format=xlsx", timeout=60)
    assert resp.status_code == 200
    assert resp.content[:2] == b"PK"  # an xlsx (zip) file, not an error page


def test_both_app_servers_served_through_nginx(layout):
    session = requests.Session()
    for _ in range(12):
        assert session.get(layout["url"] + "/accounts/login/", timeout=30).status_code == 200
    served = {name: layout["logs"][name].read_text().count('"GET /accounts/login/') for name in ("app1", "app2")}
    assert all(n > 0 for n in served.values()), served


def test_redis_down_the_app_keeps_serving_and_logs_it(layout):
    redis = layout["redis"]
    os.killpg(redis.pid, signal.SIGTERM)
    redis.wait(20)
    session = sign_in(layout)
    for path in ("/", "/metrics/", "/cases/"):
        assert session.get(layout["url"] + path, timeout=60).status_code == 200, path
    anon = requests.Session()
    token, form = csrf(anon, layout["url"] + "/cases/public/")
    unit = re.search(r'<option value="(\d+)"', form).group(1)
    resp = anon.post(layout["url"] + "/cases/public/", data={
        "csrfmiddlewaretoken": token, "kind": "complaint", "unit": unit, "title": "缓存宕机时的投诉",
        "content": "测试。", "anonymous": "on", "website": ""}, timeout=30)
    assert resp.status_code == 200
    logged = layout["logs"]["app1"].read_text() + layout["logs"]["app2"].read_text()
    assert "unreachable" in logged and "database cache" in logged


def test_load_mix_30_seconds_20_users_no_failures(layout):
    """The CI version of bench/locustfile.py (the 10-minute, 200-user run is in README)."""
    out = layout["run"]("evaluation", "tokens", "--campaign", "demo", "--count", "60").stdout
    tokens = layout["tmp"] / "tokens.txt"
    tokens.write_text("\n".join(line for line in out.splitlines() if "/ballot" in line or "/api/" in line))
    user, password = layout["accounts"]["campaign office"]
    field = next(v for k, v in layout["accounts"].items() if k == "station staff")
    env = {**os.environ, "XP_LOCUST_TOKENS": str(tokens),
           "XP_LOCUST_ACCOUNTS": json.dumps({"office": [user, password], "field": list(field)})}
    csv_prefix = layout["tmp"] / "locust"
    proc = subprocess.run([str(VENV_BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
                           "-u", "20", "-r", "10", "-t", "30s", "--host", layout["url"], "--csv", str(csv_prefix),
                           "--only-summary", "--stop-timeout", "10"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    rows = list(csv.DictReader(open(f"{csv_prefix}_stats.csv")))
    total = next(r for r in rows if r["Name"] == "Aggregated")
    failures = list(csv.DictReader(open(f"{csv_prefix}_failures.csv")))
    assert int(total["Request Count"]) > 100, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert int(total["Failure Count"]) == 0, failures
    names = {r["Name"] for r in rows}
    assert {"dashboard", "case list", "my entities", "portal", "file complaint"} <= names, names
