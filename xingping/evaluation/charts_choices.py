"""Chart data of the results page (issue 12): the distribution of choices per unit, and
the democratic score by evaluator category where the group has at least
`min_group_size` ballots. Counted in the database; the page passes the data to
static/evaluation/choice_charts.js through `json_script` (CSP: no inline script).
The score chart with grade bands is `evaluation/charts.py`'s (another branch)."""

from django.db.models import IntegerField, Sum, Value
from django.db.models.functions import Cast, Length, Replace

from xingping.evaluation import selectors
from xingping.evaluation.models import BallotAnswers


def _choice_labels(evaluation):
    """[(label, abstain)] per choice index of the frozen layout."""
    by_value = dict(evaluation.choices.values_list("value", "label"))
    return [(by_value.get(c[0], str(c[0])), bool(c[2]) if len(c) > 2 else False)
            for c in (evaluation.layout or {}).get("choices", [])]


def choice_distribution(evaluation) -> dict:
    """Per unit, how many answers chose each choice (all items together; 不了解 apart),
    as counts and shares: {"units": [name], "choices": [{"label", "abstain", "counts":
    [n per unit], "shares": [% per unit]}], "totals": [answers per unit]}. One query: the
    count of digit j in a row's answers is len(answers) − len(answers without j)."""
    labels = _choice_labels(evaluation)
    if not labels:
        return {"units": [], "choices": [], "totals": []}
    length = Length("answers")
    sums = {f"c{j}": Sum(Cast(length - Length(Replace("answers", Value(str(j)), Value(""))), IntegerField()))
            for j in range(len(labels))}
    rows = {r["unit_id"]: r for r in BallotAnswers.objects.filter(ballot__evaluation=evaluation)
            .values("unit_id").annotate(**sums).order_by()}
    units = list(evaluation.units.select_related("unit").order_by("order", "pk"))
    totals = [sum(rows.get(eu.unit_id, {}).get(f"c{j}") or 0 for j in range(len(labels))) for eu in units]
    choices = []
    for j, (label, abstain) in enumerate(labels):
        counts = [rows.get(eu.unit_id, {}).get(f"c{j}") or 0 for eu in units]
        shares = [round(100 * n / total, 1) if total else 0 for n, total in zip(counts, totals)]
        choices.append({"label": label, "abstain": abstain, "counts": counts, "shares": shares})
    return {"units": [eu.unit.name for eu in units], "choices": choices, "totals": totals}


def category_chart(evaluation) -> dict:
    """The democratic score of each unit by evaluator category, only the categories with
    at least `min_group_size` ballots: {"units": [name], "categories": [{"label", "ballots",
    "scores": [score or null per unit]}], "hidden": ballots in smaller groups}."""
    shown, hidden = selectors.category_breakdown(evaluation)
    units = list(evaluation.units.select_related("unit").order_by("order", "pk"))
    return {
        "units": [eu.unit.name for eu in units],
        "categories": [{"label": str(label), "ballots": n,
                        "scores": [None if scores.get(eu.unit_id) is None else round(float(scores[eu.unit_id]), 2)
                                   for eu in units]}
                       for label, n, scores in shown],
        "hidden": hidden,
    }
