"""The rubric and scoring rules as data: copied from the campaign, editable, locked once open."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from xingping.core.models import AuditEvent
from xingping.evaluation import services
from xingping.evaluation.models import Evaluation, RubricArea, RubricItem

pytestmark = pytest.mark.django_db


def test_setup_copies_the_campaign_rubric_and_rules(evaluation, campaign, tree):
    assert evaluation.areas.count() == 6 and evaluation.items.count() == 18
    assert list(evaluation.choices.values_list("label", "points")) == [("不了解", 0), ("满意", 100), ("基本满意", 75), ("不满意", 30)]
    assert list(evaluation.choices.filter(abstain=True).values_list("value", flat=True)) == [9]
    assert evaluation.democratic_weight == Decimal("0.7") and evaluation.work_weight == Decimal("0.3")
    assert [g["min"] for g in evaluation.grades] == [90, 80, 60, 0]
    assert evaluation.min_group_size == 5 and evaluation.progress_every_days == 15
    assert "XG-BGS" not in set(evaluation.units.values_list("unit__code", flat=True))
    assert evaluation.agenda.get(unit=tree.county).speaker == str(tree.county_leader)
    assert services.evaluation_setup(actor=None, campaign=campaign) == evaluation  # idempotent
    assert Evaluation.objects.count() == 1


def test_office_edits_the_rubric_while_in_preparation(evaluation, tree):
    area = services.rubric_area_save(actor=tree.office, evaluation=evaluation, code="A7", name="服务承诺", weight=2, order=7)
    item = services.rubric_item_save(actor=tree.office, evaluation=evaluation, area=area, code="A7.1", text="是否兑现服务承诺")
    services.rubric_choice_save(actor=tree.office, evaluation=evaluation, value=0, label="一般", points=60)
    assert evaluation.items.count() == 19 and evaluation.choices.count() == 5
    assert AuditEvent.objects.filter(object_type="evaluation.rubricitem", object_id=str(item.pk)).exists()
    services.rubric_entry_delete(actor=tree.office, evaluation=evaluation, obj=area)
    assert evaluation.items.count() == 18


def test_duplicate_codes_and_bad_weights_are_refused(evaluation, tree):
    with pytest.raises(ValidationError):
        services.rubric_area_save(actor=tree.office, evaluation=evaluation, code="A1", name="x")
    area = evaluation.areas.first()
    with pytest.raises(ValidationError):
        services.rubric_item_save(actor=tree.office, evaluation=evaluation, area=area, code="A1.1", text="x")
    with pytest.raises(ValidationError):
        services.rubric_area_save(actor=tree.office, evaluation=evaluation, code="A9", name="x", weight=0)
    with pytest.raises(ValidationError):
        services.rubric_choice_save(actor=tree.office, evaluation=evaluation, value=3, label="x", points=50)
    with pytest.raises(ValidationError):
        services.rubric_choice_save(actor=tree.office, evaluation=evaluation, value=9, label="x", points=101)


@pytest.mark.parametrize("change", [
    {"democratic_weight": 0.6, "work_weight": 0.3},
    {"grades": [{"code": "a", "label": "A", "min": 60}, {"code": "b", "label": "B", "min": 80}]},
    {"grades": [{"code": "a", "label": "A", "min": 60}]},
    {"grades": []},
    {"min_group_size": 0},
])
def test_bad_scoring_rules_are_refused(evaluation, tree, change):
    rules = dict(democratic_weight=0.7, work_weight=0.3, grades=evaluation.grades, min_group_size=5, progress_every_days=15)
    rules.update(change)
    with pytest.raises(ValidationError):
        services.scoring_update(actor=tree.office, evaluation=evaluation, **rules)


def test_rubric_edits_after_opening_are_refused(open_evaluation, tree):
    area = open_evaluation.areas.first()
    item = open_evaluation.items.first()
    attempts = [
        lambda: services.rubric_area_save(actor=tree.office, evaluation=open_evaluation, area=area, code=area.code,
                                          name="改", weight=1),
        lambda: services.rubric_item_save(actor=tree.office, evaluation=open_evaluation, item=item, area=area,
                                          code=item.code, text="改"),
        lambda: services.rubric_choice_save(actor=tree.office, evaluation=open_evaluation, value=0, label="x", points=1),
        lambda: services.rubric_entry_delete(actor=tree.office, evaluation=open_evaluation, obj=item),
        lambda: services.scoring_update(actor=tree.office, evaluation=open_evaluation, democratic_weight=1, work_weight=0,
                                        grades=open_evaluation.grades, min_group_size=5, progress_every_days=15),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError) as info:
            attempt()
        assert "不能修改" in str(info.value)
    assert RubricArea.objects.get(pk=area.pk).name != "改" and RubricItem.objects.filter(pk=item.pk).exists()


def test_voting_opens_once_and_closes_once(evaluation, tree):
    with pytest.raises(ValidationError):
        services.evaluation_close(actor=tree.office, evaluation=evaluation)
    services.evaluation_open(actor=tree.office, evaluation=evaluation)
    with pytest.raises(ValidationError):
        services.evaluation_open(actor=tree.office, evaluation=evaluation)
    services.evaluation_close(actor=tree.office, evaluation=evaluation)
    with pytest.raises(ValidationError):
        services.evaluation_open(actor=tree.office, evaluation=evaluation)
    assert list(AuditEvent.objects.filter(object_type="evaluation.evaluation").values_list("action", flat=True)
                .order_by("pk")) == ["create", "open", "close"]


def test_reissuing_to_an_evaluator_revokes_the_old_ballot(evaluation, tree):
    person = services.evaluator_save(actor=tree.office, evaluation=evaluation, name="陈志刚", category="npc_deputy")
    (_e, _c, first), = services.tokens_issue(actor=tree.office, evaluation=evaluation, evaluators=[person])
    (_e, category, second), = services.tokens_issue(actor=tree.office, evaluation=evaluation, evaluators=[person])
    assert category == "npc_deputy"
    with pytest.raises(services.BallotError) as info:
        services.token_lookup(first)
    assert info.value.status == 404
    assert services.token_lookup(second).evaluator == person


def test_an_evaluator_who_voted_gets_no_new_ballot(evaluation, tree):
    from xingping.evaluation.tests.conftest import full_scores

    person = services.evaluator_save(actor=tree.office, evaluation=evaluation, name="陈志刚", category="npc_deputy")
    (_e, _c, token), = services.tokens_issue(actor=tree.office, evaluation=evaluation, evaluators=[person])
    services.evaluation_open(actor=tree.office, evaluation=evaluation)
    services.ballot_cast(token=token, scores=full_scores(evaluation))
    assert services.tokens_issue(actor=tree.office, evaluation=evaluation, evaluators=[person]) == []


def test_units_created_after_the_set_up_are_on_the_ballot_when_voting_opens(evaluation, tree):
    from xingping.testing import UnitFactory
    from xingping.orgs.models import Level

    new = UnitFactory(code="HC02", name="马口所", level=Level.STATION, parent=tree.county2)
    UnitFactory(code="HC-BGS", name="办公室", level=Level.DEPARTMENT, parent=tree.county2)
    services.evaluation_open(actor=tree.office, evaluation=evaluation)
    codes = list(evaluation.units.values_list("unit__code", flat=True))
    assert codes[-1] == "HC02" and "HC-BGS" not in codes and len(codes) == len(set(codes))
    assert evaluation.agenda.filter(unit=new).exists()
