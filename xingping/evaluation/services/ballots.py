"""Casting a ballot (C7): the token lookup, validation, the conditional spend, and storage
that keeps no cast order.

Secrecy of cast order (issue 12). Nothing stored may order ballots as they were cast:
not a column, not SQLite's rowid, not PostgreSQL's heap order (ctid), and not the
transaction id PostgreSQL stamps on every row version (xmin) — the row of the token spent
in the same transaction carries the same xmin, so a ballot written where its token is
spent is linked to the token, and through a named token to the evaluator.

So a ballot is not written to the ballot store where its token is spent:

1. the cast's transaction spends the token (conditional UPDATE) and puts the ballot into
   the mixing buffer (`PendingBallot`, one row, random key; SQLite: random rowid);
2. once `XINGPING_BALLOT_BATCH` ballots of the evaluation wait (default 20), a separate
   transaction (`flush_pending`) moves them, in a random order, into Ballot and
   BallotAnswers (random keys; SQLite: random rowids) and deletes them from the buffer:
   the batch shares one xmin, which no token row has, and its rows lie in random order;
3. at the close, the rest of the buffer is flushed, every row of the evaluation's ballots
   is rewritten in the close's transaction (one xmin for all) and, on PostgreSQL, both
   tables are rewritten in the order of their random keys (CLUSTER) so heap order
   follows nothing; dead row versions are vacuumed after the commit.

While voting is open, a ballot is thus known only to lie in its batch, and the fewer than
`XINGPING_BALLOT_BATCH` ballots waiting in the buffer carry their token's xmin until the
batch fills: protect the database (and its WAL, which records everything in order) like
the running server. See docs/evaluation.md, "Secrecy of cast order"."""

import datetime
import json
import random
import secrets
import uuid

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xingping.evaluation.models import (
    Ballot,
    BallotAnswers,
    BallotForm,
    BallotToken,
    Evaluation,
    EvaluationState,
    PendingBallot,
)
from xingping.evaluation.services.common import MAX_CHOICES, BallotError, hash_token, receipt_code

# ------------------------------------------------------------------ ballots

_RUBRIC_CACHE = {}
OVERALL = "overall"


def ballot_rubric(evaluation):
    """What an open evaluation's ballot asks: units [(pk, code, name)], items [(key, code,
    text, required)], choices [(value, label, points, abstain)]. The full rubric asks every
    item; the overall form one rating per unit (key "overall") with the rubric's areas as
    optional detail (keys "area:<pk>"). Locked while open, so it is cached per process
    for the evaluation's opening (the hot path of C7)."""
    # The frozen layout is part of the key: another database (tests, a second instance)
    # with the same evaluation id and opening time but another rubric never hits.
    layout_key = getattr(evaluation, "_layout_text", None) or json.dumps(evaluation.layout, sort_keys=True)
    key = (evaluation.pk, evaluation.state, evaluation.opened_at, layout_key)
    cached = _RUBRIC_CACHE.get(key)
    if cached is None:
        units = list(evaluation.units.select_related("unit").values_list("unit_id", "unit__code", "unit__name"))
        if evaluation.ballot_form == BallotForm.OVERALL:
            items = [(OVERALL, OVERALL, _("Overall rating of the unit"), True)] + [
                (f"area:{pk}", code, name, False) for pk, code, name in evaluation.areas.values_list("pk", "code", "name")]
        else:
            items = [(pk, code, text, True) for pk, code, text in
                     evaluation.items.order_by("area__order", "order", "code", "pk").values_list("pk", "code", "text")]
        choices = list(evaluation.choices.order_by("abstain", "-value")
                       .values_list("value", "label", "points", "abstain"))[:MAX_CHOICES]
        cached = {"units": units, "items": items, "choices": choices}
        if evaluation.is_open and evaluation.layout.get("units") == [u[0] for u in units]:
            _RUBRIC_CACHE.clear()
            _RUBRIC_CACHE[key] = cached
    return cached


_EVALUATION_FIELDS = ("id", "state", "opened_at", "layout", "allow_abstain", "ballot_form", "campaign_id", "holder_id",
                      "meeting_title")


