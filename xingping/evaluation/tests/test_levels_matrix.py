"""Role × view matrix of the level and paper-ballot pages (issue 12): every role requests
every URL; 404 for missing and forbidden alike. A county's evaluation is managed by its
county's leader and staff (and the office); readers see the evaluations held in scope."""

import pytest

from xingping.core.testing import assert_matrix
from xingping.evaluation import services

pytestmark = pytest.mark.django_db

VIEWERS = {"office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 200, "county_leader": 200,
           "county_staff": 404, "county_inspector": 200, "station_leader": 404, "station_staff": 404,
           "other_county_leader": 404, "other_station_staff": 404}
MANAGERS = {"office": 200, "auditor": 404, "city_inspector": 404, "city_leader": 200, "county_leader": 200,
            "county_staff": 200, "county_inspector": 404, "station_leader": 404, "station_staff": 404,
            "other_county_leader": 404, "other_station_staff": 404}
REDIRECT = {role: (302 if status == 200 else status) for role, status in MANAGERS.items()}

# Who runs XN's evaluation: the office, and the writers whose scope holds XN (its own
# leader and staff, the city leader above it). Who reads it: those, and the read-only roles
# whose scope holds XN.
RUNNERS = {**MANAGERS}
READERS = {**VIEWERS, "county_staff": 200}
EVALUATOR_LIST = {**RUNNERS, "auditor": 200}
NOBODY = {role: 404 for role in VIEWERS}
POST_ONLY = {role: 405 for role in VIEWERS}
UNIT_XN01 = {**{role: 200 for role in VIEWERS}, "other_county_leader": 404, "other_station_staff": 404}

ROLE_MATRIX = {
    "evaluation:levels": {role: 200 for role in VIEWERS},  # the list is filtered by what each one may see
    "evaluation:level-charts": READERS,
    "evaluation:paper": MANAGERS,
    "evaluation:paper-print": MANAGERS,
    "evaluation:paper-entry": REDIRECT,
    # Posting unit=HC: the office, the city leader and HC's own leader may; XN's people may not.
    "evaluation:level-new": {**REDIRECT, "county_leader": 404, "county_staff": 404, "other_county_leader": 302},
}


@pytest.fixture
def county(tree, campaign):
    evaluation = services.evaluation_new(actor=tree.office, campaign=campaign, holder=tree.county)
    return services.evaluation_open(actor=tree.office, evaluation=evaluation)


def test_level_pages_matrix(client, tree, campaign, county):
    base = f"/evaluation/{campaign.slug}/levels/"
    sheet = services.paper_ballots_print(actor=tree.office, evaluation=county, count=1, category="citizen")[0]
    lines = {"number": str(sheet.number), "u-XN01": "3" * 18, "u-XN02": "9" * 18}
    checks = [
        ("evaluation:levels", base, "get", None),
        ("evaluation:level-charts", base + "XN/charts/", "get", None),
        ("evaluation:paper", base + "XN/paper/", "get", None),
        ("evaluation:paper-print", base + "XN/paper/print/", "post", {"count": "1", "category": "citizen"}),
        ("evaluation:paper-entry", base + "XN/paper/entry/", "post", lines),
        ("evaluation:level-new", base + "new/", "post", {"unit": "HC"}),
    ]
    failures = []
    for name, url, method, data in checks:
        failures += [(name, *f) for f in assert_matrix(client, url, ROLE_MATRIX[name], tree, method=method, data=data)]
    assert failures == [], failures
    assert set(ROLE_MATRIX) == {name for name, *_rest in checks}


def test_paper_number_of_another_evaluation_is_404(client, tree, campaign, county):
    root = services.evaluation_setup(actor=tree.office, campaign=campaign)
    services.evaluation_open(actor=tree.office, evaluation=root)
    services.paper_ballots_print(actor=tree.office, evaluation=root, count=5, category="citizen")
    client.force_login(tree.office)
    resp = client.post(f"/evaluation/{campaign.slug}/levels/XN/paper/entry/", {"number": "5", "u-XN01": "3" * 18,
                                                                               "u-XN02": "3" * 18})
    assert resp.status_code == 404


