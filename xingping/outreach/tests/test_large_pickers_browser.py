"""In Chromium, past the threshold: typing in the visit ledger's unit box fetches suggestions
within the office's scope, choosing one shows its name and filters the list; a citizen on a
phone gets the public office suggestions on the complaint form."""

import datetime

import pytest

from xingping.core.testing import browser_login
from xingping.entities.testing import make_entity, make_visit
from xingping.orgs import picker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def small_threshold(monkeypatch):
    monkeypatch.setattr(picker, "PICKER_THRESHOLD", 3)  # the live server runs in this process


def test_typing_suggests_units_and_the_choice_filters_the_ledger(page, tree, campaign, small_threshold):
    entity = make_entity(tree.station2, responsible=tree.station2_staff, name="新华乙超市")
    make_visit(entity, tree.station2_staff, datetime.date(2026, 7, 1))
    make_visit(make_entity(tree.station, responsible=tree.station_staff), tree.station_staff, datetime.date(2026, 7, 2))
    browser_login(page, "office")
    page.goto(f"{page.base_url}/outreach/visits/")
    box = page.locator("#f-unit")
    assert box.get_attribute("list") == "f-unit-options" and page.locator("select#f-unit").count() == 0
    box.fill("新华")
    page.locator("#f-unit-options option[value=XN02]").wait_for(state="attached")
    assert page.locator("#f-unit-options option").count() == 1
    box.fill("XN02")  # what choosing the suggestion puts in the box
    assert page.locator("#f-unit-label").inner_text() == "新华所（XN02）"
    box.press("Enter")
    page.wait_for_url("**unit=XN02**")
    assert page.locator("table.xp-stack tbody tr").count() == 1
    assert "新华乙超市" in page.locator("table.xp-stack tbody").inner_text()
    assert page.locator("#f-unit").input_value() == "XN02"
    assert page.locator("#f-unit-label").inner_text() == "新华所（XN02）"


def test_a_citizen_on_a_phone_gets_office_suggestions(phone_page, tree, campaign, small_threshold):
    page = phone_page
    page.goto(f"{page.base_url}/cases/public/")
    page.locator("#id_unit").fill("书院")
    page.locator('#id_unit-options option[value="书院所 · 孝南区局"]').wait_for(state="attached")
    assert page.locator("#id_unit-options option").count() == 1
