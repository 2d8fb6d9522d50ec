"""Writes for outreach: visits, verification checks, liaison records. One transaction each,
validated, audited with old and new values (who entered each record and when: R14.3c)."""

import math
import random

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xingping.core import audit, snapshots
from xingping.orgs.policy import CHANGE, unit_in_scope
from xingping.outreach.models import (
    DIMENSION_FIELDS, EntityConfirmation, LiaisonRecord, Method, Verification, Visit, VisitCheck, VisitKind,
)


def _check_entity_scope(actor, entity):
    if not unit_in_scope(actor, entity.unit, CHANGE) and not (
        actor.unit_id and entity.responsible_id == actor.pk
    ):
        raise ValidationError(_("This entity is outside your area."))


def visit_record(*, actor, entity, visited_on, kind=VisitKind.VISIT, method="onsite", answers=None, opinions="",
                 suggestions="", penalties=(), visitor=None):
    """Record a visit or return visit made by `visitor` (default: the actor) to `entity`."""
    visitor = visitor or actor
    if visitor.unit_id is None:
        raise ValidationError(_("The visitor belongs to no unit."))
    _check_entity_scope(actor, entity)
    today = timezone.localdate()
    if visited_on > today:
        raise ValidationError({"visited_on": _("The visit date is in the future.")})
    penalties = list(penalties)
    if kind == VisitKind.RETURN and any(p.entity_id != entity.pk for p in penalties):
        raise ValidationError({"penalties": _("A penalty of another entity was chosen.")})
    visit = Visit(entity=entity, visitor=visitor, unit=visitor.unit.acting_unit, visited_on=visited_on, kind=kind,
                  method=method, opinions=opinions.strip(), suggestions=suggestions.strip(), entered_by=actor,
                  entered_at=timezone.now(), entry_delay=(today - visited_on).days)
    for name in DIMENSION_FIELDS:
        setattr(visit, name, (answers or {}).get(name))
    try:
        with transaction.atomic():
            visit.save()
            if kind == VisitKind.RETURN and penalties:
                visit.penalties.set(penalties)
            audit.record(actor=actor, action="create", obj=visit, new=audit.snapshot(visit), unit=visit.unit)
            transaction.on_commit(_figures_changed)
    except IntegrityError:
        raise ValidationError(_("This visit is already recorded: same entity, visitor, date and kind."))
    return visit


def visit_correction_refusal(*, visit, campaign, today=None) -> str:
    """Why this visit can no longer be corrected ("" when it can): a verification call has
    confirmed or struck it, the entity visited has confirmed it, or the campaign's time for
    corrections after entry is over."""
    from xingping.outreach.permissions import SETTLED
    from xingping.outreach.selectors import correction_days

    check = VisitCheck.objects.filter(visit_id=visit.pk).values_list("outcome", flat=True).first()
    if visit.verification in SETTLED or check in SETTLED:
        return _("A verification call has confirmed or struck this record; it can no longer be corrected.")
    if EntityConfirmation.objects.filter(visit_id=visit.pk).exists():
        return _("The entity visited has confirmed this record; it can no longer be corrected.")
    days = correction_days(campaign)
    entered_on = timezone.localtime(visit.entered_at).date()
    if ((today or timezone.localdate()) - entered_on).days > days:
        return _("A record can be corrected within %(days)d days of its entry; this one was entered on %(day)s.") % {
            "days": days, "day": entered_on.isoformat()}
    return ""


