"""Casting a ballot (C7): the token lookup, validation, the conditional spend and the storage that keeps no cast order."""

import datetime
import json
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xingping.evaluation.models import (
    Ballot,
    BallotAnswers,
    BallotForm,
    BallotToken,
    Evaluation,
    EvaluationState,
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
    key = (evaluation.pk, evaluation.state, evaluation.opened_at, json.dumps(evaluation.layout, sort_keys=True))
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
        raise BallotError(404, _("Unknown ballot (选票不存在)."))
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
        raise BallotError(404, _("Unknown ballot (选票不存在)."))
    if row[1]:
        raise BallotError(409, _("This ballot has already been used (该选票已使用)."))
    values = dict(zip(_EVALUATION_FIELDS, row[len(tcols):]))
    evaluation = Evaluation(
        id=values["id"], state=values["state"], allow_abstain=bool(values["allow_abstain"]),
        ballot_form=values["ballot_form"], campaign_id=values["campaign_id"], holder_id=values["holder_id"],
        meeting_title=values["meeting_title"], opened_at=_db_datetime(conn, values["opened_at"]),
    )
    evaluation.layout = _db_json(values["layout"])
    units = _db_json(row[4]) or []
    tok = BallotToken(id=row[0], used=False, revoked=False, category=row[3], units=units, evaluation_id=evaluation.pk,
                      evaluator_id=row[5])
    tok.evaluation = evaluation
    return tok


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
        return {"scores": [_("Expected an object of units (应为按单位组织的评分对象).")]}, []
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
            errors[code] = [_("This unit is not on your ballot (该单位不在您的评议范围内).") if code in known
                            else _("Not a unit of this evaluation (不是本次评议的单位).")]
    for code, unit_pk in units.items():
        given = scores.get(code)
        if given is None:
            errors[code] = [_("This unit is missing (缺少对该单位的评分).")]
            continue
        if not isinstance(given, dict):
            errors[code] = [_("Expected an object of items (应为按评议事项组织的评分).")]
            continue
        unit_errors, answers = {}, []
        for item_code in given:
            if item_code not in item_codes:
                unit_errors[item_code] = [_("Not an item of the rubric (不是评议事项).")]
        for item_code, required in items:
            value = given.get(item_code)
            if value is None:
                if required:
                    unit_errors[item_code] = [_("This item is missing (缺少该事项的评分).")]
                answers.append(NOT_ANSWERED)
            elif isinstance(value, bool) or not isinstance(value, int) or value not in choices:
                unit_errors[item_code] = [_("Not one of the choices %(allowed)s (不是有效选项).") % {"allowed": allowed}]
            elif value in abstaining and not allow_abstain:
                unit_errors[item_code] = [_("This evaluation does not allow \"don't know\" (本次评议不允许选择“不了解”).")]
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
    transaction as the ballot insert: of two racing posts exactly one updates the row
    (SQLite takes the write lock at BEGIN IMMEDIATE; PostgreSQL re-checks the condition
    after the first commit), the other gets 409 and stores nothing."""
    tok = token_lookup(token)
    evaluation = tok.evaluation
    if not evaluation.is_open:
        raise BallotError(409, _("Voting is not open (当前不在投票时间).") if evaluation.is_draft
                          else _("Voting is closed (投票已结束)."))
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
            raise BallotError(409, _("This ballot has already been used or voting is closed (该选票已使用或投票已结束)."))
        store_ballot(ballot, rows)
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


def _random_rowid():
    return secrets.randbelow(2**62) + 1


def store_ballot(ballot, rows):
    """Insert a ballot and its answers so that storage does not keep the cast order.

    On SQLite every table has a rowid, and rows are stored in rowid order: both tables get
    an explicit random rowid. On PostgreSQL rows land in heap order (ctid), which does
    follow insertion: `shuffle_storage` rewrites both tables in the order of their random
    keys when voting closes (see docs/evaluation.md, "Secrecy of cast order").
    One portable INSERT … VALUES executed for every unit (executemany): the ORM's
    per-object bulk_create costs more than the write itself, inside the write lock."""
    conn = transaction.get_connection()
    qn = conn.ops.quote_name
    sqlite = conn.vendor == "sqlite"
    bmeta, ameta = Ballot._meta, BallotAnswers._meta
    ballot_id = bmeta.pk.get_db_prep_value(ballot.pk, conn)
    bcols = [qn(bmeta.get_field(f).column) for f in ("id", "evaluation", "category", "cast_on", "source", "nonce")]
    bvals = [ballot_id, ballot.evaluation_id, ballot.category, conn.ops.adapt_datefield_value(ballot.cast_on),
             ballot.source, ballot.nonce]
    acols = [qn(ameta.get_field(f).column) for f in ("ballot", "unit", "answers")]
    arows = [[ballot_id, unit, answers] for unit, answers in rows]
    if sqlite:
        bcols.insert(0, "rowid")
        bvals.insert(0, _random_rowid())
        acols.insert(0, "rowid")
        for row in arows:
            row.insert(0, _random_rowid())
    marks = ", ".join(["%s"] * len(bcols))
    amarks = ", ".join(["%s"] * len(acols))
    with conn.cursor() as cursor:
        cursor.execute(f"INSERT INTO {qn(bmeta.db_table)} ({', '.join(bcols)}) VALUES ({marks})", bvals)
        cursor.executemany(f"INSERT INTO {qn(ameta.db_table)} ({', '.join(acols)}) VALUES ({amarks})", arows)


def shuffle_storage():
    """PostgreSQL: rewrite the ballot tables in the order of their random keys (CLUSTER),
    so heap order (ctid) no longer follows the cast order and no dead row versions remain.
    SQLite needs nothing (random rowids at insert)."""
    conn = transaction.get_connection()
    if conn.vendor != "postgresql":
        return
    qn = conn.ops.quote_name
    with conn.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no deferred checks pending on the tables
        for model in (Ballot, BallotAnswers):
            table = model._meta.db_table
            cursor.execute("SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'p'", [table])
            (pkey,) = cursor.fetchone()
            cursor.execute(f"CLUSTER {qn(table)} USING {qn(pkey)}")


