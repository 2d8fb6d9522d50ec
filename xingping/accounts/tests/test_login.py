"""Login and logout pages: Chinese by default, English on request; every page needs a login."""

from django.urls import reverse

from xingping.testing import PASSWORD


def test_login_page_reads_chinese_by_default(client):
    html = client.get(reverse("accounts:login")).content.decode()
    assert "登录" in html and "用户名" in html and "密码" in html


def test_login_page_in_english(client):
    client.cookies["django_language"] = "en"
    html = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Log in" in html and "Username" in html


def test_pages_redirect_to_login_when_anonymous(client, tree, campaign):
    for url in (reverse("campaigns:matrix", args=[campaign.slug]), reverse("orgs:index"), reverse("core:audit-log")):
        resp = client.get(url)
        assert resp.status_code == 302 and resp["Location"].startswith(reverse("accounts:login"))
    # `/` (the dashboard once signed in) sends an anonymous visitor to the public portal (C9).
    resp = client.get(reverse("core:dashboard"))
    assert resp.status_code == 302 and resp["Location"] == reverse("publicity:portal")


def test_log_in_and_out(client, tree):
    resp = client.post(reverse("accounts:login"), {"username": "xn_leader", "password": PASSWORD}, follow=True)
    assert resp.status_code == 200 and "工作台" in resp.content.decode()
    resp = client.post(reverse("accounts:logout"), follow=True)
    assert "登录" in resp.content.decode()
    assert client.get(reverse("core:dashboard")).status_code == 302


def test_wrong_password_is_refused(client, tree):
    resp = client.post(reverse("accounts:login"), {"username": "xn_leader", "password": "wrong"})
    assert resp.status_code == 200 and "alert-danger" in resp.content.decode()
