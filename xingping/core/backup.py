"""Backup and restore (C11): one tar archive with the database, the uploaded files and a
manifest (format version, created_at, engine, row count per table, SHA-256 of every member,
audit chain head).

- SQLite: the online backup API copies a consistent database while the app runs; restore
  verifies a temp copy, then swaps it in with an atomic rename.
- PostgreSQL: `pg_dump -Fc` under an exported snapshot (so the row counts in the manifest
  describe exactly what was dumped); restore first into a scratch database (verified), then
  `pg_restore --single-transaction` into the configured one.
Any failure raises BackupError with a Chinese message, before the live database or the
media directory is touched.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import uuid
from glob import glob
from pathlib import Path

from django.conf import settings
from django.db import connections, transaction
from django.utils.translation import gettext as _

from xingping.core import audit_chain

FORMAT = "xingping-backup"
VERSION = 1
MANIFEST = "manifest.json"
DB_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
#: tables a freshly migrated database already fills: they do not make it "not empty"
SCHEMA_TABLES = {"django_migrations", "django_content_type", "auth_permission"}


class BackupError(Exception):
    pass


def _sha256(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _tables(connection) -> list[str]:
    return sorted(connection.introspection.table_names(include_views=False))


def _count(connection, tables) -> dict[str, int]:
    quote = connection.ops.quote_name
    counts = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def pg_tool(name: str, connection) -> str:
    """pg_dump/pg_restore of the server's major version (else the one on PATH)."""
    major = connection.pg_version // 10000 if connection.pg_version else None
    for candidate in ([f"/usr/lib/postgresql/{major}/bin/{name}"] if major else []) + sorted(
        glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True
    ):
        if os.access(candidate, os.X_OK):
            return candidate
    found = shutil.which(name)
    if not found:
        raise BackupError(_("%(tool)s was not found; install the PostgreSQL client tools.") % {"tool": name})
    return found


def _pg_env(settings_dict, dbname=None):
    env = os.environ.copy()
    env.update({
        "PGHOST": str(settings_dict.get("HOST") or "localhost"),
        "PGPORT": str(settings_dict.get("PORT") or 5432),
        "PGUSER": str(settings_dict.get("USER") or ""),
        "PGPASSWORD": str(settings_dict.get("PASSWORD") or ""),
        "PGDATABASE": dbname or settings_dict["NAME"],
    })
    return env


def _run(cmd, env):
    result = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(_("%(tool)s failed: %(error)s") % {"tool": Path(cmd[0]).name, "error": result.stderr.strip()[-500:]})


