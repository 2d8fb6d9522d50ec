"""Views (thin: forms in, services called, selectors read).

Office pages run the evaluation; auditors and inspectors read them; a unit's page is
open to whoever may see the unit; the ballot page and the published tally are public."""

from functools import partial

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.shortcuts import render as django_render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_POST

from xingping.campaigns.models import Campaign
from xingping.core.exports import content_disposition, download_name, people_download
from xingping.core.people_tables import BOOL, NUMBER, Column
from xingping.evaluation.permissions import EVALUATORS, INDEX, OVERVIEW, READ, RUN, SETUP, policy
from xingping.evaluation.templatetags.evaluation_urls import ev_reverse
from xingping.orgs.permissions import policy as orgs_policy
from xingping.orgs.policy import VIEW, get_for_user_or_404, policy_required, public_view
from xingping.evaluation import charts_choices, forms, selectors, services
from xingping.orgs.models import OrgUnit
from xingping.evaluation.models import (
    AdmonishmentTalk,
    AgendaItem,
    Evaluator,
    Evaluation,
    EvaluatorCategory,
    MeetingQuestion,
    RectificationFollowUp,
    RubricArea,
    RubricChoice,
    RubricItem,
    UnitResult,
    Veto,
)



def render(request, template, context=None, **kwargs):
    """Every evaluation page gets the policy's `can_*` flags for its evaluation (templates
    never see roles)."""
    context = context or {}
    flags = policy.flags(request.user, context.get("evaluation"))
    return django_render(request, template, {**flags, **context}, **kwargs)


def _campaign(slug):
    return get_object_or_404(Campaign, slug=slug)


def _evaluation(request, slug, holder, action):
    """The evaluation held by `holder` (a unit code; None: the root's) in the campaign, if
    `request.user` may `action` it; 404 for missing and forbidden alike."""
    lookup = {"campaign__slug": slug, **({"holder__parent__isnull": True} if holder is None else {"holder__code": holder})}
    queryset = Evaluation.objects.select_related("campaign", "holder", "current_agenda__unit")
    return get_for_user_or_404(policy, request.user, action, queryset=queryset, **lookup)


def _evaluation_of(slug, holder):
    """The evaluation, for pages whose access is decided by something else (a unit's page,
    the public tally)."""
    lookup = {"campaign__slug": slug, **({"holder__parent__isnull": True} if holder is None else {"holder__code": holder})}
    return get_object_or_404(Evaluation.objects.select_related("campaign", "holder"), **lookup)


def _go(name, evaluation, *args, anchor=""):
    return redirect(ev_reverse(name, evaluation, *args) + anchor)


def _may_run(request, evaluation):
    return policy.user_has_permission_for_instance(request.user, RUN, evaluation)


def _num(value):
    return None if value is None else float(value)


def _fail(request, exc):
    for message in exc.messages:
        messages.error(request, message)


def _form_fail(form, exc):
    for message in exc.messages:
        form.add_error(None, message)


def _saved(request, evaluation, form, save, success, done):
    """The POST half of an edit page: validate `form`, call `save(**cleaned_data)`, then a
    message and `done` (a redirect); None when the page is to be shown (again) with the
    errors on the form and what was typed kept. Writes are the office's only."""
    if request.method != "POST":
        return None
    if not _may_run(request, evaluation):
        raise Http404
    if not form.is_valid():
        return None
    try:
        save(**form.cleaned_data)
    except ValidationError as exc:
        _form_fail(form, exc)
        return None
    messages.success(request, success)
    return done


def _page(request, template, evaluation, tab, **context):
    return render(request, template, {"evaluation": evaluation, "campaign": evaluation.campaign, "tab": tab, **context})


# ------------------------------------------------------------------ overview

@policy_required(policy, INDEX)
def index(request):
    campaign = Campaign.objects.current()
    if campaign is None:
        return render(request, "evaluation/no_campaign.html")
    return redirect("evaluation:overview", slug=campaign.slug)


