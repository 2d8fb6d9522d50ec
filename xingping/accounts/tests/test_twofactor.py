"""Two-factor sign-in: mandatory enrolment for office / inspector / auditor on first
sign-in, verification after the password, single-use recovery codes, optional for others."""

import re

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from xingping.accounts.tests.conftest import sign_in
from xingping.core.models import AuditEvent

pytestmark = pytest.mark.usefixtures("two_factor_on")


def code_for(device, steps_ahead=0):
    """The code the app shows now (or `steps_ahead` 30-second steps later: a code already
    used is refused, so a second sign-in within the same step needs the next one)."""
    t0 = device.t0 - steps_ahead * device.step
    return f"{totp(device.bin_key, step=device.step, t0=t0, digits=device.digits):06d}"


def enrol(client, username):
    sign_in(client, username)
    resp = client.get(reverse("core:dashboard"))
    assert resp.status_code == 302 and resp["Location"].startswith(reverse("accounts:otp-setup"))
    page = client.get(resp["Location"])
    device = TOTPDevice.objects.get(user__username=username, confirmed=False)
    resp = client.post(reverse("accounts:otp-setup"), {"code": code_for(device)})
    codes = re.findall(r"<li>([a-z2-7]{8})</li>", resp.content.decode())
    return page, resp, codes


def test_the_office_enrols_on_first_sign_in(client, tree):
    page, resp, codes = enrol(client, "office")
    html = page.content.decode()
    assert 'src="data:image/svg+xml' in html and "设置双因素登录" in html
    secret = re.search(r'data-testid="secret">([A-Z2-7 ]+)<', html).group(1)
    assert len(secret.replace(" ", "")) == 32
    assert len(codes) == 10 and "恢复码" in resp.content.decode()
    assert client.get(reverse("core:dashboard")).status_code == 200
    assert AuditEvent.objects.filter(action="otp_enrol", object_id=str(tree.office.pk)).exists()


def test_a_wrong_code_during_enrolment_is_refused_in_chinese(client, tree):
    sign_in(client, "inspector")
    client.get(reverse("accounts:otp-setup"))
    html = client.post(reverse("accounts:otp-setup"), {"code": "000000"}).content.decode()
    assert "验证码不正确" in html
    assert not TOTPDevice.objects.filter(user=tree.city_inspector, confirmed=True).exists()
    assert client.get(reverse("core:dashboard")).status_code == 302


def test_next_sign_in_asks_for_the_code(client, tree):
    enrol(client, "auditor")
    client.post(reverse("accounts:logout"))
    sign_in(client, "auditor", ip="10.2.0.1")
    resp = client.get(reverse("core:dashboard"))
    assert resp["Location"].startswith(reverse("accounts:otp-verify"))
    html = client.post(reverse("accounts:otp-verify"), {"code": "123456"}).content.decode()
    assert "验证码不正确" in html
    assert client.get(reverse("core:dashboard")).status_code == 302
    device = TOTPDevice.objects.get(user=tree.auditor, confirmed=True)
    device.throttling_failure_count = 0  # the wrong try above slows the next one down
    device.save()
    assert client.post(reverse("accounts:otp-verify"), {"code": code_for(device)}).status_code == 200  # replayed
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.save()
    resp = client.post(reverse("accounts:otp-verify"), {"code": code_for(device, steps_ahead=1), "next": "/"})
    assert resp.status_code == 302
    assert client.get(reverse("core:dashboard")).status_code == 200


def test_a_recovery_code_works_once(client, tree):
    _page, _resp, codes = enrol(client, "office")
    client.post(reverse("accounts:logout"))
    sign_in(client, "office", ip="10.2.0.2")
    resp = client.post(reverse("accounts:otp-verify"), {"code": codes[0].upper()}, follow=True)
    assert resp.status_code == 200 and "还剩 9 个" in resp.content.decode()
    client.post(reverse("accounts:logout"))
    sign_in(client, "office", ip="10.2.0.3")
    html = client.post(reverse("accounts:otp-verify"), {"code": codes[0]}).content.decode()
    assert "已被使用" in html
    assert client.get(reverse("core:dashboard")).status_code == 302


def test_the_setup_page_cannot_skip_verification(client, tree):
    enrol(client, "office")
    client.post(reverse("accounts:logout"))
    sign_in(client, "office", ip="10.2.0.4")
    resp = client.get(reverse("accounts:otp-setup"))
    assert resp.status_code == 302 and resp["Location"].startswith(reverse("accounts:otp-verify"))


def test_optional_for_others_who_may_enrol_from_their_account_page(client, tree):
    sign_in(client, "xn_staff")
    assert client.get(reverse("core:dashboard")).status_code == 200
    html = client.get(reverse("accounts:account")).content.decode()
    assert reverse("accounts:otp-setup") in html
    client.get(reverse("accounts:otp-setup"))
    device = TOTPDevice.objects.get(user=tree.county_staff, confirmed=False)
    client.post(reverse("accounts:otp-setup"), {"code": code_for(device)})
    client.post(reverse("accounts:logout"))
    sign_in(client, "xn_staff", ip="10.2.0.5")
    assert client.get(reverse("core:dashboard"))["Location"].startswith(reverse("accounts:otp-verify"))


def test_the_requirement_is_a_switch(client, tree, settings):
    settings.XINGPING_REQUIRE_2FA = False
    sign_in(client, "office")
    assert client.get(reverse("core:dashboard")).status_code == 200
