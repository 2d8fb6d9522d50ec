"""Evaluations at every level (R13.1, C7): one evaluation per holding unit in a campaign,
assigned units, proposed vetoes. Writes follow services.py's rules (one transaction,
validate, change, audit)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from xingping.core import audit
from xingping.evaluation.models import (
    AgendaItem, BallotToken, EvaluatedUnit, Evaluation, EvaluationState, Evaluator, EvaluatorCategory, MeetingQuestion, Veto,
)
from xingping.evaluation.services.common import _lock, _snap
from xingping.evaluation.services.rubric import _add_units, evaluation_setup
from xingping.orgs.models import Level, OrgUnit


def default_units(holder: OrgUnit):
    """Every unit strictly below the holder that is not a department nor retired."""
    return OrgUnit.objects.active().subtree_of(holder).exclude(pk=holder.pk).exclude(level=Level.DEPARTMENT)


def check_overlap(*, campaign, level: str, units: list, exclude: Evaluation | None = None) -> None:
    """Refuse when an evaluation of the same level in the campaign, not closed yet,
    evaluates one of `units` (unit pks)."""
    clash = (EvaluatedUnit.objects.filter(evaluation__campaign=campaign, evaluation__level=level, unit_id__in=units)
             .exclude(evaluation__state=EvaluationState.CLOSED))
    if exclude is not None:
        clash = clash.exclude(evaluation=exclude)
    clash = clash.select_related("unit", "evaluation__holder").first()
    if clash is not None:
        raise ValidationError(
            _("%(unit)s is already evaluated by the open evaluation of %(holder)s.")
            % {"unit": clash.unit.name, "holder": clash.evaluation.holder.name}, code="overlap")


def _refuse_outside_or_retired(holder: OrgUnit, units, *, on_ballot=()) -> None:
    """A ballot holds units strictly below its holder that are not retired; a unit already
    `on_ballot` (unit pks) may stay there even if retired since, or the holder itself where
    the root's default set-up put it — it may stay, not come back."""
    outside = [u for u in units if not u.path.startswith(holder.path) or (u.pk == holder.pk and u.pk not in on_ballot)]
    if outside:
        raise ValidationError(_("%(unit)s is not below %(holder)s.")
                              % {"unit": outside[0].name, "holder": holder.name}, code="outside")
    retired = [u for u in units if u.retired_on is not None and u.pk not in on_ballot]
    if retired:
        raise ValidationError(_("%(unit)s has been retired and cannot be evaluated.")
                              % {"unit": retired[0].name}, code="retired")


@transaction.atomic
def evaluation_new(*, actor, campaign, holder: OrgUnit, units: list | None = None, ballot_form: str | None = None,
                   min_answered: int | None = None) -> Evaluation:
    """The evaluation `holder` holds over `units` (default: default_units). Refused when
    it exists already, when a unit is not below the holder, or when a unit is evaluated by
    another evaluation of the same level that is not closed."""
    if Evaluation.objects.filter(campaign=campaign, holder=holder).exists():
        raise ValidationError(_("%(unit)s already holds an evaluation in this campaign.")
                              % {"unit": holder.name}, code="exists")
    if units is None:
        units = list(default_units(holder))
    else:
        units = list(units)
        _refuse_outside_or_retired(holder, units)
    if not units:
        raise ValidationError(_("There is no unit to evaluate below %(holder)s.")
                              % {"holder": holder.name}, code="empty")
    check_overlap(campaign=campaign, level=holder.level, units=[u.pk for u in units])
    return evaluation_setup(actor=actor, campaign=campaign, holder=holder, units=units, ballot_form=ballot_form,
                            min_answered=min_answered)


def unit_choices(evaluation: Evaluation):
    """The units the office may put on `evaluation`'s ballot: every unit strictly inside the
    holder's area that is not retired, and those already on the ballot (a unit retired
    since, or the holder itself, which the root's default set-up puts on its ballot, stays
    listed, so that saving the form does not drop it unawares)."""
    holder = evaluation.holder
    on_ballot = evaluation.units.values("unit_id")
    return (OrgUnit.objects.subtree_of(holder)
            .filter((Q(retired_on__isnull=True) & ~Q(pk=holder.pk)) | Q(pk__in=on_ballot)))


