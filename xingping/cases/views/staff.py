"""Staff views (thin: forms in, services called, selectors read)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.shortcuts import render as django_render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from xingping.cases import deadlines, selectors, services
from xingping.cases.forms import (
    CaseForm,
    CaseImportForm,
    ConsultForm,
    DecideForm,
    HolidayForm,
    MeetingForm,
    RequestForm,
    SolicitationForm,
    TransitionForm,
    transfer_units,
)
from xingping.cases.models import (
    DEPUTY_KINDS,
    OPEN_STATUSES,
    Case,
    CaseAttachment,
    CaseRequest,
    DeputyMeeting,
    HolidayOverride,
    Kind,
    RequestStatus,
    Solicitation,
    Status,
)
from xingping.cases.paging import TwoEndedPaginator
from xingping.cases.privacy import mask_id_number, mask_name, mask_phone
from xingping.cases.workflows import workflow_for
from xingping.core.dates import parse_filter_date
from xingping.cases.downloads import CASE_COLUMNS
from xingping.core.exports import file_download, people_download
from xingping.cases.permissions import IMPORT, MANAGE_HOLIDAYS, RECORD_ANY_UNIT, policy
from xingping.orgs.policy import CHANGE, VIEW, get_for_user_or_404, policy_required, visible_units
from xingping.orgs.models import Level, OrgUnit
from xingping.orgs.picker import search_units, unit_label
from xingping.orgs.selectors import area_name

STATUS_STYLE = {
    Status.RECEIVED: "secondary", Status.ACCEPTED: "primary", Status.REOPENED: "warning", Status.ASSIGNED: "info",
    Status.VERIFIED: "info", Status.HANDLED: "info", Status.REPLIED: "success", Status.CLOSED: "dark",
    Status.REJECTED: "light", Status.SUPPLEMENT: "warning",
}


def render(request, template, context=None, **kwargs):
    """Every cases page gets the policy's `can_*` flags (templates never see roles)."""
    return django_render(request, template, {**policy.flags(request.user), **(context or {})}, **kwargs)


def _today():
    return timezone.localdate()


def decorate(cases, cal, today):
    """Per-row display values (no queries): due in N working days, overdue, masked contact."""
    for c in cases:
        due = c.next_due_on
        c.due_in = cal.working_days_between(today, due) if due else None
        c.overdue = due is not None and due < today
        c.overdue_days = max(-c.due_in, 1) if c.overdue else 0
        c.masked_name = mask_name(c.complainant_name) if c.named else _("anonymous")
        c.masked_phone = mask_phone(c.complainant_phone)
        c.masked_id_number = mask_id_number(c.complainant_id_number)
        c.style = STATUS_STYLE.get(c.status, "secondary")
    return cases


def _filters(request, units):
    """The list's filters from the query string; `units`: the units the user may see (a queryset)."""
    f = {k: request.GET.get(k, "").strip() for k in ("kind", "status", "unit", "q", "received_from", "received_to")}
    if "status" not in request.GET:
        f["status"] = "open"  # what still needs doing, unless asked otherwise
    f["overdue"] = request.GET.get("overdue") == "1"
    clean = {"kind": f["kind"] if f["kind"] in Kind.values else "", "q": f["q"][:50], "overdue": f["overdue"],
             "today": _today()}
    clean["status"] = f["status"] if f["status"] in Status.values or f["status"] == "open" else ""
    unit = units.exclude(level=Level.DEPARTMENT).filter(code=f["unit"]).first() if f["unit"] else None
    if unit is not None:
        clean["unit_ids"] = list(units.filter(path__startswith=unit.path).values_list("pk", flat=True))
    clean["received_from"] = parse_filter_date(f["received_from"])  # strict; a bad date is ignored, never a 500
    clean["received_to"] = parse_filter_date(f["received_to"])
    return f, clean


