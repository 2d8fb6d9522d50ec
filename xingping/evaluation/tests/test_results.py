"""Scores, ranks, grades, vetoes, the category breakdown and the published tally."""

import sys
import types
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from xingping.evaluation import selectors, services
from xingping.evaluation.models import EvaluatorCategory, UnitResult
from xingping.evaluation.tests.conftest import full_scores, issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_work_figures(monkeypatch):
    monkeypatch.setattr(services.scoring, "work_scores", lambda campaign, units: {})


def cast(evaluation, scores, category="citizen"):
    return services.ballot_cast(token=issue(evaluation, category=category)[0], scores=scores)


def result(evaluation, code):
    return UnitResult.objects.get(evaluation=evaluation, unit__code=code)


def test_scores_ranks_and_grades(open_evaluation, tree, no_work_figures):
    # XN: all 满意 (100) and all 基本满意 (75) → 87.5; HC: all 不满意 (30); others all 满意.
    cast(open_evaluation, full_scores(open_evaluation, 3, {"HC": 1}))
    cast(open_evaluation, full_scores(open_evaluation, 3, {"XN": 2, "HC": 1}))
    services.evaluation_close(actor=tree.office, evaluation=open_evaluation)
    xn, hc, kfq = (result(open_evaluation, c) for c in ("XN", "HC", "KFQ"))
    assert xn.democratic_score == Decimal("87.50") and xn.work_score == Decimal("100.00")
    assert xn.score == Decimal("91.25") and xn.grade == "excellent" and xn.grade_label == "优秀"
    assert hc.democratic_score == Decimal("30.00") and hc.score == Decimal("51.00") and hc.grade == "unqualified"
    assert kfq.score == Decimal("100.00") and kfq.rank == 1
    top = UnitResult.objects.filter(evaluation=open_evaluation, score=Decimal("100.00"))
    assert set(top.values_list("rank", flat=True)) == {1}  # ties share a rank
    assert xn.rank == top.count() + 1 and hc.rank == xn.rank + 1


def test_item_and_area_weights_count(evaluation, tree, no_work_figures):
    a1 = evaluation.areas.get(code="A1")
    services.rubric_area_save(actor=tree.office, evaluation=evaluation, area=a1, code="A1", name=a1.name, weight=Decimal(7))
    services.evaluation_open(actor=tree.office, evaluation=evaluation)
    scores = full_scores(evaluation, 3)
    for item in ("A1.1", "A1.2", "A1.3"):
        scores["XN"][item] = 1  # 30 points on the area that now weighs 7 of 12
    cast(evaluation, scores)
    services.evaluation_close(actor=tree.office, evaluation=evaluation)
    assert result(evaluation, "XN").democratic_score == Decimal("59.17")  # 7/12 × 30 + 5/12 × 100


def test_grade_thresholds_come_from_the_rules(evaluation, tree, no_work_figures):
    grades = [{"code": "excellent", "label": "优秀", "min": 95}, {"code": "unqualified", "label": "不合格", "min": 0}]
    services.scoring_update(actor=tree.office, evaluation=evaluation, democratic_weight=1, work_weight=0, grades=grades,
                            min_group_size=5, progress_every_days=10)
    services.evaluation_open(actor=tree.office, evaluation=evaluation)
    cast(evaluation, full_scores(evaluation, 3, {"XN": 2}))
    services.evaluation_close(actor=tree.office, evaluation=evaluation)
    assert result(evaluation, "XN").grade == "unqualified" and result(evaluation, "XN").score == Decimal("75.00")
    assert result(evaluation, "HC").grade == "excellent"