@transaction.atomic
def evaluated_units_set(*, actor, evaluation: Evaluation, units: list[OrgUnit]) -> dict:
    """Put exactly `units` on the ballot (and the agenda) of a draft evaluation (评议对象,
    R13.1): the city chooses among its county bureaus, direct branches, departments and
    stations; a county among the units below it.

    Refused, with nothing stored: once voting has opened (or closed); an empty set; a unit
    outside the holder's area (the holder itself too, unless the default set-up put it on
    the ballot already: it may stay, not come back); a retired unit not already on
    the ballot; a unit evaluated by another evaluation of the same level that is not closed
    (`check_overlap`); dropping a unit that has a veto or a meeting question recorded here
    (remove those first: they are the office's records, never deleted silently).

    Assignments stay consistent by dropping what is no longer on the ballot, never by
    refusing: a dropped unit leaves `category_units`, every evaluator's own units and the
    units frozen on ballots already issued and unused. An assignment left empty falls back
    as an empty assignment does everywhere (evaluator → category → every unit of the
    evaluation). Units added later are rated by unassigned evaluators only. Added units go
    to the end of the agenda; a dropped unit's agenda item goes too.

    Returns {"added": [codes], "removed": [codes]}; one audit row with the old and new units
    and assignments."""
    evaluation = _lock(evaluation)
    if not evaluation.is_draft:
        raise ValidationError(_("The evaluated units can only be changed before voting opens."), code="locked")
    holder = evaluation.holder
    wanted = {u.pk: u for u in units}
    if not wanted:
        raise ValidationError(_("Choose at least one unit to evaluate."), code="empty")
    current = {eu.unit_id: eu.unit for eu in evaluation.units.select_related("unit")}
    _refuse_outside_or_retired(holder, wanted.values(), on_ballot=current)
    check_overlap(campaign=evaluation.campaign, level=evaluation.level, units=list(wanted), exclude=evaluation)
    removed = [current[pk] for pk in current if pk not in wanted]
    added = [u for pk, u in wanted.items() if pk not in current]
    gone = {u.pk for u in removed}
    kept = (Veto.objects.filter(evaluation=evaluation, unit_id__in=gone).select_related("unit").first()
            or MeetingQuestion.objects.filter(evaluation=evaluation, unit_id__in=gone).select_related("unit").first())
    if kept is not None:
        raise ValidationError(_("%(unit)s has vetoes or meeting questions recorded in this evaluation; remove them "
                                "before taking the unit off the ballot.") % {"unit": kept.unit.name}, code="records")
    # "evaluated_units", not "units": the audit log would read that as the reverse relation.
    old = {"evaluated_units": sorted(u.code for u in current.values()),
           "category_units": dict(evaluation.category_units or {})}
    if gone:
        EvaluatedUnit.objects.filter(evaluation=evaluation, unit_id__in=gone).delete()
        AgendaItem.objects.filter(evaluation=evaluation, unit_id__in=gone).delete()
        for model in (EvaluatedUnit, AgendaItem):
            rows = list(model.objects.filter(evaluation=evaluation).order_by("order", "pk"))
            for n, row in enumerate(rows, 1):
                row.order = n
            model.objects.bulk_update(rows, ["order"])
        codes = {u.code for u in removed}
        evaluation.category_units = {
            category: [c for c in listed if c not in codes]
            for category, listed in (evaluation.category_units or {}).items() if set(listed) - codes}
        Evaluator.units.through.objects.filter(evaluator__evaluation=evaluation, orgunit_id__in=gone).delete()
        tokens = [t for t in BallotToken.objects.filter(evaluation=evaluation, used=False, revoked=False).only("units")
                  if gone & set(t.units)]
        for token in tokens:
            token.units = [pk for pk in token.units if pk not in gone]
        BallotToken.objects.bulk_update(tokens, ["units"], batch_size=1000)
    _add_units(evaluation, added)
    evaluation.units_chosen = True
    evaluation.save(update_fields=["category_units", "units_chosen", "updated_at"])
    new = {"evaluated_units": sorted(wanted[pk].code for pk in wanted), "category_units": evaluation.category_units}
    audit.record(actor=actor, action="assign", obj=evaluation, old=old, new=new)
    return {"added": sorted(u.code for u in added), "removed": sorted(u.code for u in removed)}


# ------------------------------------------------------------------ assigned units

@transaction.atomic
def category_units_set(*, actor, evaluation: Evaluation, category: str, units: list) -> Evaluation:
    """Evaluators of `category` rate only `units` (empty: every unit) on tokens issued from now on."""
    evaluation = _lock(evaluation)
    if category not in EvaluatorCategory.values:
        raise ValidationError(_("Unknown evaluator category."), code="category")
    on_ballot = set(evaluation.units.values_list("unit_id", flat=True))
    if any(u.pk not in on_ballot for u in units):
        raise ValidationError(_("Not a unit of this evaluation."), code="unit")
    old = _snap(evaluation) | {"category_units": dict(evaluation.category_units)}
    mapping = dict(evaluation.category_units or {})
    if units:
        mapping[str(category)] = sorted(u.code for u in units)
    else:
        mapping.pop(str(category), None)
    evaluation.category_units = mapping
    evaluation.save(update_fields=["category_units", "updated_at"])
    audit.record(actor=actor, action="assign", obj=evaluation, old=old,
                 new=_snap(evaluation) | {"category_units": mapping})
    return evaluation


@transaction.atomic
def evaluator_units_set(*, actor, evaluator: Evaluator, units: list) -> Evaluator:
    """One evaluator rates only `units` (empty: the category's units, else all)."""
    on_ballot = set(evaluator.evaluation.units.values_list("unit_id", flat=True))
    if any(u.pk not in on_ballot for u in units):
        raise ValidationError(_("Not a unit of this evaluation."), code="unit")
    old = sorted(evaluator.units.values_list("code", flat=True))
    evaluator.units.set(units)
    audit.record(actor=actor, action="assign", obj=evaluator, old={"units": old},
                 new={"units": sorted(u.code for u in units)})
    return evaluator
