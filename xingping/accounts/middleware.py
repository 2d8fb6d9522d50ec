"""The sign-in gate: what a signed-in session owes before it may open any page.

1. the absolute session limit (`XINGPING_SESSION_ABSOLUTE_HOURS`, default 12 hours from
   signing in with a password on the login page, whatever the activity; the idle limit is
   the session cookie's age);
2. the second factor (enrol or verify) when the account needs one (`twofactor`);
3. a new password when the one used to sign in has expired (the profile's max age).

Until then every page but the step itself, logout and the language switch redirects
there. Decided from markers the sign-in put in the session: no query per request.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from xingping.accounts import twofactor
from xingping.accounts.signals import PASSWORD_EXPIRED, SECOND_FACTOR, SIGNED_IN_AT


class IdleSessionMiddleware:
    """The idle limit (the session cookie's age) renewed at most once a minute, instead of
    writing the session row on every request (SESSION_SAVE_EVERY_REQUEST): a page read by a
    signed-in user costs no write, and the limit ends between 29 and 30 minutes after the last
    request. Must sit right after SessionMiddleware (its response phase runs before the save)."""

    TOUCHED = "_touched"
    EVERY = 60  # seconds

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.session_key and not session.is_empty():
            now = int(timezone.now().timestamp())
            if now - session.get(self.TOUCHED, 0) >= self.EVERY:
                session[self.TOUCHED] = now  # modified: SessionMiddleware saves it with a new expiry
        return response


def _redirect(request, url_name):
    url = reverse(url_name)
    if request.method == "GET" and not request.headers.get("HX-Request"):
        url += "?" + urlencode({"next": request.get_full_path()})
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


class SignInGateMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            response = self.gate(request, user)
            if response is not None:
                return response
        return self.get_response(request)

    def gate(self, request, user):
        session = request.session
        started = session.get(SIGNED_IN_AT)
        if started is not None and timezone.now().timestamp() - started > float(getattr(settings, "XINGPING_SESSION_ABSOLUTE_HOURS", 12)) * 3600:
            logout(request)
            messages.info(request, _("Your session has ended after %(hours)s hours. Please sign in again.")
                          % {"hours": f"{float(settings.XINGPING_SESSION_ABSOLUTE_HOURS):g}"})
            return _redirect(request, "accounts:login")
        owed = session.get(SECOND_FACTOR)
        expired = session.get(PASSWORD_EXPIRED)
        if not (owed or expired):
            return None
        name = self._view_name(request)
        if name in ("accounts:logout", "set_language"):
            return None
        if owed and not user.is_verified():
            step = "accounts:otp-setup" if owed == twofactor.ENROL else "accounts:otp-verify"
            return None if name in ("accounts:otp-setup", "accounts:otp-verify") else _redirect(request, step)
        if expired and name != "accounts:password-change":
            return _redirect(request, "accounts:password-change")
        return None

    @staticmethod
    def _view_name(request):
        from django.urls import Resolver404, resolve

        try:
            return resolve(request.path_info).view_name
        except Resolver404:
            return None