@policy_required(policy, OVERVIEW)
def overview(request, slug, holder=None):
    campaign = _campaign(slug)
    if holder is None and selectors.evaluation_for(campaign) is None:  # the root's, not set up yet
        if not policy.user_has_permission(request.user, INDEX):
            raise Http404
        return render(request, "evaluation/overview.html", {"campaign": campaign, "evaluation": None, "tab": "overview"})
    evaluation = _evaluation(request, slug, holder, OVERVIEW)
    my_units = orgs_policy.instances_user_has_permission_for(request.user, VIEW).evaluated().filter(
        pk__in=evaluation.units.values("unit_id")).order_by("path")[:50]
    return _page(request, "evaluation/overview.html", evaluation, "overview",
                 tokens=selectors.token_counts(evaluation), ballots=selectors.ballot_count(evaluation),
                 my_units=my_units, unit_count=evaluation.units.count(), item_count=evaluation.items.count(),
                 evaluator_count=evaluation.evaluators.count())


@require_POST
@policy_required(policy, SETUP)
def setup(request, slug):
    campaign = _campaign(slug)
    services.evaluation_setup(actor=request.user, campaign=campaign)
    messages.success(request, _("The evaluation is set up from the campaign's rubric."))
    return redirect("evaluation:overview", slug=slug)


# ------------------------------------------------------------------ rubric

@policy_required(policy, OVERVIEW)
def rubric(request, slug, holder=None):
    evaluation = _evaluation(request, slug, holder, OVERVIEW)
    form = forms.ScoringForm(initial={
        "democratic_weight": evaluation.democratic_weight, "work_weight": evaluation.work_weight,
        "grades": forms.ScoringForm.grades_text(evaluation.grades), "min_group_size": evaluation.min_group_size,
        "progress_every_days": evaluation.progress_every_days, "meeting_title": evaluation.meeting_title,
        "meeting_on": evaluation.meeting_on, "meeting_place": evaluation.meeting_place,
        "ballot_form": evaluation.ballot_form, "min_answered": evaluation.min_answered,
        "allow_abstain": "1" if evaluation.allow_abstain else "0",
    })
    if request.method == "POST":
        form = forms.ScoringForm(request.POST)
        done = _saved(request, evaluation, form, partial(services.scoring_update, actor=request.user, evaluation=evaluation),
                      _("Scoring rules saved."), _go("evaluation:rubric", evaluation))
        if done:
            return done
        if not evaluation.is_draft:  # the form is not shown any more: say why
            _fail(request, ValidationError(form.non_field_errors()))
    areas = evaluation.areas.prefetch_related("items")
    return _page(request, "evaluation/rubric.html", evaluation, "rubric", areas=areas,
                 choices=evaluation.choices.all(), form=form, editable=evaluation.is_draft and _may_run(request, evaluation))


RUBRIC_KINDS = {
    "area": (RubricArea, forms.AreaForm, services.rubric_area_save, ("code", "name", "name_en", "weight", "order")),
    "item": (RubricItem, forms.ItemForm, services.rubric_item_save, ("area", "code", "text", "weight", "order")),
    "choice": (RubricChoice, forms.ChoiceForm, services.rubric_choice_save, ("value", "label", "label_en", "points")),
}


@policy_required(policy, RUN)
def rubric_edit(request, slug, kind, pk=None, holder=None):
    """Add or change an area, item or choice (refused once voting opened)."""
    evaluation = _evaluation(request, slug, holder, RUN)
    if kind not in RUBRIC_KINDS:
        raise Http404
    model, form_class, save, fields = RUBRIC_KINDS[kind]
    obj = get_object_or_404(model, pk=pk, evaluation=evaluation) if pk else None
    extra = {"evaluation": evaluation} if kind == "item" else {}
    initial = {f: getattr(obj, f) for f in fields} if obj else {}
    form = form_class(request.POST or None, initial=initial, **extra)
    done = _saved(request, evaluation, form, partial(save, actor=request.user, evaluation=evaluation, **{kind: obj}),
                  _("Saved."), _go("evaluation:rubric", evaluation))
    return done or _page(request, "evaluation/rubric_edit.html", evaluation, "rubric", form=form, obj=obj, kind=kind)


