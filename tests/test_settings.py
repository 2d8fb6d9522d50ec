"""C5: configuration from the environment, and `check --deploy` under it."""

import os
import subprocess
import sys

import pytest


def xingping(args, **env):
    base = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "XINGPING_HTTPS", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    base["DJANGO_SETTINGS_MODULE"] = "xingping.settings"
    return subprocess.run([sys.executable, "-m", "xingping", *args], capture_output=True, text=True, env={**base, **env})


@pytest.mark.parametrize("https", [None, "0"])
def test_check_deploy_passes_with_debug_off_and_secret_and_hosts_set(tmp_path, https):
    env = {"DEBUG": "0", "SECRET_KEY": "k" * 20 + "-Zq8#vY2!mN4$pL6^rT0&wX3*bH5(cJ7", "ALLOWED_HOSTS": "xp.example.gov.cn",
           "XINGPING_VAR_DIR": str(tmp_path)}
    if https:
        env["XINGPING_HTTPS"] = https
    result = xingping(["check", "--deploy", "--fail-level", "WARNING"], **env)
    assert result.returncode == 0, result.stderr + result.stdout


def test_secret_key_is_generated_once_under_var(tmp_path):
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    env = {"XINGPING_VAR_DIR": str(tmp_path)}
    first = xingping(["shell", "--no-imports", "-c", code], **env).stdout.strip()
    second = xingping(["shell", "--no-imports", "-c", code], **env).stdout.strip()
    assert len(first) >= 50 and first == second
    assert (tmp_path / "secret_key").read_text().strip() == first
    assert oct((tmp_path / "secret_key").stat().st_mode)[-3:] == "600"


def test_sqlite_runs_in_wal_mode_with_immediate_transactions(tmp_path):
    code = ("from django.db import connection; c = connection.cursor(); c.execute('PRAGMA journal_mode');"
            "print(c.fetchone()[0], connection.settings_dict['OPTIONS']['transaction_mode'],"
            " connection.settings_dict['OPTIONS']['timeout'])")
    result = xingping(["shell", "--no-imports", "-c", code], XINGPING_VAR_DIR=str(tmp_path))
    assert result.stdout.split() == ["wal", "IMMEDIATE", "20"], result.stderr


def test_https_is_on_by_default_outside_debug_and_off_explicitly(tmp_path):
    code = "from django.conf import settings; print(settings.SECURE_SSL_REDIRECT, settings.SESSION_COOKIE_SECURE)"
    on = xingping(["shell", "--no-imports", "-c", code], XINGPING_VAR_DIR=str(tmp_path), DEBUG="0")
    off = xingping(["shell", "--no-imports", "-c", code], XINGPING_VAR_DIR=str(tmp_path), DEBUG="0", XINGPING_HTTPS="0")
    assert on.stdout.split() == ["True", "True"]
    assert off.stdout.split() == ["False", "False"]


def test_sessions_expire_after_30_idle_minutes():
    from django.conf import settings

    # renewed at most once a minute by IdleSessionMiddleware, whose response phase must run before
    # SessionMiddleware saves (behaviour: accounts/tests/test_sessions.py)
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    middleware = settings.MIDDLEWARE
    assert middleware.index("xingping.accounts.middleware.IdleSessionMiddleware") == \
        middleware.index("django.contrib.sessions.middleware.SessionMiddleware") + 1
