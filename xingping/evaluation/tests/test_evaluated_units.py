"""The office chooses a draft evaluation's evaluated units (issue 12): the root's (the city's)
and a county's alike; each rule refuses with nothing stored; assignments follow."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from xingping.core.models import AuditEvent
from xingping.evaluation import services
from xingping.evaluation.models import BallotToken, EvaluatedUnit
from xingping.evaluation.tests.conftest import issue

pytestmark = pytest.mark.django_db


def codes(evaluation):
    return set(evaluation.units.values_list("unit__code", flat=True))


def agenda(evaluation):
    return list(evaluation.agenda.order_by("order").values_list("unit__code", "order"))


def test_the_city_evaluates_counties_branches_and_departments_it_chooses(client, evaluation, tree):
    before = AuditEvent.objects.filter(action="assign").count()
    change = services.evaluated_units_set(actor=tree.office, evaluation=evaluation,
                                          units=[tree.county, tree.county2, tree.branch, tree.dept])
    assert codes(evaluation) == {"XN", "HC", "KFQ", "XG-BGS"}
    assert change["added"] == ["XG-BGS"] and set(change["removed"]) == {"XG", "XN01", "XN02", "HC01"}
    assert [order for _code, order in agenda(evaluation)] == [1, 2, 3, 4]  # renumbered, the new one last
    assert agenda(evaluation)[-1][0] == "XG-BGS"
    evaluation.refresh_from_db()
    assert evaluation.units_chosen
    row = AuditEvent.objects.filter(action="assign").order_by("pk").last()
    assert AuditEvent.objects.filter(action="assign").count() == before + 1
    assert "XN01" in row.old["evaluated_units"] and row.new["evaluated_units"] == ["HC", "KFQ", "XG-BGS", "XN"]
    # The audit log shows the row to the office (regression: a "units" key read as the relation).
    client.force_login(tree.office)
    assert client.get("/audit/").status_code == 200
    # Opening adds no unit the office left out.
    services.evaluation_open(actor=tree.office, evaluation=evaluation)
    assert codes(evaluation) == {"XN", "HC", "KFQ", "XG-BGS"}


def test_assignments_drop_the_units_taken_off(evaluation, tree):
    services.category_units_set(actor=tree.office, evaluation=evaluation, category="enterprise",
                                units=[tree.station, tree.county])
    services.category_units_set(actor=tree.office, evaluation=evaluation, category="monitor", units=[tree.station])
    person = services.evaluator_save(actor=tree.office, evaluation=evaluation, name="李四", category="citizen")
    services.evaluator_units_set(actor=tree.office, evaluator=person, units=[tree.station, tree.branch])
    issue(evaluation, 2, category="enterprise")
    services.evaluated_units_set(actor=tree.office, evaluation=evaluation,
                                 units=[tree.county, tree.county2, tree.branch])
    evaluation.refresh_from_db()
    # XN01 left every assignment; the monitors', left empty, falls back to every unit.
    assert evaluation.category_units == {"enterprise": ["XN"]}
    assert list(person.units.values_list("code", flat=True)) == ["KFQ"]
    assert {tuple(t.units) for t in BallotToken.objects.filter(evaluation=evaluation)} == {(tree.county.pk,)}


@pytest.mark.parametrize("case", ["empty", "outside", "holder", "retired", "overlap", "open", "closed", "veto"])
def test_refusals_store_nothing(case, evaluation, tree, campaign, no_work_figures):
    units = [tree.county, tree.branch]
    if case == "empty":
        units, message = [], "至少选择一个"
    elif case == "outside":
        county = services.evaluation_new(actor=tree.office, campaign=campaign, holder=tree.county)
        evaluation, units, message = county, [tree.station, tree.station3], "城隍所 不是孝南区局的下属单位"
    elif case == "holder":
        county = services.evaluation_new(actor=tree.office, campaign=campaign, holder=tree.county)
        evaluation, units, message = county, [tree.station, tree.county], "孝南区局 不是孝南区局的下属单位"
    elif case == "retired":
        tree.branch.retired_on = datetime.date(2026, 1, 1)
        tree.branch.save()
        services.evaluated_units_set(actor=tree.office, evaluation=evaluation, units=[tree.county])
        message = "已撤销"
    elif case == "overlap":
        # Another county-level evaluation, not closed, that evaluates XN02 (written directly:
        # a county's own area never holds another county's stations).
        county = services.evaluation_new(actor=tree.office, campaign=campaign, holder=tree.county, units=[tree.station])
        other = services.evaluation_new(actor=tree.office, campaign=campaign, holder=tree.county2)
        EvaluatedUnit.objects.create(evaluation=other, unit=tree.station2)
        evaluation, units, message = county, [tree.station, tree.station2], "同级别"
    elif case in ("open", "closed"):
        services.evaluation_open(actor=tree.office, evaluation=evaluation)
        if case == "closed":
            services.evaluation_close(actor=tree.office, evaluation=evaluation)
        message = "投票开始后"
    else:
        services.veto_record(actor=tree.office, evaluation=evaluation, unit=tree.station, reason="一票否决")
        message = "一票否决"
    evaluation.refresh_from_db()
    before, audits = codes(evaluation), AuditEvent.objects.count()
    before_agenda = agenda(evaluation)
    with pytest.raises(ValidationError, match=message):
        services.evaluated_units_set(actor=tree.office, evaluation=evaluation, units=units)
    evaluation.refresh_from_db()
    assert codes(evaluation) == before and agenda(evaluation) == before_agenda
    assert AuditEvent.objects.count() == audits


@pytest.fixture
def no_work_figures(monkeypatch):
    monkeypatch.setattr(services.scoring, "work_scores", lambda campaign, units: {})


def test_a_retired_unit_already_on_the_ballot_may_stay_and_is_listed(evaluation, tree):
    tree.station.retired_on = datetime.date(2026, 1, 1)
    tree.station.save()
    listed = set(services.unit_choices(evaluation).values_list("code", flat=True))
    assert "XN01" in listed and "XG" in listed  # on the ballot by the default set-up
    services.evaluated_units_set(actor=tree.office, evaluation=evaluation, units=[tree.station, tree.county])
    assert codes(evaluation) == {"XN01", "XN"}
    assert "XG" not in set(services.unit_choices(evaluation).values_list("code", flat=True))


# ------------------------------------------------------------------ the page

def test_office_page_groups_units_and_saves(client, evaluation, tree, campaign):
    url = f"/evaluation/{campaign.slug}/evaluated-units/"
    client.force_login(tree.office)
    body = client.get(url).content.decode()
    for heading in ("县市区局", "直属分局", "科室", "基层所 · 孝南区局", "全选本组"):
        assert heading in body
    assert 'value="XG-BGS"' in body and 'value="XG-BGS" id="eu-XG-BGS" checked' not in body
    assert 'value="XN" id="eu-XN" checked' in body
    resp = client.post(url, {"units": ["XN", "HC", "KFQ", "XG-BGS", "XG-JJZ"]}, follow=True)
    assert resp.redirect_chain[-1][0] == url
    assert "评议对象已保存：新增 2 个" in resp.content.decode()
    assert codes(evaluation) == {"XN", "HC", "KFQ", "XG-BGS", "XG-JJZ"}
    # The overview links the page while the evaluation is a draft.
    assert 'data-testid="evaluated-units"' in client.get(f"/evaluation/{campaign.slug}/").content.decode()


def test_office_page_refuses_bad_input_with_a_chinese_message(client, evaluation, tree, campaign):
    url = f"/evaluation/{campaign.slug}/evaluated-units/"
    client.force_login(tree.office)
    before = codes(evaluation)
    body = client.post(url, {}).content.decode()
    assert "请至少选择一个评议对象" in body and codes(evaluation) == before
    services.evaluation_open(actor=tree.office, evaluation=evaluation)
    body = client.post(url, {"units": ["XN"]}).content.decode()
    assert "投票开始后不能再更改评议对象" in body and codes(evaluation) == before
    assert 'data-testid="locked"' in body and 'data-testid="save-units"' not in body


def test_county_page_for_its_leader_not_for_the_other_county(client, tree, campaign):
    county = services.evaluation_new(actor=tree.office, campaign=campaign, holder=tree.county)
    url = f"/evaluation/{campaign.slug}/levels/XN/evaluated-units/"
    client.force_login(tree.other_county_leader)
    assert client.post(url, {"units": ["XN01"]}).status_code == 404
    assert codes(county) == {"XN01", "XN02"}
    client.force_login(tree.county_leader)
    body = client.get(url).content.decode()
    assert 'value="XN01"' in body and 'value="HC01"' not in body and 'value="XG-BGS"' not in body
    assert client.post(url, {"units": ["XN01"]}).status_code == 302
    assert codes(county) == {"XN01"}


def test_the_city_page_is_the_office_s_only(client, evaluation, tree, campaign):
    url = f"/evaluation/{campaign.slug}/evaluated-units/"
    client.force_login(tree.city_leader)
    assert client.post(url, {"units": ["XN"]}).status_code == 404
    assert "XN01" in codes(evaluation)