@require_POST
@policy_required(policy, RUN)
def rubric_delete(request, slug, kind, pk, holder=None):
    evaluation = _evaluation(request, slug, holder, RUN)
    if kind not in RUBRIC_KINDS:
        raise Http404
    obj = get_object_or_404(RUBRIC_KINDS[kind][0], pk=pk, evaluation=evaluation)
    try:
        services.rubric_entry_delete(actor=request.user, evaluation=evaluation, obj=obj)
        messages.success(request, _("Deleted."))
    except ValidationError as exc:
        _fail(request, exc)
    return _go("evaluation:rubric", evaluation)


# ------------------------------------------------------------------ evaluators and ballot sheets

@policy_required(policy, EVALUATORS)
def evaluators(request, slug, holder=None):
    evaluation = _evaluation(request, slug, holder, EVALUATORS)
    form = forms.EvaluatorForm(request.POST or None)
    done = _saved(request, evaluation, form, partial(services.evaluator_save, actor=request.user, evaluation=evaluation),
                  _("Evaluator registered."), _go("evaluation:evaluators", evaluation))
    if done:
        return done
    people = list(selectors.evaluators_with_tokens(evaluation).prefetch_related("units"))
    return _page(request, "evaluation/evaluators.html", evaluation, "evaluators", form=form, people=people,
                 issue_form=forms.IssueForm(), tokens=selectors.token_counts(evaluation),
                 assign_form=forms.CategoryUnitsForm(units=_units(evaluation)),
                 assignments=selectors.category_assignments(evaluation))


def _units(evaluation):
    return OrgUnit.objects.filter(pk__in=evaluation.units.values("unit_id")).order_by("depth", "sort_order", "path")


@require_POST
@policy_required(policy, RUN)
def category_assign(request, slug, holder=None):
    """Evaluators of a category rate only the ticked units (none ticked: every unit)."""
    evaluation = _evaluation(request, slug, holder, RUN)
    form = forms.CategoryUnitsForm(request.POST, units=_units(evaluation))
    if not form.is_valid():
        _fail(request, ValidationError(_("Choose a category and units of this evaluation.")))
        return _go("evaluation:evaluators", evaluation)
    try:
        services.category_units_set(actor=request.user, evaluation=evaluation, category=form.cleaned_data["category"],
                                    units=list(form.cleaned_data["units"]))
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Assigned units saved; they apply to ballots issued from now on."))
    return _go("evaluation:evaluators", evaluation)


@policy_required(policy, RUN)
def evaluator_units(request, slug, pk, holder=None):
    """The units one evaluator rates (none ticked: the category's, else every unit)."""
    evaluation = _evaluation(request, slug, holder, RUN)
    evaluator = get_object_or_404(Evaluator, pk=pk, evaluation=evaluation)
    form = forms.UnitsForm(request.POST or None, units=_units(evaluation),
                           initial={"units": list(evaluator.units.values_list("code", flat=True))})
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluator_units_set(actor=request.user, evaluator=evaluator, units=list(form.cleaned_data["units"]))
        except ValidationError as exc:
            _form_fail(form, exc)
        else:
            messages.success(request, _("Assigned units saved; they apply to ballots issued from now on."))
            return _go("evaluation:evaluators", evaluation)
    return _page(request, "evaluation/evaluator_units.html", evaluation, "evaluators", form=form, person=evaluator)


@require_POST
@policy_required(policy, RUN)
def evaluator_delete(request, slug, pk, holder=None):
    evaluation = _evaluation(request, slug, holder, RUN)
    services.evaluator_delete(actor=request.user, evaluator=get_object_or_404(Evaluator, pk=pk, evaluation=evaluation))
    messages.success(request, _("Deleted."))
    return _go("evaluation:evaluators", evaluation)


