"""The visited entity scans the QR and confirms the visit on a 360-px phone, without an account."""

import datetime

import pytest

from xingping.entities.testing import make_entity, make_visit
from xingping.outreach.models import EntityConfirmation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_entity_confirms_a_visit_on_a_phone(phone_page, tree, campaign):
    entity = make_entity(tree.station, name="孝感乙食品有限公司")
    visit = make_visit(entity, tree.station_staff, datetime.date(2026, 7, 2))
    page = phone_page
    page.goto(f"{page.base_url}/outreach/confirm/")
    page.fill("#id_code", visit.confirm_code.lower())
    page.click("button[type=submit]")
    page.wait_for_selector("text=孝感乙食品有限公司")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.click("label[for='r5']")
    page.fill("#id_comment", "服务周到")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=confirm-done]")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    confirmation = EntityConfirmation.objects.get(visit=visit)
    assert (confirmation.rating, confirmation.comment) == (5, "服务周到")
    page.goto(f"{page.base_url}/outreach/confirm/{visit.confirm_code}/")  # a second time: refused
    assert "只能使用一次" in page.inner_text("[data-testid=confirm-error]")
    assert EntityConfirmation.objects.count() == 1
