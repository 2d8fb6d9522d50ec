"""The shared cache of several app servers (issue 14 part 4): Redis first, the database cache
when Redis is down — logged, never an error for the page."""

import logging
import shutil
import socket
import subprocess
import time

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.test import override_settings

pytestmark = pytest.mark.django_db(transaction=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def redis_server(tmp_path):
    binary = shutil.which("redis-server")
    assert binary, "redis-server is installed by `make test` (scripts/ensure-system-packages.sh)"
    port = free_port()
    proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                             "--dir", str(tmp_path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            time.sleep(0.05)
    yield proc, port
    proc.terminate()
    proc.wait(10)


def fallback_caches(port):
    return {
        "default": {"BACKEND": "xingping.core.cache.FallbackCache", "OPTIONS": {"PRIMARY": "redis", "SECONDARY": "database"}},
        "redis": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": f"redis://127.0.0.1:{port}/0",
                  "OPTIONS": {"socket_connect_timeout": 0.3, "socket_timeout": 0.3}},
        "database": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "xingping_cache_test"},
    }


def test_values_live_in_redis_while_it_is_up(redis_server):
    _, port = redis_server
    with override_settings(CACHES=fallback_caches(port)):
        call_command("createcachetable", verbosity=0)
        cache = caches["default"]
        cache.set("k", "v", 60)
        assert caches["redis"].get("k") == "v"
        assert caches["database"].get("k") is None
        assert cache.get("k") == "v"
        assert cache.add("counter", 1, 60) and cache.incr("counter") == 2


def test_redis_down_falls_back_to_the_database_cache_and_logs(redis_server, caplog):
    proc, port = redis_server
    with override_settings(CACHES=fallback_caches(port)):
        call_command("createcachetable", verbosity=0)
        cache = caches["default"]
        cache.set("before", "x", 60)
        proc.terminate()
        proc.wait(10)
        with caplog.at_level(logging.WARNING, logger="xingping.cache"):
            assert cache.get("before") is None  # answered by the database cache: no exception
            cache.set("during", "y", 60)
            assert cache.get("during") == "y"
            assert caches["database"].get("during") == "y"
        warnings = [r for r in caplog.records if "unreachable" in r.getMessage()]
        assert len(warnings) == 1, "one warning per outage, not one per call"


def test_settings_select_the_fallback_for_a_redis_url(monkeypatch):
    import importlib

    import xingping.settings as settings_module

    monkeypatch.setenv("XINGPING_CACHE", "redis://127.0.0.1:6399/1")
    try:
        reloaded = importlib.reload(settings_module)
        assert reloaded.CACHES["default"]["BACKEND"] == "xingping.core.cache.FallbackCache"
        assert reloaded.CACHES["redis"]["LOCATION"] == "redis://127.0.0.1:6399/1"
        assert reloaded.CACHES["database"]["BACKEND"].endswith("DatabaseCache")
    finally:
        monkeypatch.delenv("XINGPING_CACHE")
        importlib.reload(settings_module)
