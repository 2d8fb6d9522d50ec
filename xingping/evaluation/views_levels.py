"""Evaluations at every level and paper ballots (issue 12). Access through
level_policy.evaluation_level_policy: 404 for missing and forbidden alike."""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xingping.campaigns.models import Campaign
from xingping.evaluation import selectors, services
from xingping.evaluation.level_policy import evaluation_level_policy as policy
from xingping.evaluation.models import EvaluatorCategory, PaperBallot
from xingping.orgs.models import Level
from xingping.orgs.policy import get_for_user_or_404, policy_required, visible_units


def _campaign(slug):
    return get_object_or_404(Campaign, slug=slug)


def _evaluation(request, slug, code, action="view"):
    return get_for_user_or_404(policy, request.user, action, campaign__slug=slug, holder__code=code)


def _fail(request, exc):
    for message in exc.messages:
        messages.error(request, message)


@policy_required(policy, "view")
def levels_index(request, slug):
    """The campaign's evaluations the user may see, with what each one counts."""
    campaign = _campaign(slug)
    rows = policy.instances_user_has_permission_for(request.user, "view",
                                                    selectors.evaluations_of(campaign))
    manageable = set(policy.instances_user_has_permission_for(request.user, "manage")
                     .filter(campaign=campaign).values_list("pk", flat=True))
    holders = []
    if policy.user_has_permission(request.user, "manage"):
        taken = campaign.evaluations.values("holder")
        holders = list(visible_units(request.user, writable=True).filter(level=Level.COUNTY)
                       .exclude(pk__in=taken).order_by("sort_order", "path"))
    return render(request, "evaluation/levels.html", {
        "campaign": campaign, "rows": [(e, e.pk in manageable) for e in rows], "holders": holders,
    })


@require_POST
@policy_required(policy, "manage")
def level_new(request, slug):
    campaign = _campaign(slug)
    holder = get_object_or_404(visible_units(request.user, writable=True), code=request.POST.get("unit", ""))
    try:
        services.evaluation_new(actor=request.user, campaign=campaign, holder=holder)
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("The evaluation was created."))
    return redirect("evaluation:levels", slug=slug)


@policy_required(policy, "manage")
def paper_index(request, slug, code):
    """Print numbered paper ballots; enter them (twice, by two different people)."""
    evaluation = _evaluation(request, slug, code, "manage")
    rubric = services.ballot_rubric(evaluation)
    return render(request, "evaluation/paper.html", {
        "campaign": evaluation.campaign, "evaluation": evaluation, "counts": selectors.paper_counts(evaluation),
        "mismatches": selectors.paper_mismatches(evaluation), "units": rubric["units"], "items": rubric["items"],
        "choices": rubric["choices"], "categories": EvaluatorCategory.choices,
        "by_source": selectors.ballots_by_source(evaluation),
    })


@require_POST
@policy_required(policy, "manage")
def paper_print(request, slug, code):
    """Numbered paper ballots as a printable page (one sheet per number)."""
    evaluation = _evaluation(request, slug, code, "manage")
    try:
        count = int(request.POST.get("count", "0"))
        sheets = services.paper_ballots_print(actor=request.user, evaluation=evaluation, count=count,
                                           category=request.POST.get("category", ""))
    except (ValueError, ValidationError) as exc:
        _fail(request, exc if isinstance(exc, ValidationError) else ValidationError(_("Enter a number.")))
        return redirect("evaluation:paper", slug=slug, code=code)
    rubric = services.ballot_rubric(evaluation)
    response = render(request, "evaluation/paper_sheets.html", {
        "evaluation": evaluation, "sheets": sheets, "units": rubric["units"], "items": rubric["items"],
        "choices": [c for c in rubric["choices"] if evaluation.allow_abstain or not c[3]],
    })
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@policy_required(policy, "manage")
def paper_entry(request, slug, code):
    """One entry of a paper ballot: its number and, per unit, one character per item."""
    evaluation = _evaluation(request, slug, code, "manage")
    try:
        number = int(request.POST.get("number", ""))
    except ValueError:
        messages.error(request, _("Enter the number printed on the paper ballot."))
        return redirect("evaluation:paper", slug=slug, code=code)
    sheet = get_object_or_404(PaperBallot, evaluation=evaluation, number=number)  # another evaluation's: 404
    rubric = services.ballot_rubric(evaluation)
    lines = {ucode: request.POST.get(f"u-{ucode}", "") for _pk, ucode, _name in rubric["units"]}
    try:
        scores = services.parse_sheet(rubric, lines)
        result = services.paper_entry_record(actor=request.user, paper=sheet, scores=scores)
    except ValidationError as exc:
        _fail(request, exc)
        return redirect("evaluation:paper", slug=slug, code=code)
    if result["counted"]:
        messages.success(request, _("Paper ballot %(n)s: both entries match; the ballot is counted.") % {"n": number})
    elif result["mismatch"]:
        messages.warning(request, _("Paper ballot %(n)s: the entries differ; it waits for a third look.") % {"n": number})
    else:
        messages.info(request, _("Paper ballot %(n)s entered once; a second member of staff must enter it.")
                      % {"n": number})
    return redirect("evaluation:paper", slug=slug, code=code)


@policy_required(policy, "view")
def level_charts(request, slug, code):
    """Results charts (ECharts): options as a JSON data block read by static JS."""
    evaluation = _evaluation(request, slug, code)
    rows = list(selectors.results(evaluation)) if evaluation.is_closed else []
    grades = evaluation.grades
    data = {
        "units": [r.unit.name for r in rows],
        "scores": [None if r.score is None else float(r.score) for r in rows],
        "answered": [r.answered for r in rows],
        "bands": [{"label": g["label"], "min": g["min"]} for g in grades],
    }
    return render(request, "evaluation/charts.html", {
        "campaign": evaluation.campaign, "evaluation": evaluation, "rows": rows, "chart": data,
        "chart_json": json.dumps(data, ensure_ascii=False), "by_source": selectors.ballots_by_source(evaluation),
    })

