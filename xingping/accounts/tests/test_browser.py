"""In Chromium: the lockout page, two-factor enrolment, and no Content-Security-Policy
violation on the main pages of every role (inline code would be refused and reported in
the console)."""

import re

import pytest
from django.urls import reverse

from xingping.core.testing import browser_login
from xingping.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def watch_csp(pg):
    errors = []

    def on_console(msg):
        if "Content Security Policy" in msg.text or "Content-Security-Policy" in msg.text:
            errors.append(msg.text)

    pg.on("console", on_console)
    return errors


def test_lockout_in_the_browser(page, tree):
    errors = watch_csp(page)
    for _ in range(5):
        browser_login(page, "xn_leader", "wrong-password")
    browser_login(page, "xn_leader", PASSWORD)
    assert "/accounts/login/" in page.url
    assert "登录失败次数过多" in page.locator("[data-testid=locked]").inner_text()
    assert errors == []


def test_enrolment_shows_a_qr_code(page, tree, settings):
    settings.XINGPING_REQUIRE_2FA = True
    errors = watch_csp(page)
    browser_login(page, "office")
    assert "/accounts/two-factor/setup/" in page.url
    qr = page.locator("[data-testid=qr]")
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    assert re.fullmatch(r"[A-Z2-7 ]+", page.locator("[data-testid=secret]").inner_text())
    assert errors == []


PAGES = {
    "office": ["/", "/campaigns/", "/cases/", "/outreach/", "/metrics/", "/rectification/", "/evaluation/",
               "/entities/", "/orgs/", "/audit/", "/accounts/"],
    "county_leader": ["/", "/cases/", "/outreach/", "/metrics/", "/rectification/", "/accounts/password/"],
    "station_staff": ["/", "/outreach/", "/outreach/visits/new/", "/accounts/"],
    "city_inspector": ["/", "/cases/", "/audit/"],
}


@pytest.mark.parametrize("role", sorted(PAGES))
def test_no_csp_violation_on_the_main_pages(page, tree, campaign, role):
    errors = watch_csp(page)
    browser_login(page, getattr(tree, role).username)
    for path in PAGES[role]:
        page.goto(page.base_url + path)
        page.wait_for_load_state("networkidle")
    assert errors == []


def test_public_pages_and_charts_have_no_csp_violation(page, tree, campaign):
    errors = watch_csp(page)
    for path in ("/", reverse("accounts:login")):
        page.goto(page.base_url + path)
        page.wait_for_load_state("networkidle")
    browser_login(page, "office")
    page.goto(page.base_url + "/metrics/")
    page.wait_for_load_state("networkidle")
    if page.locator("#chart").count():
        assert page.locator("#chart canvas").count() >= 1  # ECharts drew from the JSON block
    assert errors == []


def test_the_watch_sees_a_violation(page, tree):
    """The check above can fail: inline style added to a page is refused and reported."""
    errors = watch_csp(page)
    page.goto(page.base_url + reverse("accounts:login"))
    page.evaluate("""() => { const s = document.createElement('script'); s.textContent = 'window.x = 1';
                              document.body.appendChild(s); }""")
    page.wait_for_timeout(200)
    assert errors and page.evaluate("() => window.x === undefined")
