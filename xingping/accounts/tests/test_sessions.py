"""Sessions: a new key at sign-in, 30 minutes idle (never below 10), 12 hours absolute,
every session of an account ended when it is disabled (password change: test_passwords)."""

import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from xingping.accounts import services
from xingping.accounts.tests.conftest import later, sign_in


def test_a_new_session_key_at_sign_in(client, tree):
    client.get(reverse("accounts:login"))
    client.session.save()
    before = client.session.session_key
    sign_in(client, "xn_staff")
    after = client.session.session_key
    assert before and after and before != after


def _session_writes(queries):
    return [q["sql"] for q in queries if "django_session" in q["sql"] and not q["sql"].lstrip().startswith("SELECT")]


def test_idle_limit_is_30_minutes_renewed_by_activity_without_a_write_per_request(client, tree):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert django_settings.SESSION_COOKIE_AGE == 1800
    sign_in(client, "xn_staff")
    with CaptureQueriesContext(connection) as q:
        assert client.get(reverse("core:dashboard")).status_code == 200
    assert _session_writes(q.captured_queries) == []  # a page read writes no session
    for minutes in (20, 40, 60):  # each request renews the 30 minutes
        with later(minutes=minutes), CaptureQueriesContext(connection) as q:
            assert client.get(reverse("core:dashboard")).status_code == 200
        assert _session_writes(q.captured_queries)
    with later(minutes=60 + 31):  # 31 minutes idle: signed out (the dashboard address sends visitors to the portal)
        resp = client.get(reverse("core:dashboard"))
        assert resp.status_code == 302 and resp["Location"] != reverse("core:dashboard")
        assert "_auth_user_id" not in client.session


def test_idle_limit_never_below_ten_minutes(tmp_path):
    code = "from django.conf import settings; print(settings.SESSION_COOKIE_AGE)"
    env = {**os.environ, "SESSION_IDLE_SECONDS": "60", "XINGPING_VAR_DIR": str(tmp_path),
           "DJANGO_SETTINGS_MODULE": "xingping.settings"}
    out = subprocess.run([sys.executable, "-m", "xingping", "shell", "--no-imports", "-c", code],
                         capture_output=True, text=True, env=env)
    assert out.stdout.strip() == "600", out.stderr


def test_sessions_end_after_12_hours_whatever_the_activity(client, tree, settings):
    settings.SESSION_COOKIE_AGE = 24 * 3600  # the idle limit out of the way: only the absolute one acts
    sign_in(client, "xn_staff")
    with later(hours=11, minutes=50):
        assert client.get(reverse("core:dashboard")).status_code == 200
    with later(hours=12, minutes=1):
        resp = client.get(reverse("core:dashboard"))
        assert resp.status_code == 302 and resp["Location"].startswith(reverse("accounts:login"))
    assert client.get(reverse("core:dashboard")).status_code == 302


def test_disabling_an_account_signs_out_every_browser_for_good(client, tree):
    other = Client()
    other.force_login(tree.county_staff)
    client.force_login(tree.county_staff)
    assert other.get(reverse("core:dashboard")).status_code == 200
    services.account_set_active(actor=tree.office, user=tree.county_staff, active=False)
    assert other.get(reverse("core:dashboard")).status_code == 302
    assert client.get(reverse("core:dashboard")).status_code == 302
    services.account_set_active(actor=tree.office, user=tree.county_staff, active=True)
    assert other.get(reverse("core:dashboard")).status_code == 302  # enabling again revives nothing


def test_sign_out_everywhere(client, tree):
    other = Client()
    other.force_login(tree.county_staff)
    client.force_login(tree.county_staff)
    client.post(reverse("accounts:sessions-end"))
    assert other.get(reverse("core:dashboard")).status_code == 302
    assert client.get(reverse("core:dashboard")).status_code == 302


@pytest.mark.parametrize("who", ["office", "station_staff", "county_leader"])
def test_a_signed_in_request_loads_the_user_with_their_unit_and_its_parent(client, tree, who):
    """One query for the user, their unit and the unit it acts for (the office works in a
    department of the city bureau): no page loads them one by one afterwards."""
    user = getattr(tree, who)
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        resp = client.get("/")
    assert resp.status_code == 200 and resp.context["user"].unit.acting_unit == user.unit.acting_unit
    by_pk = [q["sql"] for q in queries.captured_queries if 'FROM "orgs_orgunit" WHERE "orgs_orgunit"."id" =' in q["sql"]]
    assert by_pk == []
