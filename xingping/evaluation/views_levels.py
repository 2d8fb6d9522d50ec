"""Evaluations at every level and paper ballots (issue 12). Access through the app's
policy (evaluation/permissions.py): 404 for missing and forbidden alike."""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from xingping.campaigns.models import Campaign
from xingping.evaluation import selectors, services
from xingping.evaluation.permissions import CREATE, LEVELS, OVERVIEW, READ, RUN, policy
from xingping.evaluation.models import BallotForm, EvaluatorCategory, PaperBallot
from xingping.evaluation.templatetags.evaluation_urls import ev_reverse
from xingping.evaluation.views import _evaluation, _fail, render
from xingping.orgs.models import Level, OrgUnit
from xingping.orgs.policy import policy_required, visible_units


def _campaign(slug):
    return get_object_or_404(Campaign, slug=slug)


@policy_required(policy, LEVELS)
def levels_index(request, slug):
    """The campaign's evaluations the user may see, with what each one counts."""
    campaign = _campaign(slug)
    rows = policy.instances_user_has_permission_for(request.user, OVERVIEW, selectors.evaluations_of(campaign))
    manageable = set(policy.instances_user_has_permission_for(request.user, RUN)
                     .filter(campaign=campaign).values_list("pk", flat=True))
    holders = []
    if policy.user_has_permission(request.user, CREATE):
        taken = campaign.evaluations.values("holder")
        counties = list(visible_units(request.user, writable=True).filter(level=Level.COUNTY, retired_on__isnull=True)
                        .exclude(pk__in=taken).order_by("sort_order", "path"))
        under = Q(pk__in=[])
        for county in counties:
            under |= Q(path__startswith=county.path)
        below = list(OrgUnit.objects.active().filter(under).exclude(pk__in=[c.pk for c in counties])
                     .exclude(level=Level.DEPARTMENT).order_by("depth", "sort_order", "path"))
        holders = [{"unit": c, "units": [u for u in below if u.path.startswith(c.path)]} for c in counties]
    return render(request, "evaluation/levels.html", {
        "campaign": campaign, "rows": [(e, e.pk in manageable) for e in rows], "holders": holders,
        "ballot_forms": BallotForm.choices, "default_form": (campaign.rules.get("scoring") or {}).get("ballot_form", "rubric"),
        "default_min": (campaign.rules.get("scoring") or {}).get("min_answered", 10),
    })


@require_POST
@policy_required(policy, CREATE)
def level_new(request, slug):
    """A county's evaluation: the holder, the ticked units below it, the ballot form and
    the answered minimum; refused with a message when a unit is evaluated by another
    evaluation of the same level that is not closed (nothing stored)."""
    campaign = _campaign(slug)
    holder = get_object_or_404(visible_units(request.user, writable=True), code=request.POST.get("unit", ""))
    codes = request.POST.getlist("units")
    units = list(OrgUnit.objects.filter(code__in=codes)) if "units" in request.POST else None
    try:
        min_answered = int(request.POST["min_answered"]) if request.POST.get("min_answered") else None
    except ValueError:
        messages.error(request, _("The answered minimum must be between 1 and 10000."))
        return redirect("evaluation:levels", slug=slug)
    try:
        evaluation = services.evaluation_new(actor=request.user, campaign=campaign, holder=holder, units=units,
                                             ballot_form=request.POST.get("ballot_form") or None,
                                             min_answered=min_answered)
    except ValidationError as exc:
        _fail(request, exc)
        return redirect("evaluation:levels", slug=slug)
    messages.success(request, _("The evaluation was created."))
    return redirect(ev_reverse("evaluation:overview", evaluation))


# The groups of the evaluated-units form, in this order (the plan: the city evaluates its
# county bureaus, direct branches and departments; a county its stations).
UNIT_GROUPS = [
    (Level.COUNTY, gettext_lazy("County bureaus")), (Level.BRANCH, gettext_lazy("Direct branches")),
    (Level.DEPARTMENT, gettext_lazy("Departments")), (Level.STATION, gettext_lazy("Grassroots stations")),
    (Level.CITY, gettext_lazy("City bureaus")),
]


def _unit_groups(evaluation, ticked):
    """[{key, label, parent, units: [(unit, ticked)]}]: the units the office may choose,
    by level and, below the holder's children, by the unit they belong to."""
    groups = {}
    order = {level: n for n, (level, _label) in enumerate(UNIT_GROUPS)}
    labels = dict(UNIT_GROUPS)
    units = services.unit_choices(evaluation).select_related("parent").order_by("depth", "parent__sort_order",
                                                                                  "sort_order", "path")
    for unit in units:
        parent = unit.parent if unit.parent_id != evaluation.holder_id else None
        key = (order.get(unit.level, len(order)), parent.path if parent else "", unit.level)
        group = groups.setdefault(key, {"key": f"g{len(groups) + 1}", "label": labels.get(unit.level, unit.level),
                                        "parent": parent, "units": []})
        group["units"].append((unit, unit.code in ticked))
    return [groups[key] for key in sorted(groups)]


