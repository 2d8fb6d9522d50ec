"""One language per page, in a real English browser (locale en-US, Accept-Language en-US):
Chinese pages until the switch is used; the choice follows the account to a new browser."""

import re

import pytest

from xingping.core.testing import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CJK = re.compile(r"[\u4e00-\u9fff]")


def english_browser(chromium, live_server):
    context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="en-US",
                                   extra_http_headers={"Accept-Language": "en-US,en;q=0.9"})
    pg = context.new_page()
    pg.set_default_timeout(15000)
    pg.base_url = live_server.url
    return context, pg


def lang(pg):
    return pg.locator("html").get_attribute("lang")


def test_an_english_browser_reads_chinese_until_it_switches(chromium, live_server, tree, campaign):
    context, pg = english_browser(chromium, live_server)
    try:
        pg.goto(pg.base_url + "/cases/public/")
        assert pg.evaluate("navigator.language") == "en-US"
        assert lang(pg) == "zh-hans" and CJK.search(pg.locator("h1").first.inner_text())

        browser_login(pg, "office")
        assert lang(pg) == "zh-hans" and "退出登录" in pg.locator("nav").inner_text()

        pg.locator("[data-testid=language-switch] [data-language=en]").click()
        pg.wait_for_load_state("networkidle")
        assert lang(pg) == "en" and "Log out" in pg.locator("nav").inner_text()
        pg.reload()
        assert lang(pg) == "en"
    finally:
        context.close()

    # A new browser, a new session: the account remembers English.
    context, pg = english_browser(chromium, live_server)
    try:
        browser_login(pg, "office")
        assert lang(pg) == "en" and "Log out" in pg.locator("nav").inner_text()
        pg.locator("[data-testid=language-switch] [data-language=zh-hans]").click()
        pg.wait_for_load_state("networkidle")
        assert lang(pg) == "zh-hans" and "退出登录" in pg.locator("nav").inner_text()
    finally:
        context.close()
