"""Every role walks the demo: starting from the dashboard, follow every internal link
(GET only) and check that no page fails. This is what a newcomer does after `make demo`."""

import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client

ROLES = ["office", "city_leader", "inspector", "auditor", "xn_leader", "xn_staff", "xn01_leader", "xn01_staff"]
SKIP = re.compile(r"^/(accounts/logout|i18n/|static/|media/)|/(download|export|delete|remove|logout|attachments|evidence|documents)\b|\.(xlsx|csv|docx|pdf|png)$|[?&](format|export)=")
HREF = re.compile(r'href="([^"#]+)"')
MAX_PAGES = 150
pytestmark = pytest.mark.django_db  # without it pytest-django would not switch to the test database


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from xingping.core.management.commands.demo import load_demo

    with django_db_blocker.unblock():
        from django.db import connection

        assert "test" in connection.settings_dict["NAME"] or "memory" in connection.settings_dict["NAME"]
        ctx = load_demo()
        yield ctx
        from django.core.management import call_command

        call_command("flush", interactive=False, verbosity=0)


def crawl(client, start="/", on_page=None):
    """Follow every same-site link from `start`; `on_page(url, response)` sees each HTML page."""
    seen, failures = set(), []
    queue = deque([start])
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code >= 500 or response.status_code == 404:
            failures.append((url, response.status_code))  # a server error, or a broken link
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        if on_page is not None:
            on_page(url, response)
        for href in HREF.findall(response.content.decode("utf-8", "replace")):
            href = href.replace("&amp;", "&")
            target = urljoin(url, href)
            parts = urlsplit(target)
            if parts.scheme not in ("", "http", "https") or parts.netloc or SKIP.search(target):
                continue
            path = parts.path + (f"?{parts.query}" if parts.query and "page=" not in parts.query else "")
            if path not in seen:
                queue.append(path)
    return seen, failures


@pytest.mark.slow
@pytest.mark.parametrize("username", ROLES)
def test_every_role_can_walk_the_demo_without_a_server_error(demo, username, django_db_blocker):
    with django_db_blocker.unblock():
        client = Client()
        client.force_login(demo["users"][username])
        seen, failures = crawl(client)
    assert not failures, failures
    assert len(seen) > 5


@pytest.mark.slow
def test_the_public_walks_the_public_pages_without_a_server_error(demo, django_db_blocker):
    with django_db_blocker.unblock():
        client = Client()
        seen, failures = crawl(client, "/accounts/login/")
        for start in ("/cases/public/", "/cases/public/hotlines/", "/rectification/board/"):
            more, more_failures = crawl(client, start)
            failures += more_failures
    assert not failures, failures
