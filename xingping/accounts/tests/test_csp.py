"""C11: every HTML response carries a Content-Security-Policy whose script-src has no
'unsafe-inline'; no template holds inline script, inline style, style= or on*= handlers."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import reverse

import xingping

TEMPLATES = sorted(Path(xingping.__file__).parent.glob("*/templates/**/*.html"))


def directives(header):
    return {part.split()[0]: part.split()[1:] for part in (p.strip() for p in header.split(";")) if part}


def assert_strict(resp, url):
    header = resp.get("Content-Security-Policy")
    assert header, f"{url}: no Content-Security-Policy"
    d = directives(header)
    assert d["script-src"] == ["'self'"], (url, header)
    assert "'unsafe-inline'" not in header and "'unsafe-eval'" not in header, (url, header)
    assert d["style-src"] == ["'self'"] and d["object-src"] == ["'none'"] and d["frame-ancestors"] == ["'none'"]
    assert d["default-src"] == ["'self'"] and d["base-uri"] == ["'self'"] and d["form-action"] == ["'self'"]
    assert d["img-src"] == ["'self'", "data:"]


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.inline = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href", "").startswith("/") and not attrs["href"].startswith("//"):
            self.links.append(attrs["href"].split("#")[0])
        if tag == "script" and not attrs.get("src") and attrs.get("type") != "application/json":
            self.inline.append("<script>")
        if tag == "style":
            self.inline.append("<style>")
        for name in attrs:
            if name == "style" or name.startswith("on"):
                self.inline.append(f"<{tag} {name}=>")


def crawl(client, start, limit=50):
    seen, queue, pages = set(), list(start), 0
    while queue and pages < limit:
        url = queue.pop(0)
        if url in seen or "/logout" in url or "format=" in url or "/download" in url:
            continue
        seen.add(url)
        resp = client.get(url)
        if resp.get("Content-Type", "").startswith("text/html") and resp.status_code == 200:
            pages += 1
            assert_strict(resp, url)
            parser = Links()
            parser.feed(resp.content.decode())
            assert parser.inline == [], (url, parser.inline)
            queue.extend(parser.links)
    return pages


def test_anonymous_pages_carry_the_policy(client, tree):
    for url in (reverse("accounts:login"), "/"):
        resp = client.get(url, follow=True)
        assert_strict(resp, url)


def test_a_locked_out_login_carries_the_policy(client, tree):
    for _ in range(5):
        resp = client.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    assert resp.status_code == 429
    assert_strict(resp, "lockout")


def test_html_error_pages_carry_the_policy(client, tree):
    client.force_login(tree.county_staff)
    assert_strict(client.get("/no-such-page/"), "404")


@pytest.mark.parametrize("role", ["office", "county_leader", "station_staff", "city_inspector"])
def test_every_page_a_role_reaches_carries_the_policy_and_no_inline_code(client, tree, campaign, role):
    client.force_login(getattr(tree, role))
    assert crawl(client, ["/", reverse("accounts:account")]) >= 5


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p).split("xingping/", 1)[-1])
def test_no_template_holds_inline_script_or_style(path):
    text = path.read_text()
    assert not re.search(r"<style\b", text), "inline <style>"
    assert not re.search(r"\sstyle\s*=", text), "style= attribute"
    assert not re.search(r"\son[a-z]+\s*=", text), "on*= handler"
    assert not re.search(r"\bhx-on", text), "hx-on handler"
    for tag in re.findall(r"<script\b[^>]*>", text):
        assert "src=" in tag or 'type="application/json"' in tag, tag
