import pytest

from xingping.core.testing import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_office_logs_in_and_sees_the_campaign_timeline(page, tree, campaign):
    browser_login(page, "office")
    assert page.locator("h1").inner_text() in ("工作台", "Dashboard")
    assert campaign.title in page.locator("[data-testid=timeline]").locator("xpath=..").inner_text()
    assert page.locator("[data-testid=timeline] .xp-phase").count() == 4


def test_wrong_password_stays_on_login_with_a_message(page, tree):
    browser_login(page, "office", "wrong-password")
    assert "/accounts/login/" in page.url
    assert page.locator(".alert-danger").count() == 1