def visit_correct(*, actor, visit, campaign, reason: str, visited_on, method: str, answers: dict | None = None,
                  opinions: str = "", suggestions: str = "") -> Visit:
    """The recorder corrects a visit record (更正), with a reason. Audited with the values
    before and after (the original values stay in the audit log); refused once a check has
    confirmed or struck the record, or the entity confirmed it, or after the campaign's time
    for corrections (`visit_correction_refusal`)."""
    from xingping.outreach.permissions import CORRECT, policy

    reason = (reason or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = _("Give the reason for the correction.")
    if visited_on is None:
        errors["visited_on"] = _("Give the date of the visit.")
    elif visited_on > timezone.localdate():
        errors["visited_on"] = _("The visit date is in the future.")
    if method not in Method.values:
        errors["method"] = _("Choose how the visit was made.")
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            visit = Visit.objects.select_for_update().get(pk=visit.pk)
            if not policy.user_has_permission_for_instance(actor, CORRECT, visit):
                raise ValidationError(_("Only the one who recorded this visit may correct it."))
            refusal = visit_correction_refusal(visit=visit, campaign=campaign)
            if refusal:
                raise ValidationError(refusal)
            old = audit.snapshot(visit)
            visit.visited_on, visit.method = visited_on, method
            visit.opinions, visit.suggestions = (opinions or "").strip(), (suggestions or "").strip()
            for name in DIMENSION_FIELDS:
                setattr(visit, name, (answers or {}).get(name))
            # the delay from the visit to its entry, for the late-entry flag: the entry stays when it was
            visit.entry_delay = (timezone.localtime(visit.entered_at).date() - visited_on).days
            new = audit.snapshot(visit)
            if audit.diff(old, new) == ({}, {}):
                raise ValidationError(_("Nothing was changed."))
            visit.save()
            audit.record(actor=actor, action="correct", obj=visit, old=old, new=new, unit=visit.unit, note=reason)
            transaction.on_commit(_figures_changed)
    except IntegrityError:
        raise ValidationError({"visited_on": _("This visit is already recorded: same entity, visitor, date and kind."
                                               )})
    return visit


@transaction.atomic
def visit_check_record(*, actor, check, outcome, note=""):
    """Record the outcome of a verification call; a visit found not confirmed stops counting."""
    if outcome not in Verification.values:
        raise ValidationError(_("Unknown outcome."))
    old_check, old_visit = audit.snapshot(check), audit.snapshot(check.visit)
    check.outcome, check.note, check.checked_by, check.checked_at = outcome, note.strip(), actor, timezone.now()
    check.save()
    visit = check.visit
    visit.verification = outcome
    visit.save(update_fields=["verification"])
    audit.record(actor=actor, action="verify", obj=check, old=old_check, new=audit.snapshot(check), unit=check.unit)
    audit.record(actor=actor, action="verify", obj=visit, old=old_visit, new=audit.snapshot(visit), unit=visit.unit,
                 note=_("Found not confirmed by a verification call: flagged to the office and the inspector.") if outcome == Verification.NOT_CONFIRMED else "")
    transaction.on_commit(_figures_changed)
    return check


def _figures_changed():
    snapshots.bump_figures()


def sample_size(count, rate):
    return min(count, math.ceil(count * rate - 1e-9)) if count else 0


@transaction.atomic
def visits_sample(*, actor, campaign, rate, seed, as_of=None):
    """Draw a reproducible random sample of each visiting unit's visits in the campaign window.

    Per unit: its visits in the window ordered by id, `ceil(rate × n)` of them drawn with a
    generator seeded by (seed, unit code); the same data, rate and seed give the same sample.
    Visits already drawn keep their check. Returns the checks of the sample, unit by unit.
    """
    if not 0 < rate <= 1:
        raise ValidationError(_("The rate must be in (0, 1]."))
    end = campaign.window_end(as_of or campaign.last_day)
    rows = (Visit.objects.filter(visited_on__gte=campaign.first_day, visited_on__lte=end)
            .order_by("unit__code", "pk").values_list("pk", "unit_id", "unit__code"))
    by_unit = {}
    for pk, unit_id, code in rows:
        by_unit.setdefault((code, unit_id), []).append(pk)
    drawn = []
    for (code, unit_id), pks in sorted(by_unit.items()):
        rng = random.Random(f"{seed}:{code}")
        drawn += [(unit_id, pk) for pk in sorted(rng.sample(pks, sample_size(len(pks), rate)))]
    existing = set(VisitCheck.objects.filter(visit_id__in=[pk for _u, pk in drawn]).values_list("visit_id", flat=True))
    VisitCheck.objects.bulk_create([
        VisitCheck(visit_id=pk, campaign=campaign, unit_id=unit_id, seed=str(seed))
        for unit_id, pk in drawn if pk not in existing
    ])
    checks = list(VisitCheck.objects.filter(visit_id__in=[pk for _u, pk in drawn])
                  .select_related("unit", "visit__entity", "visit__visitor").order_by("unit__code", "visit_id"))
    from xingping.core.models import AuditEvent

    AuditEvent.objects.create(actor=actor if getattr(actor, "pk", None) else None,
                              actor_name=getattr(actor, "username", "") or "cli", action="sample",
                              object_type="outreach.visitcheck", object_id="-", object_repr=campaign.slug,
                              new={"rate": rate, "seed": str(seed), "drawn": len(checks)})
    return checks


@transaction.atomic
def liaison_record_create(*, actor, entity, kind, done_on, description):
    _check_entity_scope(actor, entity)
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("The date is in the future.")})
    record = LiaisonRecord.objects.create(entity=entity, unit=actor.unit.acting_unit, staff=actor, kind=kind,
                                          done_on=done_on, description=description.strip())
    audit.record(actor=actor, action="create", obj=record, new=audit.snapshot(record), unit=record.unit)
    return record


# ------------------------------------------------------------------ confirmation by the entity visited

def visit_confirm_by_entity(*, code, rating=None, comment=""):
    """The visited entity confirms the visit itself (public page, no account): single use per
    visit (a database constraint), refused for a visit struck by a verification check."""
    from xingping.outreach.models import EntityConfirmation, Satisfaction

    code = (code or "").strip().upper()
    if rating in ("", None):
        rating = None
    else:
        try:
            rating = int(rating)
        except (TypeError, ValueError):
            rating = 0
        if rating not in Satisfaction.values:
            raise ValidationError({"rating": _("Choose a rating from 1 to 5.")})
    try:
        with transaction.atomic():
            visit = Visit.objects.select_for_update().filter(confirm_code=code).first()
            if visit is None:
                raise ValidationError(_("Unknown confirmation code."))
            if visit.verification == Verification.NOT_CONFIRMED:
                raise ValidationError(_("This visit record was struck by a check and cannot be confirmed."))
            if EntityConfirmation.objects.filter(visit=visit).exists():
                raise ValidationError(_("This visit has already been confirmed; a code is used once."))
            confirmation = EntityConfirmation.objects.create(visit=visit, rating=rating, comment=(comment or "").strip()[:500])
            audit.record(actor=None, action="entity_confirm", obj=confirmation, unit=visit.unit,
                         new={"visit": visit.pk, "rating": rating})
    except IntegrityError:
        raise ValidationError(_("This visit has already been confirmed; a code is used once."))
    return confirmation
