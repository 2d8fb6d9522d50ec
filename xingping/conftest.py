"""Fixtures for every app's tests (per-app fixtures live in each app's tests/)."""

import pytest

from xingping.testing import Tree, make_campaign


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.XINGPING_HTTPS = False
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture
def tree(db):
    return Tree()


@pytest.fixture
def campaign(db):
    return make_campaign()


# ------------------------------------------------------------------ browser tests
# Real Chromium (Debian's /usr/bin/chromium) driven by Playwright; never `playwright install`.
CHROMIUM = "/usr/bin/chromium"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


_BROWSER = []  # one Chromium per test process: tests/conftest.py re-exports this fixture, and
# pytest then holds two session fixtures of one name; a second sync_playwright() in the same
# thread fails ("Sync API inside the asyncio loop"), so the second one reuses the first's browser.


@pytest.fixture(scope="session")
def chromium():
    import os
    import shutil

    if _BROWSER:
        yield _BROWSER[0]
        return
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail("Chromium is missing: apt-get install -y chromium")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        _BROWSER.append(browser)
        try:
            yield browser
        finally:
            _BROWSER.clear()
            browser.close()


@pytest.fixture
def page(chromium, live_server):
    context = chromium.new_context(viewport=DESKTOP, locale="zh-CN")
    pg = context.new_page()
    pg.set_default_timeout(15000)
    pg.base_url = live_server.url
    yield pg
    context.close()


@pytest.fixture
def phone_page(chromium, live_server):
    context = chromium.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True)
    pg = context.new_page()
    pg.set_default_timeout(15000)
    pg.base_url = live_server.url
    yield pg
    context.close()

