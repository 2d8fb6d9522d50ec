"""A station officer records a visit with the opinion form on a 360-px phone."""

import pytest

from xingping.core.testing import browser_login
from xingping.entities.testing import make_entity
from xingping.outreach.models import Visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_recording_a_visit_on_a_phone(phone_page, tree, campaign):
    entity = make_entity(tree.station, responsible=tree.station_staff, name="孝感甲商贸有限公司")
    page = phone_page
    browser_login(page, "xn01_staff")
    page.goto(f"{page.base_url}/outreach/")
    assert "孝感甲商贸有限公司" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.click(f"a[href='/outreach/entities/{entity.pk}/visit/']")
    page.wait_for_selector("#all-satisfied")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # nothing sticks out sideways
    page.click("#all-satisfied")
    page.click("label[for='id_civility_3']")  # 文明执法: 不满意 (value 2 is the 4th choice)
    page.fill("#id_opinions", "执法人员态度生硬")
    page.click("#visit-form button[type=submit]")
    page.wait_for_url("**/outreach/")
    v = Visit.objects.get()
    assert (v.entity, v.visitor, v.method, v.kind) == (entity, tree.station_staff, "onsite", "visit")
    assert (v.efficiency, v.civility, v.opinions) == (4, 2, "执法人员态度生硬")
    assert v.is_dissatisfied
