"""The production layout of the README, run for real on loopback (issue 14 part 4).

PostgreSQL, Redis as the shared cache, two gunicorn app servers and a `db_worker`, behind nginx,
media on one shared directory. The gunicorn and worker command lines are read from
`deploy/xingping@.service` and `deploy/xingping-worker.service`, and nginx runs
`deploy/nginx.conf` itself (only `listen 80` and the upstream ports are rewritten to free
loopback ports), so the files operators install are the files tested.

Runs in `make test`'s PostgreSQL pass (the layout is the PostgreSQL one); the servers it needs
are installed by `make test` (scripts/ensure-system-packages.sh).
"""

import csv
import io
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest
import requests

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
DEPLOY = ROOT / "deploy"

pytestmark = pytest.mark.slow


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, proc, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"process {proc.args[:3]} exited with {proc.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing listens on {port} after {timeout} s")


def exec_start(unit: Path, **expand) -> list[str]:
    """The ExecStart command of a systemd unit, with the venv path and %i/${VAR} expanded."""
    text = unit.read_text()
    line = next(ln for ln in text.splitlines() if ln.startswith("ExecStart="))[len("ExecStart="):]
    env = dict(re.findall(r"^Environment=(\w+)=(\S+)$", text, re.M))
    env.update(expand)
    line = line.replace("/opt/xingping/venv/bin/", f"{VENV_BIN}/").replace("/opt/xingping/deploy/", f"{DEPLOY}/")
    line = line.replace("%i", expand.get("instance", ""))
    line = re.sub(r"\$\{(\w+)\}", lambda m: env[m.group(1)], line)
    return shlex.split(line)


@pytest.fixture(scope="module")
def layout(tmp_path_factory):
    base_url = os.environ.get("DATABASE_URL", "")
    if not base_url.startswith(("postgres://", "postgresql://")):
        pytest.skip("the production layout is the PostgreSQL one: it runs in make test's PostgreSQL pass")
    import psycopg

    tmp = tmp_path_factory.mktemp("layout")
    dbname = f"xp_layout_{os.getpid()}"
    admin = psycopg.connect(base_url, autocommit=True)
    admin.execute(f'DROP DATABASE IF EXISTS "{dbname}"')
    admin.execute(f'CREATE DATABASE "{dbname}"')
    db_url = urlparse(base_url)._replace(path=f"/{dbname}").geturl()
    redis_port, nginx_port = free_port(), free_port()
    app_ports = [free_port(), free_port()]
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_SETTINGS"))},
        "DATABASE_URL": db_url,
        "DJANGO_SETTINGS_MODULE": "xingping.settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DEBUG": "0",
        "XINGPING_HTTPS": "0",
        "XINGPING_REQUIRE_2FA": "0",
        "XINGPING_CACHE": f"redis://127.0.0.1:{redis_port}/0",
        "XINGPING_PROXY_HOPS": "1",
        "XINGPING_VAR_DIR": str(tmp / "var"),
        "MEDIA_ROOT": str(tmp / "media"),  # one directory shared by both app servers and the worker
        "STATIC_ROOT": str(tmp / "static"),
        "LOG_LEVEL": "WARNING",
        # every simulated citizen of the load test comes from 127.0.0.1: lift the per-address limits
        "XINGPING_PUBLIC_RATE_LIMIT": "100000/3600",
        "XINGPING_LOOKUP_RATE_LIMIT": "100000/3600",
    }
    xp = [str(VENV_BIN / "python"), "-m", "xingping"]

    def run(*args, check=True):
        return subprocess.run([*xp, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=check)

    run("migrate", "-v0")
    run("createcachetable")
    run("collectstatic", "--noinput", "-v0")
    demo = run("demo", "--no-serve").stdout
    accounts = {role: (user, pw) for role, user, pw in re.findall(r"^  ([^:]+): (\S+) / (\S+)$", demo, re.M)}
    assert "campaign office" in accounts, demo

    procs, logs = [], {}

    def start(name, cmd, port=None):
        out = open(tmp / f"{name}.log", "w")
        logs[name] = tmp / f"{name}.log"
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        procs.append(proc)
        if port:
            wait_for_port(port, proc)
        return proc

    redis = start("redis", [shutil.which("redis-server"), "--port", str(redis_port), "--bind", "127.0.0.1",
                            "--save", "", "--appendonly", "no", "--dir", str(tmp)], redis_port)
    for i, port in enumerate(app_ports, 1):
        start(f"app{i}", exec_start(DEPLOY / "xingping@.service", instance=str(port), XINGPING_WORKERS="2"), port)
    start("worker", exec_start(DEPLOY / "xingping-worker.service"))

    site = (DEPLOY / "nginx.conf").read_text()
    site = site.replace("listen 80;", f"listen 127.0.0.1:{nginx_port};").replace("/var/log/nginx/", f"{tmp}/")
    site = site.replace("127.0.0.1:8001", f"127.0.0.1:{app_ports[0]}").replace("127.0.0.1:8002", f"127.0.0.1:{app_ports[1]}")
    (tmp / "site.conf").write_text(site)
    for d in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (tmp / d).mkdir()
    (tmp / "nginx.conf").write_text(f"""
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log;
events {{ worker_connections 256; }}
http {{
    access_log {tmp}/nginx-access.log;
    client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy; fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;
    include {tmp}/site.conf;
}}
""")
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    checked = subprocess.run([nginx, "-t", "-p", str(tmp), "-c", str(tmp / "nginx.conf")], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    start("nginx", [nginx, "-p", str(tmp), "-c", str(tmp / "nginx.conf"), "-g", "daemon off;"], nginx_port)

    yield {"url": f"http://127.0.0.1:{nginx_port}", "app_ports": app_ports, "run": run, "accounts": accounts,
           "db_url": db_url, "logs": logs, "redis": redis, "tmp": tmp}

    for proc in reversed(procs):
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
    for proc in procs:
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
    admin.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
    admin.close()


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
