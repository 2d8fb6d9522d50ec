"""C11 lockout (django-axes): 5 consecutive failures for a username, or from one address
across usernames, lock sign-in for 30 minutes — the right password included; the page says
so in Chinese and looks the same whether the username exists or not."""

import io

from django.core.management import call_command

from xingping.accounts.tests.conftest import later, sign_in
from xingping.core.models import AuditEvent
from xingping.testing import PASSWORD

LOCKED = "登录失败次数过多"


def fail(client, username, times, ip="10.1.1.1"):
    for _ in range(times):
        resp = sign_in(client, username, "wrong-password", ip=ip)
    return resp


def test_five_failures_lock_the_username_even_for_the_right_password(client, tree):
    resp = fail(client, "xn_leader", 4)
    assert resp.status_code == 200 and LOCKED not in resp.content.decode()
    resp = fail(client, "xn_leader", 1)
    assert resp.status_code == 429 and LOCKED in resp.content.decode()
    resp = sign_in(client, "xn_leader", PASSWORD, ip="10.9.9.9")  # right password, other address
    html = resp.content.decode()
    assert resp.status_code == 429 and LOCKED in html and "30" in html
    assert 'name="username"' in html and "xn_leader" in html  # the login page, not bare text
    assert "_auth_user_id" not in client.session


def test_an_unknown_username_gets_the_same_page(client, tree):
    known = fail(client, "xn_leader", 5, ip="10.1.1.1")
    unknown = fail(client, "no_such_person", 5, ip="10.2.2.2")
    assert known.status_code == unknown.status_code == 429
    strip = lambda r, name: r.content.decode().replace(name, "NAME")  # noqa: E731
    import re

    token = re.compile(r'[A-Za-z0-9]{64}')  # CSRF tokens
    assert token.sub("", strip(known, "xn_leader")) == token.sub("", strip(unknown, "no_such_person"))
    before = [sign_in(client, "xn_staff", "wrong", ip="10.3.3.3"), sign_in(client, "nobody_at_all", "wrong", ip="10.4.4.4")]
    assert {r.status_code for r in before} == {200}
    assert token.sub("", strip(before[0], "xn_staff")) == token.sub("", strip(before[1], "nobody_at_all"))


def test_five_failures_from_one_address_across_usernames_lock_the_address(client, tree):
    for name in ("a1", "a2", "a3", "a4", "a5"):
        sign_in(client, name, "wrong", ip="192.0.2.7")
    resp = sign_in(client, "xn_staff", PASSWORD, ip="192.0.2.7")
    assert resp.status_code == 429 and LOCKED in resp.content.decode()
    resp = sign_in(client, "xn_staff", PASSWORD, ip="192.0.2.8")  # the same account elsewhere
    assert resp.status_code == 302


def test_the_address_behind_nginx_is_the_forwarded_one(client, tree, settings):
    settings.XINGPING_PROXY_HOPS = 1
    for name in ("a1", "a2", "a3", "a4", "a5"):
        sign_in(client, name, "wrong", ip="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5")
    locked = sign_in(client, "xn_staff", PASSWORD, ip="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5")
    other = sign_in(client, "xn_staff", PASSWORD, ip="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.6")
    assert locked.status_code == 429 and other.status_code == 302


def test_a_success_resets_the_count(client, tree):
    fail(client, "xn_leader", 4)
    assert sign_in(client, "xn_leader").status_code == 302
    client.logout()
    resp = fail(client, "xn_leader", 4)
    assert resp.status_code == 200
    assert sign_in(client, "xn_leader").status_code == 302


def test_the_lock_opens_after_the_window(client, tree):
    fail(client, "xn_leader", 5)
    with later(minutes=29):
        assert sign_in(client, "xn_leader").status_code == 429
    with later(minutes=31):
        assert sign_in(client, "xn_leader").status_code == 302


def test_the_window_and_the_limit_are_settings(client, tree, settings):
    settings.XINGPING_LOCKOUT_MINUTES = 5
    settings.AXES_FAILURE_LIMIT = 3
    fail(client, "xn_leader", 3)
    assert sign_in(client, "xn_leader").status_code == 429
    with later(minutes=6):
        assert sign_in(client, "xn_leader").status_code == 302


def test_the_office_unlocks_with_axes_reset(client, tree):
    fail(client, "xn_leader", 5)
    call_command("axes_reset_username", "xn_leader", stdout=io.StringIO())
    assert sign_in(client, "xn_leader").status_code == 302


def test_sign_in_events_are_audited(client, tree):
    fail(client, "xn_leader", 5)
    sign_in(client, "ghost", "wrong", ip="10.5.5.5")
    client.logout()
    actions = list(AuditEvent.objects.order_by("pk").values_list("action", "actor_name", "object_id"))
    assert actions[:4] == [("login_failed", "xn_leader", str(tree.county_leader.pk))] * 4
    assert actions[4] == ("lockout", "xn_leader", str(tree.county_leader.pk))
    assert actions[5] == ("login_failed", "ghost", "")
    assert all("ip=" in n for n in AuditEvent.objects.values_list("note", flat=True))
    sign_in(client, "xn_staff", ip="10.6.6.6")
    client.post("/accounts/logout/")
    assert list(AuditEvent.objects.filter(object_id=str(tree.county_staff.pk)).order_by("pk")
                .values_list("action", flat=True)) == ["login", "logout"]
