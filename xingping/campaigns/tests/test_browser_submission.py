"""Real Chromium: a unit leader submits with an attachment, the office returns it with a
reason, the leader sees it and resubmits, the office accepts. Statuses checked on each side."""

import pytest

from xingping.campaigns.tests.conftest import PDF
from xingping.core.testing import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_submission(pg, campaign, code, unit):
    pg.goto(f"{pg.base_url}/campaigns/{campaign.slug}/deliverables/{code}/units/{unit}/")


def status(pg):
    return pg.locator("[data-testid=status] [data-status]").get_attribute("data-status")


def as_user(pg, username, campaign, code, unit):
    """Log out whoever was in, log `username` in and open the submission page."""
    pg.context.clear_cookies()
    browser_login(pg, username)
    open_submission(pg, campaign, code, unit)


def press(pg, testid, expected_status):
    pg.click(f"[data-testid={testid}]")
    pg.wait_for_load_state("networkidle")
    assert status(pg) == expected_status


def return_with(pg, reason):
    pg.fill("#id_reason", reason)
    press(pg, "return", "returned")


def leader_submits(pg, campaign, username, code, unit):
    as_user(pg, username, campaign, code, unit)
    assert status(pg) in ("pending", "overdue")
    pg.fill("textarea[name=body]", "本单位自查自纠情况：发现问题3个，已整改2个。")
    pg.set_input_files("input[name=file]", files=[{"name": "自查报告.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    press(pg, "submit", "submitted")
    assert "自查报告.pdf" in pg.locator("[data-testid=attachments]").inner_text()


def test_submit_return_resubmit_accept(page, tree, campaign):
    plan = (campaign, "implementation_plan", "XN")
    leader_submits(page, campaign, "xn_leader", "implementation_plan", "XN")
    # the office returns it with a reason; an empty reason is refused first
    as_user(page, "office", *plan)
    assert status(page) == "submitted"
    page.click("[data-testid=return]")
    assert page.locator("[data-testid=reason-error]").is_visible()
    return_with(page, "缺少时间节点和责任人，请补充。")
    # the leader sees the reason and resubmits
    as_user(page, "xn_leader", *plan)
    assert status(page) == "returned"
    assert "缺少时间节点和责任人" in page.locator("[data-testid=return-reason]").inner_text()
    page.fill("textarea[name=body]", "已补充时间节点和责任人。")
    press(page, "submit", "submitted")
    # the office accepts
    as_user(page, "office", *plan)
    press(page, "accept", "accepted")
    assert page.locator("[data-testid=history] li").count() >= 6
    # the matrix shows it accepted; the leader sees it accepted and can no longer edit
    page.goto(f"{page.base_url}/campaigns/{campaign.slug}/matrix/")
    cell = page.locator("[data-testid=matrix] tr[data-unit=XN] [data-status]").first
    assert cell.get_attribute("data-status") == "accepted"
    as_user(page, "xn_leader", *plan)
    assert status(page) == "accepted" and page.locator("[data-testid=submission-form]").count() == 0


def test_station_leader_submits_on_a_phone_and_the_county_returns_it(phone_page, tree, campaign):
    pg = phone_page
    leader_submits(pg, campaign, "xn01_leader", "station_self_inspection", "XN01")
    as_user(pg, "xn_leader", campaign, "self_inspection_report", "XN")
    assert "XN01" in pg.locator("[data-testid=rollup]").inner_html()
    pg.click("[data-testid=rollup] [data-unit=XN01] a")
    return_with(pg, "请补充整改措施。")
    # nothing on the page is wider than the phone
    assert pg.evaluate("document.documentElement.scrollWidth") <= 360 + 1
    as_user(pg, "xn01_leader", campaign, "station_self_inspection", "XN01")
    assert "请补充整改措施" in pg.locator("[data-testid=return-reason]").inner_text()


def test_county_account_sees_only_its_county_and_stations_in_the_tree(page, tree):
    browser_login(page, "xn_leader")
    page.goto(page.base_url + "/orgs/")
    codes = page.locator("[data-testid=unit-tree] [data-unit]").evaluate_all("els => els.map(e => e.dataset.unit)")
    assert sorted(codes) == ["XN", "XN01", "XN02"]
