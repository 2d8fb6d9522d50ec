"""Staff pages: letters and news (list, create, edit, submit, return, publish) and each
unit's commitments and hotline. Access is the publicity policy's (permissions.py)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xingping.orgs.models import Level, OrgUnit
from xingping.orgs.policy import get_for_user_or_404, policy_required, scope_unit
from xingping.publicity import selectors, services
from xingping.publicity.forms import CommitmentForm, HotlineForm, PublicationForm, PublishForm, ReturnForm
from xingping.publicity.models import Kind, ServiceCommitment
from xingping.publicity.permissions import policy

STATUSES = ["draft", "submitted", "returned", "scheduled", "published", "expired"]


def _errors_to_form(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for field, errs in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, exc)


def _writable_units(user):
    return policy.instances_user_has_permission_for(user, "write", OrgUnit.objects.all()).exclude(
        level=Level.DEPARTMENT).order_by("path")


@policy_required(policy, "view")
def manage(request):
    scoped = policy.instances_user_has_permission_for(request.user, "view")
    status = request.GET.get("status", "")
    kind = request.GET.get("kind", "")
    status = status if status in STATUSES else ""
    kind = kind if kind in Kind.values else ""
    context = {
        "items": selectors.staff_publications(queryset=scoped, status=status, kind=kind)[:200],
        "counts": selectors.status_counts(queryset=scoped), "statuses": STATUSES, "status": status, "kind": kind,
        "kinds": Kind.choices, "can_write": policy.user_has_permission(request.user, "write"),
        "can_commitments": policy.user_has_permission(request.user, "commitments"),
    }
    template = "publicity/partials/item_list.html" if request.htmx else "publicity/manage.html"
    return render(request, template, context)


@policy_required(policy, "write")
def item_new(request):
    units = _writable_units(request.user)
    initial = {"kind": request.GET.get("kind", Kind.NEWS), "unit": scope_unit(request.user)}
    form = PublicationForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            item = services.publication_create(actor=request.user, unit=d["unit"], kind=d["kind"], title=d["title"],
                                               body=d["body"], category=d["category"])
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Draft saved."))
            return redirect("publicity:item-detail", pk=item.pk)
    return render(request, "publicity/item_form.html", {"form": form, "item": None})


@policy_required(policy, "view")
def item_detail(request, pk):
    item = get_for_user_or_404(policy, request.user, "view", queryset=selectors.with_status(
        policy.base_queryset().select_related("unit", "author", "submitted_by", "reviewed_by")), pk=pk)
    return render(request, "publicity/item_detail.html", {
        "item": item, **policy.flags(request.user, item), "versions": item.versions.all(),
        "return_form": ReturnForm(), "publish_form": PublishForm(),
    })


@policy_required(policy, "write")
def item_edit(request, pk):
    item = get_for_user_or_404(policy, request.user, "view", pk=pk)
    if not policy.can_edit(request.user, item):
        messages.error(request, _("This item cannot be changed now."))
        return redirect("publicity:item-detail", pk=item.pk)
    form = PublicationForm(request.POST or None, editing=True,
                           initial={"title": item.title, "body": item.body, "category": item.category})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.publication_update(actor=request.user, item=item, title=d["title"], body=d["body"],
                                        category=d["category"])
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("publicity:item-detail", pk=item.pk)
    return render(request, "publicity/item_form.html", {"form": form, "item": item})


def _step_view(request, pk, action, run):
    item = get_for_user_or_404(policy, request.user, action, pk=pk)
    try:
        run(item)
    except ValidationError as exc:
        for msg in exc.messages:
            messages.error(request, msg)
    return redirect("publicity:item-detail", pk=item.pk)


@policy_required(policy, "submit")
@require_POST
def item_submit(request, pk):
    def run(item):
        services.publication_submit(actor=request.user, item=item)
        messages.success(request, _("Submitted to the office for review."))
    return _step_view(request, pk, "submit", run)


@policy_required(policy, "review")
@require_POST
def item_return(request, pk):
    form = ReturnForm(request.POST)

    def run(item):
        services.publication_return(actor=request.user, item=item,
                                    reason=form.cleaned_data["reason"] if form.is_valid() else "")
        messages.success(request, _("Returned to the unit."))
    return _step_view(request, pk, "review", run)


@policy_required(policy, "review")
@require_POST
def item_publish(request, pk):
    form = PublishForm(request.POST)

    def run(item):
        if not form.is_valid():
            raise ValidationError([e for errs in form.errors.values() for e in errs])
        services.publication_publish(actor=request.user, item=item, publish_at=form.cleaned_data["publish_at"],
                                     expires_at=form.cleaned_data["expires_at"])
        messages.success(request, _("Published."))
    return _step_view(request, pk, "review", run)


# ------------------------------------------------------------------ commitments and hotlines

@policy_required(policy, "commitments")
def commitments(request):
    units = policy.instances_user_has_permission_for(request.user, "commitments", selectors.public_units())
    return render(request, "publicity/commitments.html", {"units": units})


@policy_required(policy, "commitments")
def commitments_unit(request, code):
    unit = get_for_user_or_404(policy, request.user, "commitments", queryset=selectors.public_units(), code=code)
    hotline_form = HotlineForm(initial={"hotline": unit.hotline}, prefix="h")
    add_form = CommitmentForm(prefix="new")
    if request.method == "POST":
        try:
            if "h-hotline" in request.POST:
                hotline_form = HotlineForm(request.POST, prefix="h")
                if hotline_form.is_valid():
                    services.unit_hotline_set(actor=request.user, unit=unit, hotline=hotline_form.cleaned_data["hotline"])
                    messages.success(request, _("Hotline saved."))
                    return redirect("publicity:commitments-unit", code=unit.code)
            else:
                add_form = CommitmentForm(request.POST, prefix="new")
                if add_form.is_valid():
                    d = add_form.cleaned_data
                    services.commitment_create(actor=request.user, unit=unit, service=d["service"],
                                               promised_time=d["promised_time"], content=d["content"],
                                               basis=d["basis"], sort_order=d["sort_order"] or 0)
                    messages.success(request, _("Commitment added."))
                    return redirect("publicity:commitments-unit", code=unit.code)
        except ValidationError as exc:
            _errors_to_form(hotline_form if "h-hotline" in request.POST else add_form, exc)
    rows = [(c, CommitmentForm(prefix=f"c{c.pk}", initial={
        "service": c.service, "promised_time": c.promised_time, "content": c.content, "basis": c.basis,
        "sort_order": c.sort_order})) for c in selectors.unit_commitments(unit=unit)]
    return render(request, "publicity/commitments_unit.html", {
        "unit": unit, "hotline_form": hotline_form, "add_form": add_form, "rows": rows,
    })


@policy_required(policy, "commitments")
@require_POST
def commitment_edit(request, pk):
    obj = get_for_user_or_404(policy, request.user, "commitments", queryset=ServiceCommitment.objects.select_related("unit"), pk=pk)
    form = CommitmentForm(request.POST, prefix=f"c{obj.pk}")
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.commitment_update(actor=request.user, commitment=obj, service=d["service"],
                                       promised_time=d["promised_time"], content=d["content"], basis=d["basis"],
                                       sort_order=d["sort_order"] or 0)
        except ValidationError as exc:
            for msg in exc.messages:
                messages.error(request, msg)
        else:
            messages.success(request, _("Commitment saved."))
    else:
        for errs in form.errors.values():
            for e in errs:
                messages.error(request, e)
    return redirect("publicity:commitments-unit", code=obj.unit.code)


@policy_required(policy, "commitments")
@require_POST
def commitment_delete(request, pk):
    obj = get_for_user_or_404(policy, request.user, "commitments", queryset=ServiceCommitment.objects.select_related("unit"), pk=pk)
    code = obj.unit.code
    services.commitment_delete(actor=request.user, commitment=obj)
    messages.success(request, _("Commitment removed."))
    return redirect("publicity:commitments-unit", code=code)
