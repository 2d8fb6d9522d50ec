"""Secrecy of cast order (issue 12, C7): ballots cast in a known order; no stored column,
no storage order (SQLite rowid, PostgreSQL ctid), no row-version stamp (PostgreSQL xmin,
which a token spent in the ballot's own transaction would share) and no logged line
recovers it, while voting is open (a full mixing batch) and after the close. Runs on
SQLite and PostgreSQL alike (TEST: DATABASE_URL=postgres://…)."""

import io
import json
import logging
from itertools import combinations

import pytest
from django.db import connection
from django.test import Client

from xingping.evaluation import selectors, services
from xingping.evaluation.gunicorn_logger import GunicornLogger
from xingping.evaluation.logredact import redact
from xingping.evaluation.models import Ballot, BallotAnswers, BallotToken, PendingBallot
from xingping.evaluation.tests.conftest import api, full_scores, issue

pytestmark = pytest.mark.django_db
N = 40


def kendall_tau(sequence):
    """Rank correlation of `sequence` with 0..n-1 (1: same order, -1: reversed)."""
    pairs = list(combinations(range(len(sequence)), 2))
    score = sum(1 if sequence[i] < sequence[j] else -1 for i, j in pairs)
    return score / len(pairs)


def encode(i, items):
    """Ballot number i written in base 3 over the items of unit XN (choices 1..3)."""
    digits = []
    for _item in items:
        digits.append(i % 3 + 1)
        i //= 3
    return dict(zip(items, digits))


@pytest.fixture
def cast_in_order(open_evaluation, monkeypatch, settings):
    """N ballots cast in order; the N-th fills the mixing batch, so all N are stored."""
    settings.XINGPING_BALLOT_BATCH = N
    monkeypatch.setattr(services.scoring, "work_scores", lambda campaign, units: {})
    items = list(open_evaluation.items.order_by("area__order", "order", "code").values_list("code", flat=True))
    tokens = issue(open_evaluation, N)
    for i, token in enumerate(tokens):
        scores = full_scores(open_evaluation)
        scores["XN"] = encode(i, items)
        resp = Client().post(api(token), data=json.dumps({"scores": scores}), content_type="application/json")
        assert resp.status_code == 201
    # Which ballot is which: decode each ballot's XN answers back to its cast number.
    layout = open_evaluation.layout
    values = [c[0] for c in layout["choices"]]
    number = {}
    for ballot_id, answers in BallotAnswers.objects.filter(unit__code="XN").values_list("ballot_id", "answers"):
        i = 0
        for pos in reversed(range(len(items))):
            i = i * 3 + values[int(answers[pos])] - 1
        number[ballot_id] = i
    assert sorted(number.values()) == list(range(N))
    return open_evaluation, number


def assert_not_ordered(sequence, what):
    tau = kendall_tau(sequence)
    assert abs(tau) < 0.5, f"{what} recovers the cast order (tau={tau:.2f})"


def storage_order(table, key_column):
    """The rows' `key_column` in physical storage order (rowid / ctid)."""
    order = "rowid" if connection.vendor == "sqlite" else "ctid"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {key_column} FROM {table} ORDER BY {order}")
        return [row[0] for row in cursor.fetchall()]


