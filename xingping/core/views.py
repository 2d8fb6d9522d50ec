"""Core's pages: the dashboard and the audit log. Access through `core.permissions.policy`
(role sets handed down by orgs); the audit rows through `core.audit_access`."""

from django.core.paginator import Paginator
from django.shortcuts import render

from xingping.core import audit_access
from xingping.core.dashboard import context_for, sections_for
from xingping.core.dates import parse_filter_date
from xingping.core.filters import text_contains
from xingping.core.models import AuditEvent
from xingping.core.permissions import VIEW_AUDIT_LOG, VIEW_DASHBOARD, policy
from xingping.core.policy import policy_required


@policy_required(policy, VIEW_DASHBOARD)
def dashboard(request):
    """One dashboard; each app adds its context and sections (chosen by its policy)."""
    context = {"campaign": None, **context_for(request)}
    context["sections"] = sections_for(request, context["campaign"])
    return render(request, "core/dashboard.html", context)



@policy_required(policy, VIEW_AUDIT_LOG)
def audit_log(request):
    """Browse and filter the audit log: each row only to those who may see its object."""
    visible = audit_access.visible_events(request.user, AuditEvent.objects.all())
    qs = visible.select_related("unit", "actor__unit")
    filters = {k: request.GET.get(k, "").strip() for k in ("actor", "action", "object_type", "date_from", "date_to", "q")}
    if filters["actor"]:
        qs = qs.filter(actor_name__icontains=filters["actor"]) | qs.filter(actor__last_name__icontains=filters["actor"])
    if filters["action"]:
        qs = qs.filter(action=filters["action"])
    if filters["object_type"]:
        qs = qs.filter(object_type=filters["object_type"])
    if filters["q"]:
        qs = qs.filter(text_contains("object_repr", filters["q"]))
    if d := parse_filter_date(filters["date_from"]):  # strict; a bad date is ignored, never a 500
        qs = qs.filter(at__date__gte=d)
    if d := parse_filter_date(filters["date_to"]):
        qs = qs.filter(at__date__lte=d)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    page.object_list = audit_access.describe(page.object_list, request.user)
    actions = [(a, audit_access.action_label(a)) for a in
               visible.values_list("action", flat=True).distinct().order_by("action")]
    types = [(t, audit_access.type_label(t)) for t in
             visible.values_list("object_type", flat=True).distinct().order_by("object_type")]
    return render(request, "core/audit_log.html", {"page": page, "filters": filters, "actions": actions, "types": types})