def index(request):
    """The case list (office: every unit; others: their area), filtered and paginated."""
    # The units are read as needed, never all of them: a province has thousands (3,822 units
    # cost 90 ms to load on every view of the list).
    visible = visible_units(request.user)
    try:
        raw, filters = _filters(request, visible)
    except ValueError:
        raw, filters = {}, {"today": _today()}
    qs = selectors.case_list(request.user, filters)
    if request.GET.get("format") in ("csv", "xlsx"):
        chosen = visible.filter(code=raw.get("unit")).first() if raw.get("unit") else None
        return _export(request, qs.select_related("unit"), chosen)
    page = TwoEndedPaginator(qs, selectors.LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    # the page's units in one query on their keys, not a join on every row of the list
    by_pk = OrgUnit.objects.in_bulk({case.unit_id for case in page.object_list})
    for case in page.object_list:
        case.unit = by_pk.get(case.unit_id) or case.unit
    cal = deadlines.get_calendar()
    decorate(page.object_list, cal, _today())
    estimated = [c for c in page.object_list if c.calendar_estimated]
    warning = deadlines.calendar_warning(cal, min(c.received_on for c in estimated),
                                         max(c.due_on or c.received_on for c in estimated)) if estimated else ""
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "cases/case_list.html", {
        "page": page, "filters": raw, "units": visible.exclude(level=Level.DEPARTMENT).order_by("path"), "kinds": Kind.choices, "statuses": Status.choices,
        "query": query.urlencode(), "calendar_warning": warning,
    })


def _export(request, qs, unit=None):
    """The list as a table for people; complainants masked (docs/cases.md "Privacy")."""
    return people_download(title=_lazy("Case ledger"), unit_name=area_name(request.user, unit), columns=CASE_COLUMNS,
                           rows=qs.iterator(chunk_size=2000), ascii_name="cases", fmt=request.GET["format"])


def queue(request):
    """A station officer's queue on the phone: open cases, the earliest due first."""
    today = _today()
    page = Paginator(selectors.queue_for(request.user, today), 30).get_page(request.GET.get("page"))
    decorate(page.object_list, deadlines.get_calendar(), today)
    to_decide = list(selectors.requests_to_decide(request.user)[:50])
    return render(request, "cases/queue.html", {"page": page, "to_decide": to_decide})


@policy_required(policy, VIEW)
def unit_options(request):
    """The hotline form's unit picker suggestions (past PICKER_THRESHOLD units): the units the
    user may record a case for (the form's own queryset) whose name or code holds the text."""
    return _unit_suggestions(request, policy.recordable_units(request.user))


@policy_required(policy, VIEW)
def transfer_unit_options(request):
    """The transfer form's unit picker suggestions (past PICKER_THRESHOLD units): any active
    unit (the form's own choices, `forms.transfer_units`) whose name or code holds the text."""
    return _unit_suggestions(request, transfer_units())


def _unit_suggestions(request, units):
    """The <option>s of `units` whose name or code holds the text typed (under `q`, or under
    the field's own name, as the search box sends it)."""
    field = request.GET.get("field", "")[:40]
    text = request.GET.get("q") or (request.GET.get(field, "") if field.isidentifier() else "")
    found = search_units(units, text)
    return django_render(request, "orgs/partials/picker_options.html", {"options": [(u.code, unit_label(u)) for u in found]})


def _handlers(case):
    return policy.handler_candidates(case)


