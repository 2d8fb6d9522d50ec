"""Views (thin: forms in, services called, selectors read)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xingping.campaigns.models import Campaign
from xingping.core.models import AuditEvent
from xingping.core.exports import table_response
from xingping.entities.models import MarketEntity
from xingping.entities.permissions import policy as entities_policy
from xingping.orgs.policy import CHANGE, VIEW, get_for_user_or_404, policy_required
from xingping.outreach.permissions import RECORD_CHECK, SEE_CHECKS, policy
from xingping.outreach import selectors, services
from xingping.outreach.forms import CheckOutcomeForm, LiaisonForm, VisitForm
from xingping.outreach.models import LiaisonKind, VisitCheck, VisitKind

PAGE = 50


def _campaign():
    return Campaign.objects.current()


def index(request):
    """包保: my entities, unvisited first (phone-first)."""
    campaign = _campaign()
    entities = selectors.my_entities(request.user, campaign) if campaign else MarketEntity.objects.none()
    page = Paginator(entities, PAGE).get_page(request.GET.get("page"))
    unvisited = entities.filter(last_visit__isnull=True).count() if campaign else 0
    return render(request, "outreach/index.html", {
        "page": page, "campaign": campaign, "unvisited": unvisited, "total": page.paginator.count,
        "can_check": policy.user_has_permission(request.user, SEE_CHECKS),
    })


def visit_new(request, entity_pk):
    entity = get_for_user_or_404(entities_policy, request.user, CHANGE, queryset=MarketEntity.objects.select_related("unit"),
                                 pk=entity_pk)
    form = VisitForm(request.POST or None, entity=entity)
    if request.method == "GET" and request.GET.get("kind") == VisitKind.RETURN:
        form.initial["kind"] = VisitKind.RETURN
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.visit_record(actor=request.user, entity=entity, visited_on=d["visited_on"], kind=d["kind"],
                                  method=d["method"], answers=form.answers(), opinions=d["opinions"],
                                  suggestions=d["suggestions"], penalties=d["penalties"])
        except ValidationError as exc:
            for field, errors in exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]:
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, _("Visit recorded."))
            return redirect("outreach:index")
    return render(request, "outreach/visit_form.html", {"form": form, "entity": entity})


def _visible_flags(user):
    """Leaders and staff do not see which of their visits were drawn for verification, nor the outcome."""
    if policy.user_has_permission(user, SEE_CHECKS):
        return selectors.FLAGS
    return tuple(f for f in selectors.FLAGS if f != "flag_not_confirmed")


def visit_list(request):
    campaign = _campaign()
    qs = selectors.visit_list(request.user, campaign)
    can_check = policy.user_has_permission(request.user, SEE_CHECKS)
    flags = _visible_flags(request.user)
    if request.GET.get("flagged"):
        qs = selectors.flagged(qs, flags)
    if request.GET.get("format") == "xlsx":
        header = ["uscc", "entity", "visitor", "unit", "visited_on", "kind", "method", "verification", "flags",
                  "entered_by", "entered_at"]
        rows = ([v.entity.uscc, v.entity.name, v.visitor.username, v.unit.code, v.visited_on, v.kind, v.method,
                 v.verification if can_check else "", ";".join(f for f in flags if getattr(v, f)),
                 v.entered_by.username if v.entered_by else "", v.entered_at.isoformat()] for v in qs[:100000])
        return table_response(_("visits"), header, rows)
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    return render(request, "outreach/visit_list.html", {"page": page, "flagged": bool(request.GET.get("flagged")),
                                                        "flag_names": flag_labels(),
                                                        "can_check": can_check})


def flag_labels():
    return {
        "flag_per_day": _("Too many visits by one person that day"),
        "flag_before_registration": _("Dated before the entity was registered"),
        "flag_after_deregistration": _("Dated after the entity was deregistered"),
        "flag_future": _("Dated in the future"),
        "flag_late": _("Entered long after the visit"),
        "flag_not_confirmed": _("Found not confirmed by a check"),
    }


def visit_detail(request, pk):
    campaign = _campaign()
    visit = get_for_user_or_404(policy, request.user, VIEW, queryset=selectors.visit_list(request.user, campaign), pk=pk)
    can_check = policy.user_has_permission(request.user, SEE_CHECKS)
    history = AuditEvent.objects.filter(object_type="outreach.visit", object_id=str(visit.pk)).select_related("actor").order_by("at")
    if not can_check:
        history = history.exclude(action="verify")
    check = VisitCheck.objects.filter(visit=visit).first() if can_check else None
    labels = flag_labels()
    flags = [labels[f] for f in _visible_flags(request.user) if getattr(visit, f)]
    return render(request, "outreach/visit_detail.html", {
        "visit": visit, "history": history, "check": check, "flags": flags, "can_check": can_check,
        "rectify_url": f"/rectification/findings/new/?source=visit&id={visit.pk}",
    })


def dissatisfied(request):
    qs = selectors.dissatisfied_visits(request.user)
    if request.GET.get("format") == "xlsx":
        header = ["visit", "uscc", "entity", "unit", "visited_on", "opinions", "suggestions"]
        return table_response(_("dissatisfied opinions"), header, (
            [v.pk, v.entity.uscc, v.entity.name, v.unit.code, v.visited_on, v.opinions, v.suggestions] for v in qs))
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    return render(request, "outreach/dissatisfied.html", {"page": page, "can_check": policy.user_has_permission(request.user, SEE_CHECKS)})


@policy_required(policy, SEE_CHECKS)
def checks(request):
    qs = (policy.instances_user_has_permission_for(request.user, SEE_CHECKS, VisitCheck.objects.all())
          .select_related("visit__entity", "visit__visitor", "unit", "checked_by").order_by("outcome", "unit__path", "visit_id"))
    if request.GET.get("outcome") is not None:
        qs = qs.filter(outcome=request.GET["outcome"])
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    return render(request, "outreach/checks.html", {"page": page, "form": CheckOutcomeForm(),
                                                    "can_record": policy.user_has_permission(request.user, RECORD_CHECK)})


@policy_required(policy, RECORD_CHECK)
@require_POST
def check_record(request, pk):
    check = get_for_user_or_404(policy, request.user, RECORD_CHECK,
                                queryset=VisitCheck.objects.select_related("visit__entity", "unit"), pk=pk)
    form = CheckOutcomeForm(request.POST)
    if form.is_valid():
        services.visit_check_record(actor=request.user, check=check, outcome=form.cleaned_data["outcome"],
                                    note=form.cleaned_data["note"])
    else:
        for error in form.errors.get("outcome", []):
            messages.error(request, error)
    check.refresh_from_db()
    if request.headers.get("HX-Request"):
        return render(request, "outreach/partials/check_row.html", {"c": check, "form": CheckOutcomeForm(),
                                                                     "can_record": True})
    return redirect("outreach:checks")


def liaison_new(request, entity_pk):
    entity = get_for_user_or_404(entities_policy, request.user, CHANGE, queryset=MarketEntity.objects.all(), pk=entity_pk)
    form = LiaisonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.liaison_record_create(actor=request.user, entity=entity, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Liaison record saved."))
            return redirect("entities:detail", pk=entity.pk)
    return render(request, "outreach/liaison_form.html", {"form": form, "entity": entity, "kinds": LiaisonKind})

