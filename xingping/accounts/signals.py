"""Sign-in events → session markers and audit rows (connected in AccountsConfig.ready)."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from xingping.accounts import twofactor
from xingping.accounts.audit import record_signin

SIGNED_IN_AT = "xp_signed_in_at"  # epoch seconds of the password sign-in (login view): the absolute limit
SECOND_FACTOR = "xp_second_factor"  # twofactor.ENROL / VERIFY while the second step is owed
PASSWORD_EXPIRED = "xp_password_expired"  # set by the login view: the change page is owed


def _username(credentials):
    from django.contrib.auth import get_user_model

    return str((credentials or {}).get(get_user_model().USERNAME_FIELD, "") or "")[:150]


@receiver(user_logged_in, dispatch_uid="xingping.accounts.logged_in")
def on_logged_in(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    from django.utils import timezone

    from xingping.accounts.middleware import IdleSessionMiddleware

    # the sign-in saves the session: the idle limit starts now, no second write on the next page
    request.session[IdleSessionMiddleware.TOUCHED] = int(timezone.now().timestamp())
    needed = twofactor.second_factor_needed(user)
    if needed:
        request.session[SECOND_FACTOR] = needed
    else:
        request.session.pop(SECOND_FACTOR, None)
    record_signin(action="login", request=request, user=user,
                  note={twofactor.ENROL: "2fa=enrol", twofactor.VERIFY: "2fa=pending"}.get(needed, ""))


@receiver(user_logged_out, dispatch_uid="xingping.accounts.logged_out")
def on_logged_out(sender, request, user, **kwargs):
    if user is not None and user.pk:
        record_signin(action="logout", request=request, user=user)


@receiver(user_login_failed, dispatch_uid="xingping.accounts.login_failed")
def on_login_failed(sender, credentials, request=None, **kwargs):
    if request is not None and getattr(request, "axes_locked_out", False):
        return  # written once as a lockout by on_locked_out
    _record_failure("login_failed", request, _username(credentials))


@receiver(user_locked_out, dispatch_uid="xingping.accounts.locked_out")
def on_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    _record_failure("lockout", request, str(username or "")[:150])


def _record_failure(action, request, username):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=username).select_related("unit").first() if username else None
    record_signin(action=action, request=request, user=user, username=username, by_owner=False)
