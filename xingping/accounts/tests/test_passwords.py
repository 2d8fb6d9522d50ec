"""Password profiles (dengbao / asvs), history, expiry after sign-in, self-service change."""

import datetime

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from xingping.accounts import services
from xingping.accounts.tests.conftest import sign_in
from xingping.testing import PASSWORD


def problems(password, user=None):
    try:
        validate_password(password, user)
    except ValidationError as e:
        return {err.code for err in e.error_list}
    return set()


@pytest.mark.parametrize("password,ok", [
    ("Abcdef1!", True), ("abcdef1!", True), ("ABCDEF12", False), ("abcdefgh", False),
    ("Abc1!", False), ("Zq8-wv3x", True),
])
def test_dengbao_needs_8_characters_from_3_classes(db, settings, password, ok):
    settings.XINGPING_PASSWORD_PROFILE = "dengbao"
    assert (problems(password) == set()) is ok


@pytest.mark.parametrize("password,ok", [
    ("correcthorsebattery", True), ("Zq8-wv3x", False), ("zqwvxtbnmplk", True), ("zqwvxtbnmpl", False),
])
def test_asvs_needs_12_characters_and_nothing_else(db, settings, password, ok):
    settings.XINGPING_PASSWORD_PROFILE = "asvs"
    assert (problems(password) == set()) is ok


def test_messages_are_chinese(db, settings):
    settings.XINGPING_PASSWORD_PROFILE = "dengbao"
    with pytest.raises(ValidationError) as info:
        validate_password("abcdefgh")
    assert "大写字母、小写字母、数字、符号中的 3 类" in " ".join(info.value.messages)


def test_none_of_the_last_five_passwords_again(tree, settings):
    settings.XINGPING_PASSWORD_PROFILE = "dengbao"
    user = tree.county_staff
    used = [PASSWORD] + [f"Rotate-{i}x" for i in range(1, 6)]
    for new in used[1:]:
        assert problems(new, user) == set()
        services.password_change(actor=user, user=user, new_password=new)
    # the current password and the four before it are refused; the sixth-last is free again
    for old in used[1:]:
        assert problems(old, user) == {"password_reused"}, old
    assert problems(used[0], user) == set()
    assert user.password_history.count() == 4


def test_asvs_keeps_no_history(tree, settings):
    settings.XINGPING_PASSWORD_PROFILE = "asvs"
    user = tree.county_staff
    services.password_change(actor=user, user=user, new_password="a-long-pass-phrase")
    assert user.password_history.count() == 0
    assert problems("a-long-pass-phrase", user) == set()


def test_an_expired_password_sends_to_the_change_page_until_changed(client, tree, settings):
    settings.XINGPING_PASSWORD_PROFILE = "dengbao"
    user = tree.county_staff
    type(user).objects.filter(pk=user.pk).update(password_changed_at=timezone.now() - datetime.timedelta(days=91))
    resp = sign_in(client, "xn_staff")
    assert resp.status_code == 302
    resp = client.get(reverse("core:dashboard"))
    assert resp.status_code == 302 and resp["Location"].startswith(reverse("accounts:password-change"))
    page = client.get(resp["Location"]).content.decode()
    assert "您的密码已过期" in page
    resp = client.post(reverse("accounts:password-change") + "?next=/", {
        "old_password": PASSWORD, "new_password1": "Fresh-pass-9", "new_password2": "Fresh-pass-9", "next": "/"})
    assert resp.status_code == 302
    assert client.get(reverse("core:dashboard")).status_code == 200
    user.refresh_from_db()
    assert user.check_password("Fresh-pass-9") and user.password_changed_at > timezone.now() - datetime.timedelta(minutes=1)


def test_a_fresh_password_does_not_expire_and_asvs_never_expires(client, tree, settings):
    user = tree.county_staff
    sign_in(client, "xn_staff")
    assert client.get(reverse("core:dashboard")).status_code == 200
    client.logout()
    settings.XINGPING_PASSWORD_PROFILE = "asvs"
    type(user).objects.filter(pk=user.pk).update(password_changed_at=timezone.now() - datetime.timedelta(days=900))
    sign_in(client, "xn_staff", ip="10.7.7.7")
    assert client.get(reverse("core:dashboard")).status_code == 200


def test_change_page_refuses_a_weak_or_reused_password_in_chinese(client, tree):
    client.force_login(tree.county_staff)
    url = reverse("accounts:password-change")
    html = client.post(url, {"old_password": PASSWORD, "new_password1": "abcdefgh", "new_password2": "abcdefgh"}).content.decode()
    assert "3 类" in html
    html = client.post(url, {"old_password": PASSWORD, "new_password1": PASSWORD, "new_password2": PASSWORD}).content.decode()
    assert "近期用过" in html
    tree.county_staff.refresh_from_db()
    assert tree.county_staff.check_password(PASSWORD)


def test_the_user_menu_links_to_the_account_page_with_the_change_link(client, tree):
    client.force_login(tree.county_staff)
    html = client.get(reverse("core:dashboard")).content.decode()
    assert reverse("accounts:account") in html
    html = client.get(reverse("accounts:account")).content.decode()
    assert reverse("accounts:password-change") in html and "修改密码" in html


def test_a_password_change_signs_out_the_other_browser(client, tree, django_user_model):
    from django.test import Client

    other = Client()
    other.force_login(tree.county_staff)
    assert other.get(reverse("core:dashboard")).status_code == 200
    client.force_login(tree.county_staff)
    client.post(reverse("accounts:password-change"), {
        "old_password": PASSWORD, "new_password1": "Fresh-pass-9", "new_password2": "Fresh-pass-9"})
    assert client.get(reverse("core:dashboard")).status_code == 200  # this browser stays in
    assert other.get(reverse("core:dashboard")).status_code == 302  # the other one is out
