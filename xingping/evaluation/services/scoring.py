"""Results: item and democratic scores computed in the database, work scores, ranks and grades."""

import logging
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Case, Count, F, FloatField, Q, Value, When
from django.db.models.functions import Replace, Substr
from django.db.models.lookups import Exact
from django.utils import timezone

from xingping.evaluation.models import (
    BallotAnswers,
    BallotSource,
    Evaluation,
    EvaluationState,
    UnitResult,
)
from xingping.evaluation.services.ballots import NOT_ANSWERED
from xingping.evaluation.services.common import TWO, UNQUALIFIED

log = logging.getLogger(__name__)


# ------------------------------------------------------------------ results

def _q(value):
    return Decimal(value).quantize(TWO, rounding=ROUND_HALF_UP)


def item_weights(evaluation):
    """{item pk: effective weight}: area weight share × item weight share within its area."""
    items = list(evaluation.items.select_related("area"))
    area_total = sum({i.area_id: i.area.weight for i in items}.values()) or Decimal(1)
    item_total = {}
    for i in items:
        item_total[i.area_id] = item_total.get(i.area_id, 0) + i.weight
    return {i.pk: (i.area.weight / area_total) * (i.weight / item_total[i.area_id]) for i in items}


def answer_is(position, index):
    """The condition "the answer to the item at `position` is choice `index`" (in SQL)."""
    return Exact(Substr("answers", position + 1, 1), Value(str(index)))


def _choices(layout):
    """[(points, abstain)] per choice index (layouts frozen before 不了解 had no flag)."""
    return [(c[1], bool(c[2]) if len(c) > 2 else False) for c in layout.get("choices", [])]


def answered_condition(layout):
    """SQL: the answers row holds at least one answer that is neither 不了解 nor left out."""
    stripped = F("answers")
    for j, (_points, abstain) in enumerate(_choices(layout)):
        if abstain:
            stripped = Replace(stripped, Value(str(j)), Value(""))
    stripped = Replace(stripped, Value(NOT_ANSWERED), Value(""))
    return ~Exact(stripped, Value(""))


def answers_by_unit(evaluation, extra=None, **ballot_filter):
    """Per unit, the average points of every item (`p<position>`; 不了解 and left-out
    answers count in no average), the ballots that answered it at all (`answered`) and
    the phone and paper ballots, computed in the database in one query, plus any `extra`
    aggregates; {unit pk: row}."""
    layout = evaluation.layout or {"items": [], "choices": []}
    choices = _choices(layout)
    aggregates = {
        f"p{k}": Avg(Case(*[When(answer_is(k, j), then=Value(points)) for j, (points, abstain) in enumerate(choices)
                            if not abstain], default=None, output_field=FloatField()))
        for k in range(len(layout["items"]))
    }
    if aggregates:
        aggregates["answered"] = Count(Case(When(answered_condition(layout), then=Value(1))))
        aggregates["phone"] = Count("ballot_id", filter=Q(ballot__source=BallotSource.PHONE))
        aggregates["paper"] = Count("ballot_id", filter=Q(ballot__source=BallotSource.PAPER))
    aggregates.update(extra or {})
    if not aggregates:
        return {}
    rows = (BallotAnswers.objects.filter(ballot__evaluation=evaluation, **ballot_filter)
            .values("unit_id").annotate(**aggregates).order_by())
    return {row["unit_id"]: row for row in rows}


def _weights(evaluation):
    layout = evaluation.layout or {}
    if "weights" in layout:
        return [Decimal(str(w)) for w in layout["weights"]]
    iw = item_weights(evaluation)
    return [iw.get(item, Decimal(0)) for item in layout.get("items", [])]


def combine(weights, row):
    """The democratic score from per-position averages: the weighted mean over the
    positions somebody answered (None when nobody did)."""
    total, weight = Decimal(0), Decimal(0)
    for k, w in enumerate(weights):
        avg = row.get(f"p{k}")
        if avg is not None and w > 0:
            total += w * Decimal(str(avg))
            weight += w
    return total / weight if weight else None


def democratic_scores(evaluation, **ballot_filter):
    """{unit pk: democratic score 0–100 or None}: average points per (unit, item) computed
    in the database, combined with the rubric weights."""
    weights = _weights(evaluation)
    return {unit: combine(weights, row) for unit, row in answers_by_unit(evaluation, **ballot_filter).items()}


class FiguresUnavailable(Exception):
    """The figures engine failed: the work score is unavailable, results wait."""


