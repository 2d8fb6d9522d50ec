"""A meeting end to end in real Chromium: the office prints a ballot and opens voting,
an evaluator votes on a 360-px phone, the office closes voting and reads the results."""

import pytest

from xingping.core.testing import browser_login
from xingping.evaluation import services
from xingping.evaluation.models import Ballot, BallotAnswers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_meeting_end_to_end(page, phone_page, tree, campaign, settings, monkeypatch):
    monkeypatch.setattr(services.scoring, "work_scores", lambda campaign, units: {})
    settings.XINGPING_PUBLIC_URL = page.base_url
    evaluation = services.evaluation_setup(actor=tree.office, campaign=campaign)
    evaluation.min_answered = 1  # one ballot in this test: rank on it (the default minimum is 10)
    evaluation.save(update_fields=["min_answered"])
    services.evaluator_save(actor=tree.office, evaluation=evaluation, name="陈志刚", category="npc_deputy")
    page.on("dialog", lambda dialog: dialog.accept())
    browser_login(page, "office")
    slug = campaign.slug

    # The office issues and prints the QR ballots (one sheet, shown once).
    page.goto(f"{page.base_url}/evaluation/{slug}/evaluators/")
    with page.expect_popup() as popup:
        page.click("form[action$='/ballots/issue/'] button[type=submit]")
    sheet = popup.value
    sheet.wait_for_load_state()
    assert sheet.locator("img[src^='data:image/svg+xml']").count() == 1
    ballot_url = sheet.locator("[data-testid=ballot-url]").inner_text().strip()
    sheet.close()

    # The meeting: open voting.
    page.goto(f"{page.base_url}/evaluation/{slug}/meeting/")
    page.click("[data-testid=open-voting]")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=close-voting]").count() == 1

    # The evaluator scores every unit on a phone: all 满意, but 汉川市局 all 不满意.
    phone = phone_page
    phone.goto(ballot_url)
    phone.wait_for_selector("details[data-unit]")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.click("#submit-ballot")  # nothing scored: refused on the page, nothing sent
    assert phone.locator("#ballot-error").is_visible()
    for unit in phone.locator("details[data-unit]").all():
        if not unit.evaluate("d => d.open"):
            unit.locator("summary").click()
        if unit.get_attribute("data-unit") == "HC":
            for item in unit.locator(".item").all():
                item.locator("label", has_text="不满意").click()
        else:
            unit.locator(".js-all").click()
    phone.click("#submit-ballot")
    receipt = phone.locator("[data-testid=receipt]")
    receipt.wait_for()
    code = receipt.inner_text().strip()
    assert len(code) == 11
    assert Ballot.objects.count() == 1

    # The big screen counts it; the office closes voting and sees the results.
    page.goto(f"{page.base_url}/evaluation/{slug}/live/")
    assert page.locator("[data-testid=live-count]").inner_text().strip() == "1"
    page.goto(f"{page.base_url}/evaluation/{slug}/meeting/")
    page.click("[data-testid=close-voting]")
    page.wait_for_url(f"**/evaluation/{slug}/results/")
    rows = page.locator("[data-testid=results] tbody tr")
    assert rows.count() == evaluation.units.count()
    last = rows.last.inner_text()
    assert "汉川市局" in last and "51.00" in last and "不合格" in last
    first = rows.first.inner_text()
    assert first.startswith("1") and "100.00" in first and "优秀" in first

    # The evaluator finds the receipt in the published tally.
    phone.goto(f"{page.base_url}/evaluation/{slug}/tally/?receipt={code}")
    assert "alert-success" in phone.locator("[data-testid=receipt-check]").get_attribute("class")


def test_demo_qr_link_on_a_phone_rates_two_assigned_units_with_one_dont_know(phone_page, tree, campaign, settings):
    """The county evaluation as `xingping demo` loads it, its ballot link as the demo prints
    it on this (non-default) port: two assigned stations, one item 不了解, a receipt."""
    from xingping.evaluation import demo

    settings.XINGPING_PUBLIC_URL = ""
    ctx = {}
    demo._county(ctx, campaign)
    label, path = ctx["links"][0]
    assert not phone_page.base_url.endswith(":8000")
    phone = phone_page
    phone.goto(phone.base_url + path)
    phone.wait_for_selector("details[data-unit]")
    units = [u.get_attribute("data-unit") for u in phone.locator("details[data-unit]").all()]
    assert units == ["XN01", "XN02"]  # only the assigned units
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    for unit in phone.locator("details[data-unit]").all():
        if not unit.evaluate("d => d.open"):
            unit.locator("summary").click()
        unit.locator(".js-all").click()
    first = phone.locator("details[data-unit=XN01] .item").first
    first.locator("label", has_text="不了解").click()
    phone.click("#submit-ballot")
    receipt = phone.locator("[data-testid=receipt]")
    receipt.wait_for()
    assert len(receipt.inner_text().strip()) == 11
    answers = dict(BallotAnswers.objects.values_list("unit__code", "answers"))
    assert set(answers) == {"XN01", "XN02"}
    assert answers["XN01"][0] == "3" and answers["XN01"][1:] == "0" * 17  # 不了解 is the 4th choice


def test_evaluated_units_page_fits_a_phone_and_toggles_a_group(phone_page, tree, campaign):
    """The office ticks the city's evaluated units by group on a 360-px phone."""
    evaluation = services.evaluation_setup(actor=tree.office, campaign=campaign)
    pg = phone_page
    browser_login(pg, "office")
    pg.goto(f"{pg.base_url}/evaluation/{campaign.slug}/evaluated-units/")
    assert pg.evaluate("document.documentElement.scrollWidth") <= 360
    group = pg.locator("fieldset", has_text="科室")
    group.locator("[data-xp-tick=on]").click()
    assert group.locator("input:checked").count() == 2
    counties = pg.locator("fieldset", has_text="县市区局")
    counties.locator("[data-xp-tick=off]").click()
    assert counties.locator("input:checked").count() == 0
    counties.locator("label", has_text="孝南区局").click()
    pg.click("[data-testid=save-units]")
    pg.wait_for_load_state("load")
    assert pg.evaluate("document.documentElement.scrollWidth") <= 360
    assert set(evaluation.units.values_list("unit__code", flat=True)) >= {"XN", "XG-BGS", "XG-JJZ"}
    assert not evaluation.units.filter(unit__code="HC").exists()
