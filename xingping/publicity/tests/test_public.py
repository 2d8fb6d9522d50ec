import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import reverse

from xingping.cases import services as case_services
from xingping.core.public import public_pages
from xingping.orgs.models import OrgUnit
from xingping.publicity import services
from xingping.publicity.tests.conftest import later, publish

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
MOBILE = re.compile(r"(?<!\d)1\d{10}(?!\d)")


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.alternates = [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag == "link" and a.get("rel") == "alternate":
            self.alternates.append(a)


def _parse(html):
    p = Links()
    p.feed(html)
    return p


def test_anonymous_root_is_the_portal_listing_every_registered_page(client, tree):
    resp = client.get("/", follow=True)
    assert resp.redirect_chain == [(reverse("publicity:portal"), 302)] and resp.status_code == 200
    links = _parse(resp.content.decode()).links
    for page in public_pages():
        assert reverse(page.url_name) in links, page.key
    keys = {p.key for p in public_pages()}
    assert {"plan", "letters", "units", "news", "complaint", "complaint-track", "rectification-board"} <= keys


def test_signed_in_root_is_the_dashboard(client, tree):
    client.force_login(tree.office)
    resp = client.get("/")
    assert resp.status_code == 200
    assert "core/dashboard.html" in [t.name for t in resp.templates]


def test_login_page_links_to_the_portal(client, tree):
    html = client.get(reverse("accounts:login")).content.decode()
    assert reverse("publicity:portal") in _parse(html).links


def test_news_column_links_a_valid_atom_feed_of_the_visible_items(client, tree, draft):
    shown = publish(tree, tree.county, "县局动态")
    publish(tree, tree.county, "明天才发布", publish_at=later(days=1))
    html = client.get(reverse("publicity:news")).content.decode()
    alt = [a for a in _parse(html).alternates if a.get("type") == "application/atom+xml"]
    assert len(alt) == 1
    resp = client.get(alt[0]["href"])
    assert resp.status_code == 200 and resp["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(resp.content)
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == [shown.title]
    assert entries[0].find(f"{ATOM}link").get("href").endswith(reverse("publicity:news-detail", args=[shown.pk]))


def test_unpublished_expired_and_scheduled_items_are_404_for_the_public(client, tree, draft):
    scheduled = publish(tree, tree.county, "定时", publish_at=later(days=1))
    for pk in (draft.pk, scheduled.pk):
        assert client.get(reverse("publicity:news-detail", args=[pk])).status_code == 404


def test_revised_item_shows_the_latest_text_with_its_revision_date(client, tree, published):
    services.publication_update(actor=tree.office, item=published, title=published.title, body="更正后", category="activity")
    html = client.get(reverse("publicity:news-detail", args=[published.pk])).content.decode()
    assert "更正后" in html and "修订于" in html


def test_hotline_page_lists_stations_grouped_by_county_and_searches_without_js(client, tree):
    OrgUnit.objects.filter(pk=tree.station3.pk).update(hotline="0712-8400001")
    html = client.get(reverse("publicity:units")).content.decode()
    for unit in (tree.city, tree.county, tree.station, tree.station3, tree.branch):
        assert unit.name in html
    assert tree.dept.name not in html  # internal departments are not public units
    assert html.index(tree.county2.name) < html.index(tree.station3.name)
    found = client.get(reverse("publicity:units"), {"q": "城隍"}).content.decode()
    assert tree.station3.name in found and "0712-8400001" in found and tree.station.name not in found


def test_unit_page_shows_commitments_beside_computed_figures(client, tree, campaign, commitment):
    html = client.get(reverse("publicity:unit", args=[tree.station.code])).content.decode()
    assert commitment.service in html and commitment.promised_time in html
    assert "投诉举报答复率" in html and "暂无" in html and "本年度尚无应答复的投诉" in html  # 0 cases: no invented rate, and why


def test_unit_page_without_a_campaign_says_none_yet_and_why(client, tree, commitment):
    html = client.get(reverse("publicity:unit", args=[tree.station.code])).content.decode()
    assert html.count("当前没有进行中的评议活动") == 3 and "%" not in html.split("履诺情况")[1]


def test_published_text_masks_mobile_numbers(client, tree):
    item = publish(tree, tree.county, "联系我们", body="请致电13912345678或0712-2822315")
    html = client.get(reverse("publicity:news-detail", args=[item.pk])).content.decode()
    assert "13912345678" not in html and "139****5678" in html and "0712-2822315" in html


def test_anonymous_crawl_reaches_every_public_page_without_staff_data(client, tree, campaign, draft, letter, commitment):
    """From `/`, follow every same-site link: no 5xx, every registered page reached, no
    draft title, no staff login or name, and no mobile number except a published hotline."""
    publish(tree, tree.county, "已发布动态")
    services.publication_submit(actor=tree.station_leader, item=draft)
    returned = services.publication_create(actor=tree.county_staff, unit=tree.county, kind="letter", title="退回的信",
                                           body="b")
    services.publication_submit(actor=tree.county_leader, item=returned)
    services.publication_return(actor=tree.office, item=returned, reason="改")
    OrgUnit.objects.filter(pk=tree.station2.pk).update(hotline="13800001111")  # a published mobile hotline
    case_services.case_create(actor=None, public=True, kind="complaint", unit=tree.station, channel="web",
                              title="投诉", content="内容", named=True, complainant_name="张三",
                              complainant_phone="13999998888", accused_name="")
    hotlines = set(OrgUnit.objects.exclude(hotline="").values_list("hotline", flat=True))
    secrets = [draft.title, returned.title, "张三", "13999998888"]
    secrets += [u.username for u in tree.users_by_name().values()] + [u.last_name for u in tree.users_by_name().values()]
    seen, queue = set(), ["/"]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        resp = client.get(url)
        assert resp.status_code < 500, url
        if resp.status_code in (301, 302):
            queue.append(resp["Location"])
            continue
        body = resp.content.decode()
        for secret in secrets:
            assert secret not in body, (url, secret)
        for number in MOBILE.findall(body):
            assert number in hotlines, (url, number)
        if "html" not in resp.get("Content-Type", ""):
            continue
        for href in _parse(body).links:
            parts = urlsplit(urljoin(url, href))
            if parts.scheme in ("", "http") and parts.netloc in ("", "testserver") and not parts.path.startswith(
                    ("/accounts/", "/static/", "/media/")):
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    for page in public_pages():
        assert reverse(page.url_name) in seen, page.key
    assert reverse("publicity:news-detail", args=[letter.pk]) not in seen  # a letter is not news
