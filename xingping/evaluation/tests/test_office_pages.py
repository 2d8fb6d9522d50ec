"""The office pages of an evaluation at every level (issue 12): a county's office creates
its evaluation on the web (units, ballot form, answered minimum), assigns units by
category and one by one, confirms a proposed veto and computes results again; the results
page shows the choice distribution and the categories apart. Bad input: a clear Chinese
message, nothing stored."""

import json

import pytest
from django.test import Client

from xingping.evaluation import charts_choices, services
from xingping.evaluation.models import BallotToken, Evaluation, Veto
from xingping.evaluation.tests.conftest import api, full_scores, issue

pytestmark = pytest.mark.django_db


def _messages(resp):
    return [str(m) for m in resp.wsgi_request._messages]


def test_county_staff_create_their_evaluation_with_units_form_and_threshold(client, tree, campaign):
    client.force_login(tree.county_staff)
    page = client.get(f"/evaluation/{campaign.slug}/levels/").content.decode()
    assert 'data-testid="new-XN"' in page and 'data-testid="new-HC"' not in page  # only their county
    resp = client.post(f"/evaluation/{campaign.slug}/levels/new/", {
        "unit": "XN", "units": ["XN01"], "ballot_form": "overall", "min_answered": "3"})
    evaluation = Evaluation.objects.get(holder__code="XN")
    assert resp.status_code == 302 and resp["Location"] == f"/evaluation/{campaign.slug}/levels/XN/"
    assert list(evaluation.units.values_list("unit__code", flat=True)) == ["XN01"]
    assert (evaluation.ballot_form, evaluation.min_answered, evaluation.level) == ("overall", 3, "county")
    overview = client.get(resp["Location"]).content.decode()
    assert tree.county.name in overview and f"/evaluation/{campaign.slug}/levels/XN/rubric/" in overview


def test_a_second_evaluation_of_the_same_holder_is_refused_with_a_message(client, tree, campaign):
    services.evaluation_new(actor=tree.office, campaign=campaign, holder=tree.county)
    before = Evaluation.objects.count()
    client.force_login(tree.office)
    resp = client.post(f"/evaluation/{campaign.slug}/levels/new/", {"unit": "XN", "units": ["XN01"]})
    assert resp.status_code == 302 and any("已有评议" in m for m in _messages(resp))
    assert Evaluation.objects.count() == before


def test_a_threshold_out_of_range_is_refused_and_nothing_stored(client, tree, campaign):
    client.force_login(tree.office)
    resp = client.post(f"/evaluation/{campaign.slug}/levels/new/", {"unit": "XN", "min_answered": "0"})
    assert any("答评人数下限" in m for m in _messages(resp))
    assert not Evaluation.objects.filter(holder__code="XN").exists()


@pytest.fixture
def county(tree, campaign):
    return services.evaluation_new(actor=tree.office, campaign=campaign, holder=tree.county)


def test_units_assigned_by_category_and_one_by_one_reach_the_tokens(client, tree, campaign, county):
    base = f"/evaluation/{campaign.slug}/levels/XN/"
    client.force_login(tree.county_leader)
    resp = client.post(base + "evaluators/assign/", {"category": "enterprise", "units": ["XN01"]})
    assert resp.status_code == 302
    county.refresh_from_db()
    assert county.category_units == {"enterprise": ["XN01"]}
    person = services.evaluator_save(actor=tree.office, evaluation=county, name="赵六", category="npc_deputy")
    assert client.get(base + f"evaluators/{person.pk}/units/").status_code == 200
    resp = client.post(base + f"evaluators/{person.pk}/units/", {"units": ["XN02"]})
    assert resp.status_code == 302
    page = client.get(base + "evaluators/").content.decode()
    assert "XN01" in page or tree.station.name in page
    services.tokens_issue(actor=tree.office, evaluation=county, evaluators=[person], count=1, category="enterprise")
    tokens = {t.evaluator_id: t.units for t in BallotToken.objects.filter(evaluation=county)}
    xn01, xn02 = (county.units.get(unit__code=c).unit_id for c in ("XN01", "XN02"))
    assert tokens == {person.pk: [xn02], None: [xn01]}


