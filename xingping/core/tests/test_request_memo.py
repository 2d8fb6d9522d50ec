"""once_per_request: a GET asks the figures' data version once, whatever the number of
dashboard sections that show a figure; a POST and code outside a request compute it each time."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from xingping.core.request_memo import RequestMemoMiddleware, once_per_request


def _asks_twice(calls):
    def view(request):
        once_per_request("k", lambda: calls.append(1))
        once_per_request("k", lambda: calls.append(1))
        return "response"

    return view


@pytest.mark.parametrize("method, computed", [("get", 1), ("head", 1), ("post", 2)])
def test_a_safe_request_computes_once_a_writing_one_every_time(method, computed):
    calls = []
    request = getattr(RequestFactory(), method)("/")
    assert RequestMemoMiddleware(_asks_twice(calls))(request) == "response"
    assert len(calls) == computed


def test_outside_a_request_every_call_computes():
    calls = []
    _asks_twice(calls)(None)
    assert len(calls) == 2


def test_the_next_request_computes_again():
    calls = []
    middleware = RequestMemoMiddleware(_asks_twice(calls))
    middleware(RequestFactory().get("/"))
    middleware(RequestFactory().get("/"))
    assert len(calls) == 2


@pytest.mark.django_db
def test_the_dashboard_reads_the_data_version_once(client, tree, campaign):
    client.force_login(tree.office)
    client.get("/")  # the snapshots are computed once
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    templates = {s["template"] for s in response.context["sections"]}
    # several sections show figures from the snapshot, each asking the version
    assert {"metrics/dashboard/charts.html", "metrics/dashboard/case_rates.html"} <= templates
    asked = [q["sql"] for q in queries.captured_queries if 'MAX("id") FROM "outreach_visit"' in q["sql"]]
    assert len(asked) == 1


@pytest.mark.django_db
def test_the_dashboard_reads_the_root_unit_once(client, tree, campaign):
    client.force_login(tree.office)
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    root = [q["sql"] for q in queries.captured_queries if '"orgs_orgunit"."depth" = 0' in q["sql"]]
    assert len(root) == 1
