"""Opening and closing voting (the state machine of services.common.DEFAULT_WORKFLOW)."""


from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xingping.core import audit
from xingping.evaluation.models import (
    BallotForm,
    BallotToken,
    EvaluationState,
)
from xingping.evaluation.services.ballots import ballot_rubric, seal_storage
from xingping.evaluation.services.common import MAX_CHOICES, MAX_ITEMS, _lock, _snap, workflow
from xingping.evaluation.services.rubric import _add_units
from xingping.evaluation.services.scoring import item_weights, results_compute

# ------------------------------------------------------------------ open / close

def _transition(actor, evaluation, target):
    workflow(evaluation).check(evaluation.state, target)
    old = _snap(evaluation)
    evaluation.state = target
    return old


@transaction.atomic
def evaluation_open(*, actor, evaluation):
    from xingping.evaluation.services.levels import check_overlap

    evaluation = _lock(evaluation)
    if evaluation.is_draft and evaluation.holder.parent_id is None and not evaluation.units_chosen:
        _add_units(evaluation)  # units created since the set-up (e.g. imported) are evaluated too
    check_overlap(campaign=evaluation.campaign, level=evaluation.level,
                  units=list(evaluation.units.values_list("unit_id", flat=True)), exclude=evaluation)
    if not (evaluation.items.exists() and evaluation.choices.exists() and evaluation.units.exists()):
        raise ValidationError(_("The rubric needs at least one item, one choice and one unit."
                                ), code="empty")
    if evaluation.choices.count() > MAX_CHOICES or evaluation.items.count() > MAX_ITEMS:
        raise ValidationError(_("At most %(c)s choices and %(i)s items.")
                              % {"c": MAX_CHOICES, "i": MAX_ITEMS}, code="size")
    old = _transition(actor, evaluation, EvaluationState.OPEN)
    evaluation.opened_at = timezone.now()
    evaluation.layout = {}
    rubric = ballot_rubric(evaluation)
    if evaluation.ballot_form == BallotForm.OVERALL:
        weights = [1.0] + [0.0] * (len(rubric["items"]) - 1)
    else:
        iw = item_weights(evaluation)
        weights = [float(iw[key]) for key, _c, _t, _r in rubric["items"]]
    evaluation.layout = {"form": evaluation.ballot_form, "units": [pk for pk, _code, _name in rubric["units"]],
                         "items": [key for key, _code, _text, _req in rubric["items"]],
                         "required": [req for _k, _c, _t, req in rubric["items"]], "weights": weights,
                         "choices": [[value, points, abstain] for value, _label, points, abstain in rubric["choices"]]}
    evaluation.save()
    audit.record(actor=actor, action="open", obj=evaluation, old=old, new=_snap(evaluation))
    return evaluation


@transaction.atomic
def evaluation_close(*, actor, evaluation):
    evaluation = _lock(evaluation)
    old = _transition(actor, evaluation, EvaluationState.CLOSED)
    evaluation.closed_at = timezone.now()
    evaluation.save()
    BallotToken.objects.filter(evaluation=evaluation, used=False).update(revoked=True)
    seal_storage(evaluation)
    results_compute(evaluation)
    audit.record(actor=actor, action="close", obj=evaluation, old=old, new=_snap(evaluation),
                 note=_("%(n)s ballots") % {"n": evaluation.ballots.count()})
    return evaluation


