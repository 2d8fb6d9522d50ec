"""One language per page (issue 13 part 1): every page is Chinese (zh-hans) for an English
browser, as every demo account and as the public; only the language switch changes it, and
the choice is remembered on the account (a new session in another browser keeps it) and in
a cookie for anonymous visitors."""

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.test_crawl import ROLES, crawl, demo  # noqa: F401  (demo: the module fixture)

pytestmark = pytest.mark.django_db  # the crawl's module fixture needs the test database set up
ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}
CJK = re.compile(r"[\u4e00-\u9fff]")
# Two English words in a row in the page's own text (not data): an untranslated UI string.
PHRASE = re.compile(r"\b[A-Za-z][a-z]+(?:[ -][A-Za-z][a-z]+)+\b")
# Text that is English by nature: names of products and formats the Chinese messages keep too
# (tests/test_catalogue.py ALLOWED), and the language switch's own label "English".
NOT_UI = re.compile(r"Microsoft Authenticator|Google Authenticator|English|`?xingping(?: [a-z][\w-]*)+`?")


class PageText(HTMLParser):
    """The page's visible text and the labels read aloud (title, aria-label, placeholder),
    without scripts, styles, code and user data marked `data-user-text`."""

    SKIP = {"script", "style", "code", "pre", "textarea", "option"}

    def __init__(self):
        super().__init__()
        self.texts, self.headings, self.nav, self.lang = [], [], [], None
        self._stack = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag in ("br", "img", "input", "meta", "link", "hr", "source", "wbr", "col"):
            if tag == "input" and attrs.get("placeholder"):
                self.texts.append(attrs["placeholder"])
            return
        self._stack.append(tag)
        for name in ("title", "aria-label", "placeholder"):
            if attrs.get(name):
                self.texts.append(attrs[name])

    def handle_endtag(self, tag):
        while self._stack:
            if self._stack.pop() == tag:
                break

    def handle_data(self, data):
        text = data.strip()
        if not text or self.SKIP.intersection(self._stack):
            return
        self.texts.append(text)
        if any(t in ("h1", "h2") for t in self._stack):
            self.headings.append(text)
        if "nav" in self._stack and "a" in self._stack:
            self.nav.append(text)


def read(response):
    parser = PageText()
    parser.feed(response.content.decode("utf-8", "replace"))
    return parser


def english_ui(page, data=()):
    """English phrases in the page that are not data shown on it (names, titles typed in)."""
    found = []
    for text in page.texts:
        if any(d and d in text for d in data):
            continue
        for phrase in PHRASE.findall(NOT_UI.sub(" ", text)):
            found.append(phrase)
    return found


def assert_chinese(url, response, problems):
    page = read(response)
    if page.lang != "zh-hans":
        problems.append(f"{url}: <html lang={page.lang!r}>")
    for heading in page.headings[:2] + page.nav:
        if not CJK.search(heading) and re.search(r"[A-Za-z]{3,}", heading) and not heading.isupper():
            problems.append(f"{url}: heading or menu item {heading!r} is not Chinese")
    for phrase in english_ui(page):
        problems.append(f"{url}: English text {phrase!r}")


# --------------------------------------------------------------- the switch and its memory

PUBLIC_PAGES = ["/cases/public/", "/cases/public/track/", "/rectification/board/", "/publicity/", "/accounts/login/"]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_an_english_browser_gets_chinese_public_pages(client, url, tree, campaign):
    response = client.get(url, **ENGLISH_BROWSER)
    assert response.status_code == 200
    assert read(response).lang == "zh-hans"
    assert response["Content-Language"] == "zh-hans"


def test_the_switch_gives_english_to_the_public_and_a_cookie_remembers_it(client, tree, campaign):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/cases/public/"}, **ENGLISH_BROWSER)
    assert response.status_code == 302 and response["Location"] == "/cases/public/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = read(client.get("/cases/public/"))
    assert page.lang == "en" and not any(CJK.search(h) for h in page.headings)
    # the cookie, not the browser: a Chinese-only browser with the cookie stays English
    assert read(client.get("/cases/public/", HTTP_ACCEPT_LANGUAGE="zh-CN")).lang == "en"
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/cases/public/"})
    assert read(client.get("/cases/public/", **ENGLISH_BROWSER)).lang == "zh-hans"


