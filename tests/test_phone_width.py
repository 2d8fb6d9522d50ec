"""Every page of every demo account fits a 360-px phone (issue 13, part 3).

One Chromium, one page per account, 360 px wide: starting from the dashboard (the public
from its pages), follow every same-site link (GET only, no downloads, no logout) and fail
when a page is wider than the screen (document.documentElement.scrollWidth > 360), naming
the page and the widest element that sticks out, or when a table is squeezed so that its
cells wrap a character a line. Pages of one shape (/visits/12/ and
/visits/13/) are visited once per account, which keeps the walk to a few minutes."""

import re
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client
from playwright.sync_api import Error as PlaywrightError

from xingping.conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ACCOUNTS = ["office", "city_leader", "inspector", "auditor", "xn_leader", "xn_staff", "xn01_leader", "xn01_staff"]
PUBLIC_STARTS = ["/accounts/login/", "/cases/public/", "/cases/public/hotlines/", "/rectification/board/",
                 "/", "/oversight/public/notices/", "/disclosure/public/"]
SKIP = re.compile(r"^/(accounts/logout|i18n/|static/|media/|admin/|api/)|/(download|export|delete|remove|logout|"
                  r"attachments|evidence|documents|print)\b|\.(xlsx|csv|docx|pdf|png|zip)$|[?&](format|export)=")
MAX_PAGES = 70  # per account

# The widest element that makes the page scroll sideways: elements inside a scrolling box
# (.table-responsive, a tab strip) do not count, they scroll on their own.
WIDEST = """() => {
  const vw = document.documentElement.clientWidth;
  const scrolls = (el) => { for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') return true; }
    return false; };
  let worst = null, right = vw;
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= right + 0.5 || scrolls(el)) continue;
    worst = el; right = r.right;
  }
  if (!worst) return null;
  const text = (worst.innerText || '').replace(/\\s+/g, ' ').slice(0, 60);
  return `<${worst.tagName.toLowerCase()}${worst.id ? ' id=' + worst.id : ''} class="${worst.className}"> ` +
         `right edge ${Math.round(right)} px: ${text}`;
}"""
# A table cell squeezed so narrow that its words wrap a character a line (a desktop table
# left inside a scrolling box on a phone): the page does not scroll sideways, it grows
# thousands of pixels tall. Lists on a phone are cards or stacked rows instead.
SQUEEZED = """() => {
  for (const cell of document.querySelectorAll('td, th')) {
    const text = (cell.innerText || '').trim();
    const r = cell.getBoundingClientRect(), style = getComputedStyle(cell);
    if (text.length < 4 || r.width === 0 || style.display === 'none') continue;
    const inner = r.width - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const em = parseFloat(style.fontSize);
    if (inner < 2.6 * em && r.height > 3.2 * em) return `${Math.round(inner)} px wide: ${text.slice(0, 30)}`;
  }
  return null;
}"""
LINKS = "() => Array.from(document.querySelectorAll('a[href]'), a => a.getAttribute('href'))"


@pytest.fixture
def demo(db):
    from xingping.core.management.commands.demo import load_demo

    return load_demo()


def shape(path):
    """/outreach/visits/12/?unit=HC&page=2 -> /outreach/visits/N/?page&unit (one visit per shape)."""
    parts = urlsplit(path)
    keys = sorted({pair.split("=")[0] for pair in parts.query.split("&") if pair})
    return re.sub(r"/\d+(?=/|$)", "/N", parts.path) + ("?" + "&".join(keys) if keys else "")


def walk(pg, base, starts):
    """Visit the pages reachable from `starts`; return (pages seen, pages too wide)."""
    seen, too_wide, queue = set(), [], list(starts)
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        if shape(path) in seen:
            continue
        seen.add(shape(path))
        try:
            response = pg.goto(base + path, wait_until="load")
        except PlaywrightError as exc:  # a download behind a link that does not say so
            if "Download is starting" in str(exc):
                continue
            raise
        if response is None or response.status != 200 or "text/html" not in (response.headers.get("content-type") or ""):
            continue
        here = urlsplit(pg.url).path
        width = pg.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide.append(f"{path} is {width} px wide; {pg.evaluate(WIDEST)}")
        squeezed = pg.evaluate(SQUEEZED)
        if squeezed:
            too_wide.append(f"{path} squeezes a table cell to a character a line, {squeezed}")
        for href in pg.evaluate(LINKS):
            target = urljoin(base + here, href)
            parts = urlsplit(target)
            if parts.scheme not in ("http", "https") or parts.netloc != urlsplit(base).netloc or SKIP.search(target):
                continue
            link = parts.path + (f"?{parts.query}" if parts.query else "")
            if shape(link) not in seen:
                queue.append(link)
    return seen, too_wide


@pytest.mark.slow
def test_every_page_of_every_demo_account_fits_a_360_px_phone(chromium, live_server, demo):
    failures, visited = [], 0
    for username in [None, *ACCOUNTS]:
        context = chromium.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True)
        try:
            if username:
                client = Client()
                client.force_login(demo["users"][username])
                context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                                      "url": live_server.url}])
            pg = context.new_page()
            pg.set_default_timeout(20000)
            seen, too_wide = walk(pg, live_server.url, ["/"] if username else PUBLIC_STARTS)
        finally:
            context.close()
        visited += len(seen)
        failures += [f"{username or 'public'}: {line}" for line in too_wide]
        assert len(seen) > (5 if username else 2), f"{username or 'public'} reached only {sorted(seen)}"
    assert not failures, f"{len(failures)} of {visited} pages are wider than 360 px:\n" + "\n".join(failures)
