"""Views (thin: forms in, services called, selectors read). Objects are fetched through
`get_for_user_or_404` with the rectification policy; role-only pages use `policy_required`."""

from functools import partial
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from xingping.accounts.models import User
from xingping.campaigns.models import Campaign
from xingping.core.exports import file_download, people_download
from xingping.core.filters import ListFilterForm
from xingping.orgs.permissions import policy as orgs_policy
from xingping.orgs.policy import CHANGE, VIEW, get_for_user_or_404, policy_required, public_view, visible_units
from xingping.orgs.models import Level, OrgUnit
from xingping.orgs.selectors import area_name
from xingping.rectification import charts, forms, report, selectors, services, sources
from xingping.rectification.downloads import LEDGER_COLUMNS, ROLLUP_COLUMNS
from xingping.rectification.imports import ledger_queryset
from xingping.rectification.permissions import CONFIRM, PUBLISH, REPORT, WRITE, policy
from xingping.rectification.models import (
    Category,
    Finding,
    InstitutionStatus,
    IrregularFee,
    ItemClass,
    ItemStatus,
    ProgressPost,
    RectificationItem,
    SelfAnalysis,
)

PAGE = 100


def _campaign():
    campaign = Campaign.objects.current()
    if campaign is None:
        raise Http404
    return campaign


def _unit_param(request, action="view"):
    """The unit chosen with ?unit=CODE among those the user may see, else the user's own area."""
    code = request.GET.get("unit", "").strip()
    if code:
        unit = visible_units(request.user, action).filter(code=code).first()
        if unit is None:
            raise Http404
        return unit
    return selectors.home_unit(request.user)


def _save(request, form, call, message):
    """Call a service with the form's data: None (and the errors on the form) when it
    refuses, else the service's result, with a success message."""
    try:
        result = call(**form.cleaned_data)
    except ValidationError as exc:
        forms.apply_errors(form, exc)
        return None
    messages.success(request, message)
    return result if result is not None else True


def _picker_units(user):
    """The units a unit picker offers (departments act for their parent)."""
    return visible_units(user).exclude(level=Level.DEPARTMENT).order_by("path")


def _writable_units(user):
    return visible_units(user, CHANGE).exclude(level=Level.DEPARTMENT).order_by("path")


# ------------------------------------------------------------------ overview

def index(request):
    campaign, day = _campaign(), timezone.localdate()
    unit = _unit_param(request)
    totals, rows = selectors.area_summary(campaign, unit, day)
    context = {
        "campaign": campaign, "unit": unit, "today": day, "totals": totals, "rows": rows,
        "by_category": selectors.findings_by_category(campaign, unit),
        "class_status_chart": charts.class_status_chart(campaign, unit),
        "mine": selectors.item_list(campaign, request.user, day).filter(responsible=request.user).exclude(status=ItemStatus.DONE),
        "to_confirm": (selectors.item_list(campaign, request.user, day, status=ItemStatus.REPORTED)
                       if policy.user_has_permission(request.user, CONFIRM) else None),
        "units": _picker_units(request.user),
    }
    return render(request, "rectification/index.html", context)


# ------------------------------------------------------------------ self-analysis

def self_analysis_roster(request):
    """The unit sees who has and has not submitted (names only)."""
    campaign = _campaign()
    unit = _unit_param(request)
    if unit is None:
        unit = OrgUnit.objects.filter(depth=0).first()
    readable = dict(policy.instances_user_has_permission_for(request.user, VIEW, SelfAnalysis.objects.all()).filter(campaign=campaign, unit__path__startswith=unit.path)
                    .values_list("author_id", "pk"))
    people = [(p, readable.get(p.pk)) for p in selectors.roster(campaign, unit)]
    return render(request, "rectification/selfanalysis_roster.html", {
        "campaign": campaign, "unit": unit, "people": people, "units": _picker_units(request.user),
        "mine": SelfAnalysis.objects.filter(campaign=campaign, author=request.user).first(),
        "can_write_own": policy.writes_own(request.user),
    })


