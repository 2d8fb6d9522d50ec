"""One ballot per token under concurrency: racing posts from threads, each with its own
database connection. On SQLite the in-memory test database cannot be shared between
connections that wait for each other, so the committed test data is copied to a file
database (WAL, BEGIN IMMEDIATE as in production) for the threads; PostgreSQL runs as is."""

import contextlib
import json
import sqlite3
import threading

import pytest
from django.db import connection, connections
from django.test import Client

from xingping.evaluation.tests.conftest import api, full_scores, issue

pytestmark = pytest.mark.django_db(transaction=True)


@contextlib.contextmanager
def shared_database(tmp_path):
    if connection.vendor != "sqlite":
        yield
        return
    path = tmp_path / "race.sqlite3"
    target = sqlite3.connect(path)
    connection.ensure_connection()
    connection.connection.backup(target)
    target.execute("PRAGMA journal_mode=WAL")
    target.close()
    settings_dict = connections.settings["default"]
    old = settings_dict["NAME"]
    settings_dict["NAME"] = str(path)
    try:
        yield
    finally:
        settings_dict["NAME"] = old


def race(jobs):
    """Run callables at the same moment, each in its own thread (own connection)."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(n, job):
        try:
            barrier.wait()
            results[n] = job()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n, job)) for n, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def in_thread(func):
    return race([func])[0]


def test_racing_posts_of_one_token_give_one_201_and_409s(open_evaluation, tmp_path):
    tokens = issue(open_evaluation, 3)
    body = json.dumps({"scores": full_scores(open_evaluation)})

    def poster(token):
        return lambda: Client().post(api(token), data=body, content_type="application/json").status_code

    with shared_database(tmp_path):
        statuses = race([poster(tokens[0]) for _ in range(6)] + [poster(tokens[1]) for _ in range(4)]
                        + [poster(tokens[2])])

        def counts():
            from xingping.evaluation.models import Ballot, BallotAnswers, BallotToken

            return Ballot.objects.count(), BallotAnswers.objects.count(), BallotToken.objects.filter(used=True).count()

        ballots, scores, used = in_thread(counts)
    assert sorted(statuses[:6]) == [201, 409, 409, 409, 409, 409]
    assert sorted(statuses[6:10]) == [201, 409, 409, 409]
    assert statuses[10] == 201
    assert (ballots, used) == (3, 3)
    assert scores == 3 * open_evaluation.units.count()
