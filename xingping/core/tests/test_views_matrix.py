"""The core pages against every role: dashboard (everyone, sections by role) and the
audit log (office, auditor, inspectors; scoped)."""

import pytest
from xingping.core.testing import check_role_matrix, frozen_today
from xingping.testing import build_world

import datetime

from django.urls import reverse

from xingping.campaigns import services
from xingping.core.models import AuditEvent
from xingping.core.testing import assert_matrix

ALL = ("office", "auditor", "city_inspector", "city_leader", "county_leader", "county_staff", "county_inspector",
       "station_leader", "station_staff", "other_county_leader", "other_station_staff")


def test_dashboard_for_everyone(client, tree, campaign):
    assert assert_matrix(client, reverse("core:dashboard"), {n: 200 for n in ALL}, tree) == []


def test_dashboard_without_campaign(client, tree):
    assert assert_matrix(client, reverse("core:dashboard"), {n: 200 for n in ALL}, tree) == []


def test_audit_log_for_office_and_read_only_roles(client, tree):
    allowed = {"office", "auditor", "city_inspector", "county_inspector"}
    expectations = {n: 200 if n in allowed else 404 for n in ALL}
    assert assert_matrix(client, reverse("core:audit-log"), expectations, tree) == []


def test_audit_log_is_scoped_for_a_county_inspector(client, tree, campaign):
    deliverables = {d.code: d for d in campaign.deliverables.all()}
    services.submission_save_draft(actor=tree.county_staff, deliverable=deliverables["implementation_plan"],
                                   unit=tree.county, body="孝南")
    services.submission_save_draft(actor=tree.other_county_leader, deliverable=deliverables["implementation_plan"],
                                   unit=tree.county2, body="汉川")
    client.force_login(tree.county_inspector)
    events = list(client.get(reverse("core:audit-log")).context["page"])
    assert events and all(e.unit.code == "XN" for e in events)
    client.force_login(tree.office)
    assert AuditEvent.objects.count() == len(list(client.get(reverse("core:audit-log")).context["page"])) >= 2


def section_templates(resp):
    return [s["template"] for s in resp.context["sections"]]


def test_dashboard_sections_by_role(client, tree, campaign):
    client.force_login(tree.office)
    resp = client.get(reverse("core:dashboard"))
    assert "campaigns/dashboard/overview.html" in section_templates(resp)
    assert 'data-testid="to-review"' in resp.content.decode()
    client.force_login(tree.auditor)
    resp = client.get(reverse("core:dashboard"))
    assert "campaigns/dashboard/overview.html" in section_templates(resp)
    assert 'data-testid="to-review"' not in resp.content.decode()
    client.force_login(tree.station_leader)
    resp = client.get(reverse("core:dashboard"))
    assert "campaigns/dashboard/unit.html" in section_templates(resp)
    assert 'data-deliverable="station_self_inspection"' in resp.content.decode()
    client.force_login(tree.county_leader)
    html = client.get(reverse("core:dashboard")).content.decode()
    assert 'data-testid="rollup-summary"' in html and 'data-deliverable="implementation_plan"' in html


def test_office_counts(client, tree, campaign):
    deliverables = {d.code: d for d in campaign.deliverables.all()}
    sub = services.submission_save_draft(actor=tree.county_staff, deliverable=deliverables["implementation_plan"],
                                         unit=tree.county, body="孝南")
    services.submission_submit(actor=tree.county_leader, submission=sub)
    with frozen_today(datetime.date(2026, 12, 1)):
        client.force_login(tree.office)
        resp = client.get(reverse("core:dashboard"))
    counts = next(s for s in resp.context["sections"] if s["template"].endswith("overview.html"))["counts"]
    # after the campaign every deliverable is past due: 3 counties/branch × 5 + 3 stations × 1 (+ XN's one done)
    assert counts["units"] == 7 and counts["awaiting"] == 1 and counts["late"] == 1
    assert counts["overdue"] == 3 * 5 + 3 * 1 - 1


# The role × view matrix of every URL name of the app (the project-wide test
# tests/test_url_matrix.py fails when a URL name is missing from all ROLE_MATRIX dicts).

MATRIX_URLS = {
    "core:dashboard": lambda w: reverse("core:dashboard"),
    "core:audit-log": lambda w: reverse("core:audit-log"),
    "core:healthz": lambda w: reverse("core:healthz"),
    "set_language": lambda w: reverse("set_language"),
    "api-schema": lambda w: reverse("api-schema"),
}

ROLE_MATRIX = {
    "core:healthz": {"anonymous": 200, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 200, "station_leader": 200, "station_staff": 200, "other_county_leader": 200, "other_station_staff": 200},
    "core:dashboard": {"anonymous": 302, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 200, "station_leader": 200, "station_staff": 200, "other_county_leader": 200, "other_station_staff": 200},
    "core:audit-log": {"anonymous": 302, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 404, "county_leader": 404, "county_staff": 404, "county_inspector": 200, "station_leader": 404, "station_staff": 404, "other_county_leader": 404, "other_station_staff": 404},
    "set_language": {"anonymous": 302, "office": 302, "auditor": 302, "city_inspector": 302, "city_leader": 302, "county_leader": 302, "county_staff": 302, "county_inspector": 302, "station_leader": 302, "station_staff": 302, "other_county_leader": 302, "other_station_staff": 302},
    "api-schema": {"anonymous": 302, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 200, "station_leader": 200, "station_staff": 200, "other_county_leader": 200, "other_station_staff": 200},
}


@pytest.mark.django_db
def test_role_matrix_every_url_name(client, tree, campaign):
    """Every URL name of the app, requested as every role (ROLE_MATRIX; 404 = not for you)."""
    with frozen_today(datetime.date(2026, 9, 1)):
        world = build_world(tree, campaign)
        assert check_role_matrix(client, tree, ROLE_MATRIX, MATRIX_URLS, world) == []
