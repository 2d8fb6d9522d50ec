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

ROLE_MATRIX = {
    "evaluation:levels": {**VIEWERS, "station_leader": 200, "other_county_leader": 200},  # the list is scoped
    "evaluation:level-charts": VIEWERS,
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
    assert failures == []
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
