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


def test_citizen_requests_information_on_a_phone_officer_asks_a_supplement_then_replies(phone_page, page, tree, campaign):
    """依申请公开 end to end: the request on a 360-px phone, 待补正 seen by the applicant, the
    supplement restarting the clock, the reply with its art. 36 type."""
    page.set_default_timeout(30000)
    citizen = phone_page
    citizen.goto(citizen.base_url + "/")
    with citizen.expect_navigation():
        citizen.click("a[href='/cases/public/disclosure/']")
    citizen.select_option("#id_unit", str(tree.station.pk))
    citizen.fill("#id_title", "某企业行政处罚决定书")
    citizen.fill("#id_name", "王五")
    citizen.fill("#id_phone", "13812345678")
    assert citizen.evaluate("document.documentElement.scrollWidth") <= 360
    with citizen.expect_navigation():
        citizen.click("button[type=submit]")
    code = citizen.inner_text("#tracking-code").strip()
    case = Case.objects.get()
    assert case.kind == "disclosure_request" and case.tracking_code == code
    assert case.due_on.isoformat() in citizen.inner_text("#due-on")

    browser_login(page, "xn01_staff")
    page.goto(page.base_url + f"/cases/{case.pk}/")
    step(page, "supplement")
    page.fill("form[data-step=supplement] textarea[name=reason]", "请写明决定书文号或企业名称")
    with page.expect_navigation():
        page.click("form[data-step=supplement] button[type=submit]")
    case.refresh_from_db()
    assert case.status == "supplement" and case.next_due_on == case.supplement_due_on

    citizen.goto(citizen.base_url + f"/cases/public/track/?code={code}")
    assert "待补正" in citizen.inner_text("#case-status")

    page.goto(page.base_url + f"/cases/{case.pk}/")
    step(page, "accepted")
    with page.expect_navigation():
        page.click("form[data-step=accepted] button[type=submit]")
    step(page, "replied")
    page.select_option("form[data-step=replied] select[name=reply_method]", "letter")
    page.select_option("form[data-step=replied] select[name=disclosure_reply]", "granted")
    page.fill("form[data-step=replied] textarea[name=reply_content]", "现向您提供该决定书复印件。")
    with page.expect_navigation():
        page.click("form[data-step=replied] button[type=submit]")
    case.refresh_from_db()
    assert (case.status, case.disclosure_reply) == ("replied", "granted") and case.supplemented_on is not None

    citizen.goto(citizen.base_url + f"/cases/public/track/?code={code}")
    assert "予以公开" in citizen.inner_text("#reply-type")
    assert "收到补正" in citizen.inner_text("#disclosure-clock")
