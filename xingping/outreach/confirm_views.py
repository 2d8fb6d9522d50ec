"""Confirmation of a visit by the entity visited: the printable opinion form with a short code
and a QR, the PUBLIC confirmation page it leads to (no login, rate-limited, single use), and
the per-unit confirmation figures."""

import os

import segno
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from xingping.orgs.policy import get_for_user_or_404, policy_required, public_view, visible_units
from xingping.outreach import selectors, services
from xingping.outreach.confirm_permissions import confirm_policy
from xingping.outreach.models import DIMENSIONS, Satisfaction, Visit

RATE_SETTING = "XINGPING_CONFIRM_RATE_LIMIT"  # "hits/seconds" per client address, default 30/3600


def _allow(request):
    spec = getattr(settings, RATE_SETTING, None) or os.environ.get(RATE_SETTING) or "30/3600"
    count, seconds = (int(x) for x in spec.split("/"))
    address = request.META.get("REMOTE_ADDR", "") or "unknown"
    key = f"xingping:rl:confirm:{address}"
    if cache.add(key, 1, timeout=seconds):
        return True
    try:
        return cache.incr(key) <= count
    except ValueError:
        cache.add(key, 1, timeout=seconds)
        return True


def _confirm_url(request, visit):
    return request.build_absolute_uri(reverse("outreach:confirm", args=[visit.confirm_code]))


@policy_required(confirm_policy, "print")
def visit_print(request, pk):
    """The opinion form left with the entity, with its confirmation code and QR (printable)."""
    visit = get_for_user_or_404(confirm_policy, request.user, "print",
                                queryset=Visit.objects.select_related("entity", "unit", "visitor"), pk=pk)
    url = _confirm_url(request, visit)
    qr = segno.make(url, error="m")
    return render(request, "outreach/visit_print.html", {
        "visit": visit, "url": url, "qr": qr.svg_data_uri(scale=4, border=2), "dimensions": DIMENSIONS,
        "choices": Satisfaction.choices,
    })


@public_view
def confirm_start(request):
    """Type the code printed on the form (for those who do not scan the QR)."""
    code = (request.GET.get("code") or "").strip().upper()
    if code:
        return redirect("outreach:confirm", code=code)
    return render(request, "outreach/confirm_start.html")


@public_view
def confirm(request, code):
    if not _allow(request):
        return render(request, "outreach/confirm.html", {"error": _("Too many attempts; try again later.")},
                      status=429)
    visit = Visit.objects.select_related("entity", "unit").filter(confirm_code=code.strip().upper()).first()
    context = {"visit": visit, "code": code, "choices": Satisfaction.choices}
    if visit is None:
        context["error"] = _("Unknown confirmation code.")
        return render(request, "outreach/confirm.html", context, status=404)
    if request.method == "POST":
        try:
            services.visit_confirm_by_entity(code=visit.confirm_code, rating=request.POST.get("rating"),
                                             comment=request.POST.get("comment", ""))
        except ValidationError as exc:
            context["error"] = exc.messages[0]
            return render(request, "outreach/confirm.html", context, status=400 if hasattr(exc, "error_dict") else 409)
        context["done"] = True
    elif hasattr(visit, "entity_confirmation"):
        context["error"] = _("This visit has already been confirmed; a code is used once.")
    return render(request, "outreach/confirm.html", context)


@policy_required(confirm_policy, "stats")
def confirmations(request):
    units = visible_units(request.user)
    return render(request, "outreach/confirmations.html", {
        "rows": selectors.confirmation_share_by_unit(units), "never": selectors.visitors_never_confirmed(units),
        "minimum": selectors.NEVER_CONFIRMED_MIN,
    })
