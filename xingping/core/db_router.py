"""Reads that may lag go to a PostgreSQL streaming replica (issue 14 part 7).

With `DATABASE_REPLICA_URL` set, settings add the alias "replica" and this router. Nothing
goes there by default: only code that runs inside `replica_reads()` — figures, dashboards and
exports, which never read their own writes — sends its reads to the replica. Writes, and every
read outside such a block, stay on the primary, so no page ever misses what it just wrote.

If the replica cannot be reached, the block reads from the primary instead and logs it once
per `RETRY_SECONDS`: a replica outage costs load on the primary, never a page.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import logging
import time

from django.db import connections
from django.db.utils import OperationalError

logger = logging.getLogger("xingping.db")

REPLICA = "replica"
RETRY_SECONDS = 30.0
_reading = contextvars.ContextVar("xingping_replica_reads", default=False)
_down_since: float | None = None


def replica_configured() -> bool:
    return REPLICA in connections.settings


def _replica_usable() -> bool:
    global _down_since
    now = time.monotonic()
    if _down_since is not None and now - _down_since < RETRY_SECONDS:
        return False
    try:
        connections[REPLICA].ensure_connection()
    except OperationalError as exc:
        if _down_since is None:
            logger.warning("read replica unreachable (%s): reading from the primary", str(exc).strip().splitlines()[0])
        _down_since = now
        return False
    if _down_since is not None:
        logger.warning("read replica reachable again")
    _down_since = None
    return True


@contextlib.contextmanager
def replica_reads():
    """Reads inside go to the replica when one is configured and reachable."""
    token = _reading.set(replica_configured() and _replica_usable())
    try:
        yield
    finally:
        _reading.reset(token)


def reads_from_replica(view):
    """Decorator for views whose reads may lag (figures, dashboards, exports)."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        with replica_reads():
            return view(*args, **kwargs)

    return wrapped


def read_connection():
    """The connection raw-SQL reads should use (the replica inside `replica_reads()`)."""
    return connections[REPLICA if _reading.get() else "default"]


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return REPLICA if _reading.get() else "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is a copy of the primary: same rows

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"