def test_an_unknown_language_changes_nothing(client, tree, campaign):
    client.post(reverse("set_language"), {"language": "fr", "next": "/cases/public/"})
    assert read(client.get("/cases/public/", **ENGLISH_BROWSER)).lang == "zh-hans"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert read(client.get("/cases/public/", **ENGLISH_BROWSER)).lang == "zh-hans"


def test_a_users_choice_is_remembered_across_sessions_and_audited(tree, campaign):
    from xingping.core.models import AuditEvent

    first = Client()
    first.force_login(tree.county_staff)
    assert read(first.get(reverse("core:dashboard"), **ENGLISH_BROWSER)).lang == "zh-hans"
    first.post(reverse("set_language"), {"language": "en", "next": reverse("core:dashboard")})
    tree.county_staff.refresh_from_db()
    assert tree.county_staff.language == "en"
    assert AuditEvent.objects.filter(action="language_set", object_id=str(tree.county_staff.pk)).count() == 1

    other_browser = Client()  # a new session, no cookie, a Chinese browser
    other_browser.force_login(tree.county_staff)
    page = read(other_browser.get(reverse("core:dashboard"), HTTP_ACCEPT_LANGUAGE="zh-CN"))
    assert page.lang == "en" and "Log out" in page.texts

    # back to Chinese in the other browser: the first browser's stale English cookie loses
    other_browser.post(reverse("set_language"), {"language": "zh-hans", "next": reverse("core:dashboard")})
    assert first.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = read(first.get(reverse("core:dashboard"), **ENGLISH_BROWSER))
    assert page.lang == "zh-hans" and "退出登录" in page.texts
    # someone who never chose, signing in from the first browser, gets that browser's cookie
    first.force_login(tree.county_leader)
    assert read(first.get(reverse("core:dashboard"))).lang == "en"  # never chose: the browser's cookie


def test_the_switch_is_on_public_and_staff_pages(client, tree, campaign):
    for url in PUBLIC_PAGES:
        html = client.get(url).content.decode()
        assert 'data-testid="language-switch"' in html and 'value="en"' in html, url
    client.force_login(tree.county_staff)
    html = client.get(reverse("core:dashboard")).content.decode()
    assert 'data-testid="language-switch"' in html


def test_the_ballot_is_chinese_for_an_english_browser_and_has_the_switch(client, tree, campaign):
    from xingping.evaluation import services

    evaluation = services.evaluation_setup(actor=tree.office, campaign=campaign)
    services.evaluation_open(actor=tree.office, evaluation=evaluation)
    token = services.tokens_issue(actor=None, evaluation=evaluation, count=1, category="citizen")[0][2]
    response = client.get(reverse("evaluation:ballot-page", args=[token]), **ENGLISH_BROWSER)
    page = read(response)
    assert response.status_code == 200 and page.lang == "zh-hans"
    assert page.headings and all(CJK.search(h) for h in page.headings[:1])
    assert not english_ui(page, data=[campaign.title]), english_ui(page)
    assert 'data-testid="language-switch"' in response.content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert read(client.get(reverse("evaluation:ballot-page", args=[token]))).lang == "en"


# --------------------------------------------------------------- the crawl

@pytest.mark.slow
@pytest.mark.parametrize("username", ROLES)
def test_every_demo_account_reads_chinese_pages_in_an_english_browser(demo, username, django_db_blocker):  # noqa: F811
    problems = []
    with django_db_blocker.unblock():
        client = Client(**ENGLISH_BROWSER)
        client.force_login(demo["users"][username])
        seen, failures = crawl(client, on_page=lambda url, response: assert_chinese(url, response, problems))
    assert len(seen) > 5 and not failures, failures
    assert not problems, "\n".join(sorted(set(problems))[:200])


@pytest.mark.slow
def test_the_public_reads_chinese_pages_in_an_english_browser(demo, django_db_blocker):  # noqa: F811
    problems = []
    with django_db_blocker.unblock():
        client = Client(**ENGLISH_BROWSER)
        for start in PUBLIC_PAGES:
            crawl(client, start, on_page=lambda url, response: assert_chinese(url, response, problems))
    assert not problems, "\n".join(sorted(set(problems))[:200])


def test_a_request_in_english_leaves_the_thread_in_the_sites_language(client, tree, campaign):
    from django.utils import translation

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert read(client.get("/cases/public/")).lang == "en"
    assert translation.get_language() == settings.LANGUAGE_CODE  # a task or command next on this thread
