"""Every chart draws on a 360-px phone (issue 13 part 7): a canvas in each chart, no console
error, nothing wider than the screen, and the table beside it for whoever cannot see it."""

import datetime
import os

import pytest

from xingping.cases import services as case_services
from xingping.cases.models import Case, Kind
from xingping.core.testing import browser_login
from xingping.entities.testing import make_entity, make_visit
from xingping.evaluation import services as evaluation_services
from xingping.evaluation.tests.conftest import full_scores, issue
from xingping.rectification.tests.conftest import make_finding, make_item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(tree, campaign):
    for unit, replied in ((tree.county, True), (tree.county, False), (tree.county2, True)):
        case = case_services.case_create(actor=None, kind=Kind.COMPLAINT, unit=unit, title="投诉", complainant_name="张三")
        if replied:
            Case.objects.filter(pk=case.pk).update(replied_on=case.received_on)
    entity = make_entity(tree.station, responsible=tree.station_staff)
    make_visit(entity, tree.station_staff, max(campaign.first_day, datetime.date.today() - datetime.timedelta(days=3)))
    make_item(tree, make_finding(tree, campaign), item="每周调度")
    evaluation = evaluation_services.evaluation_setup(actor=tree.office, campaign=campaign)
    evaluation.min_answered = 1
    evaluation.save(update_fields=["min_answered"])
    evaluation_services.evaluation_open(actor=tree.office, evaluation=evaluation)
    for token, value in zip(issue(evaluation, 2), (3, 2)):
        evaluation_services.ballot_cast(token=token, scores=full_scores(evaluation, value=value, overrides={"HC": 1}))
    evaluation_services.evaluation_close(actor=tree.office, evaluation=evaluation)
    return tree


def _check_charts(page, path, chart_ids):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(page.base_url + path)
    page.wait_for_load_state("networkidle")
    for chart_id in chart_ids:
        page.wait_for_selector(f"#{chart_id} canvas", state="attached")
        box = page.locator(f"#{chart_id}").bounding_box()
        assert box["width"] <= 360 and box["height"] >= 150, (path, chart_id, box)
        assert page.locator(f"[data-testid=chart-table-{chart_id}] tbody tr").count() >= 1 or chart_id == "chart"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
    assert errors == [], (path, errors)
    if shots := os.environ.get("XINGPING_SCREENSHOTS"):  # a directory: the phone screenshots for a closing note
        page.screenshot(path=os.path.join(shots, (path.strip("/").replace("/", "-") or "dashboard") + ".png"), full_page=True)


def test_every_chart_renders_on_a_phone(phone_page, world, campaign):
    page = phone_page
    browser_login(page, "office")
    _check_charts(page, "/", ["figures-by-unit", "campaign-weeks"])
    page.select_option("[data-xp-chart-switch=figures-by-unit]", index=3)  # another figure, drawn again
    page.wait_for_selector("#figures-by-unit canvas", state="attached")
    _check_charts(page, "/metrics/", ["chart"])
    _check_charts(page, "/rectification/", ["rectification-items"])
    _check_charts(page, f"/evaluation/{campaign.slug}/results/", ["results-grades"])
    # the ranking's height grows with its units: one row per unit, none dropped
    rows = page.evaluate("JSON.parse(document.getElementById('results-grades-data').textContent).categories.length")
    assert rows >= 3