@require_POST
@policy_required(policy, RUN)
def ballots_issue(request, slug, holder=None):
    """Issue tokens and print them in the same response: only hashes are kept, so this
    sheet cannot be shown again (issuing again revokes the evaluators' old ballots)."""
    evaluation = _evaluation(request, slug, holder, RUN)
    form = forms.IssueForm(request.POST)
    if not form.is_valid():
        _fail(request, ValidationError(_("Check the ballot numbers.")))
        return _go("evaluation:evaluators", evaluation)
    people = {"none": evaluation.evaluators.none(), "all": evaluation.evaluators.all(),
              "missing": selectors.evaluators_with_tokens(evaluation).filter(valid_tokens=0, voted=0)}[form.cleaned_data["named"]]
    try:
        issued = services.tokens_issue(actor=request.user, evaluation=evaluation, evaluators=people,
                                       count=form.cleaned_data["count"], category=form.cleaned_data["category"])
    except ValidationError as exc:
        _fail(request, exc)
        return _go("evaluation:evaluators", evaluation)
    labels = dict(EvaluatorCategory.choices)
    sheets = []
    for evaluator, category, token in issued:
        url = services.ballot_url(token, request)
        sheets.append({"evaluator": evaluator, "category": labels[category], "url": url,
                       "qr": segno.make(url, error="m").svg_data_uri(scale=4, border=2)})
    if not sheets:
        messages.info(request, _("No ballot was issued."))
        return _go("evaluation:evaluators", evaluation)
    response = render(request, "evaluation/ballot_sheet.html", {"evaluation": evaluation, "sheets": sheets})
    response["Cache-Control"] = "no-store"
    return response


# ------------------------------------------------------------------ meeting

@policy_required(policy, READ)
def meeting(request, slug, holder=None):
    evaluation = _evaluation(request, slug, holder, READ)
    agenda = list(evaluation.agenda.select_related("unit"))
    questions = {}
    for q in evaluation.questions.select_related("unit"):
        questions.setdefault(q.unit_id, []).append(q)
    for item in agenda:
        item.question_list = questions.get(item.unit_id, [])
    return _page(request, "evaluation/meeting.html", evaluation, "meeting", agenda=agenda,
                 ballots=selectors.ballot_count(evaluation), tokens=selectors.token_counts(evaluation),
                 question_form=forms.QuestionForm(), answer_form=forms.AnswerForm(),
                 office=_may_run(request, evaluation))


def _meeting(evaluation):
    return _go("evaluation:meeting", evaluation)


@require_POST
@policy_required(policy, RUN)
def voting(request, slug, action, holder=None):
    evaluation = _evaluation(request, slug, holder, RUN)
    func = {"open": services.evaluation_open, "close": services.evaluation_close}.get(action)
    if func is None:
        raise Http404
    try:
        func(actor=request.user, evaluation=evaluation)
    except ValidationError as exc:
        _fail(request, exc)
        return _meeting(evaluation)
    if action == "close":
        messages.success(request, _("Voting is closed."))
        return _go("evaluation:results", evaluation)
    messages.success(request, _("Voting is open."))
    return _meeting(evaluation)


@require_POST
@policy_required(policy, RUN)
def agenda_edit(request, slug, pk, holder=None):
    evaluation = _evaluation(request, slug, holder, RUN)
    item = get_object_or_404(AgendaItem, pk=pk, evaluation=evaluation)
    if request.POST.get("current"):
        services.agenda_set_current(actor=request.user, evaluation=evaluation, item=item)
    else:
        form = forms.AgendaForm(request.POST)
        if form.is_valid():
            services.agenda_update(actor=request.user, item=item, **form.cleaned_data)
    return _go("evaluation:meeting", evaluation, anchor=f"#agenda-{item.pk}")


def _unit_post(request, form, save, invalid, success=""):
    """A small POST form that names a unit (question, veto): messages either way."""
    if not form.is_valid():
        _fail(request, ValidationError(invalid))
        return
    data = dict(form.cleaned_data)
    unit = get_object_or_404(OrgUnit, pk=data.pop("unit"))
    try:
        save(unit=unit, **data)
    except ValidationError as exc:
        _fail(request, exc)
        return
    if success:
        messages.success(request, success)


@require_POST
@policy_required(policy, RUN)
def question_add(request, slug, holder=None):
    evaluation = _evaluation(request, slug, holder, RUN)
    _unit_post(request, forms.QuestionForm(request.POST),
               partial(services.question_record, actor=request.user, evaluation=evaluation),
               _("Write the question."))
    return _meeting(evaluation)