def case_new(request):
    """Hotline staff record a call (under a minute: the essentials only)."""
    units = policy.recordable_units(request.user)
    if not units.exists() and not policy.user_has_permission(request.user, RECORD_ANY_UNIT):
        raise Http404
    form = CaseForm(request.POST or None, units=units, initial={"received_on": _today()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            case = services.case_create(
                actor=request.user, kind=d["kind"], unit=d["unit"], received_on=d["received_on"], channel=d["channel"],
                title=d["title"], content=d["content"], named=d["named"], complainant_name=d["complainant_name"],
                complainant_phone=d["complainant_phone"], complainant_id_number=d["complainant_id_number"],
                accused_name=d["accused_name"], deputy_name=d["deputy_name"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        except PermissionDenied:
            form.add_error("unit", _("You may not record cases for this unit."))
        else:
            messages.success(request, _("Case %(n)s recorded.") % {"n": case.number})
            if policy.user_has_permission_for_instance(request.user, VIEW, case):
                return redirect("cases:case-detail", pk=case.pk)
            return redirect("cases:index")
    return render(request, "cases/case_form.html", {"form": form})


def _add_errors(form, exc):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def case_detail(request, pk, transition_form=None, request_form=None, consult_form=None):
    case = get_for_user_or_404(policy, request.user, VIEW, queryset=Case.objects.select_related("unit", "subject_unit", "handler"),
                               pk=pk)
    can_change = policy.user_has_permission_for_instance(request.user, CHANGE, case)
    cal = deadlines.get_calendar()
    decorate([case], cal, _today())
    targets = workflow_for(case.kind).allowed(case.status) if can_change else ()
    forms = {}
    for target in targets:
        if transition_form is not None and transition_form.data.get("target") == target:
            forms[target] = transition_form
        else:
            forms[target] = TransitionForm(initial={"target": target, "on": _today()}, auto_id=f"id_{target}_%s",
                                           handlers=_handlers(case) if target == Status.ASSIGNED else None)
    pending = case.requests.filter(status=RequestStatus.PENDING).select_related("target_unit", "requested_by").first()
    context = {
        "case": case,
        "full_contact": policy.sees_contact(request.user, case),
        "can_change": can_change,
        "transition_forms": [(t, Status(t).label, forms[t]) for t in targets],
        "events": case.events.all(),
        "attachments": case.attachments.all(),
        "requests": case.requests.select_related("target_unit", "requested_by", "decided_by"),
        "pending": pending,
        "can_decide": pending is not None and services.can_decide(request.user, case),
        "request_form": request_form or (RequestForm() if can_change and case.status in OPEN_STATUSES else None),
        "decide_form": DecideForm(),
        "calendar_warning": deadlines.calendar_warning(cal, case.received_on, case.due_on or case.received_on),
        "is_deputy": case.kind in DEPUTY_KINDS,
        "is_disclosure": case.kind == Kind.DISCLOSURE_REQUEST,
        "consult_form": consult_form or (ConsultForm(auto_id="id_consult_%s") if can_change and case.kind == Kind.DISCLOSURE_REQUEST
                                         and case.status in CONSULT_STATUSES else None),
        "today": _today(),
    }
    return render(request, "cases/case_detail.html", context)


@require_POST
def case_transition(request, pk):
    case = get_for_user_or_404(policy, request.user, CHANGE, queryset=Case.objects.select_related("unit"), pk=pk)
    target = request.POST.get("target", "")
    form = TransitionForm(request.POST, handlers=_handlers(case), auto_id=f"id_{target[:20]}_%s")
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.case_transition(
                actor=request.user, case=case, target=d["target"], reason=d["reason"], on=d["on"], handler=d["handler"],
                reply_method=d["reply_method"], reply_content=d["reply_content"], verified=d["verified"],
                outcome=d["outcome"], disclosure_reply=d["disclosure_reply"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            if policy.instances_user_has_permission_for(request.user, VIEW).filter(pk=pk).exists():
                return redirect("cases:case-detail", pk=pk)
            return redirect("cases:index")
    return case_detail(request, pk, transition_form=form)


CONSULT_STATUSES = (Status.RECEIVED, Status.ACCEPTED, Status.ASSIGNED, Status.REOPENED)


@require_POST
def case_consult(request, pk):
    """Record a third-party consultation (art. 32) on a request for disclosure."""
    case = get_for_user_or_404(policy, request.user, CHANGE, queryset=Case.objects.select_related("unit"), pk=pk)
    form = ConsultForm(request.POST, auto_id="id_consult_%s")
    if form.is_valid():
        try:
            services.case_consult_record(actor=request.user, case=case, consult_wd=form.cleaned_data["consult_wd"],
                                         reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("cases:case-detail", pk=pk)
    return case_detail(request, pk, consult_form=form)


@require_POST
def case_request_new(request, pk):
    case = get_for_user_or_404(policy, request.user, CHANGE, queryset=Case.objects.select_related("unit", "subject_unit"), pk=pk)
    form = RequestForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.case_request(actor=request.user, case=case, kind=d["kind"], reason=d["reason"],
                                  target_unit=d["target_unit"], new_due_on=d["new_due_on"])
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Sent to a leader for approval."))
            return redirect("cases:case-detail", pk=pk)
    return case_detail(request, pk, request_form=form)


@require_POST
def request_decide(request, pk):
    req = get_for_user_or_404(policy, request.user, CHANGE, queryset=CaseRequest.objects.select_related("case"), pk=pk)
    form = DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose approve or refuse."))
        return redirect("cases:case-detail", pk=req.case_id)
    try:
        services.case_request_decide(actor=request.user, request=req, approve=form.cleaned_data["approve"],
                                     note=form.cleaned_data["note"])
    except PermissionDenied:
        raise Http404
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Decided."))
    if policy.instances_user_has_permission_for(request.user, VIEW).filter(pk=req.case_id).exists():
        return redirect("cases:case-detail", pk=req.case_id)
    return redirect("cases:index")


def attachment(request, pk):
    att = get_for_user_or_404(policy, request.user, VIEW, queryset=CaseAttachment.objects.all(), pk=pk)
    return file_download(att.file, att.name)


def deputies(request):
    """Deputies and members (R5): solicitations sent, meetings held, their cases."""
    units = visible_units(request.user, CHANGE).order_by("path")
    unit = request.user.unit.acting_unit if request.user.unit_id else None
    writable = unit is not None and units.filter(pk=unit.pk).exists()
    cases_qs = policy.instances_user_has_permission_for(request.user, CHANGE).filter(kind__in=DEPUTY_KINDS).order_by("-received_on")
    sol_form = SolicitationForm(request.POST if request.POST.get("form") == "solicitation" else None)
    meet_form = MeetingForm(request.POST if request.POST.get("form") == "meeting" else None, cases=cases_qs)
    if request.method == "POST":
        if not writable:
            raise Http404
        form = sol_form if request.POST.get("form") == "solicitation" else meet_form
        if form.is_valid():
            d = form.cleaned_data
            try:
                if form is sol_form:
                    services.solicitation_record(actor=request.user, unit=unit, **d)
                else:
                    services.meeting_record(actor=request.user, unit=unit, held_on=d["held_on"], attendees=d["attendees"],
                                            place=d["place"], notes=d["notes"], cases=d["cases"])
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("cases:deputies")
    deputy_cases = policy.instances_user_has_permission_for(request.user, VIEW).filter(kind__in=DEPUTY_KINDS).select_related("unit").order_by("-received_on")[:100]
    return render(request, "cases/deputies.html", {
        "solicitations": policy.instances_user_has_permission_for(request.user, VIEW, Solicitation.objects.all()).select_related("unit")[:100],
        "meetings": policy.instances_user_has_permission_for(request.user, VIEW, DeputyMeeting.objects.all()).select_related("unit").prefetch_related("cases")[:100],
        "deputy_cases": deputy_cases, "sol_form": sol_form, "meet_form": meet_form, "writable": writable,
    })


@policy_required(policy, MANAGE_HOLIDAYS)
def holidays(request):
    """The office enters holidays and adjusted working days for years the calendar lacks."""
    form = HolidayForm(request.POST or None)
    if request.method == "POST":
        if request.POST.get("delete"):
            obj = HolidayOverride.objects.filter(pk=request.POST["delete"]).first()
            if obj:
                services.holiday_delete(actor=request.user, override=obj)
            return redirect("cases:holidays")
        if form.is_valid():
            services.holiday_set(actor=request.user, **form.cleaned_data)
            messages.success(request, _("Saved."))
            return redirect("cases:holidays")
    from xingping.core.calendar import official_years

    years = sorted(official_years())
    return render(request, "cases/holidays.html", {
        "form": form, "overrides": HolidayOverride.objects.all(), "first_year": years[0] if years else None,
        "last_year": years[-1] if years else None,
    })


@policy_required(policy, IMPORT)
def case_import(request):
    """The office uploads a 12315 export (C6 columns); it runs in the background like every
    web import (`entities.services.import_job_start`, progress on the job's page)."""
    from xingping.entities.services import import_job_start

    form = CaseImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = import_job_start(actor=request.user, kind="cases", uploaded=form.cleaned_data["file"])
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            return redirect("entities:import-status", pk=job.pk)
    return render(request, "cases/import.html", {"form": form})
