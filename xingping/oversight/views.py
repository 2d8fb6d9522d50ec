"""Oversight pages (thin: forms in, services called, selectors read; access by the policy)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xingping.campaigns.models import Campaign
from xingping.core.exports import content_disposition, download_name
from xingping.evaluation.models import AdmonishmentTalk
from xingping.orgs.policy import get_for_user_or_404, policy_required, public_view, visible_units
from xingping.oversight import draws, selectors, services
from xingping.oversight.documents import notice_docx
from xingping.oversight.forms import (
    AccountabilityForm, CheckItemForm, DrawForm, InspectionForm, InspectorForm, NoticeForm, PlanForm,
)
from xingping.oversight.models import (
    CheckItem, Draw, Inspection, Inspector, Notice, NoticeKind, SpotCheck, Target,
)
from xingping.oversight.permissions import policy


def _campaign():
    return Campaign.objects.current()


def _errors_to_form(form, exc):
    items = exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]
    for field, errors in items:
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


@policy_required(policy, "view")
def index(request):
    user = request.user
    campaign = _campaign()
    units = visible_units(user)
    return render(request, "oversight/index.html", {
        "plans": SpotCheck.objects.select_related("unit", "draw").order_by("-created_at")[:20],
        "inspections": policy.instances_user_has_permission_for(user, "view").select_related("unit")[:20],
        "counts": selectors.dashboard_counts(campaign, units) if campaign else None,
        "can_manage": policy.user_has_permission(user, "manage"),
        "can_accountability": policy.user_has_permission(user, "accountability"),
    })


@policy_required(policy, "manage")
def registers(request):
    item_form = CheckItemForm(request.POST if request.POST.get("form") == "item" else None, prefix="item")
    inspector_form = InspectorForm(request.POST if request.POST.get("form") == "inspector" else None, prefix="insp")
    if request.method == "POST":
        if item_form.is_bound and item_form.is_valid():
            services.check_item_save(actor=request.user, data=item_form.cleaned_data)
            messages.success(request, _("Check item saved."))
            return redirect("oversight:registers")
        if inspector_form.is_bound and inspector_form.is_valid():
            try:
                services.inspector_register(actor=request.user, username=inspector_form.cleaned_data["username"],
                                            conflicts=inspector_form.cleaned_data["conflicts"])
            except ValidationError as exc:
                _errors_to_form(inspector_form, exc)
            else:
                messages.success(request, _("Inspector registered."))
                return redirect("oversight:registers")
    return render(request, "oversight/registers.html", {
        "items": CheckItem.objects.all(), "item_form": item_form, "inspector_form": inspector_form,
        "inspectors": Inspector.objects.select_related("user__unit").prefetch_related("conflicts"),
    })


@policy_required(policy, "manage")
def plan_new(request):
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            plan = services.spot_check_plan(actor=request.user, campaign=_campaign(), title=d["title"], item=d["item"],
                                            pool_kind=d["pool_kind"], unit=d["unit"], level=d["level"],
                                            date_from=d["date_from"], date_to=d["date_to"], count=d["count"],
                                            ratio=d["ratio"], inspectors_per_target=d["inspectors_per_target"],
                                            seed_sha256=d["seed_sha256"], publish_within_wd=d["publish_within_wd"])
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Spot check planned: its commitment is published."))
            return redirect("oversight:plan-detail", pk=plan.pk)
    return render(request, "oversight/plan_form.html", {"form": form})


@policy_required(policy, "view")
def plan_detail(request, pk):
    plan = get_object_or_404(SpotCheck.objects.select_related("unit", "item"), pk=pk)
    draw = Draw.objects.filter(plan=plan).first()
    targets = (draw.targets.select_related("unit", "visit").prefetch_related("inspectors")
               .annotate(n_inspections=Count("inspections")) if draw else [])
    return render(request, "oversight/plan_detail.html", {
        "plan": plan, "draw": draw, "targets": targets, "draw_form": DrawForm(),
        "can_manage": policy.user_has_permission(request.user, "manage"),
    })


@policy_required(policy, "manage")
@require_POST
def plan_draw(request, pk):
    plan = get_object_or_404(SpotCheck, pk=pk)
    form = DrawForm(request.POST)
    if form.is_valid():
        try:
            services.spot_check_draw(actor=request.user, plan=plan, seed=form.cleaned_data["seed"])
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Drawn. Anyone can re-compute it from the exported record."))
    return redirect("oversight:plan-detail", pk=plan.pk)


@policy_required(policy, "view")
def draw_export(request, pk):
    draw = get_object_or_404(Draw, pk=pk)
    resp = HttpResponse(draws.dumps(draw.record), content_type="application/json; charset=utf-8")
    resp["Content-Disposition"] = f'attachment; filename="draw-{draw.pk}.json"'
    return resp


@policy_required(policy, "manage")
@require_POST
def target_verify(request, pk):
    target = get_for_user_or_404(policy, request.user, "manage", queryset=Target.objects.select_related("draw"), pk=pk)
    try:
        services.target_verify(actor=request.user, target=target, outcome=request.POST.get("outcome", ""),
                               note=request.POST.get("note", ""))
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    return redirect("oversight:plan-detail", pk=target.draw.plan_id)


@policy_required(policy, "inspect")
def my_targets(request):
    targets = (policy.instances_user_has_permission_for(request.user, "inspect")
               .select_related("unit", "draw__plan").order_by("-draw__drawn_at", "position")[:100])
    return render(request, "oversight/my_targets.html", {"targets": targets})


@policy_required(policy, "inspect")
def inspection_new(request):
    target = None
    if request.GET.get("target") or request.POST.get("target"):
        target = get_for_user_or_404(policy, request.user, "inspect", queryset=Target.objects.select_related("unit"),
                                     pk=request.GET.get("target") or request.POST.get("target"))
    elif not policy.user_has_permission(request.user, "view"):
        raise Http404  # without a drawn target, only the office and inspectors record inspections
    initial = {"inspected_on": timezone.localdate(), "unit": target.unit if target else None}
    form = InspectionForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            obj = services.inspection_record(actor=request.user, unit=target.unit if target else d["unit"],
                                             mode=d["mode"], inspected_on=d["inspected_on"], place=d["place"],
                                             seen=d["seen"], answer=d["answer"], problem_found=d["problem_found"],
                                             target=target, photos=request.FILES.getlist("photos"))
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Inspection recorded."))
            return redirect("oversight:inspection-detail", pk=obj.pk)
    return render(request, "oversight/inspection_form.html", {"form": form, "target": target})


def _inspection_for(request, pk):
    obj = get_object_or_404(Inspection.objects.select_related("unit", "inspector", "target__draw__plan"), pk=pk)
    if not policy.can_view_inspection(request.user, obj):
        raise Http404
    return obj


@policy_required(policy, "inspect")
def inspection_detail(request, pk):
    obj = _inspection_for(request, pk)
    return render(request, "oversight/inspection_detail.html", {
        "inspection": obj, "photos": obj.photos.all(), "due_on": services.publish_due_on(obj),
        "overdue": obj.published_on is None and services.publish_due_on(obj) < timezone.localdate(),
        "can_manage": policy.user_has_permission(request.user, "manage"),
    })


@policy_required(policy, "inspect")
def photo(request, pk):
    from xingping.core.exports import file_download
    from xingping.oversight.models import Photo

    item = get_object_or_404(Photo.objects.select_related("inspection"), pk=pk)
    _inspection_for(request, item.inspection_id)
    return file_download(item.file, item.file.name.rsplit("/", 1)[-1])


@policy_required(policy, "manage")
@require_POST
def inspection_finding(request, pk):
    obj = get_object_or_404(Inspection, pk=pk)
    try:
        finding = services.inspection_to_finding(actor=request.user, inspection=obj, campaign=_campaign())
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("oversight:inspection-detail", pk=obj.pk)
    return redirect("rectification:item-create", pk=finding.pk)  # the five clears


@policy_required(policy, "manage")
@require_POST
def inspection_publish(request, pk):
    services.inspection_publish(actor=request.user, inspection=get_object_or_404(Inspection, pk=pk))
    return redirect("oversight:inspection-detail", pk=pk)


@policy_required(policy, "notice")
def notice_list(request):
    return render(request, "oversight/notice_list.html", {"notices": Notice.objects.all(), "form": NoticeForm(),
                                                          "kinds": NoticeKind})


@policy_required(policy, "notice")
def notice_new(request):
    campaign = _campaign()
    source = request.POST.get("source") or request.GET.get("source") or ""
    form = NoticeForm(request.POST if request.method == "POST" and not source else None)
    if request.method == "POST":
        try:
            if source == "inspection":
                notice = services.notice_from_inspection(
                    actor=request.user, inspection=get_object_or_404(Inspection, pk=request.POST.get("inspection")),
                    campaign=campaign, number=request.POST.get("number", ""), issuer=request.POST.get("issuer", ""))
            elif source == "evaluation":
                notice = services.notice_from_evaluation(actor=request.user, campaign=campaign,
                                                         kind=request.POST.get("kind", ""),
                                                         number=request.POST.get("number", ""),
                                                         issuer=request.POST.get("issuer", ""))
            elif form.is_valid():
                notice = services.notice_draft(actor=request.user, campaign=campaign, **form.cleaned_data)
            else:
                notice = None
        except ValidationError as exc:
            notice = None
            if source:
                messages.error(request, exc.messages[0])
            else:
                _errors_to_form(form, exc)
        if notice is not None:
            return redirect("oversight:notice-detail", pk=notice.pk)
        if source:
            return redirect("oversight:notice-list")
    return render(request, "oversight/notice_form.html", {"form": form})


@policy_required(policy, "notice")
def notice_detail(request, pk):
    return render(request, "oversight/notice_detail.html", {"notice": get_object_or_404(Notice, pk=pk)})


@policy_required(policy, "notice")
@require_POST
def notice_advance(request, pk):
    notice = get_object_or_404(Notice, pk=pk)
    try:
        services.notice_advance(actor=request.user, notice=notice,
                                public=request.POST.get("public") == "1" if "public" in request.POST else None)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    return redirect("oversight:notice-detail", pk=pk)


def _docx(notice):
    resp = HttpResponse(notice_docx(notice),
                        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    name = download_name(notice.issuer, notice.title, notice.number)
    resp["Content-Disposition"] = content_disposition(f"{name}.docx", f"notice-{notice.pk}.docx")
    return resp


@policy_required(policy, "notice")
def notice_docx_view(request, pk):
    return _docx(get_object_or_404(Notice, pk=pk))


@public_view
def public_notices(request):
    return render(request, "oversight/public_notices.html", {"notices": selectors.public_notices()})


@public_view
def public_notice_detail(request, pk):
    return render(request, "oversight/public_notice_detail.html",
                  {"notice": get_object_or_404(selectors.public_notices(), pk=pk)})


@public_view
def public_notice_docx(request, pk):
    return _docx(get_object_or_404(selectors.public_notices(), pk=pk))


@policy_required(policy, "accountability")
def accountability_list(request):
    user = request.user
    records = policy.instances_user_has_permission_for(user, "accountability").select_related("unit")
    talks = (AdmonishmentTalk.objects.filter(unit__in=visible_units(user))
             .select_related("unit", "evaluation__campaign").order_by("-held_on", "unit__path"))
    form = AccountabilityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if d["unit"] not in visible_units(user):
            form.add_error("unit", _("This unit is outside your area."))
        else:
            try:
                services.accountability_record(actor=user, **d)
            except ValidationError as exc:
                _errors_to_form(form, exc)
            else:
                messages.success(request, _("Accountability record saved."))
                return redirect("oversight:accountability-list")
    return render(request, "oversight/accountability_list.html", {"records": records, "talks": talks, "form": form})
