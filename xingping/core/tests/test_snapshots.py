"""Snapshots of results dear to compute (core/snapshots.py): one recompute at a time across
app servers, the previous result with its time meanwhile, never a result passed off as fresh."""

import itertools
import time
import uuid

import pytest
from django.core.cache import cache

from xingping.core import snapshots


@pytest.fixture
def key():
    return f"test.snapshot.{uuid.uuid4().hex}"


def counter():
    calls = itertools.count(1)
    return lambda: next(calls)


def test_a_fresh_snapshot_is_not_recomputed(key):
    compute = counter()
    first = snapshots.snapshot(key, compute, version="1", fresh_for=60)
    again = snapshots.snapshot(key, compute, version="1", fresh_for=60)
    assert (first.value, first.stale) == (1, False)
    assert (again.value, again.stale, again.computed_at) == (1, False, first.computed_at)


def test_a_new_data_version_recomputes_at_once(key):
    compute = counter()
    snapshots.snapshot(key, compute, version="1", fresh_for=60)
    after = snapshots.snapshot(key, compute, version="2", fresh_for=60)
    assert (after.value, after.stale) == (2, False)


def test_an_old_snapshot_is_recomputed_even_with_the_same_version(key):
    compute = counter()
    snapshots.snapshot(key, compute, version="1", fresh_for=60)
    entry = cache.get(key)
    cache.set(key, {**entry, "at": entry["at"] - 61})
    assert snapshots.snapshot(key, compute, version="1", fresh_for=60).value == 2


def test_while_another_server_recomputes_the_previous_result_is_served_marked_stale(key):
    compute = counter()
    first = snapshots.snapshot(key, compute, version="1", fresh_for=60)
    assert cache.add(f"{key}.lock", 1, 60)  # another app server holds the lock: it is computing
    during = snapshots.snapshot(key, compute, version="2", fresh_for=60)
    assert (during.value, during.stale, during.computed_at) == (1, True, first.computed_at)
    cache.delete(f"{key}.lock")
    assert snapshots.snapshot(key, compute, version="2", fresh_for=60).value == 2


def test_min_age_lets_a_dear_result_stand_after_a_change_and_says_so(key):
    compute = counter()
    snapshots.snapshot(key, compute, version="1", fresh_for=60, min_age=30)
    young = snapshots.snapshot(key, compute, version="2", fresh_for=60, min_age=30)
    assert (young.value, young.stale) == (1, True)
    entry = cache.get(key)
    cache.set(key, {**entry, "at": entry["at"] - 31})
    old = snapshots.snapshot(key, compute, version="2", fresh_for=60, min_age=30)
    assert (old.value, old.stale) == (2, False)


def test_with_nothing_to_show_a_caller_waits_for_the_one_computing(key, monkeypatch):
    assert cache.add(f"{key}.lock", 1, 60)
    sleeps = []

    def finish_elsewhere(seconds):  # the other server stores its result while this one waits
        sleeps.append(seconds)
        at = time.time()
        cache.set(f"{key}.v{at!r}", "theirs")
        cache.set(key, {"version": "1", "at": at})

    monkeypatch.setattr(snapshots.time, "sleep", finish_elsewhere)
    got = snapshots.snapshot(key, lambda: "mine", version="1", fresh_for=60)
    assert (got.value, got.stale) == ("theirs", False) and len(sleeps) == 1
    assert cache.get(f"{key}.lock") == 1  # not ours: left alone


def test_a_failed_compute_releases_the_lock(key):
    def broken():
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        snapshots.snapshot(key, broken, version="1", fresh_for=60)
    assert cache.get(f"{key}.lock") is None
    assert snapshots.snapshot(key, lambda: 7, version="1", fresh_for=60).value == 7


def test_bump_changes_the_current_version():
    name = f"test-{uuid.uuid4().hex}"
    assert snapshots.current(name) == 0
    snapshots.bump(name)
    snapshots.bump(name)
    assert snapshots.current(name) == 2


def test_in_the_background_a_request_never_computes_and_the_worker_stores_the_result(key, monkeypatch):
    monkeypatch.setattr(snapshots, "shared", lambda: True)  # Redis or the database cache in production
    queued = []

    def enqueue():
        queued.append(1)

    def never():
        raise AssertionError("a request computed a background snapshot")

    first = snapshots.snapshot(key, never, version="1", fresh_for=60, enqueue=enqueue)
    assert (first.value, first.computed_at, first.stale) == (None, None, True)  # nothing to show yet: says so
    snapshots.snapshot(key, never, version="1", fresh_for=60, enqueue=enqueue)
    assert len(queued) == 1  # one recompute at a time
    snapshots.refresh(key, lambda: "rollup", version="1")  # what the worker's task does
    assert cache.get(f"{key}.lock") is None
    done = snapshots.snapshot(key, never, version="1", fresh_for=60, enqueue=enqueue)
    assert (done.value, done.stale) == ("rollup", False)
    later = snapshots.snapshot(key, never, version="2", fresh_for=60, enqueue=enqueue)
    assert (later.value, later.stale, len(queued)) == ("rollup", True, 2)


def test_a_value_another_server_stored_is_read_from_the_shared_cache_then_kept_in_the_process(key):
    stored = snapshots.snapshot(key, lambda: {"figures": 1}, version="1", fresh_for=60)
    snapshots._local.clear()  # another process: nothing of its own
    assert snapshots.snapshot(key, counter(), version="1", fresh_for=60).value == {"figures": 1}
    cache.delete(f"{key}.v{stored.computed_at!r}")  # the shared copy is gone; the process still has it
    assert snapshots.snapshot(key, counter(), version="1", fresh_for=60).value == {"figures": 1}
    snapshots._local.clear()
    assert snapshots.snapshot(key, counter(), version="1", fresh_for=60).value == 1  # nothing anywhere: computed


def test_with_a_per_process_cache_the_request_computes_what_the_worker_could_not_hand_over(key):
    from django.test import override_settings

    def enqueue():
        raise AssertionError("the worker's result would stay in the worker's own memory")

    with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}):
        assert not snapshots.shared()
        got = snapshots.snapshot(key, lambda: "computed here", version="1", fresh_for=60, enqueue=enqueue)
    assert (got.value, got.stale) == ("computed here", False)
    with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache"}}):
        assert snapshots.shared()


def test_a_replaced_value_expires_soon_instead_of_staying_a_day(key, monkeypatch):
    touched = []
    monkeypatch.setattr(cache, "touch", lambda k, timeout=None: touched.append((k, timeout)))
    first = snapshots.snapshot(key, lambda: "old", version="1", fresh_for=60)
    snapshots.snapshot(key, lambda: "new", version="2", fresh_for=60)
    assert touched == [(f"{key}.v{first.computed_at!r}", snapshots.REPLACED_SECONDS)]


def test_a_failed_enqueue_releases_the_lock(key, monkeypatch):
    monkeypatch.setattr(snapshots, "shared", lambda: True)

    def broken():
        raise RuntimeError("database locked")

    with pytest.raises(RuntimeError):
        snapshots.snapshot(key, lambda: 1, version="1", fresh_for=60, enqueue=broken)
    assert cache.get(f"{key}.lock") is None
