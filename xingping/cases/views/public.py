"""The public pages (no login): the complaint form, the request for disclosure, tracking,
hotlines."""

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render as django_render
from django.utils.translation import gettext as _

from xingping.cases import services
from xingping.cases.forms import PublicCaseForm, PublicDisclosureForm, TrackForm, public_unit_label, search_public_units
from xingping.cases.models import Case, Channel, Kind
from xingping.cases.ratelimit import allow
from xingping.cases.views.staff import _add_errors, render
from xingping.orgs.models import Level, OrgUnit
from xingping.orgs.policy import public_view


@public_view
def public_file(request):
    """The public complaint / report form (R4.2, R7.1, R9.2)."""
    form = PublicCaseForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if request.POST.get("website"):  # the honeypot: pretend success, store nothing
            return render(request, "cases/public_thanks.html", {"code": None})
        if not allow(request, "submit"):
            form.add_error(None, _("Too many submissions from your address; please try again later."
                                   ))
            return render(request, "cases/public_form.html", {"form": form}, status=429)
        if form.is_valid():
            d = form.cleaned_data
            named = not d["anonymous"]
            try:
                case = services.case_create(
                    actor=None, public=True, kind=d["kind"], unit=d["unit"], channel=Channel.WEB, title=d["title"],
                    content=d["content"], named=named, complainant_name=d["name"] if named else "",
                    complainant_phone=d["phone"] if named else "", accused_name=d["accused_name"],
                    files=d["attachments"],
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                return render(request, "cases/public_thanks.html", {"code": case.tracking_code})
    return render(request, "cases/public_form.html", {"form": form})


@public_view
def public_disclosure(request):
    """The public request for disclosure (依申请公开, R8.2): the complaint form's guards
    (honeypot, rate limit), a `disclosure_request` case and a tracking code."""
    initial = {}
    if request.method == "GET" and request.GET.get("unit"):  # from a unit's disclosure catalogue
        unit = OrgUnit.objects.exclude(level=Level.DEPARTMENT).filter(code=request.GET["unit"][:32]).first()
        initial = {"unit": unit} if unit else {}
    form = PublicDisclosureForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST":
        if request.POST.get("website"):  # the honeypot: pretend success, store nothing
            return render(request, "cases/public_thanks.html", {"code": None})
        if not allow(request, "submit"):
            form.add_error(None, _("Too many submissions from your address; please try again later."
                                   ))
            return render(request, "cases/public_disclosure.html", {"form": form}, status=429)
        if form.is_valid():
            d = form.cleaned_data
            content = "\n".join(t for t in (d["content"].strip(), _("Delivery: %(how)s") % {"how": form.delivery_label()}) if t)
            try:
                case = services.case_create(
                    actor=None, public=True, kind=Kind.DISCLOSURE_REQUEST, unit=d["unit"], channel=Channel.WEB,
                    title=d["title"], content=content, named=True, complainant_name=d["name"],
                    complainant_phone=d["phone"], complainant_id_number=d["id_number"], files=d["attachments"],
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                return render(request, "cases/public_thanks.html", {"code": case.tracking_code, "due_on": case.due_on,
                                                                    "disclosure": True})
    return render(request, "cases/public_disclosure.html", {"form": form})


@public_view
def public_unit_options(request):
    """The public office picker's suggestions (search as you type on the complaint and the
    disclosure forms): active offices that take complaints, by name, at most PICKER_LIMIT;
    names only, rate-limited per address like the other public look-ups."""
    if not allow(request, "search"):
        return HttpResponse(status=429)
    field = request.GET.get("field", "")[:40]
    text = request.GET.get("q") or (request.GET.get(field, "") if field.isidentifier() else "")
    options = [(public_unit_label(u), "") for u in search_public_units(text)]  # the name is the value
    return django_render(request, "orgs/partials/picker_options.html", {"options": options})


@public_view
def public_track(request):
    """Look up a case by its tracking code: status, history, the reply."""
    form = TrackForm(request.GET or None)
    case, status, limited = None, 200, ""
    if form.is_bound:
        if not allow(request, "lookup"):
            form, status = TrackForm(), 429
            limited = _("Too many look-ups; please try again later.")
        elif form.is_valid():
            case = Case.objects.select_related("unit").filter(tracking_code=form.cleaned_data["code"]).first()
            if case is None:
                form.add_error("code", _("No case has this tracking code."))
    events = case.events.filter(public=True) if case else []
    return render(request, "cases/public_track.html", {"form": form, "case": case, "events": events, "limited": limited}, status=status)


@public_view
def public_hotlines(request):
    units = OrgUnit.objects.exclude(level=Level.DEPARTMENT).exclude(hotline="").order_by("path")
    return render(request, "cases/public_hotlines.html", {"units": units})
