"""Data versions and results dear to compute, shared by every app server through the cache.

A *data version* is a counter in the shared cache that a write bumps (`bump("figures")`, after
its transaction commits): the app that owns the data tells the apps that read it that their
cached results are out of date, without importing them (arrows point down: core is below both).

`snapshot(key, compute, version=…)` keeps one result per key with the version and the time it
was computed. A result is *fresh* while its version is the current one and it is younger than
`fresh_for` seconds. When it is not fresh, exactly one caller recomputes it (a lock in the shared
cache, so two app servers do not both compute); the others are given the previous result,
marked stale with the time it was computed, for as long as the recompute takes (at most
`lock_for` seconds). With no previous result at all, the others wait for the one computing,
then compute themselves if it failed. `min_age` (seconds) lets a result that is dear to compute
stand that long after a change before it is recomputed; pages show its time.

With `enqueue`, a request never computes: it starts the recompute in the background (the
`db_worker`; the callable enqueues a task that calls `refresh`) and is given the previous
result, or a snapshot with no value (`value is None`) when there has never been one: the page
says the figure is being computed rather than showing a number it does not have. That needs a
cache the worker shares with the app servers (Redis, the database cache: `shared()`); with the
per-process memory cache (the default, one server) the worker's result would never reach the
page, so the request computes it itself, one at a time, as above.

The caller decides what a stale result means to its user and says so on the page: a snapshot
is never presented as the present state without its time.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache

FIGURES = "figures"  # the data of the target figures: visits, entities, penalties, cases, submissions
KEEP_SECONDS = 24 * 3600  # how long a previous result stays available to serve while recomputing
REPLACED_SECONDS = 60  # how long a replaced value stays for readers that have just read its time
POLL_SECONDS = 0.05


def version_key(name: str) -> str:
    return f"xingping.version.{name}"


def bump_figures() -> None:
    """After a write that changes a target figure (on_commit): the figures' snapshots are out of date."""
    bump(FIGURES)


def bump(name: str) -> None:
    """Mark every snapshot computed from `name`'s data out of date (call after commit)."""
    try:
        cache.incr(version_key(name))
    except ValueError:
        cache.set(version_key(name), 1, None)


def current(name: str) -> int:
    return cache.get(version_key(name), 0)


@dataclass(frozen=True)
class Snapshot:
    value: Any  # None: never computed yet, being computed in the background
    computed_at: float | None  # time.time() when computed
    stale: bool  # True: a newer result is being computed (or waits out `min_age`)


def shared() -> bool:
    """True when the default cache is shared between processes (so the worker's result reaches
    the app servers): not the per-process memory cache, not the dummy cache."""
    backend = settings.CACHES["default"]["BACKEND"]
    return not backend.endswith(("LocMemCache", "DummyCache"))


def _lock(key: str) -> str:
    return f"{key}.lock"


# Each snapshot is two cache entries: `key` holds {"version", "at"} and `key.v<at>` the value,
# so a request learns whether a snapshot is fresh without fetching it, and a process that has
# already read the value computed at `at` keeps it (the C4 figures of a province are 1.1 MB:
# 25 ms to unpickle on every request otherwise). At most LOCAL_KEYS values per process.
LOCAL_KEYS = 32
_local: OrderedDict[str, tuple[float, Any]] = OrderedDict()


def _value_key(key: str, at: float) -> str:
    return f"{key}.v{at!r}"


def _read(key: str) -> dict | None:
    meta = cache.get(key)
    if meta is None:
        return None
    local = _local.get(key)
    if local is not None and local[0] == meta["at"]:
        _local.move_to_end(key)
        return {**meta, "value": local[1]}
    value = cache.get(_value_key(key, meta["at"]))
    if value is None:  # evicted, or the value of a newer snapshot not written yet
        return None
    _remember(key, meta["at"], value)
    return {**meta, "value": value}


def _remember(key: str, at: float, value: Any) -> None:
    _local[key] = (at, value)
    _local.move_to_end(key)
    while len(_local) > LOCAL_KEYS:
        _local.popitem(last=False)


def snapshot(key: str, compute: Callable[[], Any], *, version: str, fresh_for: float, lock_for: float = 120.0,
             min_age: float = 0.0, enqueue: Callable[[], None] | None = None) -> Snapshot:
    """The result of `compute()` for `key`, recomputed by one caller at a time (module docstring)."""
    entry = _read(key)
    now = time.time()
    if entry is not None:
        age = now - entry["at"]
        if entry["version"] == version and age < fresh_for:
            return Snapshot(entry["value"], entry["at"], False)
        if age < min_age:
            return Snapshot(entry["value"], entry["at"], True)
    lock = _lock(key)
    if enqueue is not None and shared():
        if cache.add(lock, 1, lock_for):
            try:
                enqueue()  # the worker's `refresh` stores the result and releases the lock
            except BaseException:
                cache.delete(lock)  # not queued: the next request tries again
                raise
            entry = _read(key) or entry  # an immediate backend (tests) has already computed it
        if entry is None:
            return Snapshot(None, None, True)
        return Snapshot(entry["value"], entry["at"], entry["version"] != version or time.time() - entry["at"] >= fresh_for)
    owned = cache.add(lock, 1, lock_for)
    if not owned:
        if entry is not None:
            return Snapshot(entry["value"], entry["at"], True)
        deadline = time.monotonic() + lock_for
        while time.monotonic() < deadline:
            time.sleep(POLL_SECONDS)
            entry = _read(key)
            if entry is not None:
                return Snapshot(entry["value"], entry["at"], entry["version"] != version)
            if cache.get(lock) is None:  # the one computing gave up (an error): compute here
                break
    try:
        return _store(key, compute(), version)
    finally:
        if owned:
            cache.delete(lock)


def _store(key: str, value: Any, version: str) -> Snapshot:
    at = time.time()
    previous = cache.get(key)
    cache.set(_value_key(key, at), value, KEEP_SECONDS)  # the value first: `key` never names a missing one
    cache.set(key, {"version": version, "at": at}, KEEP_SECONDS)
    if previous is not None and previous["at"] != at:
        # the value it replaces stays a little for a reader that has just read the old `key`, then
        # goes: recomputed every few seconds under writes, 1.1 MB values kept a day would fill Redis
        cache.touch(_value_key(key, previous["at"]), REPLACED_SECONDS)
    _remember(key, at, value)
    return Snapshot(value, at, False)


def refresh(key: str, compute: Callable[[], Any], *, version: str) -> None:
    """The background half of `snapshot(..., enqueue=…)`: compute, store, release the lock."""
    try:
        _store(key, compute(), version)
    finally:
        cache.delete(_lock(key))