def token_lookup(token):
    """The token's row with its evaluation (one raw query: this is the hot path of C7),
    or BallotError 404 (unknown or revoked) / 409 (used)."""
    if not token or len(token) > 100:
        raise BallotError(404, _("Unknown ballot."))
    conn = transaction.get_connection()
    qn = conn.ops.quote_name
    tmeta, emeta = BallotToken._meta, Evaluation._meta
    tcols = ["id", "used", "revoked", "category", "units", "evaluator_id"]
    sql = (f"SELECT {', '.join('t.' + qn(c) for c in tcols)}, {', '.join('e.' + qn(c) for c in _EVALUATION_FIELDS)} "
           f"FROM {qn(tmeta.db_table)} t JOIN {qn(emeta.db_table)} e ON e.{qn('id')} = t.{qn('evaluation_id')} "
           f"WHERE t.{qn('token_hash')} = %s")
    with conn.cursor() as cursor:
        cursor.execute(sql, [hash_token(token)])
        row = cursor.fetchone()
    if row is None or row[2]:
        raise BallotError(404, _("Unknown ballot."))
    if row[1]:
        raise BallotError(409, _("This ballot has already been used."))
    values = dict(zip(_EVALUATION_FIELDS, row[len(tcols):]))
    evaluation = Evaluation(
        id=values["id"], state=values["state"], allow_abstain=bool(values["allow_abstain"]),
        ballot_form=values["ballot_form"], campaign_id=values["campaign_id"], holder_id=values["holder_id"],
        meeting_title=values["meeting_title"], opened_at=_db_datetime(conn, values["opened_at"]),
    )
    evaluation.layout, evaluation._layout_text = _layout(values["layout"])
    units = _db_json(row[4]) or []
    tok = BallotToken(id=row[0], used=False, revoked=False, category=row[3], units=units, evaluation_id=evaluation.pk,
                      evaluator_id=row[5])
    tok.evaluation = evaluation
    return tok


_LAYOUTS = {}


def _layout(value):
    """(layout, a text that identifies it) from the database value; parsed once per
    process for each frozen layout (the hot path reads it on every post)."""
    if not isinstance(value, (str, bytes)):  # a driver that decodes JSON itself (PostgreSQL)
        return value, json.dumps(value, sort_keys=True)
    parsed = _LAYOUTS.get(value)
    if parsed is None:
        _LAYOUTS.clear()
        parsed = _LAYOUTS[value] = json.loads(value)
    return parsed, value


def _db_json(value):
    return json.loads(value) if isinstance(value, (str, bytes)) else value


def _db_datetime(conn, value):
    if value is None or isinstance(value, datetime.datetime):
        return value
    return conn.ops.convert_datetimefield_value(value, None, conn)


def rubric_for_token(rubric, unit_pks):
    """The rubric restricted to a token's units ([] = all)."""
    if not unit_pks:
        return rubric
    wanted = set(unit_pks)
    return {**rubric, "units": [u for u in rubric["units"] if u[0] in wanted]}


NOT_ANSWERED = "-"  # an optional detail left out (overall form)


def validate_scores(rubric, scores, *, all_units=None, allow_abstain=True):
    """Field errors of a ballot (empty when valid) and the rows to store:
    [(unit pk, one character per item: the index of the chosen answer, "-" left out)].
    `rubric["units"]` are the units this ballot serves; `all_units` those of the whole
    evaluation (a unit of the evaluation not assigned to the ballot gets its own error)."""
    if not isinstance(scores, dict):
        return {"scores": [_("Expected an object of units.")]}, []
    choices = {value: str(index) for index, (value, _label, _points, _abstain) in enumerate(rubric["choices"])}
    abstaining = {value for value, _label, _points, abstain in rubric["choices"] if abstain}
    allowed = ", ".join(str(v) for v in choices if allow_abstain or v not in abstaining)
    units = {code: pk for pk, code, _name in rubric["units"]}
    known = {code for _pk, code, _name in (all_units or rubric["units"])}
    items = [(code, required) for _key, code, _text, required in rubric["items"]]
    item_codes = {code for code, _r in items}
    errors, rows = {}, []
    for code in scores:
        if code not in units:
            errors[code] = [_("This unit is not on your ballot.") if code in known
                            else _("Not a unit of this evaluation.")]
    for code, unit_pk in units.items():
        given = scores.get(code)
        if given is None:
            errors[code] = [_("This unit is missing.")]
            continue
        if not isinstance(given, dict):
            errors[code] = [_("Expected an object of items.")]
            continue
        unit_errors, answers = {}, []
        for item_code in given:
            if item_code not in item_codes:
                unit_errors[item_code] = [_("Not an item of the rubric.")]
        for item_code, required in items:
            value = given.get(item_code)
            if value is None:
                if required:
                    unit_errors[item_code] = [_("This item is missing.")]
                answers.append(NOT_ANSWERED)
            elif isinstance(value, bool) or not isinstance(value, int) or value not in choices:
                unit_errors[item_code] = [_("Not one of the choices %(allowed)s.") % {"allowed": allowed}]
            elif value in abstaining and not allow_abstain:
                unit_errors[item_code] = [_("This evaluation does not allow \"don't know\".")]
            else:
                answers.append(choices[value])
        if unit_errors:
            errors[code] = unit_errors
        else:
            rows.append((unit_pk, "".join(answers)))
    return ({"scores": errors} if errors else {}), rows