def work_scores(campaign, units):
    """{unit pk: work score 0–100}: the share of C4 targets met (a unit without any
    target that applies scores 100). Raises FiguresUnavailable when the engine fails —
    never a substituted score."""
    from xingping.metrics.engine import compute

    codes = {u.code: u.pk for u in units}
    try:
        data = compute(campaign, as_of=min(timezone.localdate(), campaign.last_day), units=list(units))
    except Exception as exc:  # the engine is another app's; report, do not substitute
        log.exception("metrics engine failed; the work score is unavailable")
        raise FiguresUnavailable(str(exc)) from exc
    out = {}
    for unit in data.get("units", []):
        flags = [f.get("met") for f in (unit.get("metrics") or {}).values() if f.get("met") is not None]
        if unit.get("code") in codes and flags:
            out[codes[unit["code"]]] = Decimal(100) * sum(1 for f in flags if f) / len(flags)
    return out


def grade_for(grades, score):
    for grade in grades:
        if score >= Decimal(str(grade["min"])):
            return grade
    return grades[-1]


def unqualified_grade(grades):
    return next((g for g in grades if g["code"] == UNQUALIFIED), grades[-1])


def rolled_up_scores(evaluation, units):
    """{unit pk: mean composite score of the units ranked in the closed evaluation that
    unit holds in this campaign}, when the campaign's rule `scoring.rollup` applies to
    this evaluation (the root's, over units of `rollup.from_level`)."""
    rule = (evaluation.campaign.rules.get("scoring") or {}).get("rollup") or {}
    if not rule or evaluation.holder.parent_id is not None:
        return {}, Decimal(0)
    level = rule.get("from_level", "county")
    held = [u.pk for u in units if u.level == level]
    rows = (UnitResult.objects.filter(evaluation__campaign=evaluation.campaign, evaluation__holder_id__in=held,
                                      evaluation__state=EvaluationState.CLOSED, rank__isnull=False)
            .values("evaluation__holder_id").annotate(avg=Avg("score")).order_by())
    return ({r["evaluation__holder_id"]: Decimal(str(r["avg"])) for r in rows if r["avg"] is not None},
            Decimal(str(rule.get("weight", 0))))


def results_compute(evaluation):
    """(Re)compute every unit's result; called at close, when a veto changes and on
    `evaluation recompute`. A unit answered by fewer than `min_answered` ballots is not
    ranked or graded; when the figures engine fails nothing is ranked (results wait)."""
    units = [eu.unit for eu in evaluation.units.select_related("unit")]
    rows_by_unit = answers_by_unit(evaluation)
    weights = _weights(evaluation)
    try:
        work, unavailable = work_scores(evaluation.campaign, units), False
    except FiguresUnavailable:
        work, unavailable = {}, True
    rolled, roll_weight = rolled_up_scores(evaluation, units)
    vetoed = set(evaluation.vetoes.filter(proposed=False).values_list("unit_id", flat=True))
    dw, ww = evaluation.democratic_weight, evaluation.work_weight
    rows = []
    for unit in units:
        agg = rows_by_unit.get(unit.pk, {})
        dem = combine(weights, agg) if agg else None
        if unit.pk in rolled:
            dem = rolled[unit.pk] if dem is None else (1 - roll_weight) * dem + roll_weight * rolled[unit.pk]
        dem = _q(dem or 0)
        wrk = None if unavailable else _q(work.get(unit.pk, 100))
        rows.append(UnitResult(evaluation=evaluation, unit=unit, democratic_score=dem, work_score=wrk,
                               score=None if wrk is None else _q(dw * dem + ww * wrk), vetoed=unit.pk in vetoed,
                               answered=agg.get("answered", 0), phone_ballots=agg.get("phone", 0),
                               paper_ballots=agg.get("paper", 0), rank=None))
    ranked = sorted((r for r in rows if r.score is not None and r.answered >= evaluation.min_answered),
                    key=lambda r: -r.score)
    for n, row in enumerate(ranked):
        row.rank = ranked[n - 1].rank if n and ranked[n - 1].score == row.score else n + 1
        grade = unqualified_grade(evaluation.grades) if row.vetoed else grade_for(evaluation.grades, row.score)
        row.grade, row.grade_label = grade["code"], grade["label"]
    if evaluation.work_unavailable != unavailable:
        evaluation.work_unavailable = unavailable
        Evaluation.objects.filter(pk=evaluation.pk).update(work_unavailable=unavailable)
    UnitResult.objects.filter(evaluation=evaluation).delete()
    UnitResult.objects.bulk_create(rows)
    return rows


