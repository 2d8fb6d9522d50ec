"""The demo holds last year's city evaluation closed with results (issue 12): ranked units,
a few 不了解, one unit with too few answers, and pages that show them to the office."""

import pytest

from xingping.core.management.commands.demo import load_demo
from xingping.evaluation.models import EvaluationState


@pytest.mark.django_db
def test_demo_holds_a_closed_evaluation_with_results(client):
    ctx = load_demo()
    evaluation = ctx["closed_evaluation"]
    assert evaluation.state == EvaluationState.CLOSED and evaluation.holder.parent_id is None
    assert evaluation.campaign.year == ctx["campaign"].year - 1 and evaluation.units_chosen
    levels = set(evaluation.units.values_list("unit__level", flat=True))
    assert levels == {"county", "branch", "department"}  # the office's choice: no stations
    results = list(evaluation.results.select_related("unit"))
    assert len(results) == evaluation.units.count() and evaluation.ballots.count() >= 30
    ranked = [r for r in results if r.rank is not None]
    too_few = [r for r in results if r.rank is None]
    assert len(ranked) == len(results) - 1 and len(too_few) == 1
    assert too_few[0].answered < evaluation.min_answered <= min(r.answered for r in ranked)
    assert len({r.grade for r in ranked}) >= 3  # the ranking has something to show
    client.force_login(ctx["users"]["office"])
    slug = evaluation.campaign.slug
    for url in (f"/evaluation/{slug}/results/", f"/evaluation/{slug}/levels/{evaluation.holder.code}/charts/"):
        resp = client.get(url)
        assert resp.status_code == 200, url
        assert too_few[0].unit.name in resp.content.decode()
