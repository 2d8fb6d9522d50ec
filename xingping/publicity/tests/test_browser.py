"""Real Chromium: axe-core on every public page (360 px and 1366 px), and the news
workflow from a staff draft to an item the public sees on the column and in the feed."""

import xml.etree.ElementTree as ET

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from xingping.cases import services as case_services
from xingping.core.public import public_pages
from xingping.core.testing import browser_login
from xingping.publicity.models import Publication
from xingping.publicity.tests.conftest import publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ATOM = "{http://www.w3.org/2005/Atom}"


def _serious(results):
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("width", [360, 1366])
def test_public_pages_have_no_serious_accessibility_violations(chromium, live_server, tree, campaign, width):
    item = publish(tree, tree.county, "孝南区局开展走访活动")
    letter = publish(tree, tree.city, "致社会各界的公开信", kind="letter")
    tree.station.hotline = "0712-2820001"
    tree.station.save()
    # a request for disclosure sent back for a supplement, as its applicant tracks it
    request_ = case_services.case_create(actor=None, public=True, kind="disclosure_request", unit=tree.station,
                                         channel="web", title="申请公开处罚决定书", named=True, complainant_name="王五",
                                         complainant_phone="13812345678")
    request_ = case_services.case_transition(actor=tree.office, case=request_, target="supplement", reason="请写明文号")
    urls = [reverse(p.url_name) for p in public_pages()] + [
        "/", reverse("publicity:news-detail", args=[item.pk]), reverse("publicity:letter-detail", args=[letter.pk]),
        reverse("publicity:unit", args=[tree.station.code]), reverse("publicity:portal"),
        reverse("cases:public-track") + f"?code={request_.tracking_code}",
        reverse("disclosure:public-unit", args=[tree.station.code]),
        reverse("cases:public-disclosure") + f"?unit={tree.station.code}",
    ]
    context = chromium.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
    page = context.new_page()
    axe = Axe()
    failures = {}
    try:
        for url in urls:
            page.goto(live_server.url + url)
            page.wait_for_load_state("load")
            bad = _serious(axe.run(page))
            if bad:
                failures[url] = bad
            overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
            if overflow:
                failures.setdefault(url, []).append("horizontal overflow")
    finally:
        context.close()
    assert not failures, "\n".join(f"{u}: {b}" for u, b in failures.items())


def _fits(pg):
    assert not pg.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1"), pg.url


def test_news_from_staff_draft_to_the_public_column_and_feed(chromium, live_server, tree, phone_page):
    def login_page(username):
        ctx = chromium.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN")
        pg = ctx.new_page()
        pg.set_default_timeout(15000)
        pg.base_url = live_server.url
        browser_login(pg, username)
        return ctx, pg

    # Station staff drafts a news item on a phone.
    ctx, pg = login_page("xn01_staff")
    pg.goto(live_server.url + reverse("publicity:item-new") + "?kind=news")
    _fits(pg)
    pg.select_option("#id_category", "exemplary")
    pg.fill("#id_title", "书院所调解消费纠纷获点赞")
    pg.fill("#id_body", "书院所三天内上门调解一起消费纠纷。")
    pg.click("main form button[type=submit]")
    pg.wait_for_load_state("networkidle")
    item = Publication.objects.get(title="书院所调解消费纠纷获点赞")
    assert item.state == "draft"
    assert pg.locator("form[action$='/submit/']").count() == 0  # staff cannot submit
    _fits(pg)
    pg.goto(live_server.url + reverse("publicity:commitments-unit", args=[tree.station.code]))
    _fits(pg)
    pg.goto(live_server.url + reverse("publicity:manage"))
    _fits(pg)
    ctx.close()

    # The station leader submits it.
    ctx, pg = login_page("xn01_leader")
    pg.goto(live_server.url + reverse("publicity:item-detail", args=[item.pk]))
    pg.click("form[action$='/submit/'] button")
    pg.wait_for_load_state("networkidle")
    item.refresh_from_db()
    assert item.state == "submitted"
    ctx.close()

    # The office publishes it at once.
    ctx, pg = login_page("office")
    pg.goto(live_server.url + "/")
    assert pg.locator(f"a[href='{reverse('publicity:item-detail', args=[item.pk])}']").count() == 1  # dashboard
    pg.goto(live_server.url + reverse("publicity:item-detail", args=[item.pk]))
    _fits(pg)
    pg.click("form[action$='/publish/'] button[type=submit]")
    pg.wait_for_load_state("networkidle")
    item.refresh_from_db()
    assert item.state == "published"
    ctx.close()

    # An anonymous visitor finds it from / on a phone, and in the feed.
    phone_page.goto(live_server.url + "/")
    phone_page.click(f"a[href='{reverse('publicity:news')}']")
    phone_page.wait_for_load_state("load")
    assert phone_page.locator("main").get_by_text("书院所调解消费纠纷获点赞").count() == 1
    feed = phone_page.request.get(live_server.url + reverse("publicity:news-feed"))
    titles = [e.find(f"{ATOM}title").text for e in ET.fromstring(feed.body()).findall(f"{ATOM}entry")]
    assert titles == ["书院所调解消费纠纷获点赞"]
