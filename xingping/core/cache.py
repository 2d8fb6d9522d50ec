"""A shared cache that survives its server going away (issue 14: "Redis down: the app keeps
serving from the primary and the database cache, and says so in the logs, never a 500").

`FallbackCache` forwards every call to the primary backend (Redis) and, when the primary
raises a connection-level error, answers from the secondary (the database cache) instead, logs
one warning per `RETRY_SECONDS` and retries the primary after that. Rate limits and the
figures cache therefore stay shared between app servers in both states (both backends are
shared), and a Redis outage costs speed, never a page.

Settings (see settings.py): `XINGPING_CACHE=redis://host:6379/0` selects it, with the database
cache table `xingping_cache` as the fallback (`xingping createcachetable`).
"""

from __future__ import annotations

import logging
import time

from django.core.cache import caches
from django.core.cache.backends.base import BaseCache

logger = logging.getLogger("xingping.cache")

RETRY_SECONDS = 30.0


def _primary_errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = [ConnectionError, TimeoutError, OSError]
    try:
        import redis.exceptions as rex  # the redis client is a dependency (pyproject)

        errors += [rex.ConnectionError, rex.TimeoutError, rex.BusyLoadingError]
    except ModuleNotFoundError:  # pragma: no cover - redis is installed with the project
        pass
    return tuple(errors)


class FallbackCache(BaseCache):
    """OPTIONS: {"PRIMARY": alias, "SECONDARY": alias} — two other entries of CACHES."""

    def __init__(self, location, params):
        super().__init__(params)
        options = params.get("OPTIONS", {})
        self._primary_alias = options["PRIMARY"]
        self._secondary_alias = options["SECONDARY"]
        self._down_since: float | None = None
        self._errors = _primary_errors()

    @property
    def primary(self):
        return caches[self._primary_alias]

    @property
    def secondary(self):
        return caches[self._secondary_alias]

    def _call(self, name, *args, **kwargs):
        now = time.monotonic()
        if self._down_since is None or now - self._down_since >= RETRY_SECONDS:
            try:
                result = getattr(self.primary, name)(*args, **kwargs)
            except self._errors as exc:
                if self._down_since is None:
                    logger.warning("shared cache %s unreachable (%s): using the database cache", self._primary_alias, exc)
                self._down_since = now
            else:
                if self._down_since is not None:
                    logger.warning("shared cache %s reachable again", self._primary_alias)
                self._down_since = None
                return result
        return getattr(self.secondary, name)(*args, **kwargs)

    # The BaseCache API, every call through `_call`.
    def add(self, key, value, timeout=300, version=None):
        return self._call("add", key, value, timeout, version=version)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default, version=version)

    def set(self, key, value, timeout=300, version=None):
        return self._call("set", key, value, timeout, version=version)

    def touch(self, key, timeout=300, version=None):
        return self._call("touch", key, timeout, version=version)

    def delete(self, key, version=None):
        return self._call("delete", key, version=version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta, version=version)

    def decr(self, key, delta=1, version=None):
        return self._call("decr", key, delta, version=version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version=version)

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version=version)

    def set_many(self, data, timeout=300, version=None):
        return self._call("set_many", data, timeout, version=version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", keys, version=version)

    def clear(self):
        return self._call("clear")

    def close(self, **kwargs):
        for alias in (self._primary_alias, self._secondary_alias):
            try:
                caches[alias].close(**kwargs)
            except self._errors:  # closing a dead connection is not an error worth a 500
                pass
