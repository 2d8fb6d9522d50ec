"""Views of the disclosure app: the staff catalogue and check, recording a disclosure, the
public catalogue. Access through disclosure/permissions.py only."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from xingping.core.exports import file_download
from xingping.disclosure import selectors, services
from xingping.disclosure.forms import DisclosureForm
from xingping.disclosure.models import CatalogueItem, Mode
from xingping.disclosure.permissions import evidence_policy, policy
from xingping.orgs.models import Level, OrgUnit
from xingping.orgs.policy import get_for_user_or_404, policy_required, public_view, visible_units


@policy_required(policy, "view")
def index(request):
    today = timezone.localdate()
    items = policy.instances_user_has_permission_for(request.user, "view")
    unit_code = request.GET.get("unit", "")
    if unit_code:  # the unit picked from the tree, with the units below it
        unit = visible_units(request.user).filter(code=unit_code).first()
        items = items.filter(unit__path__startswith=unit.path) if unit else items.none()
    show = request.GET.get("show", "")
    listed = items.select_related("unit")
    if show == "missing":
        listed = selectors.missing_items(items=listed, as_of=today)
    elif show == "late":
        listed = selectors.late_items(items=listed, as_of=today)
    page = Paginator(listed.order_by("unit__path", "code"), 50).get_page(request.GET.get("page"))
    return render(request, "disclosure/index.html", {
        "rows": selectors.check_by_unit(items=items, as_of=today), "page": page, "today": today, "show": show,
        "unit_code": unit_code, "units": visible_units(request.user).exclude(level=Level.DEPARTMENT).order_by("path"),
        "stale_days": selectors.STALE_DAYS,
    })


@policy_required(policy, "view")
def item_detail(request, pk):
    item = get_for_user_or_404(policy, request.user, "view", queryset=CatalogueItem.objects.select_related("unit"), pk=pk)
    can_record = policy.user_has_permission_for_instance(request.user, "change", item)
    form = DisclosureForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not can_record:
            raise Http404  # may read, may not record: the same answer as a missing page
        if form.is_valid():
            try:
                services.disclosure_record(actor=request.user, item=item, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The disclosure was recorded."))
                return redirect("disclosure:item-detail", pk=item.pk)
    return render(request, "disclosure/item_detail.html", {
        "item": item, "form": form, "can_record": can_record, "today": timezone.localdate(),
        "disclosures": item.disclosures.select_related("recorded_by"),
    })


@policy_required(evidence_policy, "view")
def evidence(request, pk):
    record = get_for_user_or_404(evidence_policy, request.user, "view", pk=pk)
    if not record.evidence:
        raise Http404
    return file_download(record.evidence, f"{record.item.code}-{record.disclosed_on:%Y%m%d}")


@public_view
def public_index(request):
    """Each unit's catalogue, for the public: what must be disclosed, by which channel, when."""
    units = OrgUnit.objects.evaluated().filter(disclosure_items__isnull=False).distinct().order_by("path")
    return render(request, "disclosure/public_index.html", {"units": units})


@public_view
def public_unit(request, code):
    unit = get_object_or_404(OrgUnit.objects.evaluated(), code=code)
    items = selectors.public_catalogue(unit=unit)
    return render(request, "disclosure/public_unit.html", {"unit": unit, "items": items, "today": timezone.localdate(),
                                                            "proactive": Mode.PROACTIVE})
