"""Password policy profiles (issue 9 part 3), chosen by `XINGPING_PASSWORD_PROFILE`.

- `dengbao` (default; GB/T 22239-2019 level 3, 身份鉴别: complexity and periodic change):
  at least 8 characters from at least 3 of the 4 classes upper case, lower case, digit,
  symbol; changed every 90 days; none of the last 5 passwords reused.
- `asvs` (OWASP ASVS v4.0.3 V2.1.1 / V2.1.2 / V2.1.9 / V2.1.10): at least 12 characters,
  at most 128, no composition rule, no rotation, no history.

The profile is data: `PROFILES` below. Django's common-password, numeric and
user-attribute validators apply under both profiles (ASVS V2.1.7's breached-password check
is approximated by the common-password list).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


@dataclass(frozen=True)
class Profile:
    code: str
    min_length: int
    max_length: int | None
    min_classes: int  # of upper / lower / digit / symbol
    max_age_days: int | None  # None: never expires
    history: int  # the number of most recent passwords (the current one included) not to reuse


PROFILES = {
    "dengbao": Profile("dengbao", min_length=8, max_length=128, min_classes=3, max_age_days=90, history=5),
    "asvs": Profile("asvs", min_length=12, max_length=128, min_classes=0, max_age_days=None, history=0),
}


def current_profile() -> Profile:
    code = getattr(settings, "XINGPING_PASSWORD_PROFILE", "dengbao") or "dengbao"
    try:
        return PROFILES[code]
    except KeyError:
        raise ImproperlyConfigured(
            f"XINGPING_PASSWORD_PROFILE={code!r}: expected one of {', '.join(sorted(PROFILES))}"
        ) from None


def character_classes(password: str) -> int:
    return sum((
        any(c.isupper() for c in password),
        any(c.islower() for c in password),
        any(c.isdigit() for c in password),
        any(not c.isalnum() for c in password),
    ))


#: A password the office set (a new account, a reset: `orgs.services`) counts as set at this
#: instant, so it has expired under every profile and the first sign-in asks for a new one.
SET_BY_OFFICE = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def password_set_by_office(user) -> bool:
    return user.password_changed_at == SET_BY_OFFICE


def password_expires_at(user) -> datetime.datetime | None:
    """When `user`'s password expires under the current profile (None: never)."""
    if password_set_by_office(user) and user.has_usable_password():
        return SET_BY_OFFICE
    days = current_profile().max_age_days
    if days is None or not user.has_usable_password():
        return None
    since = user.password_changed_at or user.date_joined
    return since + datetime.timedelta(days=days) if since else None


def password_expired(user) -> bool:
    expires = password_expires_at(user)
    return expires is not None and expires <= timezone.now()


class ProfileLengthValidator:
    def validate(self, password, user=None):
        profile = current_profile()
        if len(password) < profile.min_length:
            raise ValidationError(
                ngettext(
                    "This password is too short. It must contain at least %(min_length)d character.",
                    "This password is too short. It must contain at least %(min_length)d characters.",
                    profile.min_length,
                ),
                code="password_too_short",
                params={"min_length": profile.min_length},
            )
        if profile.max_length and len(password) > profile.max_length:
            raise ValidationError(
                _("This password is too long: at most %(max_length)d characters."),
                code="password_too_long",
                params={"max_length": profile.max_length},
            )

    def get_help_text(self):
        profile = current_profile()
        return _("At least %(min_length)d characters.") % {"min_length": profile.min_length}


class CharacterClassValidator:
    def validate(self, password, user=None):
        needed = current_profile().min_classes
        if needed and character_classes(password) < needed:
            raise ValidationError(
                _("The password must mix at least %(count)d of: upper-case letters, lower-case letters, digits, symbols."),
                code="password_too_simple",
                params={"count": needed},
            )

    def get_help_text(self):
        needed = current_profile().min_classes
        if not needed:
            return ""
        return _("At least %(count)d of: upper-case letters, lower-case letters, digits, symbols.") % {"count": needed}


class HistoryValidator:
    """Refuses the current password and the ones before it, up to the profile's history."""

    def validate(self, password, user=None):
        keep = current_profile().history
        if not keep or user is None or user.pk is None:
            return
        hashes = [user.password] if user.has_usable_password() else []
        hashes += list(user.password_history.values_list("password", flat=True)[: keep - len(hashes)])
        if any(check_password(password, h) for h in hashes):
            raise ValidationError(
                _("You used this password recently. Choose one you have not used in your last %(count)d passwords."),
                code="password_reused",
                params={"count": keep},
            )

    def get_help_text(self):
        keep = current_profile().history
        return _("Not one of your last %(count)d passwords.") % {"count": keep} if keep else ""