@policy_required(policy, WRITE)
def self_analysis_edit(request):
    campaign = _campaign()
    if request.user.unit_id is None:
        raise Http404
    existing = SelfAnalysis.objects.filter(campaign=campaign, author=request.user).first()
    initial = {}
    if existing:
        initial = {"checks": existing.check_list, "phenomena": existing.phenomena, "causes": existing.causes,
                   "harm": existing.harm, "measures": existing.measures}
    form = forms.SelfAnalysisForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        call = partial(services.self_analysis_save, actor=request.user, campaign=campaign, submit="submit" in request.POST)
        if _save(request, form, call, _("Your self-analysis was saved.")):
            return redirect("rectification:selfanalysis-roster")
    return render(request, "rectification/selfanalysis_form.html", {"form": form, "existing": existing, "campaign": campaign})


def self_analysis_detail(request, pk):
    analysis = get_for_user_or_404(policy, request.user, VIEW, queryset=SelfAnalysis.objects.select_related("author", "unit"), pk=pk)
    return render(request, "rectification/selfanalysis_detail.html", {"analysis": analysis})


# ------------------------------------------------------------------ findings

def finding_list(request):
    campaign = _campaign()
    unit = _unit_param(request)
    qs = policy.instances_user_has_permission_for(request.user, VIEW, Finding.objects.filter(campaign=campaign)).select_related("unit")
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    category = request.GET.get("category", "")
    if category in Category.values:
        qs = qs.filter(category=category)
    source = request.GET.get("source", "")
    if source:
        qs = qs.filter(source=source)
    filter_form = ListFilterForm(request.GET)  # found between 起 and 止
    if filter_form.is_valid():
        d = filter_form.cleaned_data
        qs = qs.filter(**{k: v for k, v in (("found_on__gte", d["date_from"]), ("found_on__lte", d["date_to"])) if v})
    else:
        qs = qs.none()  # a filter that cannot be applied lists nothing (the form says why)
    qs = qs.annotate(item_count=Count("items"), open_count=Count("items", filter=~Q(items__status=ItemStatus.DONE)))
    qs = qs.order_by("-found_on", "-pk")
    return render(request, "rectification/finding_list.html", {
        "campaign": campaign, "unit": unit, "findings": (page := Paginator(qs, PAGE).get_page(request.GET.get("page"))),
        "page": page, "category": category, "source": source, "filter_form": filter_form,
        "categories": Category.choices, "sources": Finding._meta.get_field("source").choices,
        "can_write": policy.user_has_permission(request.user, WRITE), "units": _picker_units(request.user),
    })


@policy_required(policy, WRITE)
def finding_create(request):
    """A new finding; `?source=visit&id=PK` or `?source=case&id=PK` prefills it from that
    record (one click from a dissatisfied visit opinion or a verified case)."""
    campaign = _campaign()
    units = list(_writable_units(request.user))
    initial = {"found_on": timezone.localdate()}
    source_obj = None
    source_type = request.GET.get("source", "")
    if source_type:
        if source_type not in sources.SOURCE_TYPES:
            raise Http404
        source_obj = sources.resolve(source_type, request.GET.get("id"), request.user)
        if source_obj is None:
            raise Http404
        data = sources.prefill(source_type, source_obj)
        initial.update({k: v for k, v in data.items() if k not in ("unit", "source_summary") and v})
        if data["unit"] is not None:
            initial["unit"] = data["unit"].acting_unit.code
    elif request.user.unit_id:
        initial["unit"] = request.user.unit.acting_unit.code
    form = forms.FindingForm(request.POST or None, initial=initial, units=units)
    if request.method == "POST" and form.is_valid():
        link = {"source_type": "", "source_id": None, "source_summary": ""}
        source_type, source_id = form.cleaned_data.pop("source_type"), form.cleaned_data.pop("source_id")
        if source_type:
            obj = sources.resolve(source_type, source_id, request.user)
            if obj is None:
                raise Http404
            link = {"source_type": source_type, "source_id": obj.pk,
                    "source_summary": sources.prefill(source_type, obj)["source_summary"]}
        call = partial(services.finding_create, actor=request.user, campaign=campaign, **link)
        finding = _save(request, form, call,
                        _("The finding was recorded; now add its rectification items."))
        if finding:
            return redirect("rectification:finding-detail", pk=finding.pk)
    return render(request, "rectification/finding_form.html", {"form": form, "source_obj": source_obj, "source_type": source_type})


