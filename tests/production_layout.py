"""The production layout of the README on loopback: start and stop it (issue 14 parts 4 and 5).

PostgreSQL, Redis as the shared cache, two gunicorn app servers and a `db_worker`, behind nginx,
media on one shared directory. The gunicorn and worker command lines are read from
`deploy/xingping@.service` and `deploy/xingping-worker.service`, and nginx runs
`deploy/nginx.conf` itself (only `listen 80` and the upstream ports are rewritten to free
loopback ports), so the files operators install are the files tested.

Used by tests/test_production_layout.py (a module fixture) and bench/province_load.py:

    with fresh_database(base_url, "xp_x") as db_url:
        layout = Layout(db_url, tmp)
        layout.prepare()          # migrate, createcachetable, collectstatic, demo → layout.accounts
        with layout.serving():    # redis, two app servers, the worker, nginx; layout.url
            ...
"""

import contextlib
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

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
DEPLOY = ROOT / "deploy"


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


@contextlib.contextmanager
def fresh_database(base_url, dbname, keep=False):
    """A new, empty database `dbname` on the server of `base_url`; yields its URL and drops it
    afterwards unless `keep`."""
    import psycopg

    admin = psycopg.connect(base_url, autocommit=True)
    admin.execute(f'DROP DATABASE IF EXISTS "{dbname}"')
    admin.execute(f'CREATE DATABASE "{dbname}"')
    try:
        yield urlparse(base_url)._replace(path=f"/{dbname}").geturl()
    finally:
        if not keep:
            admin.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
        admin.close()


class Layout:
    """The servers of the production layout on one database, their environment and logs."""

    def __init__(self, db_url, tmp, workers=None, connections=256):
        self.db_url, self.tmp = db_url, Path(tmp)
        self.workers = workers  # gunicorn workers per app server; None: the unit file's default
        self.connections = connections  # nginx's worker_connections: two a client (its own, the upstream's)
        self.redis_port, self.nginx_port = free_port(), free_port()
        self.app_ports = [free_port(), free_port()]
        self.url = f"http://127.0.0.1:{self.nginx_port}"
        self.procs, self.logs, self.accounts = [], {}, {}
        self.redis = None
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_SETTINGS"))},
            "DATABASE_URL": db_url,
            "DJANGO_SETTINGS_MODULE": "xingping.settings",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DEBUG": "0",
            "XINGPING_HTTPS": "0",
            "XINGPING_REQUIRE_2FA": "0",
            "XINGPING_CACHE": f"redis://127.0.0.1:{self.redis_port}/0",
            "XINGPING_PROXY_HOPS": "1",
            "XINGPING_VAR_DIR": str(self.tmp / "var"),
            "MEDIA_ROOT": str(self.tmp / "media"),  # one directory shared by both app servers and the worker
            "STATIC_ROOT": str(self.tmp / "static"),
            "LOG_LEVEL": "WARNING",
            # every simulated citizen of a load test comes from 127.0.0.1: lift the per-address limits
            "XINGPING_PUBLIC_RATE_LIMIT": "100000/3600",
            "XINGPING_LOOKUP_RATE_LIMIT": "100000/3600",
        }

    def run(self, *args, check=True, timeout=600):
        """`xingping <args>` in the layout's environment."""
        return subprocess.run([str(VENV_BIN / "python"), "-m", "xingping", *args], cwd=ROOT, env=self.env,
                              capture_output=True, text=True, timeout=timeout, check=check)

    def prepare(self):
        """Schema, cache table, static files and the demo (accounts, campaign "demo")."""
        self.run("migrate", "-v0")
        self.run("createcachetable")
        self.run("collectstatic", "--noinput", "-v0")
        demo = self.run("demo", "--no-serve").stdout
        self.accounts = {role: (user, pw) for role, user, pw in re.findall(r"^  ([^:]+): (\S+) / (\S+)$", demo, re.M)}
        assert "campaign office" in self.accounts, demo

    def _start(self, name, cmd, port=None):
        out = open(self.tmp / f"{name}.log", "w")
        self.logs[name] = self.tmp / f"{name}.log"
        proc = subprocess.Popen(cmd, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        self.procs.append(proc)
        if port:
            wait_for_port(port, proc)
        return proc

    def start(self):
        tmp = self.tmp
        self.redis = self._start("redis", [shutil.which("redis-server"), "--port", str(self.redis_port), "--bind",
                                           "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(tmp)],
                                 self.redis_port)
        workers = {"XINGPING_WORKERS": str(self.workers)} if self.workers else {}
        for i, port in enumerate(self.app_ports, 1):
            self._start(f"app{i}", exec_start(DEPLOY / "xingping@.service", instance=str(port), **workers), port)
        self._start("worker", exec_start(DEPLOY / "xingping-worker.service"))

        site = (DEPLOY / "nginx.conf").read_text()
        site = site.replace("listen 80;", f"listen 127.0.0.1:{self.nginx_port};").replace("/var/log/nginx/", f"{tmp}/")
        site = site.replace("127.0.0.1:8001", f"127.0.0.1:{self.app_ports[0]}")
        site = site.replace("127.0.0.1:8002", f"127.0.0.1:{self.app_ports[1]}")
        (tmp / "site.conf").write_text(site)
        for d in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (tmp / d).mkdir(exist_ok=True)
        (tmp / "nginx.conf").write_text(f"""
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log;
events {{ worker_connections {self.connections}; }}
http {{
    access_log {tmp}/nginx-access.log;
    client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy; fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;
    include {tmp}/site.conf;
}}
""")
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        checked = subprocess.run([nginx, "-t", "-p", str(tmp), "-c", str(tmp / "nginx.conf")], capture_output=True,
                                 text=True)
        assert checked.returncode == 0, checked.stderr
        self._start("nginx", [nginx, "-p", str(tmp), "-c", str(tmp / "nginx.conf"), "-g", "daemon off;"],
                    self.nginx_port)

    def stop(self):
        for proc in reversed(self.procs):
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)

    @contextlib.contextmanager
    def serving(self):
        try:
            self.start()
            yield self
        finally:
            self.stop()
