"""In Chromium, on a 360-px phone: the office does a campaign's whole set-up without a
command — adds a unit, an account in it, a holiday, and next year's campaign — and the new
account's first sign-in asks for a new password. No page is wider than the screen and no
Content-Security-Policy violation is reported."""

import datetime

import pytest

from xingping.accounts.models import User
from xingping.campaigns.models import Campaign
from xingping.cases.models import HolidayOverride
from xingping.core.models import AuditEvent
from xingping.core.testing import browser_login
from xingping.orgs.models import OrgUnit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits(pg):
    return pg.evaluate("document.documentElement.scrollWidth") <= pg.viewport_size["width"]


def submit(pg, selector):
    with pg.expect_navigation():
        pg.click(selector)


def test_the_office_does_a_whole_set_up_on_a_phone(phone_page, tree):
    pg = phone_page
    pg.set_default_timeout(30000)
    console = []
    pg.on("console", lambda msg: console.append(msg.text) if "Content Security Policy" in msg.text else None)
    browser_login(pg, "office")

    # the Setup entry of the navigation (collapsed on a phone)
    pg.click("button.navbar-toggler")
    pg.wait_for_selector("#mainnav.collapse.show")  # Bootstrap's opening transition is over (a link
    # clicked while the menu still slides open may miss it on a loaded machine)
    submit(pg, "#mainnav a.nav-link[href='/orgs/setup/']")
    assert pg.is_visible("[data-testid=setup-hub]") and fits(pg)

    # 1. a unit under the county
    submit(pg, "[data-testid=setup-hub] a[href='/orgs/setup/units/']")
    assert fits(pg)
    submit(pg, "[data-testid=unit-add]")
    pg.select_option("#id_parent", str(tree.county.pk))
    pg.fill("#id_code", "XN03")
    pg.fill("#id_name", "朋兴所")
    pg.select_option("#id_level", "station")
    assert fits(pg)
    submit(pg, "[data-testid=unit-form] button[type=submit]")
    unit = OrgUnit.objects.get(code="XN03")
    assert unit.path == "XG/XN/XN03/" and "朋兴所" in pg.inner_text("h1") and fits(pg)

    # 2. an account in it
    submit(pg, "a[href='/orgs/setup/staff/new/?unit=XN03']")
    pg.fill("#id_username", "xn03_staff")
    pg.fill("#id_name", "周九")
    pg.check("input[name=roles][value=staff]")
    pg.fill("#id_password", "Zhoujiu-2027")
    assert fits(pg)
    submit(pg, "[data-testid=staff-form] button[type=submit]")
    user = User.objects.get(username="xn03_staff")
    assert user.unit == unit and user.role_set == {"staff"} and fits(pg)

    # 3. a holiday in a year the official calendar does not know
    pg.goto(pg.base_url + "/orgs/setup/")
    submit(pg, "[data-testid=setup-hub] a[href='/cases/holidays/']")
    pg.fill("#id_day", "2030-10-08")
    pg.select_option("#id_is_workday", "0")
    pg.fill("#id_name", "国庆节")
    assert fits(pg)
    submit(pg, "form.card button[type=submit]")
    assert HolidayOverride.objects.filter(day=datetime.date(2030, 10, 8), is_workday=False).exists()

    # 4. next year's campaign from the template
    pg.goto(pg.base_url + "/orgs/setup/")
    submit(pg, "[data-testid=setup-hub] a[href='/campaigns/new/']")
    pg.fill("#id_year", "2027")
    pg.fill("#id_slug", "c2027")
    pg.fill("#id_first_day", "2027-07-01")
    assert fits(pg)
    submit(pg, "[data-testid=campaign-form] button[type=submit]")
    campaign = Campaign.objects.get(slug="c2027")
    phases = pg.locator("[data-testid=campaign-phases] li")
    assert phases.count() == campaign.phases.count() >= 4 and fits(pg)

    for action in ("unit.create", "account.create", "holiday.set", "create"):
        assert AuditEvent.objects.filter(action=action, actor=tree.office).exists(), action
    assert console == []

    # the new account's first sign-in asks for a new password
    pg.context.clear_cookies()
    browser_login(pg, "xn03_staff", "Zhoujiu-2027")
    assert "/accounts/password/" in pg.url
