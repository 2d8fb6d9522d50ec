"""Evaluations at every level (R13.1, C7): one evaluation per holding unit in a campaign,
assigned units, proposed vetoes. Writes follow services.py's rules (one transaction,
validate, change, audit)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from xingping.core import audit
from xingping.evaluation.models import EvaluatedUnit, Evaluation, EvaluationState, Evaluator, EvaluatorCategory
from xingping.evaluation.services.common import _lock, _snap
from xingping.evaluation.services.rubric import evaluation_setup
from xingping.orgs.models import Level, OrgUnit


def default_units(holder: OrgUnit):
    """Every unit strictly below the holder that is not a department."""
    return OrgUnit.objects.subtree_of(holder).exclude(pk=holder.pk).exclude(level=Level.DEPARTMENT)


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
        outside = [u for u in units if not u.path.startswith(holder.path) or u.pk == holder.pk]
        if outside:
            raise ValidationError(_("%(unit)s is not below %(holder)s.")
                                  % {"unit": outside[0].name, "holder": holder.name}, code="outside")
    if not units:
        raise ValidationError(_("There is no unit to evaluate below %(holder)s.")
                              % {"holder": holder.name}, code="empty")
    check_overlap(campaign=campaign, level=holder.level, units=[u.pk for u in units])
    return evaluation_setup(actor=actor, campaign=campaign, holder=holder, units=units, ballot_form=ballot_form,
                            min_answered=min_answered)


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
