"""Vetoes (一票否决): recorded by the office, proposed from verified cases and confirmed; results recomputed."""


from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from xingping.core import audit
from xingping.evaluation.models import (
    Evaluation,
    Veto,
)
from xingping.evaluation.services.common import _lock
from xingping.evaluation.services.scoring import results_compute


@transaction.atomic
def veto_record(*, actor, evaluation, unit, reason, reference=""):
    evaluation = _lock(evaluation)
    if evaluation.consequences_applied_at:
        raise ValidationError(_("Consequences have been applied; results can no longer change."
                                ), code="final")
    if not reason.strip():
        raise ValidationError(_("Give the reason."), code="reason")
    if not evaluation.units.filter(unit=unit).exists():
        raise ValidationError(_("Not a unit of this evaluation."), code="unit")
    veto = Veto.objects.create(evaluation=evaluation, unit=unit, reason=reason.strip(), reference=reference.strip(),
                               recorded_by=actor)
    audit.record(actor=actor, action="veto", obj=veto, new=audit.snapshot(veto))
    if evaluation.is_closed:
        results_compute(evaluation)
    return veto


@transaction.atomic
def veto_remove(*, actor, veto):
    evaluation = _lock(veto.evaluation)
    if evaluation.consequences_applied_at:
        raise ValidationError(_("Consequences have been applied; results can no longer change."
                                ), code="final")
    audit.record(actor=actor, action="delete", obj=veto, old=audit.snapshot(veto))
    veto.delete()
    if evaluation.is_closed:
        results_compute(evaluation)


# ------------------------------------------------------------------ vetoes proposed from cases

def veto_rule(campaign) -> dict:
    """Which cases propose a veto (campaign rules, data): kinds, and found true."""
    return {"kinds": ["misconduct"], **((campaign.rules.get("scoring") or {}).get("veto_from_cases") or {})}


@transaction.atomic
def veto_propose_for_case(*, case) -> list:
    """A verified serious misconduct case about a unit proposes a veto in every
    evaluation of the case's campaign that evaluates the unit and whose consequences are
    not applied yet (the office confirms). Idempotent per (evaluation, case number)."""
    if not (case.verified and case.subject_unit_id and case.campaign_id):
        return []
    if case.kind not in veto_rule(case.campaign)["kinds"]:
        return []
    created = []
    for evaluation in Evaluation.objects.filter(campaign_id=case.campaign_id, consequences_applied_at__isnull=True,
                                                units__unit_id=case.subject_unit_id):
        if Veto.objects.filter(evaluation=evaluation, unit_id=case.subject_unit_id, reference=case.number).exists():
            continue
        veto = Veto.objects.create(
            evaluation=evaluation, unit_id=case.subject_unit_id, proposed=True, reference=case.number,
            reason=_("Verified misconduct case %(number)s.") % {"number": case.number},
        )
        audit.record(actor=None, action="veto_proposed", obj=veto, new=audit.snapshot(veto))
        created.append(veto)
    return created


@transaction.atomic
def veto_confirm(*, actor, veto: Veto) -> Veto:
    """The office confirms a proposed veto: from now on it counts."""
    evaluation = _lock(veto.evaluation)
    if evaluation.consequences_applied_at:
        raise ValidationError(_("Consequences have been applied; results can no longer change."
                                ), code="final")
    if not veto.proposed:
        raise ValidationError(_("This veto is already confirmed."), code="confirmed")
    old = audit.snapshot(veto)
    veto.proposed = False
    veto.recorded_by = actor
    veto.save(update_fields=["proposed", "recorded_by", "updated_at"])
    audit.record(actor=actor, action="veto", obj=veto, old=old, new=audit.snapshot(veto))
    if evaluation.is_closed:
        results_compute(evaluation)
    return veto


@transaction.atomic
def results_recompute(*, actor, evaluation: Evaluation) -> list:
    """Compute a closed evaluation's results again (after the figures engine is fixed)."""
    evaluation = _lock(evaluation)
    if not evaluation.is_closed:
        raise ValidationError(_("Close voting first."), code="state")
    rows = results_compute(evaluation)
    audit.record(actor=actor, action="recompute", obj=evaluation, new={"work_unavailable": evaluation.work_unavailable})
    return rows
