"""Evaluations at every level, assigned units, 不了解, the answered minimum, the overall
form, proposed vetoes and the ballot POST's queries (issue 12, C7)."""

import datetime
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from xingping.evaluation import selectors, services
from xingping.evaluation.models import Ballot, BallotAnswers, Evaluation, UnitResult, Veto
from xingping.evaluation.tests.conftest import api, full_scores, issue

pytestmark = pytest.mark.django_db


def post(token, scores):
    return Client().post(api(token), data=json.dumps({"scores": scores}), content_type="application/json")


def run(*args):
    out = io.StringIO()
    call_command("evaluation", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def no_work_figures(monkeypatch):
    monkeypatch.setattr(services.scoring, "work_scores", lambda campaign, units: {})


@pytest.fixture
def county_eval(tree, campaign):
    return services.evaluation_new(actor=tree.office, campaign=campaign, holder=tree.county)


def test_county_evaluation_covers_the_stations_below_by_default(county_eval, tree):
    assert county_eval.level == "county" and county_eval.holder == tree.county
    assert set(county_eval.units.values_list("unit__code", flat=True)) == {"XN01", "XN02"}
    assert county_eval.items.count() == 18 and county_eval.choices.filter(abstain=True).count() == 1


def test_a_retired_station_is_not_evaluated_by_default_nor_when_ticked(tree, campaign):
    """A retired unit (撤销) is left off a new county evaluation; ticking it anyway is refused."""
    tree.station2.retired_on = datetime.date(2026, 6, 30)
    tree.station2.save()
    with pytest.raises(ValidationError, match="撤销|retired"):
        services.evaluation_new(actor=tree.office, campaign=campaign, holder=tree.county, units=[tree.station, tree.station2])
    assert not Evaluation.objects.filter(holder=tree.county).exists()
    made = services.evaluation_new(actor=tree.office, campaign=campaign, holder=tree.county)
    assert set(made.units.values_list("unit__code", flat=True)) == {"XN01"}


def test_units_outside_the_holder_or_overlapping_another_open_evaluation_are_refused(county_eval, tree, campaign):
    with pytest.raises(ValidationError, match="已有评议"):
        services.evaluation_new(actor=tree.office, campaign=campaign, holder=tree.county)
    with pytest.raises(ValidationError):
        services.evaluation_new(actor=tree.office, campaign=campaign, holder=tree.county2, units=[tree.station])
    # Any evaluation of the county level still open that evaluates XN01 blocks another one.
    count = Evaluation.objects.count()
    with pytest.raises(ValidationError, match="同级别"):
        services.check_overlap(campaign=campaign, level="county", units=[tree.station.pk])
    services.check_overlap(campaign=campaign, level="city", units=[tree.station.pk])  # another level: fine
    assert Evaluation.objects.count() == count


def test_commands_take_unit(tree, campaign, settings):
    settings.XINGPING_PUBLIC_URL = ""
    assert "2 units" in run("new", "--campaign", campaign.slug, "--unit", "XN")
    with pytest.raises(CommandError):
        run("new", "--campaign", campaign.slug, "--unit", "XN")  # exists
    with pytest.raises(CommandError):
        run("open", "--campaign", campaign.slug, "--unit", "HC")  # HC holds none
    run("open", "--campaign", campaign.slug, "--unit", "XN")
    urls = run("tokens", "--campaign", campaign.slug, "--unit", "XN", "--count", "2").split()
    assert len(urls) == 2 and all(u.startswith("http://127.0.0.1:8000/evaluation/b/") for u in urls)
    token = urls[0].rstrip("/").rsplit("/", 1)[1]
    assert [u["code"] for u in Client().get(api(token)).json()["units"]] == ["XN01", "XN02"]
    # The root's evaluation (no --unit) is another one and keeps working.
    run("open", "--campaign", campaign.slug)
    root = selectors.evaluation_for(campaign)
    assert root.holder == tree.city and root.units.count() > 2


def test_cli_links_use_the_port(tree, campaign, settings, monkeypatch):
    settings.XINGPING_PUBLIC_URL = ""
    monkeypatch.setenv("PORT", "8765")
    run("open", "--campaign", campaign.slug)
    assert run("tokens", "--campaign", campaign.slug, "--count", "1").startswith("http://127.0.0.1:8765/evaluation/b/")


def test_links_follow_the_request_address(rf, settings):
    settings.XINGPING_PUBLIC_URL = ""
    settings.ALLOWED_HOSTS = ["10.1.2.3"]
    request = rf.get("/", HTTP_HOST="10.1.2.3:9000")
    assert services.ballot_url("tok", request) == "http://10.1.2.3:9000/evaluation/b/tok/"
    settings.XINGPING_PUBLIC_URL = "https://xp.example.org"
    assert services.ballot_url("tok", request) == "https://xp.example.org/evaluation/b/tok/"


def test_a_token_serves_only_its_assigned_units(evaluation, tree):
    services.category_units_set(actor=tree.office, evaluation=evaluation, category="enterprise",
                              units=[tree.station, tree.county])
    services.evaluation_open(actor=tree.office, evaluation=evaluation)
    token = issue(evaluation, category="enterprise")[0]
    data = Client().get(api(token)).json()
    assert [u["code"] for u in data["units"]] == ["XN", "XN01"]
    everything = full_scores(evaluation)
    resp = post(token, everything)
    assert resp.status_code == 400
    assert "HC" in resp.json()["scores"] and "该单位不在" in str(resp.json()["scores"]["HC"])
    assert Ballot.objects.count() == 0
    assert post(token, full_scores(evaluation, units=["XN", "XN01"])).status_code == 201
    assert set(BallotAnswers.objects.values_list("unit__code", flat=True)) == {"XN", "XN01"}
    # A citizen's token (category not assigned) rates every unit.
    assert len(Client().get(api(issue(evaluation)[0])).json()["units"]) == evaluation.units.count()


def test_an_evaluator_assigned_one_by_one(evaluation, tree):
    person = services.evaluator_save(actor=tree.office, evaluation=evaluation, name="罗永红", category="enterprise")
    services.evaluator_units_set(actor=tree.office, evaluator=person, units=[tree.station2])
    services.evaluation_open(actor=tree.office, evaluation=evaluation)
    (_e, _c, token), = services.tokens_issue(actor=tree.office, evaluation=evaluation, evaluators=[person])
    assert [u["code"] for u in Client().get(api(token)).json()["units"]] == ["XN02"]
    with pytest.raises(ValidationError):
        services.evaluator_units_set(actor=tree.office, evaluator=person, units=[tree.dept])  # not evaluated


def test_token_of_another_evaluation_is_not_served_here(county_eval, evaluation, tree):
    services.evaluation_open(actor=tree.office, evaluation=county_eval)
    services.evaluation_open(actor=tree.office, evaluation=evaluation)
    token = issue(county_eval)[0]
    resp = post(token, full_scores(evaluation))  # the city's ballot posted with a county token
    assert resp.status_code == 400 and "HC" in resp.json()["scores"]
    assert Ballot.objects.count() == 0


def test_abstain_counts_in_no_score_and_answered_counts_ballots(open_evaluation, tree, no_work_figures):
    scores = full_scores(open_evaluation, 3)
    scores["XN"] = {item: 9 for item in scores["XN"]}  # 不了解 on every item
    scores["HC"]["A1.1"] = 9
    scores["HC"]["A1.2"] = 1
    assert post(issue(open_evaluation)[0], scores).status_code == 201
    assert post(issue(open_evaluation)[0], full_scores(open_evaluation, 2)).status_code == 201
    services.evaluation_close(actor=tree.office, evaluation=open_evaluation)
    xn = UnitResult.objects.get(evaluation=open_evaluation, unit__code="XN")
    hc = UnitResult.objects.get(evaluation=open_evaluation, unit__code="HC")
    kfq = UnitResult.objects.get(evaluation=open_evaluation, unit__code="KFQ")
    assert (xn.answered, hc.answered, kfq.answered) == (1, 2, 2)
    assert str(xn.democratic_score) == "75.00"  # only the second ballot's 基本满意 counts
    assert kfq.democratic_score > hc.democratic_score  # HC's 不满意 counts, its 不了解 does not


def test_below_the_minimum_a_unit_has_no_rank_and_no_grade(open_evaluation, tree, no_work_figures):
    open_evaluation.min_answered = 2
    open_evaluation.save(update_fields=["min_answered"])
    scores = full_scores(open_evaluation, 3)
    scores["XN"] = {item: 9 for item in scores["XN"]}
    post(issue(open_evaluation)[0], scores)
    post(issue(open_evaluation)[0], full_scores(open_evaluation, 3))
    services.evaluation_close(actor=tree.office, evaluation=open_evaluation)
    data = json.loads(run("results", "--campaign", open_evaluation.campaign.slug))
    xn = next(u for u in data["units"] if u["code"] == "XN")
    kfq = next(u for u in data["units"] if u["code"] == "KFQ")
    assert (xn["answered"], xn["rank"], xn["grade"]) == (1, None, None)
    assert (kfq["answered"], kfq["rank"], kfq["grade"]) == (2, 1, "excellent")


def test_default_minimum_is_ten(tree, campaign):
    assert services.evaluation_setup(actor=None, campaign=campaign).min_answered == 10


def test_abstention_refused_where_the_campaign_forbids_it(open_evaluation):
    Evaluation.objects.filter(pk=open_evaluation.pk).update(allow_abstain=False)
    token = issue(open_evaluation)[0]
    choices = Client().get(api(token)).json()["items"][0]["choices"]
    assert all(not c.get("abstain") for c in choices)
    scores = full_scores(open_evaluation)
    scores["XN"]["A1.1"] = 9
    resp = post(token, scores)
    assert resp.status_code == 400 and "不允许" in str(resp.json()["scores"]["XN"]["A1.1"])
    assert Ballot.objects.count() == 0


def test_overall_form_one_rating_per_unit_with_optional_areas(evaluation, tree, no_work_figures):
    Evaluation.objects.filter(pk=evaluation.pk).update(ballot_form="overall")
    evaluation.refresh_from_db()
    services.evaluation_open(actor=tree.office, evaluation=evaluation)
    token = issue(evaluation)[0]
    data = Client().get(api(token)).json()
    assert data["form"] == "overall" and data["items"][0]["code"] == "overall"
    assert [i.get("required", True) for i in data["items"]] == [True] + [False] * 6
    units = [u["code"] for u in data["units"]]
    scores = {code: {"overall": 3} for code in units}
    scores["XN"] = {"overall": 1, "A1": 3}
    assert post(token, scores).status_code == 201
    assert post(issue(evaluation)[0], {code: {"A1": 3} for code in units}).status_code == 400  # overall missing
    services.evaluation_close(actor=tree.office, evaluation=evaluation)
    assert str(UnitResult.objects.get(evaluation=evaluation, unit__code="XN").democratic_score) == "30.00"


def test_verified_misconduct_case_proposes_a_veto_the_office_confirms(open_evaluation, tree, no_work_figures):
    from xingping.cases.models import Case, Kind

    post(issue(open_evaluation)[0], full_scores(open_evaluation))
    case = Case.objects.create(number="WJ-1", kind=Kind.MISCONDUCT, unit=tree.county, subject_unit=tree.station,
                               campaign=open_evaluation.campaign, received_on=datetime.date(2026, 3, 2))
    assert not Veto.objects.exists()
    case.verified = True
    case.save()
    case.save()  # idempotent
    veto = Veto.objects.get()
    assert veto.proposed and veto.unit == tree.station and veto.reference == "WJ-1"
    services.evaluation_close(actor=tree.office, evaluation=open_evaluation)
    assert UnitResult.objects.get(evaluation=open_evaluation, unit=tree.station).grade == "excellent"  # not yet
    services.veto_confirm(actor=tree.office, veto=veto)
    r = UnitResult.objects.get(evaluation=open_evaluation, unit=tree.station)
    assert (r.grade, r.vetoed) == ("unqualified", True)


def test_ballot_post_is_one_transaction_with_few_queries(open_evaluation, settings):
    settings.XINGPING_BALLOT_BATCH = 20  # the post that does not fill a mixing batch
    token = issue(open_evaluation)[0]
    scores = full_scores(open_evaluation)
    post(issue(open_evaluation)[0], scores)  # warm the rubric cache
    with CaptureQueriesContext(connection) as ctx:
        assert post(token, scores).status_code == 201
    sql = [q["sql"] for q in ctx.captured_queries]
    assert len(sql) <= 8, sql
    assert sum(s.lstrip().startswith("UPDATE") for s in sql) == 1  # spend the token
    assert sum("INSERT INTO" in s for s in sql) == 1, sql  # the ballot into the mixing buffer, one row
