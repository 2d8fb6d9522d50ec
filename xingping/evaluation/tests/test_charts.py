"""The results chart: each ranked unit's composite score over the campaign's grade bands."""

import pytest
from django.urls import reverse

from xingping.evaluation import charts
from xingping.evaluation.models import Evaluation, EvaluationState, UnitResult

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(tree, evaluation):
    Evaluation.objects.filter(pk=evaluation.pk).update(state=EvaluationState.CLOSED)
    evaluation.refresh_from_db()
    for unit, score, rank, grade, label in [(tree.county, "92.50", 1, "excellent", "优秀"),
                                            (tree.county2, "71.00", 2, "qualified", "合格"),
                                            (tree.branch, None, None, "", "")]:
        UnitResult.objects.update_or_create(evaluation=evaluation, unit=unit, defaults=dict(
            democratic_score="0", score=score, rank=rank, grade=grade, grade_label=label))
    UnitResult.objects.filter(evaluation=evaluation).exclude(unit__in=[tree.county, tree.county2, tree.branch]).delete()
    return evaluation


def test_grade_bands_from_the_campaigns_thresholds(closed):
    assert charts.grade_bands(closed) == [
        {"name": "优秀", "from": 90.0, "to": 100.0}, {"name": "良好", "from": 80.0, "to": 90.0},
        {"name": "合格", "from": 60.0, "to": 80.0}, {"name": "不合格", "from": 0.0, "to": 60.0}]


def test_grade_band_chart_of_known_scores(closed, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        chart = charts.grade_band_chart(closed)
    payload = chart["payload"]
    assert payload["categories"] == ["孝南区局", "汉川市局"]  # the unranked branch is counted, not drawn
    assert payload["views"][0]["series"][0]["values"] == [92.5, 71.0]
    assert payload["views"][0]["series"][0]["colors"] == [charts.GRADE_COLOURS["excellent"], charts.GRADE_COLOURS["qualified"]]
    assert payload["max"] == 100 and len(payload["bands"]) == 4
    assert chart["table"]["rows"] == [["孝南区局", "92.5"], ["汉川市局", "71"]]
    assert "2" in chart["summary"] and "1" in chart["summary"]


def test_no_chart_before_voting_closes(evaluation):
    assert charts.grade_band_chart(evaluation) is None


def test_results_page_shows_the_chart(client, tree, closed):
    client.force_login(tree.office)
    html = client.get(reverse("evaluation:results", args=[closed.campaign.slug])).content.decode()
    assert 'id="results-grades-data"' in html and 'data-testid="chart-table-results-grades"' in html
