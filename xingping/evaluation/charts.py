"""The results chart of an evaluation (issue 13 part 7): each ranked unit's composite score
over the grade bands of the campaign (优秀, 良好, 合格, 不合格). The choice distribution and
category charts are evaluation's own (see its results page)."""

from django.utils.translation import gettext as _

from xingping.core.charts import bar_chart
from xingping.evaluation import selectors

GRADE_COLOURS = {"excellent": "#198754", "good": "#0d6efd", "qualified": "#6c757d", "unqualified": "#dc3545"}


def grade_bands(evaluation):
    """[{"name", "from", "to"}] from the evaluation's grade thresholds (best first)."""
    bands, top = [], 100
    for g in evaluation.grades:
        bands.append({"name": g["label"], "from": float(g["min"]), "to": float(top)})
        top = g["min"]
    return bands


def ranked_scores(evaluation):
    """[(unit name, score, grade code)] of the ranked units, best first (one query); units
    ranked none (too few answers, results waiting) are left out and counted apart."""
    rows = selectors.results(evaluation).filter(rank__isnull=False, score__isnull=False)
    return [(name, float(score), grade) for name, score, grade in rows.values_list("unit__name", "score", "grade")]


def grade_band_chart(evaluation):
    if not evaluation.is_closed:
        return None
    scored = ranked_scores(evaluation)
    unranked = selectors.results(evaluation).filter(rank__isnull=True).count()
    series = [{"name": _("Composite score"), "values": [s for _n, s, _g in scored],
               "colors": [GRADE_COLOURS.get(g, "#6c757d") for _n, _s, g in scored]}]
    summary = _("%(ranked)s units ranked; %(unranked)s without a rank (too few answers).") % {
        "ranked": len(scored), "unranked": unranked}
    return bar_chart(chart_id="results-grades", title=_("Composite scores and grade bands"),
                     categories=[n for n, _s, _g in scored], series=series, bands=grade_bands(evaluation),
                     max_value=100, summary=summary, category_label=_("Unit"))