def finding_detail(request, pk):
    finding = get_for_user_or_404(policy, request.user, VIEW, queryset=Finding.objects.select_related("unit", "created_by"), pk=pk)
    day = timezone.localdate()
    items = selectors.with_overdue(finding.items.select_related("responsible"), day)
    return render(request, "rectification/finding_detail.html", {
        "finding": finding, "items": items, "source_url": sources.source_link(finding),
        "can_write": finding.unit in _writable_units(request.user) if policy.user_has_permission(request.user, WRITE) else False,
        "fees": finding.fees.all(),
    })


# ------------------------------------------------------------------ items

def _people_for(unit):
    return User.objects.filter(is_active=True, unit__path__startswith=unit.path).select_related("unit").order_by("unit__path", "username")


@policy_required(policy, WRITE)
def item_create(request, pk):
    finding = get_for_user_or_404(policy, request.user, CHANGE, queryset=Finding.objects.select_related("unit"), pk=pk)
    form = forms.ItemForm(request.POST or None, request.FILES or None, people=list(_people_for(finding.unit)))
    if request.method == "POST" and form.is_valid():
        item = _save(request, form, partial(services.item_create, actor=request.user, finding=finding),
                     _("The rectification item was recorded."))
        if item:
            return redirect("rectification:item-detail", pk=item.pk)
    return render(request, "rectification/item_form.html", {"form": form, "finding": finding})


def item_list(request):
    campaign, day = _campaign(), timezone.localdate()
    unit = _unit_param(request)
    f = {k: request.GET.get(k, "") for k in ("status", "category", "class", "overdue")}
    filter_form = forms.LedgerFilterForm(request.GET, user=request.user)
    more = filter_form.filters()
    qs = selectors.item_list(campaign, request.user, day, unit=unit, status=f["status"] if f["status"] in ItemStatus.values else "",
                             overdue=f["overdue"] == "1", category=f["category"] if f["category"] in Category.values else "",
                             item_class=f["class"] if f["class"] in ItemClass.values else "", **(more or {}))
    if more is None:
        qs = qs.none()  # a filter that cannot be applied lists nothing (the form says why)
    return render(request, "rectification/item_list.html", {
        "campaign": campaign, "unit": unit, "items": (page := Paginator(qs, PAGE).get_page(request.GET.get("page"))),
        "page": page, "filters": f, "statuses": ItemStatus.choices, "filter_form": filter_form,
        "categories": Category.choices, "classes": ItemClass.choices, "today": day,
        "units": _picker_units(request.user),
    })


def ledger_export(request):
    """The ledger (整改台账) of the chosen unit's area as Excel, one row per item."""
    campaign = _campaign()
    unit = _unit_param(request)
    qs = ledger_queryset(campaign, unit).filter(pk__in=policy.instances_user_has_permission_for(request.user, VIEW).values("pk"))
    return people_download(title=_lazy("Rectification ledger"), unit_name=area_name(request.user, unit),
                           columns=LEDGER_COLUMNS, rows=qs.iterator(chunk_size=2000), ascii_name="ledger")


def rollup_export(request):
    """Per-unit figures rolled up for each unit's area (the units directly below)."""
    campaign, day = _campaign(), timezone.localdate()
    unit = _unit_param(request)
    rows = selectors.rollup_rows(campaign, unit, day)
    return people_download(title=_lazy("Rectification summary"), unit_name=area_name(request.user, unit),
                           columns=ROLLUP_COLUMNS, rows=rows, ascii_name="rectification_summary")


def item_detail(request, pk):
    item = get_for_user_or_404(policy, request.user, VIEW, queryset=RectificationItem.objects.select_related("unit", "finding", "responsible", "confirmed_by"), pk=pk)
    day = timezone.localdate()
    can_write = policy.user_has_permission_for_instance(request.user, CHANGE, item)
    return render(request, "rectification/item_detail.html", {
        "item": item, "overdue": item.is_overdue(day), "posts": item.posts.select_related("posted_by"),
        "milestones": item.milestones.all(), "can_write": can_write and item.status != ItemStatus.DONE,
        "can_confirm": services.can_confirm(request.user, item) and item.status == ItemStatus.REPORTED,
        "can_publish": policy.user_has_permission(request.user, PUBLISH),
        "progress_form": forms.ProgressForm(initial={"percent": item.progress}),
        "return_form": forms.ReturnForm(), "answer_form": forms.AnswerForm(initial={"answered_on": day}),
    })