@require_POST
@policy_required(policy, RUN)
def question_answer(request, slug, pk, holder=None):
    evaluation = _evaluation(request, slug, holder, RUN)
    question = get_object_or_404(MeetingQuestion, pk=pk, evaluation=evaluation)
    form = forms.AnswerForm(request.POST)
    if form.is_valid():
        services.question_answer(actor=request.user, question=question, **form.cleaned_data)
    else:
        _fail(request, ValidationError(_("Write the answer.")))
    return _meeting(evaluation)


@policy_required(policy, READ)
def live(request, slug, holder=None):
    evaluation = _evaluation(request, slug, holder, READ)
    context = {"evaluation": evaluation, "ballots": selectors.ballot_count(evaluation),
               "tokens": selectors.token_counts(evaluation)}
    if request.htmx:
        return render(request, "evaluation/partials/live_count.html", context)
    return render(request, "evaluation/live.html", context)


# ------------------------------------------------------------------ results

@policy_required(policy, READ)
def results(request, slug, holder=None):
    evaluation = _evaluation(request, slug, holder, READ)
    if not evaluation.is_closed:
        return _page(request, "evaluation/results.html", evaluation, "results", rows=None)
    rows = list(selectors.results(evaluation))
    items = list(evaluation.items.select_related("area"))
    breakdown = selectors.item_breakdown(evaluation)
    matrix = [(r, [breakdown.get((r.unit_id, i.pk), {}).get("avg") for i in items]) for r in rows]
    shown, hidden = selectors.category_breakdown(evaluation)
    categories = [(label, n) for label, n, _scores in shown]
    category_matrix = [(r, [scores.get(r.unit_id) for _label, _n, scores in shown]) for r in rows]
    choice_chart = charts_choices.choice_distribution(evaluation)
    choice_rows = [(name, [c["counts"][n] for c in choice_chart["choices"]]) for n, name in enumerate(choice_chart["units"])]
    return _page(request, "evaluation/results.html", evaluation, "results", rows=rows, items=items, matrix=matrix,
                 choice_chart=choice_chart, choice_rows=choice_rows, category_chart=charts_choices.category_chart(evaluation),
                 by_source=selectors.ballots_by_source(evaluation),
                 categories=categories, category_matrix=category_matrix, hidden=hidden, ballots=selectors.ballot_count(evaluation),
                 vetoes=evaluation.vetoes.select_related("unit"), veto_form=forms.VetoForm(),
                 candidates=selectors.veto_candidates(evaluation) if not evaluation.consequences_applied_at else [],
                 units=[r.unit for r in rows], office=_may_run(request, evaluation),
                 followups=evaluation.followups.select_related("unit", "plan"),
                 talks=evaluation.talks.select_related("unit"))


def _rc(label):
    return pgettext_lazy("results column", label)


@policy_required(policy, READ)
def results_export(request, slug, holder=None):
    evaluation = _evaluation(request, slug, holder, READ)
    if not evaluation.is_closed:
        raise Http404
    rows = list(selectors.results(evaluation))
    title = evaluation.campaign.title
    fmt, unit_name = request.GET.get("fmt", "xlsx"), evaluation.holder.name  # the holding unit's results
    if request.GET.get("by") == "item":
        items = list(evaluation.items.select_related("area"))
        breakdown = selectors.item_breakdown(evaluation)
        labels = list(evaluation.choices.order_by("abstain", "-value").values_list("label", flat=True))  # the layout order
        columns = [
            Column(_rc("Unit code"), lambda c: c[0].unit.code), Column(_rc("Unit"), lambda c: c[0].unit.name),
            Column(_rc("Area"), lambda c: c[1].area.name), Column(_rc("Item code"), lambda c: c[1].code),
            Column(_rc("Item"), lambda c: c[1].text), Column(_rc("Scores"), lambda c: c[2]["n"], NUMBER),
            *[Column(label, lambda c, j=j: c[2]["counts"][j], NUMBER) for j, label in enumerate(labels)],
            Column(_rc("Average points"), lambda c: round(c[2]["avg"] or 0, 2), NUMBER, number_format="0.00"),
        ]
        empty = {"n": 0, "avg": 0, "counts": [0] * len(labels)}
        cells = [(r, i, breakdown.get((r.unit_id, i.pk), empty)) for r in rows for i in items]
        return people_download(title=f"{title}-{_('results by item')}", unit_name=unit_name, columns=columns, rows=cells,
                               ascii_name=f"{evaluation.campaign.slug}-items", fmt=fmt, sheet_title=_("results by item"))
    columns = [
        Column(_rc("Rank"), "rank", NUMBER), Column(_rc("Unit code"), "unit.code"), Column(_rc("Unit"), "unit.name"),
        Column(_rc("Democratic score"), lambda r: _num(r.democratic_score), NUMBER, number_format="0.00"),
        Column(_rc("Work score"), lambda r: _num(r.work_score), NUMBER, number_format="0.00"),
        Column(_rc("Composite score"), lambda r: _num(r.score), NUMBER, number_format="0.00"),
        Column(_rc("Grade"), "grade_label"), Column(_rc("Vetoed"), "vetoed", BOOL),
    ]
    return people_download(title=f"{title}-{_('results by unit')}", unit_name=unit_name, columns=columns, rows=rows,
                           ascii_name=f"{evaluation.campaign.slug}-units", fmt=fmt, sheet_title=_("results by unit"))


