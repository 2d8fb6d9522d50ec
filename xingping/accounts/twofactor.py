"""Two-factor sign-in (issue 9 part 3) on django-otp: one TOTP device per account and a
static device holding 10 single-use recovery codes.

Who must use it: accounts holding one of `XINGPING_2FA_ROLES` (office, inspector, auditor)
while `XINGPING_REQUIRE_2FA` is on; anyone else may enrol from the account page and is then
asked for a code at every sign-in too.
"""

from __future__ import annotations

from django.conf import settings
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODES = 10
DEVICE_NAME = "default"

# What the sign-in gate asks for (kept in the session from sign-in on).
ENROL = "enrol"
VERIFY = "verify"


def two_factor_required(user) -> bool:
    if not getattr(settings, "XINGPING_REQUIRE_2FA", True):
        return False
    roles = set(getattr(settings, "XINGPING_2FA_ROLES", ("office", "inspector", "auditor")))
    return bool(user.role_set & roles) or user.is_superuser


def confirmed_totp(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def second_factor_needed(user) -> str | None:
    """ENROL, VERIFY or None: what this account must do after its password."""
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return VERIFY
    return ENROL if two_factor_required(user) else None


def pending_totp(user) -> TOTPDevice:
    """The unconfirmed device being enrolled (the same one on every reload of the page)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// URL as an SVG QR code in a data: URI (CSP img-src allows data:)."""
    import segno  # only the enrolment page draws one; start-up imports this module (signals)

    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def secret_for_manual_entry(device: TOTPDevice) -> str:
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def new_recovery_codes(user) -> list[str]:
    """Replace the account's recovery codes with RECOVERY_CODES new ones; returns them."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name="recovery", defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def normalise_code(code: str) -> str:
    return "".join((code or "").split()).lower()


def match_code(user, code: str):
    """The device a code verifies (TOTP first, then a recovery code, which is used up), or None."""
    code = normalise_code(code)
    if not code:
        return None
    if code.isdigit():
        for device in TOTPDevice.objects.filter(user=user, confirmed=True):
            if device.verify_token(code):
                return device
    for device in StaticDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(code):
            return device
    return None


def remove_devices(user) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