def test_charts_page_reads_json_and_shows_too_few_answers(client, tree, campaign, county, monkeypatch):
    monkeypatch.setattr(services.scoring, "work_scores", lambda campaign, units: {})
    services.evaluation_close(actor=tree.office, evaluation=county)
    client.force_login(tree.county_leader)
    body = client.get(f"/evaluation/{campaign.slug}/levels/XN/charts/").content.decode()
    assert 'id="xp-chart-data"' in body and "evaluation/charts.js" in body
    assert 'data-testid="too-few"' in body  # no ballot: no rank
    assert "<script>" not in body


# Every page of one evaluation, served for XN's evaluation at /evaluation/<slug>/levels/XN/…
# (the same URL names as the root's; the root's are in test_views_matrix.py).
COUNTY_PAGES = {
    "overview": ("", READERS), "evaluated-units": ("evaluated-units/", RUNNERS), "rubric": ("rubric/", READERS), "rubric-add": ("rubric/area/new/", RUNNERS),
    "rubric-edit": ("rubric/area/{area}/", RUNNERS), "rubric-delete": ("rubric/area/{area}/delete/", POST_ONLY),
    "evaluators": ("evaluators/", EVALUATOR_LIST), "category-assign": ("evaluators/assign/", POST_ONLY),
    "evaluator-units": ("evaluators/{evaluator}/units/", RUNNERS),
    "evaluator-delete": ("evaluators/{evaluator}/delete/", POST_ONLY), "ballots-issue": ("ballots/issue/", POST_ONLY),
    "meeting": ("meeting/", READERS), "voting": ("meeting/voting/close/", POST_ONLY),
    "agenda-edit": ("meeting/agenda/{agenda}/", POST_ONLY), "question-add": ("meeting/questions/", POST_ONLY),
    "question-answer": ("meeting/questions/{question}/answer/", POST_ONLY), "live": ("live/", READERS),
    "results": ("results/", READERS), "results-export": ("results/export/", NOBODY),  # not closed yet
    "recompute": ("results/recompute/", POST_ONLY), "veto-add": ("results/vetoes/", POST_ONLY),
    "veto-delete": ("results/vetoes/{veto}/delete/", POST_ONLY),
    "veto-confirm": ("results/vetoes/{veto}/confirm/", POST_ONLY),
    "consequences": ("results/consequences/", POST_ONLY), "talk-edit": ("talks/999999/", NOBODY),
    "commendation": ("commendation/", NOBODY), "unit": ("units/XN01/", UNIT_XN01),
    "tally": ("tally/", NOBODY),  # public once closed (anonymous too): 404 while open
}


def test_every_page_of_a_county_evaluation_matrix(client, tree, campaign, county):
    from xingping.evaluation.urls import EVALUATION_PAGES

    objects = {
        "area": county.areas.first().pk,
        "evaluator": services.evaluator_save(actor=tree.office, evaluation=county, name="李四", category="citizen").pk,
        "agenda": county.agenda.first().pk,
        "question": services.question_record(actor=tree.office, evaluation=county, unit=tree.station, question="问题？").pk,
        "veto": services.veto_record(actor=tree.office, evaluation=county, unit=tree.station, reason="一票否决").pk,
    }
    base = f"/evaluation/{campaign.slug}/levels/XN/"
    failures = []
    for name, (route, expected) in COUNTY_PAGES.items():
        found = assert_matrix(client, base + route.format(**objects), expected, tree)
        failures += [(name, *f) for f in found if not (name == "tally" and f == ("anonymous", 404, "302"))]
    assert failures == [], failures
    assert set(COUNTY_PAGES) == {name for _route, _view, name in EVALUATION_PAGES}


def test_county_posts_by_its_staff_and_refused_to_the_other_county(client, tree, campaign, county):
    """County staff run their county's evaluation; the other county's leader gets 404 and nothing changes."""
    base = f"/evaluation/{campaign.slug}/levels/XN/"
    client.force_login(tree.other_county_leader)
    assert client.post(base + "evaluators/", {"name": "王五", "category": "citizen"}).status_code == 404
    assert not county.evaluators.exists()
    client.force_login(tree.county_staff)
    resp = client.post(base + "evaluators/", {"name": "王五", "category": "citizen"})
    assert resp.status_code == 302 and resp["Location"] == base + "evaluators/"
    assert county.evaluators.get().name == "王五"