@policy_required(policy, WRITE)
def item_progress(request, pk):
    """Post progress (phone-first page)."""
    item = get_for_user_or_404(policy, request.user, CHANGE, queryset=RectificationItem.objects.select_related("unit", "finding"), pk=pk)
    if item.status == ItemStatus.DONE:
        raise Http404
    form = forms.ProgressForm(request.POST or None, request.FILES or None, initial={"percent": item.progress})
    if request.method == "POST" and form.is_valid():
        if _save(request, form, partial(services.item_post_progress, actor=request.user, item=item),
                 _("Progress posted.")):
            return redirect("rectification:item-detail", pk=item.pk)
    return render(request, "rectification/item_progress.html", {"form": form, "item": item})


def _item_action(request, pk, action):
    item = get_for_user_or_404(policy, request.user, CHANGE, queryset=RectificationItem.objects.select_related("unit"), pk=pk)
    try:
        action(item)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied:
        raise Http404
    return redirect("rectification:item-detail", pk=item.pk)


@require_POST
@policy_required(policy, CONFIRM)
def item_confirm(request, pk):
    def act(item):
        services.item_confirm(actor=request.user, item=item)
        messages.success(request, _("Completion confirmed."))
    return _item_action(request, pk, act)


@require_POST
@policy_required(policy, CONFIRM)
def item_return(request, pk):
    def act(item):
        services.item_return(actor=request.user, item=item, reason=request.POST.get("reason", ""))
        messages.success(request, _("The item was returned."))
    return _item_action(request, pk, act)


@require_POST
@policy_required(policy, WRITE)
def item_answer(request, pk):
    def act(item):
        form = forms.AnswerForm(request.POST)
        if not form.is_valid():
            raise ValidationError([e for errs in form.errors.values() for e in errs])
        services.item_record_answer(actor=request.user, item=item, **form.cleaned_data)
        messages.success(request, _("The answer was recorded."))
    return _item_action(request, pk, act)


@require_POST
@policy_required(policy, PUBLISH)
def item_publish(request, pk):
    def act(item):
        services.item_set_published(actor=request.user, item=item, published=request.POST.get("published") == "1")
    return _item_action(request, pk, act)


@require_POST
@policy_required(policy, WRITE)
def milestone_done(request, pk):
    item = get_for_user_or_404(policy, request.user, CHANGE, queryset=RectificationItem.objects.all(), milestones__pk=pk)
    milestone = item.milestones.get(pk=pk)
    services.milestone_mark_done(actor=request.user, milestone=milestone)
    if request.htmx:  # swap just this step's line
        return render(request, "rectification/partials/milestone.html", {"m": milestone, "can_write": True})
    return redirect("rectification:item-detail", pk=item.pk)


def evidence_download(request, pk):
    post = get_for_user_or_404(policy, request.user, VIEW, queryset=ProgressPost.objects.exclude(evidence=""), pk=pk)
    return file_download(post.evidence, post.evidence_name or post.evidence.name)


# ------------------------------------------------------------------ irregular fees

def fee_list(request):
    campaign = _campaign()
    unit = _unit_param(request)
    fees = selectors.fee_list(campaign, request.user, unit)
    writable = list(_writable_units(request.user)) if policy.user_has_permission(request.user, WRITE) else []
    form = None
    if writable:
        initial = {"found_on": timezone.localdate()}
        if request.user.unit_id:
            initial["unit"] = request.user.unit.acting_unit.code
        form = forms.FeeForm(initial=initial, units=writable)
    if request.method == "POST":
        if not writable:
            raise Http404
        form = forms.FeeForm(request.POST, units=writable)
        if form.is_valid():
            if _save(request, form, partial(services.fee_create, actor=request.user, campaign=campaign), _("The irregular fee was recorded.")):
                return redirect(request.get_full_path())
    totals, rows = selectors.area_summary(campaign, unit, timezone.localdate())
    return render(request, "rectification/fee_list.html", {
        "campaign": campaign, "unit": unit, "fees": (page := Paginator(fees, PAGE).get_page(request.GET.get("page"))),
        "page": page, "form": form, "totals": totals, "rows": rows,
        "units": _picker_units(request.user),
    })


