"""A PostgreSQL streaming replica for figures and exports (issue 14 part 7), tested against a
real hot standby: a private primary cluster and a `pg_basebackup -R` standby on loopback.

Runs in `make test`'s PostgreSQL pass (PostgreSQL is installed by `make test`)."""

import json
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from xingping.core import db_router

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def test_outside_replica_reads_every_read_goes_to_the_primary():
    router = db_router.ReplicaRouter()
    assert router.db_for_read(None) == "default"
    assert router.db_for_write(None) == "default"
    assert router.allow_migrate("replica", "cases") is False


def test_without_a_configured_replica_replica_reads_stay_on_the_primary():
    with db_router.replica_reads():
        assert db_router.ReplicaRouter().db_for_read(None) == "default"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def clusters():
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        pytest.skip("the replica test runs in make test's PostgreSQL pass")
    versions = sorted(Path("/usr/lib/postgresql").iterdir(), key=lambda p: int(p.name))
    bindir = versions[-1] / "bin"
    tmp = Path(tempfile.mkdtemp(prefix="xp-replica-"))  # not under pytest's 0700 root: the clusters' owner must reach it
    as_user = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root: its own account runs the clusters
        owner = pwd.getpwnam("postgres")
        os.chown(tmp, owner.pw_uid, owner.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]

    def pg(tool, *args, check=True):
        return subprocess.run([*as_user, str(bindir / tool), *args], capture_output=True, text=True, timeout=120, check=check)

    primary, standby = tmp / "primary", tmp / "standby"
    p_port, s_port = free_port(), free_port()
    pg("initdb", "-D", str(primary), "-U", "xp", "--auth=trust")
    opts = f"-p {{}} -k {tmp} -c listen_addresses=127.0.0.1 -c wal_level=replica -c max_wal_senders=4 -c log_statement=all"
    pg("pg_ctl", "-D", str(primary), "-o", opts.format(p_port), "-l", str(tmp / "primary.log"), "-w", "start")
    pg("createdb", "-h", "127.0.0.1", "-p", str(p_port), "-U", "xp", "xp")
    pg("pg_basebackup", "-h", "127.0.0.1", "-p", str(p_port), "-U", "xp", "-D", str(standby), "-R", "-X", "stream")
    pg("pg_ctl", "-D", str(standby), "-o", opts.format(s_port), "-l", str(tmp / "standby.log"), "-w", "start")
    env = {**os.environ, "DATABASE_URL": f"postgres://xp@127.0.0.1:{p_port}/xp",
           "DATABASE_REPLICA_URL": f"postgres://xp@127.0.0.1:{s_port}/xp", "XINGPING_VAR_DIR": str(tmp / "var"),
           "DJANGO_SETTINGS_MODULE": "xingping.settings"}

    def xingping(*args):
        return subprocess.run([sys.executable, "-m", "xingping", *args], cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=600)

    assert xingping("migrate", "-v0").returncode == 0
    assert xingping("demo", "--no-serve").returncode == 0
    import psycopg

    with psycopg.connect(env["DATABASE_URL"], autocommit=True) as conn:
        lsn = conn.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
    with psycopg.connect(env["DATABASE_REPLICA_URL"], autocommit=True) as conn:
        for _ in range(300):
            if conn.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", (lsn,)).fetchone()[0]:
                break
            time.sleep(0.1)
        else:
            pytest.fail("the standby did not catch up")
    yield {"xingping": xingping, "pg": pg, "tmp": tmp, "standby": standby}
    pg("pg_ctl", "-D", str(standby), "-m", "immediate", "stop", check=False)
    pg("pg_ctl", "-D", str(primary), "-m", "immediate", "stop", check=False)
    shutil.rmtree(tmp, ignore_errors=True)


def test_figures_are_read_from_the_standby(clusters):
    standby_log = clusters["tmp"] / "standby.log"
    primary_log = clusters["tmp"] / "primary.log"
    s_before, p_before = len(standby_log.read_text()), len(primary_log.read_text())
    done = clusters["xingping"]("metrics", "--campaign", "demo", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["units"]
    on_standby = standby_log.read_text()[s_before:]
    on_primary = primary_log.read_text()[p_before:]
    # The visit figures are read from the tallies kept on write (outreach_coveragetally,
    # outreach_returntally); each must be read on the standby and never on the primary.
    for table in ("outreach_coveragetally", "outreach_returntally", "outreach_visit"):
        assert table not in on_primary, f"the figures query on {table} ran on the primary"
    for table in ("outreach_coveragetally", "outreach_returntally"):
        assert table in on_standby, f"the visit figures were not computed on the standby ({table})"


def test_exports_are_read_from_the_standby(clusters):
    standby_log = clusters["tmp"] / "standby.log"
    before = len(standby_log.read_text())
    done = clusters["xingping"]("export", "entities", "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("uscc,")
    assert "entities_marketentity" in standby_log.read_text()[before:]


def test_standby_down_the_primary_answers_and_it_is_logged(clusters):
    clusters["pg"]("pg_ctl", "-D", str(clusters["standby"]), "-m", "fast", "stop")
    done = clusters["xingping"]("metrics", "--campaign", "demo", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["units"]
    assert "read replica unreachable" in done.stderr
