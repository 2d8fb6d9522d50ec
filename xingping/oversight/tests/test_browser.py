"""A drawn inspector records a covert visit on a 360-px phone; the plan page fits too."""

import pytest

from xingping.core.testing import browser_login
from xingping.oversight.models import Inspection

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_inspector_records_an_inspection_on_a_phone(phone_page, tree, ovs):
    page = phone_page
    browser_login(page, "hc_leader")
    page.goto(f"{page.base_url}/oversight/mine/")
    page.click(f"a[href='/oversight/inspections/new/?target={ovs['target'].pk}']")
    page.wait_for_selector("#id_place")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.check("input[name=mode][value=covert]")
    page.fill("#id_place", "所办事大厅")
    page.fill("#id_seen", "工作人员上班时间玩手机")
    page.check("#id_problem_found")
    page.click("#inspection-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "/oversight/inspections/new/" not in page.url, page.inner_text("#inspection-form")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    new = Inspection.objects.latest("pk")
    assert (new.mode, new.seen, new.problem_found, new.unit) == ("covert", "工作人员上班时间玩手机", True, ovs["target"].unit)


def test_plan_page_fits_a_phone(phone_page, tree, ovs):
    page = phone_page
    browser_login(page, "office")
    page.goto(f"{page.base_url}/oversight/plans/{ovs['plan'].pk}/")
    assert ovs["plan"].pool_sha256 in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
