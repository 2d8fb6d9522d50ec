"""Views (thin: forms in, services called, selectors read)."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from xingping.core.exports import people_download
from xingping.entities.downloads import ENTITY_COLUMNS, entity_rows
from xingping.entities.permissions import IMPORT, SEE_CHECKS, policy
from xingping.orgs.policy import CHANGE, VIEW, get_for_user_or_404, policy_required, visible_units
from xingping.orgs.selectors import area_name
from xingping.entities.models import ImportJob, MarketEntity
from xingping.entities.forms import EntityFilterForm
from xingping.entities.selectors import entity_search
from xingping.entities.services import import_job_start
from xingping.outreach.forms import ImportForm
from xingping.outreach.models import Visit

PAGE = 50


def index(request):
    form = EntityFilterForm(request.GET, user=request.user)
    if form.is_valid():
        qs = entity_search(request.user, **{k: v for k, v in form.cleaned_data.items() if v not in (None, "")})
    else:
        qs = MarketEntity.objects.none()  # a filter that cannot be applied lists nothing (the form says why)
    if request.GET.get("format") == "xlsx":
        unit_code = request.GET.get("unit")
        chosen = visible_units(request.user).filter(code=unit_code).first() if unit_code else None
        return people_download(title=_lazy("Market entities"), unit_name=area_name(request.user, chosen),
                               columns=ENTITY_COLUMNS, rows=entity_rows(qs), ascii_name="entities")
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    return render(request, "entities/index.html", {
        "page": page, "form": form, "units": form.fields["unit"].queryset,
        "can_import": policy.user_has_permission(request.user, IMPORT),
    })


def detail(request, pk):
    entity = get_for_user_or_404(policy, request.user, VIEW, queryset=MarketEntity.objects.select_related("unit", "responsible"),
                                 pk=pk)
    visits = Visit.objects.filter(entity=entity).for_user(request.user).select_related("visitor", "unit")[:100]
    return render(request, "entities/detail.html", {
        "entity": entity, "visits": visits, "penalties": entity.penalties.select_related("unit"),
        "liaison": entity.liaison_records.select_related("staff"),
        "can_act": policy.user_has_permission_for_instance(request.user, CHANGE, entity),
        # leaders and staff do not see which visits were drawn for verification (docs/outreach.md)
        "can_check": policy.user_has_permission(request.user, SEE_CHECKS),
        "show_phone": policy.sees_phone(request.user, entity),
    })


@policy_required(policy, IMPORT)
def import_new(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = import_job_start(actor=request.user, kind=form.cleaned_data["kind"], uploaded=form.cleaned_data["file"])
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            return redirect("entities:import-status", pk=job.pk)
    jobs = ImportJob.objects.select_related("created_by")[:20]
    kinds = dict(form.fields["kind"].choices, cases=_("Cases"))
    for job in jobs:
        job.kind_label = kinds.get(job.kind, job.kind)
    from xingping.core.registry import importers

    registry = importers()
    columns = [(label, registry[kind].columns) for kind, label in form.fields["kind"].choices if kind in registry]
    return render(request, "entities/import.html", {"form": form, "jobs": jobs, "columns": columns})


@policy_required(policy, IMPORT)
def import_status(request, pk):
    job = get_object_or_404(ImportJob, pk=pk)
    from xingping.core.registry import importers

    importer = importers().get(job.kind)
    labels = {c.name: c.label for c in importer.columns} if importer is not None else {}
    # the errors as people read them: the column's name (统一社会信用代码), not its header code
    job.error_rows = [(row, labels.get(col, "" if col == "-" else col), msg) for row, col, msg in job.errors]
    template = "entities/partials/import_progress.html" if request.headers.get("HX-Request") else "entities/import_status.html"
    return render(request, template, {"job": job})
