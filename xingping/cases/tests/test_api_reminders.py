"""The staff API (scoped, masked, transitions through the workflow) and `xingping remind`."""

import datetime

from django.urls import reverse

from xingping.cases.models import Kind, Status
from xingping.cases.reminder_defs import due_cases
from xingping.cases.tests.conftest import make_case
from xingping.core.reminders import reminders
from xingping.core.testing import frozen_today


def test_api_lists_only_what_the_user_sees_masked(client, tree):
    mine = make_case(tree.station)
    other = make_case(tree.station3)
    mis = make_case(tree.station, kind=Kind.MISCONDUCT)
    client.force_login(tree.station_staff)
    data = client.get("/api/v1/cases/").json()
    numbers = {c["number"] for c in data["results"]}
    assert numbers == {mine.number}
    assert data["results"][0]["phone"] == "138****1234"
    assert client.get(f"/api/v1/cases/{other.pk}/").status_code == 404
    assert client.get(f"/api/v1/cases/{mis.pk}/").status_code == 404
    client.force_login(tree.county_inspector)
    assert client.get(f"/api/v1/cases/{mis.pk}/").status_code == 200


def test_api_transition(client, tree, campaign):
    case = make_case(tree.station, received_on=datetime.date(2026, 3, 2))
    client.force_login(tree.station_staff)
    url = f"/api/v1/cases/{case.pk}/transition/"
    with frozen_today(datetime.date(2026, 3, 10)):
        bad = client.post(url, {"target": "closed"}, content_type="application/json")
        assert bad.status_code == 400 and "不允许" in str(bad.json())
        ok = client.post(url, {"target": "accepted"}, content_type="application/json")
        assert ok.status_code == 200 and ok.json()["status"] == "accepted"
        assert "assigned" in ok.json()["next_steps"]
    client.force_login(tree.other_station_staff)
    assert client.post(url, {"target": "assigned"}, content_type="application/json").status_code == 404
    client.logout()
    assert client.get("/api/v1/cases/").status_code in (401, 403, 302)


def test_schema_lists_the_case_api(client, tree):
    client.force_login(tree.office)
    schema = client.get(reverse("api-schema")).content.decode()
    assert "/api/v1/cases/{id}/transition/" in schema


def test_reminders_list_overdue_and_due_soon_without_misconduct(tree, campaign):
    today = datetime.date(2026, 3, 10)
    late = make_case(tree.station, status=Status.ACCEPTED, due_on=datetime.date(2026, 3, 9))
    soon = make_case(tree.station, status=Status.RECEIVED, accept_due_on=datetime.date(2026, 3, 12),
                     due_on=datetime.date(2026, 5, 1))
    make_case(tree.station, status=Status.ACCEPTED, due_on=datetime.date(2026, 3, 20))  # not within 3 working days
    make_case(tree.station, status=Status.REPLIED, due_on=datetime.date(2026, 3, 1))  # replied: nothing owed
    make_case(tree.station, kind=Kind.MISCONDUCT, status=Status.ACCEPTED, due_on=datetime.date(2026, 3, 1))
    assert "cases" in reminders()
    out = due_cases(campaign, today, 3)
    assert set(out) == {tree.station.pk}
    assert len(out[tree.station.pk]["overdue"]) == 1 and late.number in out[tree.station.pk]["overdue"][0]
    assert len(out[tree.station.pk]["upcoming"]) == 1 and soon.number in out[tree.station.pk]["upcoming"][0]