@require_POST
@policy_required(policy, RUN)
def veto_add(request, slug, holder=None):
    evaluation = _evaluation(request, slug, holder, RUN)
    _unit_post(request, forms.VetoForm(request.POST),
               partial(services.veto_record, actor=request.user, evaluation=evaluation),
               _("Choose a unit and give the reason."), _("Veto recorded."))
    return _go("evaluation:results", evaluation)


@require_POST
@policy_required(policy, RUN)
def veto_confirm(request, slug, pk, holder=None):
    """The office confirms a veto proposed from a verified serious misconduct case."""
    evaluation = _evaluation(request, slug, holder, RUN)
    try:
        services.veto_confirm(actor=request.user, veto=get_object_or_404(Veto, pk=pk, evaluation=evaluation))
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Veto confirmed."))
    return _go("evaluation:results", evaluation)


@require_POST
@policy_required(policy, RUN)
def recompute(request, slug, holder=None):
    """Results again, e.g. after the figures engine is fixed."""
    evaluation = _evaluation(request, slug, holder, RUN)
    try:
        services.results_recompute(actor=request.user, evaluation=evaluation)
    except ValidationError as exc:
        _fail(request, exc)
    else:
        evaluation.refresh_from_db(fields=["work_unavailable"])
        if evaluation.work_unavailable:
            messages.warning(request, _("The work score is still unavailable; results wait."))
        else:
            messages.success(request, _("Results computed again."))
    return _go("evaluation:results", evaluation)


@require_POST
@policy_required(policy, RUN)
def veto_delete(request, slug, pk, holder=None):
    evaluation = _evaluation(request, slug, holder, RUN)
    try:
        services.veto_remove(actor=request.user, veto=get_object_or_404(Veto, pk=pk, evaluation=evaluation))
    except ValidationError as exc:
        _fail(request, exc)
    return _go("evaluation:results", evaluation)


@require_POST
@policy_required(policy, RUN)
def consequences(request, slug, holder=None):
    evaluation = _evaluation(request, slug, holder, RUN)
    try:
        if request.POST.get("followups"):
            n = services.followups_advance(actor=request.user, evaluation=evaluation)
            messages.success(request, _("%(n)s progress reports scheduled.") % {"n": n})
        else:
            services.consequences_apply(actor=request.user, evaluation=evaluation)
            messages.success(request, _("Consequences applied."))
    except ValidationError as exc:
        _fail(request, exc)
    return _go("evaluation:results", evaluation)


@policy_required(policy, RUN)
def talk_edit(request, slug, pk, holder=None):
    evaluation = _evaluation(request, slug, holder, RUN)
    talk = get_object_or_404(AdmonishmentTalk, pk=pk, evaluation=evaluation)
    form = forms.TalkForm(request.POST or None, initial={"state": talk.state, "held_on": talk.held_on, "notes": talk.notes})
    done = _saved(request, evaluation, form, partial(services.talk_update, actor=request.user, talk=talk), _("Saved."),
                  _go("evaluation:unit", evaluation, talk.unit.code))
    return done or _page(request, "evaluation/talk_edit.html", evaluation, "results", form=form, talk=talk)


