"""Evaluators and their single-use ballot tokens."""

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xingping.core import audit
from xingping.evaluation.models import (
    BallotToken,
    Evaluator,
    EvaluatorCategory,
)
from xingping.evaluation.services.common import _lock, hash_token

# ------------------------------------------------------------------ evaluators and tokens

@transaction.atomic
def evaluator_save(*, actor, evaluation, evaluator=None, name, category, organisation="", phone=""):
    if category not in EvaluatorCategory.values:
        raise ValidationError(_("Unknown evaluator category."), code="category")
    if not name.strip():
        raise ValidationError(_("A name is required."), code="name")
    old = audit.snapshot(evaluator) if evaluator else None
    evaluator = evaluator or Evaluator(evaluation=evaluation)
    evaluator.name, evaluator.category = name.strip(), category
    evaluator.organisation, evaluator.phone = organisation.strip(), phone.strip()
    evaluator.save()
    audit.record(actor=actor, action="update" if old else "create", obj=evaluator, old=old, new=audit.snapshot(evaluator))
    return evaluator


@transaction.atomic
def evaluator_delete(*, actor, evaluator):
    BallotToken.objects.filter(evaluator=evaluator, used=False).update(revoked=True)
    audit.record(actor=actor, action="delete", obj=evaluator, old=audit.snapshot(evaluator))
    evaluator.delete()


def token_units(evaluation, *, evaluator=None, category):
    """The unit pks a new token serves: the evaluator's own assignment, else its category's
    (`Evaluation.category_units`), else [] = every unit of the evaluation."""
    if evaluator is not None:
        own = [u.pk for u in evaluator.units.all()]
        if own:
            return sorted(own)
    codes = (evaluation.category_units or {}).get(category)
    if codes:
        return sorted(evaluation.units.filter(unit__code__in=codes).values_list("unit_id", flat=True))
    return []


@transaction.atomic
def tokens_issue(*, actor, evaluation, evaluators=(), count=0, category=EvaluatorCategory.CITIZEN):
    """New single-use tokens: one per evaluator who has not voted yet (revoking that
    evaluator's unused ones) plus `count` anonymous ones of `category`. Each token serves
    only its assigned units (token_units). Returns [(evaluator or None, category, token)]:
    the raw tokens exist only in this return value (print them now)."""
    evaluation = _lock(evaluation)
    if evaluation.is_closed:
        raise ValidationError(_("Voting is closed; no more ballots can be issued."), code="closed")
    if category not in EvaluatorCategory.values:
        raise ValidationError(_("Unknown evaluator category."), code="category")
    if count < 0 or count > 20000:
        raise ValidationError(_("Issue between 0 and 20000 anonymous ballots at a time."),
                              code="count")
    evaluators = list(Evaluator.objects.filter(pk__in=[e.pk for e in evaluators]).prefetch_related("units"))
    # Each evaluator is counted once (R13.4): whoever has voted gets no new ballot.
    voted = set(BallotToken.objects.filter(evaluator__in=evaluators, used=True).values_list("evaluator_id", flat=True))
    evaluators = [e for e in evaluators if e.pk not in voted]
    revoked = BallotToken.objects.filter(evaluator__in=evaluators, used=False, revoked=False).update(revoked=True)
    today = timezone.localdate()
    issued = [(e, e.category, secrets.token_urlsafe(20)) for e in evaluators]
    issued += [(None, category, secrets.token_urlsafe(20)) for _n in range(count)]
    anonymous_units = token_units(evaluation, category=category)
    BallotToken.objects.bulk_create([
        BallotToken(evaluation=evaluation, evaluator=e, category=c, token_hash=hash_token(t), issued_on=today,
                    units=token_units(evaluation, evaluator=e, category=c) if e is not None else anonymous_units)
        for e, c, t in issued
    ], batch_size=1000)
    audit.record(actor=actor, action="issue_tokens", obj=evaluation,
                 new={"named": len(evaluators), "anonymous": count, "category": category, "revoked": revoked})
    return issued