@policy_required(policy, WRITE)
def fee_refund(request, pk):
    fee = get_for_user_or_404(policy, request.user, CHANGE, queryset=IrregularFee.objects.select_related("unit"), pk=pk)
    form = forms.RefundForm(request.POST or None, initial={"refunded_amount": fee.amount, "refunded_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        if _save(request, form, partial(services.fee_record_refund, actor=request.user, fee=fee),
                 _("The refund was recorded.")):
            return redirect("rectification:fee-list")
    return render(request, "rectification/fee_refund.html", {"form": form, "fee": fee})


# ------------------------------------------------------------------ nine systems

def systems(request):
    campaign = _campaign()
    unit = _unit_param(request)
    codes = services.nine_systems(campaign)
    checklist = selectors.systems_checklist(campaign, unit, codes) if unit is not None and unit.level != Level.DEPARTMENT else None
    children = selectors.systems_area(campaign, selectors.child_units(unit))
    can_write = unit is not None and _writable_units(request.user).filter(pk=unit.pk).exists()
    return render(request, "rectification/systems.html", {
        "campaign": campaign, "unit": unit, "checklist": checklist, "children": children, "total": len(codes),
        "can_write": can_write, "units": _picker_units(request.user),
    })


@policy_required(policy, WRITE)
def system_edit(request, unit_code, code):
    campaign = _campaign()
    unit = _writable_units(request.user).filter(code=unit_code).first()
    names = dict(services.nine_systems(campaign))
    if unit is None or code not in names:
        raise Http404
    current = InstitutionStatus.objects.filter(campaign=campaign, unit=unit, code=code).first()
    initial = {"status": current.status, "issued_on": current.issued_on, "document_no": current.document_no} if current else {}
    form = forms.SystemForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        call = partial(services.institution_update, actor=request.user, campaign=campaign, unit=unit, code=code)
        if _save(request, form, call, _("Saved.")):
            return redirect(reverse("rectification:systems") + f"?unit={unit.code}")
    return render(request, "rectification/system_form.html", {"form": form, "unit": unit, "name": names[code], "current": current})


def system_document(request, pk):
    row = get_for_user_or_404(policy, request.user, VIEW, queryset=InstitutionStatus.objects.exclude(document=""), pk=pk)
    return file_download(row.document, row.document_name or row.document.name)


# ------------------------------------------------------------------ report

@policy_required(policy, REPORT)
def report_page(request):
    campaign = _campaign()
    unit = _unit_param(request) or OrgUnit.objects.filter(depth=0).first()
    by_code = {d.code: d for d in campaign.deliverables.filter(code__in=report.DELIVERABLE_CODES)}
    deliverable = by_code.get(report.deliverable_code(unit))

    def submission_url(d, u):
        return reverse("campaigns:submission-detail", args=[campaign.slug, d.code, u.code])

    # Only a unit that owes the deliverable has a submission page (the city bureau and the
    # departments owe none: they receive the reports). For such a unit, link the reports of
    # the units below it that owe one, among the units the user may see.
    owed = deliverable is not None and deliverable.is_owed_by(unit)
    below = []
    if not owed:
        visible = set(visible_units(request.user, VIEW).values_list("pk", flat=True))
        for child in selectors.child_units(unit):
            d = by_code.get(report.deliverable_code(child))
            if d is not None and d.is_owed_by(child) and child.pk in visible:
                below.append((child, d, submission_url(d, child)))
    return render(request, "rectification/report.html", {
        "campaign": campaign, "unit": unit, "deliverable": deliverable if owed else None,
        "submission_url": submission_url(deliverable, unit) if owed else "", "below": below,
        "units": _picker_units(request.user),
        "totals": selectors.area_totals(campaign, unit, timezone.localdate()),
    })


@policy_required(policy, REPORT)
def report_download(request, unit_code):
    campaign = _campaign()
    unit = get_for_user_or_404(orgs_policy, request.user, VIEW, code=unit_code)
    data = report.render(campaign, unit)
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(report.filename(campaign, unit) + '.docx')}"
    return response


# ------------------------------------------------------------------ public board

@public_view
def board(request):
    """The public accountability board (R11.3): items the office chose to publish."""
    day = timezone.localdate()
    items = selectors.with_overdue(selectors.published_items(), day)
    return render(request, "rectification/board.html", {"items": items, "today": day})