def test_veto_makes_a_unit_unqualified_whatever_its_score(open_evaluation, tree, no_work_figures):
    cast(open_evaluation, full_scores(open_evaluation, 3))
    services.evaluation_close(actor=tree.office, evaluation=open_evaluation)
    assert result(open_evaluation, "XN01").grade == "excellent"
    veto = services.veto_record(actor=tree.office, evaluation=open_evaluation, unit=tree.station,
                                reason="查实严重违纪案件", reference="WJ-2026-001")
    r = result(open_evaluation, "XN01")
    assert (r.grade, r.vetoed, r.score) == ("unqualified", True, Decimal("100.00"))
    services.veto_remove(actor=tree.office, veto=veto)
    assert result(open_evaluation, "XN01").grade == "excellent"
    with pytest.raises(ValidationError):
        services.veto_record(actor=tree.office, evaluation=open_evaluation, unit=tree.dept, reason="x")  # not evaluated
    with pytest.raises(ValidationError):
        services.veto_record(actor=tree.office, evaluation=open_evaluation, unit=tree.station, reason="  ")


def test_work_score_is_the_share_of_targets_met(open_evaluation, tree, monkeypatch):
    engine = types.ModuleType("xingping.metrics.engine")

    def compute(campaign, as_of=None, units=None):
        fig = lambda met: {"numerator": 1, "denominator": 1, "rate": 1.0, "target": 0.9, "met": met}  # noqa: E731
        return {"units": [
            {"code": "XN", "metrics": {"a": fig(True), "b": fig(False), "c": fig(True), "d": fig(None)}},
            {"code": "HC", "metrics": {"a": fig(None)}},
        ]}

    engine.compute = compute
    monkeypatch.setitem(sys.modules, "xingping.metrics.engine", engine)
    cast(open_evaluation, full_scores(open_evaluation, 3))
    services.evaluation_close(actor=tree.office, evaluation=open_evaluation)
    assert result(open_evaluation, "XN").work_score == Decimal("66.67")  # 2 of the 3 figures that exist
    assert result(open_evaluation, "XN").score == Decimal("90.00")
    assert result(open_evaluation, "HC").work_score == Decimal("100.00")  # no figure yet


def test_a_failing_figures_engine_makes_results_wait_never_100(open_evaluation, tree, monkeypatch):
    engine = types.ModuleType("xingping.metrics.engine")

    def compute(campaign, as_of=None, units=None):
        raise RuntimeError("figures engine is down")

    engine.compute = compute
    monkeypatch.setitem(sys.modules, "xingping.metrics.engine", engine)
    cast(open_evaluation, full_scores(open_evaluation, 3))
    services.evaluation_close(actor=tree.office, evaluation=open_evaluation)
    open_evaluation.refresh_from_db()
    assert open_evaluation.work_unavailable
    r = result(open_evaluation, "XN")
    assert r.democratic_score == Decimal("100.00")
    assert (r.work_score, r.score, r.rank, r.grade) == (None, None, None, "")
    assert not UnitResult.objects.filter(evaluation=open_evaluation, rank__isnull=False).exists()


def test_category_breakdown_only_for_groups_of_five(open_evaluation, tree, no_work_figures):
    for _n in range(5):
        cast(open_evaluation, full_scores(open_evaluation, 3), category="npc_deputy")
    for _n in range(4):
        cast(open_evaluation, full_scores(open_evaluation, 1), category="enterprise")
    services.evaluation_close(actor=tree.office, evaluation=open_evaluation)
    shown, hidden = selectors.category_breakdown(open_evaluation)
    assert [(label, n) for label, n, _scores in shown] == [(EvaluatorCategory.NPC_DEPUTY.label, 5)]
    assert hidden == 4


def test_tally_lists_every_receipt(open_evaluation, tree):
    receipts = [cast(open_evaluation, full_scores(open_evaluation)) for _n in range(3)]
    services.evaluation_close(actor=tree.office, evaluation=open_evaluation)
    assert selectors.tally(open_evaluation) == sorted(receipts)


def test_no_ballot_gives_zero_democratic_score_and_no_rank(open_evaluation, tree, no_work_figures):
    services.evaluation_close(actor=tree.office, evaluation=open_evaluation)
    r = result(open_evaluation, "XN")
    assert (r.democratic_score, r.score, r.answered) == (Decimal("0.00"), Decimal("30.00"), 0)
    assert (r.rank, r.grade) == (None, "")  # nobody answered: too few answers to rank