def ballot_cast(*, token, scores):
    """Cast one ballot with a token (C7). Returns the receipt code; raises BallotError.

    The token is spent by a conditional UPDATE (`used = false` → `true`) in the same
    transaction as the ballot enters the mixing buffer: of two racing posts exactly one
    updates the row (SQLite takes the write lock at BEGIN IMMEDIATE; PostgreSQL re-checks
    the condition after the first commit), the other gets 409 and stores nothing. A full
    buffer is then flushed in a transaction of its own (module docstring)."""
    tok = token_lookup(token)
    evaluation = tok.evaluation
    if not evaluation.is_open:
        raise BallotError(409, _("Voting is not open.") if evaluation.is_draft
                          else _("Voting is closed."))
    rubric = ballot_rubric(evaluation)
    errors, rows = validate_scores(rubric_for_token(rubric, tok.units), scores, all_units=rubric["units"],
                                   allow_abstain=evaluation.allow_abstain)
    if errors:
        raise BallotError(400, errors)
    nonce = secrets.token_hex(16)
    ballot = Ballot(evaluation=evaluation, category=tok.category, cast_on=timezone.localdate(), nonce=nonce)
    with transaction.atomic():
        # Spend the token only while voting is open. Closing revokes every unused token
        # before it counts: a racing ballot either spent its token first (the close waits
        # for its row lock and counts it) or finds the token revoked (409).
        spent = _spend(tok.pk, evaluation.pk)
        if spent != 1:
            raise BallotError(409, _("This ballot has already been used or voting is closed."))
        waiting = store_ballot(ballot, rows)
    if waiting >= batch_size():
        flush_pending(evaluation.pk)
    return receipt_code(nonce)


def _spend(token_pk, evaluation_pk):
    """UPDATE token SET used WHERE unused, not revoked and its evaluation open (raw: hot path)."""
    conn = transaction.get_connection()
    qn = conn.ops.quote_name
    t, e = qn(BallotToken._meta.db_table), qn(Evaluation._meta.db_table)
    with conn.cursor() as cursor:
        cursor.execute(
            f"UPDATE {t} SET {qn('used')} = %s WHERE {qn('id')} = %s AND {qn('used')} = %s AND {qn('revoked')} = %s "
            f"AND {qn('evaluation_id')} IN (SELECT {qn('id')} FROM {e} WHERE {qn('id')} = %s AND {qn('state')} = %s)",
            [True, token_pk, False, False, evaluation_pk, EvaluationState.OPEN])
        return cursor.rowcount


def batch_size():
    """How many waiting ballots are moved into the ballot store together (≥ 1)."""
    return max(1, int(getattr(settings, "XINGPING_BALLOT_BATCH", 20)))


def _random_rowid():
    return secrets.randbelow(2**62) + 1


def _insert(cursor, conn, model, columns, rows):
    """INSERT rows (lists in `columns` order) of `model`; on SQLite with a random rowid each
    (rows are stored in rowid order)."""
    qn = conn.ops.quote_name
    cols = [qn(model._meta.get_field(f).column) for f in columns]
    if conn.vendor == "sqlite":
        cols.insert(0, "rowid")
        rows = [[_random_rowid(), *row] for row in rows]
    marks = ", ".join(["%s"] * len(cols))
    sql = f"INSERT INTO {qn(model._meta.db_table)} ({', '.join(cols)}) VALUES ({marks})"
    if len(rows) == 1:
        cursor.execute(sql, rows[0])
    else:
        cursor.executemany(sql, rows)


