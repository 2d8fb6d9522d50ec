"""Backup and restore (C11) and the restore drill: demo → backup → restore into a scratch
database → same row count in every table, audit chain intact."""

import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from xingping.core import audit_chain, backup
from xingping.core.management.commands.demo import load_demo


def scratch_database(tmp_path):
    """An empty scratch database beside the test one: (DATABASE_URL, cleanup)."""
    if connection.vendor == "sqlite":
        return f"sqlite:///{tmp_path / 'scratch.sqlite3'}", lambda: None
    name = f"xp_scratch_{uuid.uuid4().hex[:8]}"
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    s = connection.settings_dict

    def drop():
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')

    return f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{name}", drop


def xingping(url, tmp_path, *args):
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "xingping.settings_test",
           "XINGPING_VAR_DIR": str(tmp_path / "var"), "MEDIA_ROOT": str(tmp_path / "restored-media")}
    return subprocess.run([sys.executable, "-m", "xingping", *args], env=env, capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[3])


@pytest.mark.django_db(transaction=True)
def test_restore_drill(tmp_path, settings):
    """CI's drill on both databases: the restored copy, backed up again, has the same row
    count in every table and the same audit chain head, and `audit verify` passes on it."""
    load_demo()
    (tmp_path / "media").mkdir(exist_ok=True)
    (tmp_path / "media" / "note.txt").write_text("上传的文件")
    archive = tmp_path / "backup.tar"
    call_command("backup", "-o", str(archive))
    manifest = json.loads(tarfile.open(archive).extractfile("manifest.json").read())
    assert manifest["engine"] == connection.vendor and manifest["audit_chain_head"]
    assert manifest["tables"]["core_auditevent"] > 0 and "media/note.txt" in manifest["files"]

    url, cleanup = scratch_database(tmp_path)
    try:
        assert xingping(url, tmp_path, "migrate", "-v0").returncode == 0
        done = xingping(url, tmp_path, "restore", str(archive))
        assert done.returncode == 0, done.stderr
        verify = xingping(url, tmp_path, "audit", "verify")
        assert verify.returncode == 0, verify.stderr
        assert (tmp_path / "restored-media" / "note.txt").read_text() == "上传的文件"
        again = xingping(url, tmp_path, "backup", "-o", str(tmp_path / "again.tar"))
        assert again.returncode == 0, again.stderr
        copy = json.loads(tarfile.open(tmp_path / "again.tar").extractfile("manifest.json").read())
        assert copy["tables"] == manifest["tables"]
        assert copy["audit_chain_head"] == manifest["audit_chain_head"]
        # Restoring into the now full database is refused without --force, accepted with it.
        refused = xingping(url, tmp_path, "restore", str(archive))
        assert refused.returncode != 0 and "--force" in refused.stderr
        assert xingping(url, tmp_path, "restore", str(archive), "--force").returncode == 0
    finally:
        cleanup()


def rewrite(archive, target, change):
    """Copy `archive` to `target`, passing each member's bytes through change(name, data)."""
    with tarfile.open(archive) as src, tarfile.open(target, "w") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()
            data = change(member.name, data)
            info = tarfile.TarInfo(member.name)
            info.size = len(data)
            dst.addfile(info, io.BytesIO(data))


@pytest.mark.django_db(transaction=True)
def test_bad_archives_are_refused_and_nothing_changes(tmp_path, tree):
    archive = tmp_path / "backup.tar"
    call_command("backup", "-o", str(archive))
    users_before = tree.office.__class__.objects.count()

    corrupt = tmp_path / "corrupt.tar"
    corrupt.write_bytes(archive.read_bytes()[:2000])
    foreign = tmp_path / "foreign.tar"
    with tarfile.open(foreign, "w") as tar:
        data = json.dumps({"format": "something-else"}).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    tampered = tmp_path / "tampered.tar"
    db_member = backup.DB_MEMBERS[connection.vendor]
    rewrite(archive, tampered, lambda name, data: data[:-10] + b"0123456789" if name == db_member else data)
    junk = tmp_path / "junk.tar"
    junk.write_bytes(b"not an archive at all")

    for bad in (corrupt, foreign, tampered, junk):
        with pytest.raises(CommandError) as exc:
            call_command("restore", str(bad), force=True)
        assert exc.value.returncode != 0
    assert tree.office.__class__.objects.count() == users_before
    assert audit_chain.verify()[1] is None


@pytest.mark.django_db(transaction=True)
def test_sqlite_backup_is_a_readable_database(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    archive = tmp_path / "b.tar"
    backup.backup(archive)
    with tarfile.open(archive) as tar:
        tar.extract("database.sqlite3", tmp_path, filter="data")
    db = sqlite3.connect(tmp_path / "database.sqlite3")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()
