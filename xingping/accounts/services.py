"""Writes on accounts: password changes, enabling and disabling accounts, second factors.
Each runs in one transaction and leaves an audit row (old and new values where they mean
something; never a password or a secret)."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models import F

from xingping.accounts import twofactor
from xingping.accounts.audit import record_signin
from xingping.accounts.models import PasswordHistory, User
from xingping.accounts.passwords import current_profile
from xingping.core.audit import record


def keep_in_history(user: User) -> None:
    """The current hash goes to the history the profile keeps (before a new password)."""
    keep = current_profile().history
    if keep and user.has_usable_password():
        PasswordHistory.objects.create(user=user, password=user.password)
        stale = list(user.password_history.values_list("pk", flat=True)[max(keep - 1, 0):])
        PasswordHistory.objects.filter(pk__in=stale).delete()


@transaction.atomic
def password_change(*, actor: User, user: User, new_password: str, request=None) -> User:
    """Set `user`'s password (already validated by the form): the old hash goes to the
    history the profile keeps, the change time is recorded, and every other session of the
    account ends (the session hash follows the password; the caller keeps its own session
    with `update_session_auth_hash`)."""
    keep_in_history(user)
    old_changed = user.password_changed_at
    user.set_password(new_password)
    user.save(update_fields=["password", "password_changed_at"])
    record_signin(action="password_change", request=request, user=user,
                  note="" if actor.pk == user.pk else f"by={actor.get_username()}",
                  old={"password_changed_at": old_changed}, new={"password_changed_at": user.password_changed_at})
    return user


@transaction.atomic
def account_set_active(*, actor: User, user: User, active: bool, request=None) -> User:
    """Enable or disable an account. Disabling ends every session of it at once (the
    session generation is part of the session hash), and they stay ended if the account is
    enabled again."""
    if user.is_active == active:
        return user
    old = {"is_active": user.is_active}
    user.is_active = active
    fields = ["is_active"]
    if not active:
        User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
        user.refresh_from_db(fields=["session_generation"])
    user.save(update_fields=fields)
    record_signin(action="account_enable" if active else "account_disable", request=request, user=user,
                  actor=actor, old=old, new={"is_active": active})
    return user


@transaction.atomic
def sessions_end_all(*, actor: User, user: User, request=None) -> User:
    """Sign the account out of every browser (the caller's session included)."""
    User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    user.refresh_from_db(fields=["session_generation"])
    record_signin(action="sessions_end", request=request, user=user, note=f"by={actor.get_username()}")
    return user


@transaction.atomic
def totp_confirm(*, actor: User, code: str, request=None) -> tuple[object, list[str]] | None:
    """Confirm the device being enrolled with a code from the app. Returns (device, the new
    recovery codes), or None when the code is wrong (nothing changes)."""
    device = twofactor.pending_totp(actor)
    if not device.verify_token(twofactor.normalise_code(code)):
        record_signin(action="otp_enrol_failed", request=request, user=actor)
        return None
    # One TOTP device per account: an earlier one (re-enrolment) is replaced.
    type(device).objects.filter(user=actor).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = twofactor.new_recovery_codes(actor)
    record_signin(action="otp_enrol", request=request, user=actor, new={"recovery_codes": len(codes)})
    return device, codes


@transaction.atomic
def recovery_codes_renew(*, actor: User, request=None) -> list[str]:
    codes = twofactor.new_recovery_codes(actor)
    record_signin(action="otp_recovery_renew", request=request, user=actor, new={"recovery_codes": len(codes)})
    return codes


@transaction.atomic
def two_factor_remove(*, actor: User, request=None) -> None:
    """Remove the account's second factor (only where it is optional: the view checks)."""
    twofactor.remove_devices(actor)
    record_signin(action="otp_remove", request=request, user=actor)


@transaction.atomic
def language_set(*, user: User, language: str) -> User:
    """Remember the language `user` chose with the switch (a code of settings.LANGUAGES;
    empty on the account means "never chose": the site's language). Every page they open
    afterwards, in any browser, is in it (core.middleware.LanguageMiddleware); choosing
    the site's language is stored too, so it wins over an older cookie elsewhere."""
    codes = {code for code, _name in settings.LANGUAGES}
    if language not in codes:
        raise ValueError(f"unknown language {language!r}")
    stored = language
    if user.language == stored:
        return user
    old = {"language": user.language}
    user.language = stored
    user.save(update_fields=["language"])
    record(actor=user, action="language_set", obj=user, unit=user.unit, old=old, new={"language": stored})
    return user