@policy_required(policy, READ)
def commendation(request, slug, holder=None):
    evaluation = _evaluation(request, slug, holder, READ)
    notice = getattr(evaluation, "commendation", None)
    if notice is None:
        raise Http404
    if request.GET.get("format") == "docx":
        from xingping.evaluation.documents import commendation_docx

        response = HttpResponse(commendation_docx(notice),
                                content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        name = download_name(notice.signatory or evaluation.holder.name, notice.title, notice.issued_on.isoformat())
        response["Content-Disposition"] = content_disposition(f"{name}.docx", f"commendation_{notice.issued_on}.docx")
        return response
    fields = ("title", "addressee", "body", "signatory", "issued_on")
    form = forms.CommendationForm(request.POST or None, initial={f: getattr(notice, f) for f in fields})
    done = _saved(request, evaluation, form, partial(services.commendation_update, actor=request.user, notice=notice),
                  _("Saved."), _go("evaluation:commendation", evaluation))
    return done or _page(request, "evaluation/commendation.html", evaluation, "results", form=form, notice=notice,
                 office=_may_run(request, evaluation))


def unit_page(request, slug, code, holder=None):
    """A unit's evaluation: result, per-item scores, vetoes and consequences (scoped)."""
    evaluation = _evaluation_of(slug, holder)
    unit = get_for_user_or_404(orgs_policy, request.user, VIEW, code=code)
    if not evaluation.units.filter(unit=unit).exists():
        raise Http404
    result = UnitResult.objects.filter(evaluation=evaluation, unit=unit).first() if evaluation.is_closed else None
    items, breakdown = [], {}
    if result:
        items = list(evaluation.items.select_related("area"))
        breakdown = selectors.item_breakdown(evaluation)
        items = [(i, breakdown.get((unit.pk, i.pk), {}).get("avg")) for i in items]
    notice = getattr(evaluation, "commendation", None)
    return _page(request, "evaluation/unit.html", evaluation, "results", unit=unit, result=result, items=items,
                 vetoes=Veto.objects.filter(evaluation=evaluation, unit=unit),
                 talk=AdmonishmentTalk.objects.filter(evaluation=evaluation, unit=unit).first(),
                 followup=RectificationFollowUp.objects.filter(evaluation=evaluation, unit=unit).select_related("plan").first(),
                 deliverables=evaluation.campaign.deliverables.filter(owner_unit=unit, code__startswith="eval-"),
                 commended=bool(notice and notice.units.filter(pk=unit.pk).exists()),
                 questions=MeetingQuestion.objects.filter(evaluation=evaluation, unit=unit),
                 office=_may_run(request, evaluation), readers=policy.user_has_permission_for_instance(request.user, READ, evaluation))


# ------------------------------------------------------------------ public

@public_view
def ballot_page(request, token):
    """The evaluator's phone page: scores from the API, posts to it, shows the receipt."""
    status = 200
    try:
        tok = services.token_lookup(token)
        problem = None if tok.evaluation.is_open else (
            _("Voting has not opened yet.") if tok.evaluation.is_draft else _("Voting is closed."))
        evaluation = tok.evaluation
    except services.BallotError as err:
        problem, status, evaluation = err.detail, err.status, None
    response = render(request, "evaluation/ballot.html", {
        "token": token, "problem": problem, "evaluation": evaluation,
        "api_url": reverse("evaluation-ballot-api", args=[token]),
    }, status=status)
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


@public_view
def tally(request, slug, holder=None):
    """The published tally: every receipt code, once voting is closed (public)."""
    evaluation = _evaluation_of(slug, holder)
    if not evaluation.is_closed:
        raise Http404
    codes = selectors.tally(evaluation)
    query = request.GET.get("receipt", "").strip().upper()
    return render(request, "evaluation/tally.html", {"evaluation": evaluation, "codes": codes, "query": query,
                                                     "found": query in codes if query else None})
