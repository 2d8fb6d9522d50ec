"""Views (thin: forms in, services called, selectors read)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from xingping.campaigns.models import Campaign
from xingping.core.audit_access import describe
from xingping.core.paging import CappedPaginator
from xingping.core.models import AuditEvent
from xingping.core.exports import people_download
from xingping.core.follow_ups import follow_ups_for
from xingping.entities.models import MarketEntity
from xingping.entities.permissions import policy as entities_policy
from xingping.orgs.policy import CHANGE, VIEW, get_for_user_or_404, policy_required
from xingping.outreach.permissions import CORRECT, DRAW_SAMPLE, RECORD_CHECK, SEE_CHECKS, policy
from xingping.outreach import selectors, services
from xingping.orgs.selectors import area_name
from xingping.outreach.downloads import OPINION_COLUMNS, visit_columns
from xingping.outreach.forms import (CheckFilterForm, CheckOutcomeForm, LiaisonForm, OpinionFilterForm, VisitCorrectionForm,
                                     VisitFilterForm, VisitForm)
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
    form = VisitFilterForm(request.GET, user=request.user)
    filters = form.filters()
    if filters is None:
        qs = qs.none()  # a filter that cannot be applied lists nothing (the form says why)
    else:
        flagged_only = filters.pop("flagged", False)
        qs = selectors.filter_visits(qs, **filters)
        if flagged_only:
            qs = selectors.flagged(qs, flags)
    if request.GET.get("format") == "xlsx":
        columns = visit_columns(flags=flags, flag_labels=flag_labels(), can_check=can_check)
        title = _lazy("Flagged visits") if request.GET.get("flagged") else _lazy("Visit ledger")
        return people_download(title=title, unit_name=area_name(request.user), columns=columns,
                               rows=qs[:100000].iterator(chunk_size=2000), ascii_name="visits")
    # a count of millions of visits costs seconds: at most CAP counted, without the flags' joins
    counted = qs if filters is None or flagged_only else selectors.filter_visits(selectors.visits_for(request.user),
                                                                                   **filters)
    page = CappedPaginator(qs, PAGE, count_queryset=counted).get_page(request.GET.get("page"))
    return render(request, "outreach/visit_list.html", {"page": page, "flagged": bool(request.GET.get("flagged")),
                                                        "flag_names": flag_labels(), "form": form,
                                                        "units": form.fields["unit"].queryset,
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
    history = describe(history, request.user)  # each change as "label: before → after" (a correction's originals)
    check = VisitCheck.objects.filter(visit=visit).first() if can_check else None
    labels = flag_labels()
    flags = [labels[f] for f in _visible_flags(request.user) if getattr(visit, f)]
    return render(request, "outreach/visit_detail.html", {
        "visit": visit, "history": history, "check": check, "flags": flags, "can_check": can_check,
        # what other apps can make of this visit (a rectification finding), as their policies allow
        "follow_ups": follow_ups_for(request.user, visit) if visit.is_dissatisfied else [],
        **_correction(request.user, visit, campaign),
    })


def _correction(user, visit, campaign):
    """The correction form for the visit's recorder (policy CORRECT), or why it is closed."""
    if not policy.user_has_permission_for_instance(user, CORRECT, visit):
        return {"can_correct": False}
    refusal = services.visit_correction_refusal(visit=visit, campaign=campaign)
    return {"can_correct": not refusal, "correction_refusal": refusal,
            "correction_form": None if refusal else VisitCorrectionForm(visit=visit)}


def dissatisfied(request):
    qs = selectors.dissatisfied_visits(request.user)
    form = OpinionFilterForm(request.GET, user=request.user)
    filters = form.filters()
    qs = qs.none() if filters is None else selectors.filter_visits(qs, **filters)
    if request.GET.get("format") == "xlsx":
        return people_download(title=_lazy("Dissatisfied opinions"), unit_name=area_name(request.user),
                               columns=OPINION_COLUMNS, rows=qs.iterator(chunk_size=2000), ascii_name="opinions")
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    finding_urls = {v.pk: offer.url for v in page.object_list for offer in follow_ups_for(request.user, v)
                    if offer.key == "finding"}
    return render(request, "outreach/dissatisfied.html", {"page": page, "finding_urls": finding_urls, "filter_form": form,
                                                          "units": form.fields["unit"].queryset,
                                                          "can_check": policy.user_has_permission(request.user, SEE_CHECKS)})


@policy_required(policy, SEE_CHECKS)
def checks(request):
    filter_form = CheckFilterForm(request.GET, user=request.user)
    if filter_form.is_valid():
        qs = selectors.visit_checks(request.user, **filter_form.cleaned_data)
    else:
        qs = VisitCheck.objects.none()  # a filter that cannot be applied lists nothing (the form says why)
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    return render(request, "outreach/checks.html", {"page": page, "form": CheckOutcomeForm(), "filter_form": filter_form,
                                                    "units": filter_form.fields["unit"].queryset,
                                                    "can_record": policy.user_has_permission(request.user, RECORD_CHECK),
                                                    "can_draw": policy.user_has_permission(request.user, DRAW_SAMPLE)})


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