def _uuid(value):
    import uuid

    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def xmins(model):
    """PostgreSQL: the transaction id of each row's current version."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT xmin::text FROM {model._meta.db_table}")
        return [row[0] for row in cursor.fetchall()]


def assert_no_stamp_links_ballots_to_tokens():
    """PostgreSQL: every ballot row carries one and the same xmin, which no token row has."""
    if connection.vendor != "postgresql":
        return
    stamps = set(xmins(Ballot)) | set(xmins(BallotAnswers))
    assert len(stamps) == 1, f"ballot rows carry {len(stamps)} transaction ids: they order the batches"
    assert not stamps & set(xmins(BallotToken)), "a ballot shares its transaction id with a token"


def assert_storage_not_ordered(number):
    ballots = storage_order(Ballot._meta.db_table, "id")
    assert_not_ordered([number[_uuid(b)] for b in ballots], "ballot storage order")
    seen = []
    for b in storage_order(BallotAnswers._meta.db_table, "ballot_id"):
        if _uuid(b) not in seen:
            seen.append(_uuid(b))
    assert_not_ordered([number[b] for b in seen], "answers storage order")


def test_while_voting_is_open_a_stored_batch_keeps_no_order(cast_in_order):
    evaluation, number = cast_in_order
    assert evaluation.is_open and not PendingBallot.objects.exists()
    assert_storage_not_ordered(number)
    assert_no_stamp_links_ballots_to_tokens()


def test_ballots_wait_in_the_buffer_until_a_batch_is_full(open_evaluation, tree, settings, monkeypatch):
    monkeypatch.setattr(services.scoring, "work_scores", lambda campaign, units: {})
    settings.XINGPING_BALLOT_BATCH = 5
    tokens = issue(open_evaluation, 7)
    post = lambda token: Client().post(api(token), data=json.dumps({"scores": full_scores(open_evaluation)}),  # noqa: E731
                                       content_type="application/json")
    for token in tokens[:4]:
        assert post(token).status_code == 201
    assert Ballot.objects.count() == 0 and PendingBallot.objects.count() == 4
    assert selectors.ballot_count(open_evaluation) == 4  # the live count sees them
    assert post(tokens[4]).status_code == 201
    assert Ballot.objects.count() == 5 and PendingBallot.objects.count() == 0
    assert BallotAnswers.objects.count() == 5 * open_evaluation.units.count()
    for token in tokens[5:]:
        assert post(token).status_code == 201
    assert post(tokens[0]).status_code == 409  # spent, whether stored or waiting
    services.evaluation_close(actor=tree.office, evaluation=open_evaluation)
    assert Ballot.objects.count() == 7 and PendingBallot.objects.count() == 0
    assert open_evaluation.results.get(unit__code="XN").answered == 7


def test_no_column_and_no_storage_order_recovers_the_cast_order(cast_in_order, tree):
    evaluation, number = cast_in_order
    services.evaluation_close(actor=tree.office, evaluation=evaluation)
    assert_no_stamp_links_ballots_to_tokens()
    # Every column of the ballot and its answers.
    for field in [f.attname for f in Ballot._meta.concrete_fields]:
        rows = list(Ballot.objects.order_by(field, "nonce").values_list("id", flat=True)) if field != "nonce" else \
            list(Ballot.objects.order_by("nonce").values_list("id", flat=True))
        values = set(Ballot.objects.values_list(field, flat=True))
        if len(values) > 1:
            assert_not_ordered([number[b] for b in rows], f"ballot.{field}")
    assert Ballot.objects.values("cast_on").distinct().count() == 1  # the day only, no time
    # Storage order of both tables (SQLite: random rowids; PostgreSQL: rewritten at close).
    assert_storage_not_ordered(number)


def test_sqlite_rowids_are_random(cast_in_order):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    rowids = storage_order(Ballot._meta.db_table, "rowid")
    assert min(rowids) > N * 1000  # not 1, 2, 3, …


def test_logged_lines_carry_no_token(cast_in_order, caplog):
    token = "AbCdEf0123456789-_xyz"
    line = f'"POST /api/v1/ballots/{token}/ HTTP/1.1" 201 27'
    assert redact(line) == '"POST /api/v1/ballots/[redacted]/ HTTP/1.1" 201 27'
    assert redact(f"GET /evaluation/b/{token}/ HTTP/1.1") == "GET /evaluation/b/[redacted]/ HTTP/1.1"
    # The development server's log (settings LOGGING, django.server) goes through the filter.
    logger = logging.getLogger("django.server")
    handler = logger.handlers[0]
    stream = io.StringIO()
    old, handler.stream = handler.stream, stream
    try:
        logger.info('"%s" %s %s', f"POST /api/v1/ballots/{token}/ HTTP/1.1", 201, 27)
        logging.getLogger("django.request").warning("Not Found: %s", f"/evaluation/b/{token}/")
    finally:
        handler.stream = old
    assert token not in stream.getvalue() and "[redacted]" in stream.getvalue()
    # gunicorn's access log (deploy/gunicorn.conf.py).
    import datetime
    import types

    from gunicorn.config import Config

    path = f"/api/v1/ballots/{token}/"
    environ = {"REQUEST_METHOD": "POST", "RAW_URI": path, "SERVER_PROTOCOL": "HTTP/1.1", "PATH_INFO": path,
               "QUERY_STRING": "", "REMOTE_ADDR": "10.0.0.9"}
    resp = types.SimpleNamespace(status="201 Created", response_length=27, sent=27, headers=[])
    req = types.SimpleNamespace(headers=[], path=path, query="", uri=path, method="POST", version=(1, 1))
    atoms = GunicornLogger(Config()).atoms(resp, req, environ, datetime.timedelta(seconds=0.01))
    assert atoms["r"] == "POST /api/v1/ballots/[redacted]/ HTTP/1.1"
    assert all(token not in str(v) for v in atoms.values())
    with open("deploy/gunicorn.conf.py") as f:
        assert "logger_class = GunicornLogger" in f.read()
    with open("deploy/nginx.conf") as f:
        conf = f.read()
    assert "[redacted]" in conf and "access_log" in conf and "xp_redacted" in conf
