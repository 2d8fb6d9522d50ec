"""Campaign pages (thin: forms in, services called, selectors read).

Who sees what is decided once, in `campaigns.permissions.policy` (built on orgs.policy):
units come through the orgs policy, objects through `get_for_user_or_404`; the matrix is for
the office and the read-only roles (`policy_required`). See docs/role-matrix/campaigns.md."""

import os

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from xingping.campaigns import selectors, services
from xingping.campaigns.permissions import MATRIX, policy
from xingping.campaigns.forms import MeetingForm, ReturnForm, SubmissionForm
from xingping.campaigns.models import Attachment, Campaign, SubmissionState, today
from xingping.core.exports import file_download, people_download
from xingping.core.people_tables import Column
from xingping.orgs.selectors import area_name
from xingping.core.models import AuditEvent
from xingping.metrics.registry import metric_label
from xingping.orgs.permissions import policy as orgs_policy
from xingping.orgs.policy import CHANGE, VIEW, get_for_user_or_404, policy_required, scope_unit, visible_units
from xingping.orgs.models import Level

EDITABLE = (SubmissionState.DRAFT, SubmissionState.RETURNED)


def _campaign(slug):
    return get_object_or_404(Campaign, slug=slug)


def index(request):
    """The current campaign (the nav's "行评活动")."""
    campaign = Campaign.objects.current()
    if campaign is None:
        return render(request, "campaigns/campaign_detail.html", {"campaign": None})
    return redirect("campaigns:campaign-detail", slug=campaign.slug)


def campaign_detail(request, slug):
    campaign = _campaign(slug)
    own = scope_unit(request.user)
    context = {
        "campaign": campaign,
        "timeline": selectors.timeline(campaign),
        "phases": list(campaign.phases.all()),
        "deliverables": list(campaign.deliverables.select_related("phase", "rollup_from", "owner_unit")),
        "materials": list(campaign.study_materials.all()),
        "targets": _targets(campaign),
        "own_unit": own if own is not None and own.level != Level.CITY else None,
        "sees_matrix": policy.user_has_permission(request.user, MATRIX),
        "level_labels": dict(Level.choices),
    }
    return render(request, "campaigns/campaign_detail.html", context)


def _targets(campaign):
    """The targets of the campaign's rules as (label, [(level label or "", rate)])."""
    levels = dict(Level.choices)
    rows = []
    for key, rule in (campaign.rules.get("targets") or {}).items():
        if "thresholds" in rule:
            values = [(levels.get(lv, lv), v) for lv, v in rule["thresholds"].items()]
        elif "threshold" in rule:
            values = [("", rule["threshold"])]
        else:
            continue
        rows.append((metric_label(key), values))
    return rows


# ------------------------------------------------------------- matrix

def _tree_order(units):
    """Units in tree order, siblings by their `sort_order` (no query: parents are in the list)."""
    by_pk = {u.pk: u for u in units}
    keys = {}

    def key(u):
        if u.pk not in keys:
            parent = by_pk.get(u.parent_id)
            keys[u.pk] = (key(parent) if parent else ()) + ((u.sort_order, u.code),)
        return keys[u.pk]

    return sorted(units, key=key)


def _matrix(request, campaign):
    units = _tree_order(list(visible_units(request.user).exclude(level=Level.DEPARTMENT)))
    return selectors.deliverables_matrix(campaign, units)


@policy_required(policy, MATRIX)
def matrix(request, slug):
    """Units × deliverables, coloured by status (office; read-only for auditor and inspectors)."""
    campaign = _campaign(slug)
    deliverables, rows = _matrix(request, campaign)
    return render(request, "campaigns/matrix.html", {
        "campaign": campaign, "deliverables": deliverables, "rows": rows,
        "legend": [(k, selectors.STATUS_STYLE[k], selectors.STATUS_LABELS[k]) for k in selectors.STATUS_STYLE],
    })