@policy_required(policy, RUN)
def evaluated_units(request, slug, holder=None):
    """The units on a draft evaluation's ballot, ticked by group (county bureaus, branches,
    departments, stations); refused with a message and nothing stored when the choice
    breaks a rule (services.evaluated_units_set)."""
    evaluation = _evaluation(request, slug, holder, RUN)
    ticked = set(evaluation.units.values_list("unit__code", flat=True))
    if request.method == "POST":
        codes = set(request.POST.getlist("units"))
        try:
            change = services.evaluated_units_set(actor=request.user, evaluation=evaluation,
                                                  units=list(OrgUnit.objects.filter(code__in=codes)))
        except ValidationError as exc:
            _fail(request, exc)
            ticked = codes
        else:
            messages.success(request, _("Evaluated units saved: %(added)s added, %(removed)s taken off.")
                             % {"added": len(change["added"]), "removed": len(change["removed"])})
            return redirect(ev_reverse("evaluation:evaluated-units", evaluation))
    return render(request, "evaluation/evaluated_units.html", {
        "campaign": evaluation.campaign, "evaluation": evaluation, "tab": "overview",
        "groups": _unit_groups(evaluation, ticked), "editable": evaluation.is_draft, "count": len(ticked),
    })


@policy_required(policy, RUN)
def paper_index(request, slug, holder):
    """Print numbered paper ballots; enter them (twice, by two different people)."""
    evaluation = _evaluation(request, slug, holder, RUN)
    rubric = services.ballot_rubric(evaluation)
    return render(request, "evaluation/paper.html", {
        "campaign": evaluation.campaign, "evaluation": evaluation, "tab": "paper", "counts": selectors.paper_counts(evaluation),
        "mismatches": selectors.paper_mismatches(evaluation), "units": rubric["units"], "items": rubric["items"],
        "choices": rubric["choices"], "categories": EvaluatorCategory.choices,
        "by_source": selectors.ballots_by_source(evaluation),
    })


@require_POST
@policy_required(policy, RUN)
def paper_print(request, slug, holder):
    """Numbered paper ballots as a printable page (one sheet per number)."""
    evaluation = _evaluation(request, slug, holder, RUN)
    try:
        count = int(request.POST.get("count", "0"))
        sheets = services.paper_ballots_print(actor=request.user, evaluation=evaluation, count=count,
                                           category=request.POST.get("category", ""))
    except (ValueError, ValidationError) as exc:
        _fail(request, exc if isinstance(exc, ValidationError) else ValidationError(_("Enter a number.")))
        return redirect("evaluation:paper", slug=slug, holder=holder)
    rubric = services.ballot_rubric(evaluation)
    response = render(request, "evaluation/paper_sheets.html", {
        "evaluation": evaluation, "sheets": sheets, "units": rubric["units"], "items": rubric["items"],
        "choices": [c for c in rubric["choices"] if evaluation.allow_abstain or not c[3]],
    })
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@policy_required(policy, RUN)
def paper_entry(request, slug, holder):
    """One entry of a paper ballot: its number and, per unit, one character per item."""
    evaluation = _evaluation(request, slug, holder, RUN)
    try:
        number = int(request.POST.get("number", ""))
    except ValueError:
        messages.error(request, _("Enter the number printed on the paper ballot."))
        return redirect("evaluation:paper", slug=slug, holder=holder)
    sheet = get_object_or_404(PaperBallot, evaluation=evaluation, number=number)  # another evaluation's: 404
    rubric = services.ballot_rubric(evaluation)
    lines = {ucode: request.POST.get(f"u-{ucode}", "") for _pk, ucode, _name in rubric["units"]}
    try:
        scores = services.parse_sheet(rubric, lines)
        result = services.paper_entry_record(actor=request.user, paper=sheet, scores=scores)
    except ValidationError as exc:
        _fail(request, exc)
        return redirect("evaluation:paper", slug=slug, holder=holder)
    if result["counted"]:
        messages.success(request, _("Paper ballot %(n)s: both entries match; the ballot is counted.") % {"n": number})
    elif result["mismatch"]:
        messages.warning(request, _("Paper ballot %(n)s: the entries differ; it waits for a third look.") % {"n": number})
    else:
        messages.info(request, _("Paper ballot %(n)s entered once; a second member of staff must enter it.")
                      % {"n": number})
    return redirect("evaluation:paper", slug=slug, holder=holder)


@policy_required(policy, READ)
def level_charts(request, slug, holder):
    """Results charts (ECharts): options as a JSON data block read by static JS."""
    evaluation = _evaluation(request, slug, holder, READ)
    rows = list(selectors.results(evaluation)) if evaluation.is_closed else []
    grades = evaluation.grades
    data = {
        "units": [r.unit.name for r in rows],
        "scores": [None if r.score is None else float(r.score) for r in rows],
        "answered": [r.answered for r in rows],
        "bands": [{"label": g["label"], "min": g["min"]} for g in grades],
    }
    return render(request, "evaluation/charts.html", {
        "campaign": evaluation.campaign, "evaluation": evaluation, "tab": "charts", "rows": rows, "chart": data,
        "chart_json": json.dumps(data, ensure_ascii=False), "by_source": selectors.ballots_by_source(evaluation),
    })

