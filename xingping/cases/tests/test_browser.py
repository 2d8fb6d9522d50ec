"""A citizen files a complaint on a phone and follows it by tracking code; an officer
replies; the citizen reads the reply."""

import pytest

from xingping.cases.models import Case
from xingping.core.testing import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def step(pg, target):
    """Open the next-step panel and wait until its form is shown."""
    pg.click(f"button[data-bs-target='#step-{target}']")
    pg.wait_for_selector(f"#step-{target}.show form[data-step={target}] button[type=submit]", state="visible")


def test_citizen_files_on_a_phone_officer_replies_citizen_reads_it(phone_page, page, tree):
    page.set_default_timeout(30000)
    citizen = phone_page
    citizen.goto(citizen.base_url + "/cases/public/")
    citizen.select_option("#id_kind", "complaint")
    citizen.select_option("#id_unit", str(tree.station.pk))
    citizen.fill("#id_title", "营业执照办理排队太久")
    citizen.fill("#id_content", "上午窗口只开了一个，等了两个小时。")
    citizen.fill("#id_name", "王五")
    citizen.fill("#id_phone", "13812345678")
    # the form fits a 360-px screen: no horizontal scrolling
    assert citizen.evaluate("document.documentElement.scrollWidth") <= 360
    with citizen.expect_navigation():
        citizen.click("button[type=submit]")
    code = citizen.inner_text("#tracking-code").strip()
    assert len(code) == 19 and Case.objects.get().tracking_code == code

    citizen.click("a.btn-outline-danger")
    citizen.wait_for_selector("#case-status")
    assert not citizen.is_visible("#reply")

    case = Case.objects.get()
    browser_login(page, "xn01_staff")
    page.goto(page.base_url + f"/cases/{case.pk}/")
    step(page, "accepted")
    with page.expect_navigation():
        page.click("form[data-step=accepted] button[type=submit]")
    step(page, "replied")
    page.select_option("form[data-step=replied] select[name=reply_method]", "phone")
    page.fill("form[data-step=replied] textarea[name=reply_content]", "已增开两个窗口，并电话向您致歉。")
    with page.expect_navigation():
        page.click("form[data-step=replied] button[type=submit]")
    case.refresh_from_db()
    assert case.status == "replied"

    citizen.goto(citizen.base_url + f"/cases/public/track/?code={code}")
    assert "已增开两个窗口" in citizen.inner_text("#reply")