@policy_required(policy, MATRIX)
def matrix_export(request, slug):
    campaign = _campaign(slug)
    deliverables, rows = _matrix(request, campaign)
    columns = [Column(gettext_lazy("Unit code"), lambda r: r[0].code), Column(gettext_lazy("Unit"), lambda r: r[0].name)]
    for i, deliverable in enumerate(deliverables):
        columns.append(Column(deliverable.display_title, lambda r, i=i: _matrix_cell(r[1][i])))
    return people_download(title=gettext_lazy("Deliverables matrix"), unit_name=area_name(request.user), columns=columns,
                           rows=rows, ascii_name=f"{campaign.slug}-deliverables", fmt=request.GET.get("format", "xlsx"))


def _matrix_cell(cell):
    if cell is None:
        return ""
    return str(selectors.STATUS_LABELS[cell.status]) + (_(" (late)") if cell.late else "")


# ------------------------------------------------------------- what a unit owes

def my_unit(request, slug):
    unit = scope_unit(request.user)
    if unit is None:
        raise Http404
    return redirect("campaigns:unit-obligations", slug=slug, code=unit.code)


def unit_obligations(request, slug, code):
    campaign = _campaign(slug)
    unit = get_for_user_or_404(orgs_policy, request.user, code=code)
    obligations = selectors.unit_obligations(campaign, unit)
    rollups = []
    for ob in obligations:
        if ob.deliverable.rollup_from_id:
            children = selectors.rollup_children(ob.deliverable, unit)
            rollups.append((ob.deliverable, selectors.rollup_summary(children)))
    return render(request, "campaigns/unit_obligations.html", {
        "campaign": campaign, "unit": unit, "obligations": obligations, "rollups": rollups,
        "labels": selectors.STATUS_LABELS,
    })


# ------------------------------------------------------------- submission page

def _submission_context(request, slug, code, unit_code):
    campaign = _campaign(slug)
    unit = get_for_user_or_404(orgs_policy, request.user, code=unit_code)
    deliverable = get_object_or_404(campaign.deliverables.select_related("rollup_from", "phase"), code=code)
    if not deliverable.is_owed_by(unit):
        raise Http404
    submission = services.submission_for(deliverable=deliverable, unit=unit)
    return campaign, unit, deliverable, submission


def submission_detail(request, slug, code, unit_code):
    campaign, unit, deliverable, submission = _submission_context(request, slug, code, unit_code)
    form = SubmissionForm(initial={"body": submission.body if submission else ""})
    return _render_submission(request, campaign, unit, deliverable, submission, form=form)


def _render_submission(request, campaign, unit, deliverable, submission, form=None, return_form=None, status=200):
    user = request.user
    state = submission.state if submission else SubmissionState.DRAFT
    editable = state in EDITABLE and services.can_author(user, unit)
    children = selectors.rollup_children(deliverable, unit) if deliverable.rollup_from_id else []
    history = []
    if submission is not None:
        history = AuditEvent.objects.for_object(submission).select_related("actor").order_by("at", "pk")
    obligation = selectors.Obligation(deliverable, submission, selectors.cell_status(deliverable, submission))
    context = {
        "campaign": campaign, "unit": unit, "deliverable": deliverable, "submission": submission,
        "obligation": obligation, "label": selectors.STATUS_LABELS[obligation.status],
        "editable": editable,
        "can_submit": editable and services.can_submit(user, unit),
        "can_review": submission is not None and state == SubmissionState.SUBMITTED and services.can_review(user, submission),
        "form": form if editable else None,
        "return_form": return_form or ReturnForm(),
        "attachments": list(submission.attachments.all()) if submission else [],
        "history": history,
        "children": children,
        "rollup": selectors.rollup_summary(children) if children else None,
        "labels": selectors.STATUS_LABELS,
        "max_bytes": _max_bytes(),
    }
    return render(request, "campaigns/submission_detail.html", context, status=status)


def _max_bytes():
    from django.conf import settings

    return settings.XINGPING_UPLOAD_MAX_BYTES


def _back(campaign, deliverable, unit):
    return reverse("campaigns:submission-detail", args=[campaign.slug, deliverable.code, unit.code])


