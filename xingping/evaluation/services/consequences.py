"""Consequences after the close (R13.3): rectification plans, progress reports, talks, commendation."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xingping.core import audit
from xingping.evaluation.models import (
    AdmonishmentTalk,
    Commendation,
    RectificationFollowUp,
    TalkState,
)
from xingping.evaluation.services.common import EXCELLENT, UNQUALIFIED, _lock, _snap
from xingping.evaluation.services.rubric import main_leaders

# ------------------------------------------------------------------ consequences (R13.3)

def _superior(unit):
    parent = unit.parent
    return parent.name if parent is not None else _("the superior bureau")


def _progress_code(unit, n):
    return f"eval-progress-{unit.code}-{n}"


@transaction.atomic
def consequences_apply(*, actor, evaluation):
    """After the close: unqualified units owe a rectification plan (to the correction
    group and the superior bureau) and progress reports every N days until it is
    accepted, and their main leader gets an admonishment talk; excellent units are
    commended in a drafted notice. Runs once."""
    from xingping.campaigns.services import deliverable_create_for_unit

    evaluation = _lock(evaluation)
    if not evaluation.is_closed:
        raise ValidationError(_("Close voting first."), code="state")
    if evaluation.consequences_applied_at:
        raise ValidationError(_("Consequences have already been applied."), code="done")
    campaign, today = evaluation.campaign, timezone.localdate()
    every = evaluation.progress_every_days
    results = list(evaluation.results.select_related("unit__parent"))
    unqualified = [r.unit for r in results if r.grade == UNQUALIFIED or r.vetoed]
    leaders = main_leaders(unqualified)
    for unit in unqualified:
        addressed = _("Correction leading group; %(superior)s") % {"superior": _superior(unit)}
        plan = deliverable_create_for_unit(
            actor=actor, campaign=campaign, unit=unit, code=f"eval-plan-{unit.code}",
            title=_("Rectification plan after an unqualified evaluation"),
            due_on=today + datetime.timedelta(days=every), addressed_to=addressed,
            description=_("Rated unqualified at the evaluation meeting: submit a rectification plan, then report progress "
                          "every %(days)s days until it is accepted.") % {"days": every},
        )
        follow = RectificationFollowUp.objects.create(evaluation=evaluation, unit=unit, plan=plan, every_days=every)
        audit.record(actor=actor, action="create", obj=follow, new=audit.snapshot(follow))
        _schedule_next_report(actor, follow, addressed)
        name, user = leaders.get(unit.pk, (_("Main leader"), None))
        talk = AdmonishmentTalk.objects.create(
            evaluation=evaluation, unit=unit, leader=user, leader_name=name,
            reason=_("The unit was rated unqualified at the evaluation meeting."),
        )
        audit.record(actor=actor, action="create", obj=talk, new=audit.snapshot(talk))
    excellent = [r.unit for r in results if r.grade == EXCELLENT and not r.vetoed]
    if excellent:
        _draft_commendation(actor, evaluation, excellent, today)
    old = _snap(evaluation)
    evaluation.consequences_applied_at = timezone.now()
    evaluation.save()
    audit.record(actor=actor, action="consequences", obj=evaluation, old=old, new=_snap(evaluation),
                 note=_("%(u)s unqualified, %(e)s excellent") % {"u": len(unqualified), "e": len(excellent)})
    return evaluation


def _schedule_next_report(actor, follow, addressed):
    from xingping.campaigns.services import deliverable_create_for_unit

    n = follow.reports_created + 1
    deliverable_create_for_unit(
        actor=actor, campaign=follow.evaluation.campaign, unit=follow.unit, code=_progress_code(follow.unit, n),
        title=_("Rectification progress report no. %(n)s") % {"n": n},
        due_on=follow.plan.due_on + datetime.timedelta(days=n * follow.every_days), addressed_to=addressed,
    )
    follow.reports_created = n
    follow.save(update_fields=["reports_created"])


@transaction.atomic
def followups_advance(*, actor, evaluation, as_of=None):
    """Keep one progress report scheduled ahead of `as_of` for every unaccepted plan;
    stop once the plan is accepted. Run daily (`xingping evaluation followups`)."""
    from xingping.campaigns.models import SubmissionState

    as_of = as_of or timezone.localdate()
    created = 0
    for follow in evaluation.followups.filter(finished_on__isnull=True).select_related("plan", "unit__parent", "evaluation__campaign"):
        if follow.plan.submissions.filter(state=SubmissionState.ACCEPTED).exists():
            follow.finished_on = as_of
            follow.save(update_fields=["finished_on"])
            audit.record(actor=actor, action="finish", obj=follow, unit=follow.unit, new={"finished_on": as_of})
            continue
        addressed = follow.plan.addressed_to
        while follow.plan.due_on + datetime.timedelta(days=follow.reports_created * follow.every_days) <= as_of:
            _schedule_next_report(actor, follow, addressed)
            created += 1
    return created


def _draft_commendation(actor, evaluation, units, today):
    campaign = evaluation.campaign
    from xingping.orgs.models import OrgUnit

    root = OrgUnit.objects.filter(parent__isnull=True).order_by("path").first()
    names = "、".join(u.name for u in units)
    notice = Commendation.objects.create(
        evaluation=evaluation,
        title=_("Notice commending the units rated excellent in the %(year)s democratic appraisal"
                ) % {"year": campaign.year},
        addressee=_("All county bureaus, direct branches and departments of the city bureau"),
        body=_("In the %(campaign)s, after the evaluation meeting on the spot, the following units were rated "
               "excellent: %(names)s. To set an example and encourage the advanced, it is decided to commend these "
               "units in a notice. We hope the commended units keep up their efforts, and that all units learn from "
               "them and keep improving their conduct and service.") % {"campaign": campaign.title, "names": names},
        signatory=root.name if root else "", issued_on=today,
    )
    notice.units.set(units)
    audit.record(actor=actor, action="create", obj=notice, new=audit.snapshot(notice, ["title", "issued_on"]))
    return notice


@transaction.atomic
def talk_update(*, actor, talk, state, held_on=None, notes=""):
    if state not in TalkState.values:
        raise ValidationError(_("Unknown state."), code="state")
    if state == TalkState.HELD and held_on is None:
        raise ValidationError(_("Give the day the talk was held."), code="held_on")
    if held_on and held_on > timezone.localdate():
        raise ValidationError(_("The day is in the future."), code="held_on")
    old = audit.snapshot(talk, ["state", "held_on", "notes"])
    talk.state, talk.held_on, talk.notes = state, held_on, notes.strip()
    talk.save()
    audit.record(actor=actor, action="update", obj=talk, old=old, new=audit.snapshot(talk, ["state", "held_on", "notes"]))
    return talk


@transaction.atomic
def commendation_update(*, actor, notice, title, addressee, body, signatory, issued_on):
    if not (title.strip() and body.strip()):
        raise ValidationError(_("Title and body are required."), code="required")
    fields = ["title", "addressee", "body", "signatory", "issued_on"]
    old = audit.snapshot(notice, fields)
    notice.title, notice.addressee, notice.body = title.strip(), addressee.strip(), body.strip()
    notice.signatory, notice.issued_on = signatory.strip(), issued_on
    notice.save()
    audit.record(actor=actor, action="update", obj=notice, old=old, new=audit.snapshot(notice, fields))
    return notice
