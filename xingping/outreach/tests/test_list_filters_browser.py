"""On a 360-px phone the visit list is one card per visit and its filters fold behind a button
that counts the filters set; on a desktop they are open. Tab strips that do not fit scroll
sideways and fade at the edge that hides more tabs (issue 13, part 3)."""

import datetime

import pytest

from xingping.conftest import DESKTOP, PHONE
from xingping.core.testing import browser_login
from xingping.entities.testing import make_entity, make_visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def visits(tree, campaign):
    entity = make_entity(tree.station, responsible=tree.station_staff, name="孝感市书院路甲乙丙商贸有限责任公司")
    return [make_visit(entity, tree.station_staff, datetime.date(2026, 7, d)) for d in (1, 2, 3)]


def test_the_visit_list_on_a_phone_is_cards_with_folded_filters(phone_page, tree, visits, tmp_path):
    page = phone_page
    browser_login(page, "office")
    page.goto(f"{page.base_url}/outreach/visits/?unit=XN&visitor=xn01_staff")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert not page.locator("[data-testid=visit-filters]").is_visible()
    toggle = page.locator("[data-testid=filter-toggle]")
    assert toggle.is_visible() and toggle.locator("[data-testid=filter-count]").inner_text() == "2"
    # one card per visit: the heading row is hidden, each cell names its column
    assert not page.locator("table.xp-stack thead").is_visible()
    cell = page.locator("table.xp-stack tbody tr").first.locator("td").nth(2)
    assert cell.get_attribute("data-label") == "走访人"
    name_cell = page.locator("table.xp-stack tbody tr").first.locator("td").nth(1)
    assert name_cell.bounding_box()["height"] < 80  # the entity's name is not a character a line
    page.screenshot(path=str(tmp_path / "visits-phone.png"), full_page=True)
    toggle.click()
    page.locator("[data-testid=visit-filters]").wait_for(state="visible")
    assert page.locator("[data-testid=unit-picker]").input_value() == "XN"
    # the picker's search narrows the units as one types
    page.fill("[data-xp-option-search=f-unit]", "新华")
    assert page.locator("[data-testid=unit-picker]").input_value() == "XN02"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_on_a_desktop_the_filters_are_open(page, tree, visits):
    browser_login(page, "office")
    page.goto(f"{page.base_url}/outreach/visits/")
    assert page.viewport_size == DESKTOP
    assert page.locator("[data-testid=visit-filters]").is_visible()
    assert not page.locator("[data-testid=filter-toggle]").is_visible()
    assert page.locator("table.xp-stack thead").is_visible()


def test_a_tab_strip_that_does_not_fit_fades_at_its_end(phone_page, tree, campaign):
    page = phone_page
    browser_login(page, "office")
    page.goto(f"{page.base_url}/rectification/items/")
    strip = page.locator(".xp-subnav")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert "xp-more-end" in strip.get_attribute("class")
    assert "xp-more-start" not in strip.get_attribute("class")
    strip.evaluate("el => { el.scrollLeft = el.scrollWidth; el.dispatchEvent(new Event('scroll')); }")
    page.wait_for_function("document.querySelector('.xp-subnav').classList.contains('xp-more-start')")
    assert "xp-more-end" not in strip.get_attribute("class")