@require_POST
def submission_save(request, slug, code, unit_code):
    """Save the draft text and add the attachment if one came; with `submit`, the leader
    then submits. All or nothing: on any error nothing is written and the form keeps
    what was typed."""
    campaign, unit, deliverable, submission = _submission_context(request, slug, code, unit_code)
    form = SubmissionForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_submission(request, campaign, unit, deliverable, submission, form=form, status=400)
    try:
        with transaction.atomic():
            sub = services.submission_save_draft(actor=request.user, deliverable=deliverable, unit=unit,
                                                 body=form.cleaned_data["body"])
            if form.cleaned_data.get("file"):
                services.attachment_add(actor=request.user, submission=sub, uploaded=form.cleaned_data["file"])
            if "submit" in request.POST:
                services.submission_submit(actor=request.user, submission=sub)
    except PermissionDenied:
        raise Http404
    except ValidationError as exc:
        form.add_error(None, exc)
        return _render_submission(request, campaign, unit, deliverable, submission, form=form, status=400)
    if "submit" in request.POST:
        messages.success(request, _("Submitted for review."))
    else:
        messages.success(request, _("Draft saved."))
    return redirect(_back(campaign, deliverable, unit))


@require_POST
def submission_review(request, slug, code, unit_code, decision):
    if decision not in ("accept", "return"):
        raise Http404
    campaign, unit, deliverable, submission = _submission_context(request, slug, code, unit_code)
    if submission is None or not services.can_review(request.user, submission):
        raise Http404
    return_form = ReturnForm(request.POST) if decision == "return" else None
    try:
        if decision == "accept":
            services.submission_accept(actor=request.user, submission=submission)
            messages.success(request, _("Accepted."))
        elif return_form.is_valid():
            services.submission_return(actor=request.user, submission=submission, reason=return_form.cleaned_data["reason"])
            messages.warning(request, _("Returned to the unit with your reason."))
        else:
            return _render_submission(request, campaign, unit, deliverable, submission,
                                      form=SubmissionForm(initial={"body": submission.body}),
                                      return_form=return_form, status=400)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(_back(campaign, deliverable, unit))


@require_POST
def attachment_remove(request, pk):
    attachment = get_for_user_or_404(
        policy, request.user, CHANGE,
        queryset=Attachment.objects.select_related("submission__deliverable__campaign", "submission__unit"), pk=pk)
    sub = attachment.submission
    try:
        services.attachment_remove(actor=request.user, attachment=attachment)
    except PermissionDenied:
        raise Http404
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    if request.htmx:
        return render(request, "campaigns/partials/attachments.html", {
            "attachments": list(sub.attachments.all()), "editable": sub.state in EDITABLE,
        })
    return redirect(_back(sub.deliverable.campaign, sub.deliverable, sub.unit))


def attachment_download(request, pk):
    """Attachments are only served here, through the scope check (404 outside it)."""
    attachment = get_for_user_or_404(policy, request.user, VIEW, queryset=Attachment.objects.all(), pk=pk)
    stem = os.path.splitext(attachment.original_name)[0] or "file"
    return file_download(attachment.file, f"{stem}.{attachment.content_kind}", attachment.content_kind)


# ------------------------------------------------------------- mobilisation (R2.4)

def meeting_list(request, slug):
    campaign = _campaign(slug)
    return render(request, "campaigns/meeting_list.html", {
        "campaign": campaign,
        "meetings": selectors.meetings_for(campaign, request.user),
        "materials": list(campaign.study_materials.all()),
        "can_create": visible_units(request.user, CHANGE).exists(),
    })


def meeting_create(request, slug):
    campaign = _campaign(slug)
    units = visible_units(request.user, CHANGE).exclude(level=Level.DEPARTMENT).order_by("path")
    if not units.exists():
        raise Http404
    form = MeetingForm(request.POST or None, units=units, materials=campaign.study_materials.all(),
                       initial={"held_on": today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.meeting_create(actor=request.user, campaign=campaign, unit=data["unit"], kind=data["kind"],
                                    title=data["title"], held_on=data["held_on"], attendance=data["attendance"],
                                    minutes=data["minutes"], materials=data["materials"])
        except PermissionDenied:
            raise Http404
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Meeting recorded."))
            return redirect("campaigns:meeting-list", slug=campaign.slug)
    return render(request, "campaigns/meeting_form.html", {"campaign": campaign, "form": form},
                  status=400 if form.is_bound else 200)