def test_assigning_a_unit_of_another_evaluation_is_refused(client, tree, campaign, county):
    client.force_login(tree.office)
    resp = client.post(f"/evaluation/{campaign.slug}/levels/XN/evaluators/assign/",
                       {"category": "enterprise", "units": ["HC01"]})
    assert any("请选择类别和本次评议的单位" in m for m in _messages(resp))
    county.refresh_from_db()
    assert county.category_units == {}


def test_office_confirms_a_proposed_veto_on_the_results_page(client, tree, campaign, county, monkeypatch):
    monkeypatch.setattr(services.scoring, "work_scores", lambda campaign, units: {})
    services.evaluation_open(actor=tree.office, evaluation=county)
    services.evaluation_close(actor=tree.office, evaluation=county)
    veto = Veto.objects.create(evaluation=county, unit=tree.station, proposed=True, reference="AJ-1", reason="核实")
    base = f"/evaluation/{campaign.slug}/levels/XN/"
    client.force_login(tree.county_staff)
    page = client.get(base + "results/").content.decode()
    assert f"{base}results/vetoes/{veto.pk}/confirm/" in page
    client.force_login(tree.other_county_leader)
    assert client.post(base + f"results/vetoes/{veto.pk}/confirm/").status_code == 404
    veto.refresh_from_db()
    assert veto.proposed
    client.force_login(tree.county_staff)
    assert client.post(base + f"results/vetoes/{veto.pk}/confirm/").status_code == 302
    veto.refresh_from_db()
    assert not veto.proposed
    assert county.results.get(unit=tree.station).vetoed


def test_recompute_after_the_figures_engine_failed(client, tree, campaign, county, monkeypatch):
    def broken(campaign, units):
        raise services.FiguresUnavailable("down")

    monkeypatch.setattr(services.scoring, "work_scores", broken)
    services.evaluation_open(actor=tree.office, evaluation=county)
    services.evaluation_close(actor=tree.office, evaluation=county)
    base = f"/evaluation/{campaign.slug}/levels/XN/"
    client.force_login(tree.office)
    assert 'data-testid="work-unavailable"' in client.get(base + "results/").content.decode()
    monkeypatch.setattr(services.scoring, "work_scores", lambda campaign, units: {})
    client.post(base + "results/recompute/")
    county.refresh_from_db()
    assert not county.work_unavailable
    assert 'data-testid="work-unavailable"' not in client.get(base + "results/").content.decode()


def test_choice_distribution_and_category_chart_counted_in_the_database(client, tree, campaign, open_evaluation,
                                                                         monkeypatch):
    monkeypatch.setattr(services.scoring, "work_scores", lambda campaign, units: {})
    for n, token in enumerate(issue(open_evaluation, 5, category="npc_deputy") + issue(open_evaluation, 2)):
        scores = full_scores(open_evaluation, value=3 if n % 2 == 0 else 9)  # 满意 / 不了解
        assert Client().post(api(token), json.dumps({"scores": scores}), content_type="application/json").status_code == 201
    services.evaluation_close(actor=tree.office, evaluation=open_evaluation)
    data = charts_choices.choice_distribution(open_evaluation)
    items = open_evaluation.items.count()
    xn = data["units"].index(tree.county.name)
    by_label = {c["label"]: c for c in data["choices"]}
    assert by_label["满意"]["counts"][xn] == 4 * items and by_label["不了解"]["counts"][xn] == 3 * items
    assert by_label["不了解"]["abstain"] and round(by_label["满意"]["shares"][xn]) == round(100 * 4 / 7)
    cats = charts_choices.category_chart(open_evaluation)
    assert [c["ballots"] for c in cats["categories"]] == [5] and cats["hidden"] == 2  # citizens: fewer than 5
    client.force_login(tree.office)
    body = client.get(f"/evaluation/{campaign.slug}/results/").content.decode()
    assert 'id="xp-choice-data"' in body and 'id="xp-category-data"' in body and "choice_charts.js" in body
    assert "<script>" not in body  # data blocks only (CSP)
