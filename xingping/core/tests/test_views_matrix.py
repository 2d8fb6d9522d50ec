"""The core pages against every role: dashboard (everyone, sections by role) and the
audit log (office, auditor, inspectors; scoped)."""

import datetime

from django.urls import reverse

from xingping.campaigns import services
from xingping.core.models import AuditEvent
from xingping.core.testing import assert_matrix, frozen_today

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
