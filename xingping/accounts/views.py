"""Sign-in pages: login (lockout by django-axes), the second factor (enrolment and
verification), the account page, self-service password change, logout."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xingping.accounts import services, twofactor
from xingping.accounts.audit import record_signin
from xingping.accounts.forms import CodeForm, PasswordChangeForm
from xingping.accounts.passwords import current_profile, password_expired, password_expires_at
from xingping.accounts.signals import PASSWORD_EXPIRED, SECOND_FACTOR, SIGNED_IN_AT


@login_not_required
def set_language(request):
    """The language switch (navbar, public pages, ballot): Django's set_language sets the
    cookie and redirects to `next`; a signed-in user's choice is also remembered on the
    account, so a new session in another browser opens in it too."""
    from django.views.i18n import set_language as django_set_language

    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.method == "POST" and request.user.is_authenticated and language in {code for code, _name in settings.LANGUAGES}:
        services.language_set(user=request.user, language=language)
    return response


def _next_url(request, default="core:dashboard"):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                    require_https=request.is_secure()):
        return target
    from django.urls import reverse

    return reverse(default)


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        self.request.session[SIGNED_IN_AT] = int(timezone.now().timestamp())
        if password_expired(form.get_user()):
            self.request.session[PASSWORD_EXPIRED] = True
        return response


login_view = login_not_required(LoginView.as_view())


def lockout_response(request, original_response=None, credentials=None):
    """What a locked-out attempt gets (settings.AXES_LOCKOUT_CALLABLE): the login page with
    a Chinese message and HTTP 429, the same whether the username exists or not, and
    whether the right or a wrong password was typed."""
    form = AuthenticationForm(request, data=request.POST or None)
    form.is_bound = False  # show the username typed, no field errors
    minutes = int(getattr(settings, "XINGPING_LOCKOUT_MINUTES", 30))
    message = _("Too many failed sign-in attempts. Signing in is locked for %(minutes)d minutes; "
                "try again later or ask the campaign office to unlock it.") % {"minutes": minutes}
    context = {"form": form, "locked_message": message, "username_value": request.POST.get("username", "")[:150],
               "next": request.POST.get("next", "")}
    return render(request, "registration/login.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)


def account(request):
    user = request.user
    totp = twofactor.confirmed_totp(user)
    return render(request, "accounts/account.html", {
        "profile": current_profile(),
        "expires_at": password_expires_at(user),
        "has_2fa": totp is not None,
        "two_factor_required": twofactor.two_factor_required(user),
        "can_remove_2fa": totp is not None and not twofactor.two_factor_required(user),
        "recovery_left": twofactor.recovery_codes_left(user) if totp else 0,
    })


def password_change(request):
    expired = bool(request.session.get(PASSWORD_EXPIRED))
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.password_change(actor=request.user, user=request.user, new_password=form.cleaned_data["new_password1"],
                                 request=request)
        update_session_auth_hash(request, request.user)  # keep this session; the others end
        request.session.pop(PASSWORD_EXPIRED, None)
        messages.success(request, _("Your password has been changed. Other browsers signed in as you are signed out."))
        return redirect(_next_url(request) if expired else "accounts:account")
    return render(request, "accounts/password_change.html", {
        "form": form, "expired": expired, "profile": current_profile(), "next": request.GET.get("next", ""),
    })


def otp_setup(request):
    """Enrol a TOTP app: the QR code and the secret, then one code from the app."""
    user = request.user
    if not user.is_verified() and twofactor.confirmed_totp(user) is not None:
        return redirect("accounts:otp-verify")  # already enrolled: this session verifies first
    device = twofactor.pending_totp(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = services.totp_confirm(actor=user, code=form.cleaned_data["code"], request=request)
        if result is not None:
            confirmed, codes = result
            from django_otp import login as otp_login

            otp_login(request, confirmed)
            request.session.pop(SECOND_FACTOR, None)
            return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": _next_url(request)})
        form.add_error("code", _("That code is not right. Enter the 6-digit code your app shows now."))
    return render(request, "accounts/otp_setup.html", {
        "form": form, "qr": twofactor.qr_data_uri(device), "secret": twofactor.secret_for_manual_entry(device),
        "required": twofactor.two_factor_required(user), "next": request.GET.get("next", request.POST.get("next", "")),
    })


def otp_verify(request):
    """The second step of signing in: a code from the app or a recovery code."""
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    if twofactor.confirmed_totp(user) is None:
        return redirect("accounts:otp-setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = twofactor.match_code(user, form.cleaned_data["code"])
        if device is not None:
            from django_otp import login as otp_login

            otp_login(request, device)
            request.session.pop(SECOND_FACTOR, None)
            used_recovery = device.__class__.__name__ == "StaticDevice"
            record_signin(action="otp_verified", request=request, user=user, note="recovery" if used_recovery else "totp")
            if used_recovery:
                messages.warning(request, _("You signed in with a recovery code; %(left)d are left. Each code works once.")
                                 % {"left": twofactor.recovery_codes_left(user)})
            return redirect(_next_url(request))
        record_signin(action="otp_failed", request=request, user=user)
        form.add_error("code", _("That code is not right, or the recovery code was already used. "
                                 "Enter the 6-digit code your app shows now, or an unused recovery code."))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": request.GET.get("next", request.POST.get("next", ""))})


@require_POST
def recovery_codes_renew(request):
    if twofactor.confirmed_totp(request.user) is None:
        raise Http404
    codes = services.recovery_codes_renew(actor=request.user, request=request)
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": ""})


@require_POST
def otp_remove(request):
    if twofactor.two_factor_required(request.user) or twofactor.confirmed_totp(request.user) is None:
        raise Http404
    services.two_factor_remove(actor=request.user, request=request)
    messages.success(request, _("Two-factor sign-in is off for your account."))
    return redirect("accounts:account")


@require_POST
def sessions_end(request):
    services.sessions_end_all(actor=request.user, user=request.user, request=request)
    return redirect("accounts:login")