# ------------------------------------------------------------------ backup
def backup(output, *, using: str = "default") -> dict:
    """Write the archive to `output` (atomically: a temp file renamed). Returns the manifest."""
    connection = connections[using]
    engine = connection.vendor
    if engine not in DB_MEMBERS:
        raise BackupError(_("Backups support SQLite and PostgreSQL, not %(engine)s.") % {"engine": engine})
    output = Path(output)
    with tempfile.TemporaryDirectory(prefix="xingping-backup-") as tmp:
        tmp = Path(tmp)
        db_file = tmp / DB_MEMBERS[engine]
        if engine == "sqlite":
            connection.ensure_connection()
            target = sqlite3.connect(db_file)
            with target:
                connection.connection.backup(target)
            target.close()
            copy = sqlite3.connect(db_file)
            try:
                tables = [r[0] for r in copy.execute(
                    "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
                counts = {t: copy.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
                row = copy.execute("SELECT row_hash FROM core_auditevent ORDER BY id DESC LIMIT 1").fetchone()
            finally:
                copy.close()
            chain_head = row[0] if row else ""
        else:
            with transaction.atomic(using=using):
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                    cursor.execute("SELECT pg_export_snapshot()")
                    snapshot = cursor.fetchone()[0]
                counts = _count(connection, _tables(connection))
                chain_head = audit_chain.head(using)
                _run([pg_tool("pg_dump", connection), "-Fc", "--no-owner", "--no-privileges",
                      f"--snapshot={snapshot}", "-f", str(db_file)], _pg_env(connection.settings_dict))
        media_root = Path(settings.MEDIA_ROOT)
        members = {DB_MEMBERS[engine]: _sha256(db_file)}
        media_files = []
        if media_root.is_dir():
            for path in sorted(p for p in media_root.rglob("*") if p.is_file() and not p.is_symlink()):
                name = "media/" + path.relative_to(media_root).as_posix()
                members[name] = _sha256(path)
                media_files.append((name, path))
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "engine": engine,
            "database": DB_MEMBERS[engine],
            "tables": counts,
            "files": members,
            "audit_chain_head": chain_head,
        }
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_name(f".{output.name}.{uuid.uuid4().hex}.partial")
        try:
            with tarfile.open(partial, "w") as tar:
                data = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(data)
                info.mtime = int(datetime.datetime.now().timestamp())
                tar.addfile(info, io.BytesIO(data))
                tar.add(db_file, arcname=DB_MEMBERS[engine])
                for name, path in media_files:
                    tar.add(path, arcname=name)
            os.replace(partial, output)
        finally:
            if partial.exists():
                partial.unlink()
    return manifest


# ------------------------------------------------------------------ restore
def _open_and_check(archive, workdir: Path) -> dict:
    """Extract into `workdir` and verify every checksum. Touches nothing else."""
    try:
        tar = tarfile.open(archive, "r:*")
    except (tarfile.TarError, OSError, EOFError):
        raise BackupError(_("%(file)s is not a Xingping backup (not a readable archive).") % {"file": archive})
    with tar:
        try:
            names = tar.getnames()
            if MANIFEST not in names:
                raise BackupError(_("%(file)s is not a Xingping backup (no manifest).") % {"file": archive})
            manifest = json.loads(tar.extractfile(MANIFEST).read().decode("utf-8"))
        except (tarfile.TarError, OSError, EOFError, ValueError, UnicodeDecodeError):
            raise BackupError(_("%(file)s is damaged: its manifest cannot be read.") % {"file": archive})
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise BackupError(_("%(file)s is not a Xingping backup (foreign manifest).") % {"file": archive})
        if manifest.get("version") != VERSION:
            raise BackupError(_("Backup format version %(version)s is not supported.") % {"version": manifest.get("version")})
        files = manifest.get("files")
        if not isinstance(files, dict) or manifest.get("database") not in files:
            raise BackupError(_("%(file)s is damaged: its manifest lists no database.") % {"file": archive})
        extra = set(names) - set(files) - {MANIFEST} - {n for n in names if tar.getmember(n).isdir()}
        if extra:
            raise BackupError(_("%(file)s holds files its manifest does not list (%(name)s).") % {"file": archive, "name": sorted(extra)[0]})
        try:
            tar.extractall(workdir, members=[tar.getmember(n) for n in files], filter="data")
        except KeyError as exc:
            raise BackupError(_("%(file)s is damaged: %(name)s is missing.") % {"file": archive, "name": exc.args[0]})
        except (tarfile.TarError, OSError, EOFError):
            raise BackupError(_("%(file)s is damaged: it cannot be unpacked.") % {"file": archive})
    for name, expected in files.items():
        if _sha256(workdir / name) != expected:
            raise BackupError(_("Checksum mismatch for %(name)s: the backup is damaged or was altered.") % {"name": name})
    return manifest


def is_empty(connection) -> bool:
    tables = [t for t in _tables(connection) if t not in SCHEMA_TABLES]
    return not any(_count(connection, tables).values())


def _alias_for(base_settings: dict, **changes) -> str:
    alias = f"xp_restore_{uuid.uuid4().hex[:8]}"
    connections.settings[alias] = {**base_settings, **changes}
    return alias


def _drop_alias(alias):
    if alias in connections.settings:
        if hasattr(connections._connections, alias):
            connections[alias].close()
            delattr(connections._connections, alias)
        del connections.settings[alias]


def _check_restored(alias, manifest):
    """Row counts and the audit chain of a restored copy against the manifest."""
    connection = connections[alias]
    counts = _count(connection, list(manifest["tables"]))
    for table, expected in manifest["tables"].items():
        if counts.get(table) != expected:
            raise BackupError(
                _("Restored table %(table)s has %(got)s rows; the manifest says %(expected)s.")
                % {"table": table, "got": counts.get(table), "expected": expected}
            )
    if "core_auditevent" in manifest["tables"]:
        _n, finding = audit_chain.verify(alias)
        if finding is not None:
            raise BackupError(_("The restored audit chain is broken at row #%(id)s.") % {"id": finding.event_id})
        if audit_chain.head(alias) != manifest.get("audit_chain_head", ""):
            raise BackupError(_("The restored audit chain head differs from the manifest."))


def restore(archive, *, using: str = "default", force: bool = False) -> dict:
    connection = connections[using]
    with tempfile.TemporaryDirectory(prefix="xingping-restore-") as tmp:
        workdir = Path(tmp)
        manifest = _open_and_check(archive, workdir)
        if manifest.get("engine") != connection.vendor:
            raise BackupError(
                _("This backup is of a %(engine)s database; the configured database is %(configured)s.")
                % {"engine": manifest.get("engine"), "configured": connection.vendor}
            )
        if not force and not is_empty(connection):
            raise BackupError(_("The configured database is not empty; restore refuses to overwrite it (use --force to replace it)."))
        media_root = Path(settings.MEDIA_ROOT)
        media_root.parent.mkdir(parents=True, exist_ok=True)
        staged_media = Path(tempfile.mkdtemp(prefix=".media-restore-", dir=media_root.parent))
        try:
            if (workdir / "media").is_dir():
                shutil.copytree(workdir / "media", staged_media, dirs_exist_ok=True)
            db_file = workdir / manifest["database"]
            if connection.vendor == "sqlite":
                _restore_sqlite(connection, db_file, manifest)
            else:
                _restore_postgresql(connection, db_file, manifest)
            # The database is in: swap the uploaded files.
            old = media_root.with_name(f".media-old-{uuid.uuid4().hex[:8]}")
            if media_root.exists():
                os.replace(media_root, old)
            os.replace(staged_media, media_root)
            shutil.rmtree(old, ignore_errors=True)
        finally:
            shutil.rmtree(staged_media, ignore_errors=True)
    return manifest


def _restore_sqlite(connection, db_file, manifest):
    name = str(connection.settings_dict["NAME"])
    in_memory = connection.is_in_memory_db()
    target_dir = Path(tempfile.gettempdir()) if in_memory else Path(name).resolve().parent
    fd, staged = tempfile.mkstemp(prefix=".restore-", suffix=".sqlite3", dir=target_dir)
    os.close(fd)
    try:
        src = sqlite3.connect(db_file)
        dst = sqlite3.connect(staged)
        try:
            src.backup(dst)
        except sqlite3.DatabaseError:
            raise BackupError(_("The database in the backup is damaged."))
        finally:
            src.close()
            dst.close()
        alias = _alias_for(connection.settings_dict, NAME=staged, TEST={**connection.settings_dict.get("TEST", {}), "NAME": staged})
        try:
            try:
                _check_restored(alias, manifest)
            except sqlite3.DatabaseError:
                raise BackupError(_("The database in the backup is damaged."))
        finally:
            _drop_alias(alias)
        plain = sqlite3.connect(staged)
        plain.execute("PRAGMA journal_mode=DELETE")
        plain.close()
        if in_memory:
            src = sqlite3.connect(staged)
            connection.ensure_connection()
            with connection.wrap_database_errors:
                src.backup(connection.connection)
            src.close()
        else:
            connection.close()
            for suffix in ("-wal", "-shm"):
                if os.path.exists(name + suffix):
                    os.unlink(name + suffix)
            os.replace(staged, name)
    finally:
        if os.path.exists(staged):
            os.unlink(staged)


def _restore_postgresql(connection, db_file, manifest):
    pg_restore = pg_tool("pg_restore", connection)
    scratch = f"xp_restore_check_{uuid.uuid4().hex[:8]}"
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{scratch}"')
    try:
        _run([pg_restore, "--no-owner", "--no-privileges", "--exit-on-error", "-d", scratch, str(db_file)],
             _pg_env(connection.settings_dict, scratch))
        alias = _alias_for(connection.settings_dict, NAME=scratch)
        try:
            _check_restored(alias, manifest)
        finally:
            _drop_alias(alias)
        # The dump is good: replace the configured database in one transaction.
        connection.close()
        _run([pg_restore, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
              "--clean", "--if-exists", "-d", connection.settings_dict["NAME"], str(db_file)],
             _pg_env(connection.settings_dict))
    finally:
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
    _check_restored(connection.alias, manifest)
