"""Role × view matrix of the accounts pages (docs/role-matrix/accounts.md): every signed-in
role manages its own account only (the pages act on request.user, never on another
account), so every role gets the same answer. GET requests; POST-only pages answer 405."""

import pytest
from django.urls import reverse

from xingping.testing import Tree

ROLES = Tree.ROLE_USERS


def same_for_every_role(status, anonymous=302):
    return {"anonymous": anonymous, **{role: status for role in ROLES}}


ROLE_MATRIX = {
    "accounts:login": same_for_every_role(302, anonymous=200),  # signed in: on to the dashboard
    "accounts:logout": same_for_every_role(405),  # POST only
    "accounts:account": same_for_every_role(200),
    "accounts:password-change": same_for_every_role(200),
    "accounts:otp-setup": same_for_every_role(200),
    "accounts:otp-verify": same_for_every_role(302),  # nothing enrolled yet: on to the setup page
    "accounts:recovery-codes": same_for_every_role(405),  # POST only
    "accounts:otp-remove": same_for_every_role(405),  # POST only
    "accounts:sessions-end": same_for_every_role(405),  # POST only
}


@pytest.mark.parametrize("name", sorted(ROLE_MATRIX))
def test_role_matrix(client, tree, name):
    url = reverse(name)
    failures = []
    for role, expected in ROLE_MATRIX[name].items():
        client.logout()
        if role != "anonymous":
            client.force_login(getattr(tree, role))
        status = client.get(url).status_code
        if status != expected:
            failures.append((role, status, expected))
    assert failures == []


def test_the_matrix_covers_every_accounts_url():
    from xingping.accounts.urls import app_name, urlpatterns

    assert {f"{app_name}:{p.name}" for p in urlpatterns} == set(ROLE_MATRIX)


def test_posting_acts_on_the_signed_in_account_only(client, tree):
    client.force_login(tree.county_staff)
    client.post(reverse("accounts:sessions-end"), {"user": tree.office.pk})
    tree.office.refresh_from_db()
    tree.county_staff.refresh_from_db()
    assert tree.office.session_generation == 0 and tree.county_staff.session_generation == 1


def test_removing_a_mandatory_second_factor_is_refused(client, tree, settings):
    settings.XINGPING_REQUIRE_2FA = True
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=tree.office, name="default", confirmed=True)
    client.force_login(tree.office)
    session = client.session
    session["otp_device_id"] = TOTPDevice.objects.get(user=tree.office).persistent_id
    session.save()
    assert client.post(reverse("accounts:otp-remove")).status_code == 404
    assert TOTPDevice.objects.filter(user=tree.office).exists()
