"""A staff member posts progress with a photo from a 360-px phone."""

import pytest

from xingping.core.testing import browser_login
from xingping.rectification.models import ItemStatus, RectificationItem
from xingping.rectification.tests.conftest import PNG, make_finding, make_item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_posting_progress_on_a_phone(phone_page, tree, campaign, tmp_path):
    item = make_item(tree, make_finding(tree, campaign), item="年检工作每周调度")
    photo = tmp_path / "现场照片.png"
    photo.write_bytes(PNG)
    page = phone_page
    browser_login(page, "xn01_staff")
    page.goto(f"{page.base_url}/rectification/items/{item.pk}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # nothing sticks out sideways
    page.get_by_role("link", name="上报进度").first.click()
    page.fill("#id_percent", "120")
    page.fill("#id_note", "已建立周调度台账")
    page.evaluate("document.getElementById('id_percent').removeAttribute('max')")  # what an old phone would send
    page.click("#progress-form button[type=submit]")
    assert "0至100" in page.content()
    assert page.input_value("#id_note") == "已建立周调度台账"  # kept what was typed
    page.fill("#id_percent", "100")
    page.set_input_files("#id_evidence", str(photo))
    page.click("#progress-form button[type=submit]")
    page.wait_for_url(f"**/rectification/items/{item.pk}/")
    assert "100%" in page.locator(".progress").inner_text()
    assert "现场照片.png" in page.content()
    item = RectificationItem.objects.get(pk=item.pk)
    assert item.status == ItemStatus.REPORTED and item.posts.get().evidence_kind == "png"
