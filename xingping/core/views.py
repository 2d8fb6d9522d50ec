from django.core.paginator import Paginator
from django.shortcuts import render

from xingping.accounts.models import Role
from xingping.campaigns.models import Campaign
from xingping.core.dates import parse_filter_date
from xingping.core.models import AuditEvent
from xingping.core.permissions import require_roles


def dashboard(request):
    """One dashboard, sections chosen by role (office / unit / read-only)."""
    from xingping.campaigns import selectors as campaign_selectors
    from xingping.core.dashboard import sections_for

    campaign = Campaign.objects.current()
    context = {"campaign": campaign, "sections": sections_for(request, campaign)}
    if campaign is not None:
        context["timeline"] = campaign_selectors.timeline(campaign)
    return render(request, "core/dashboard.html", context)


@require_roles(Role.OFFICE, Role.AUDITOR, Role.INSPECTOR)
def audit_log(request):
    """Browse and filter the audit log (read-only, scoped like everything else)."""
    qs = AuditEvent.objects.for_user(request.user).select_related("unit")
    filters = {k: request.GET.get(k, "").strip() for k in ("actor", "action", "object_type", "date_from", "date_to", "q")}
    if filters["actor"]:
        qs = qs.filter(actor_name__icontains=filters["actor"])
    if filters["action"]:
        qs = qs.filter(action=filters["action"])
    if filters["object_type"]:
        qs = qs.filter(object_type=filters["object_type"])
    if filters["q"]:
        qs = qs.filter(object_repr__icontains=filters["q"])
    if d := parse_filter_date(filters["date_from"]):  # strict; a bad date is ignored, never a 500
        qs = qs.filter(at__date__gte=d)
    if d := parse_filter_date(filters["date_to"]):
        qs = qs.filter(at__date__lte=d)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    actions = AuditEvent.objects.values_list("action", flat=True).distinct().order_by("action")
    types = AuditEvent.objects.values_list("object_type", flat=True).distinct().order_by("object_type")
    return render(request, "core/audit_log.html", {"page": page, "filters": filters, "actions": actions, "types": types})
