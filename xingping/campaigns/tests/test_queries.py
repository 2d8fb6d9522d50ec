"""Reads that must not grow with the number of units (one query per unit is a bug)."""

from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from xingping.campaigns import dashboard_sections, selectors
from xingping.testing import UnitFactory
from xingping.orgs.models import Level, OrgUnit


def count_queries(func):
    with CaptureQueriesContext(connection) as ctx:
        func()
    return len(ctx)


def add_stations(tree, n):
    for i in range(n):
        UnitFactory(code=f"XN9{i}", name=f"新所{i}", level=Level.STATION, parent=tree.county)


def test_office_overview_does_not_grow_with_units(tree, campaign):
    request = RequestFactory().get("/")
    request.user = tree.office
    before = count_queries(lambda: dashboard_sections.campaign_overview(request, campaign))
    add_stations(tree, 6)
    assert count_queries(lambda: dashboard_sections.campaign_overview(request, campaign)) == before


def test_rollup_and_counts_do_not_grow_with_units(tree, campaign):
    report = campaign.deliverables.select_related("rollup_from").get(code="self_inspection_report")
    before = count_queries(lambda: selectors.rollup_children(report, tree.county))
    counts_before = count_queries(lambda: selectors.campaign_counts(campaign, OrgUnit.objects.all()))
    add_stations(tree, 6)
    assert count_queries(lambda: selectors.rollup_children(report, tree.county)) == before
    assert count_queries(lambda: selectors.campaign_counts(campaign, OrgUnit.objects.all())) == counts_before
    assert len(selectors.rollup_children(report, tree.county)) == 8


def test_matrix_page_does_not_grow_with_units(client, tree, campaign):
    client.force_login(tree.office)
    url = reverse("campaigns:matrix", args=[campaign.slug])
    before = count_queries(lambda: client.get(url))
    add_stations(tree, 6)
    assert count_queries(lambda: client.get(url)) == before