def store_ballot(ballot, rows):
    """Put a ballot (not saved) and its answer rows [(unit pk, answers)] into the mixing
    buffer, in the caller's transaction; returns how many ballots of its evaluation wait
    (the caller flushes a full buffer after its commit). Raw SQL: hot path of C7."""
    conn = transaction.get_connection()
    qn = conn.ops.quote_name
    pmeta = PendingBallot._meta
    answers = ";".join(f"{unit}:{text}" for unit, text in rows)
    with conn.cursor() as cursor:
        _insert(cursor, conn, PendingBallot, ("id", "evaluation", "category", "cast_on", "source", "nonce", "answers"),
                [[pmeta.pk.get_db_prep_value(uuid.uuid4(), conn), ballot.evaluation_id, ballot.category,
                  conn.ops.adapt_datefield_value(ballot.cast_on), ballot.source, ballot.nonce, answers]])
        cursor.execute(f"SELECT COUNT(*) FROM {qn(pmeta.db_table)} WHERE {qn('evaluation_id')} = %s",
                       [ballot.evaluation_id])
        return cursor.fetchone()[0]


def flush_pending(evaluation_pk, *, force=False):
    """Move the evaluation's waiting ballots into Ballot and BallotAnswers in a random
    order, in one transaction of their own (or the caller's: the close), and delete them
    from the buffer; unless `force`, only when at least a batch waits. On PostgreSQL the
    rows are claimed with SKIP LOCKED, so two flushes never move the same ballot. Returns
    how many were moved."""
    with transaction.atomic():
        conn = transaction.get_connection()
        qn = conn.ops.quote_name
        table = qn(PendingBallot._meta.db_table)
        lock = " FOR UPDATE SKIP LOCKED" if conn.features.has_select_for_update_skip_locked else ""
        with conn.cursor() as cursor:
            cursor.execute(f"SELECT {qn('id')}, {qn('category')}, {qn('cast_on')}, {qn('source')}, {qn('nonce')}, "
                           f"{qn('answers')} FROM {table} WHERE {qn('evaluation_id')} = %s{lock}", [evaluation_pk])
            waiting = cursor.fetchall()
            if not waiting or (not force and len(waiting) < batch_size()):
                return 0
            random.SystemRandom().shuffle(waiting)
            ballots, answers = [], []
            for _pk, category, cast_on, source, nonce, text in waiting:
                ballot_id = Ballot._meta.pk.get_db_prep_value(uuid.uuid4(), conn)
                ballots.append([ballot_id, evaluation_pk, category, cast_on, source, nonce])
                for part in filter(None, text.split(";")):
                    unit, _sep, chars = part.partition(":")
                    answers.append([ballot_id, int(unit), chars])
            _insert(cursor, conn, Ballot, ("id", "evaluation", "category", "cast_on", "source", "nonce"), ballots)
            _insert(cursor, conn, BallotAnswers, ("ballot", "unit", "answers"), answers)
            ids = [row[0] for row in waiting]
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                cursor.execute(f"DELETE FROM {table} WHERE {qn('id')} IN ({', '.join(['%s'] * len(chunk))})", chunk)
    return len(waiting)


def seal_storage(evaluation):
    """At the close, in its transaction: flush the buffer, then rewrite every row of the
    evaluation's ballots (one transaction id for all of them) and, on PostgreSQL, both
    tables in the order of their random keys (CLUSTER), so neither xmin nor heap order
    follows the batches. Dead row versions are vacuumed after the commit."""
    flush_pending(evaluation.pk, force=True)
    conn = transaction.get_connection()
    if conn.vendor != "postgresql":
        return  # SQLite: random rowids at insert, and no row version stamps
    qn = conn.ops.quote_name
    b, a = qn(Ballot._meta.db_table), qn(BallotAnswers._meta.db_table)
    with conn.cursor() as cursor:
        cursor.execute(f"UPDATE {b} SET {qn('nonce')} = {qn('nonce')} WHERE {qn('evaluation_id')} = %s", [evaluation.pk])
        cursor.execute(f"UPDATE {a} SET {qn('answers')} = {qn('answers')} WHERE {qn('ballot_id')} IN "
                       f"(SELECT {qn('id')} FROM {b} WHERE {qn('evaluation_id')} = %s)", [evaluation.pk])
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no deferred checks pending on the tables
        for model in (Ballot, BallotAnswers):
            table = model._meta.db_table
            cursor.execute("SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'p'", [table])
            (pkey,) = cursor.fetchone()
            cursor.execute(f"CLUSTER {qn(table)} USING {qn(pkey)}")
    transaction.on_commit(_vacuum)


def _vacuum():
    """After the close's commit (autocommit): drop the dead row versions of the ballot tables
    and the buffer, so no old version keeps a batch's or a token's transaction id."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in (Ballot, BallotAnswers, PendingBallot):
            cursor.execute(f"VACUUM {qn(model._meta.db_table)}")
