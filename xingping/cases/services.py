"""Writes for cases. Every write validates, changes, audits, in one transaction; every
state change goes through `case_transition`, the one place the workflow is enforced."""

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xingping.accounts.models import Role
from xingping.cases import deadlines
from xingping.cases.models import (
    DEPUTY_KINDS,
    Case,
    CaseAttachment,
    CaseEvent,
    CaseRequest,
    Channel,
    DeputyMeeting,
    DisclosureReply,
    MAX_CONSULT_WD,
    HolidayOverride,
    Kind,
    Outcome,
    ReplyMethod,
    RequestKind,
    RequestStatus,
    Solicitation,
    Status,
)
from xingping.cases.privacy import id_number_problem
from xingping.cases.workflows import workflow_for
from xingping.core import audit, calendar, snapshots
from xingping.core.calendar import add_period
from xingping.orgs.policy import CHANGE, unit_in_scope
from xingping.core.uploads import store_upload, validate_upload


def _today():
    return timezone.localdate()


def _event(case, actor, action, old_status="", reason="", public=True):
    CaseEvent.objects.create(
        case=case,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=(getattr(actor, "display_name", "") or str(actor or _("public")))[:150],
        action=action,
        from_status=old_status,
        to_status=case.status,
        reason=reason,
        public=public,
    )


def figures_changed():
    """The figures dashboard caches C4 for 120 s keyed by a data version: a case change bumps it
    so a reply, a closure or a meeting shows at once (docs/figures.md)."""
    transaction.on_commit(snapshots.bump_figures)


def _require_change(actor, case):
    if not Case.objects.for_user(actor, CHANGE).filter(pk=case.pk).exists():
        raise PermissionDenied(_("You may not act on this case."))


def misconduct_route(subject_unit):
    """The handling unit of a misconduct report: the unit above the accused one (a
    department's staff belong to its parent, so: the parent's parent). The city bureau's
    own staff are handled at the city by the campaign office."""
    acting = subject_unit.acting_unit
    return acting.parent if acting.parent_id else acting


def new_number(kind, day=None):
    day = day or _today()
    return f"{kind[:3].upper()}{day:%Y%m%d}-{secrets.token_hex(3).upper()}"


@transaction.atomic
def case_create(*, actor, kind, unit, received_on=None, channel=Channel.HOTLINE, campaign=None, subject_unit=None,
                number="", title="", content="", named=True, complainant_name="", complainant_phone="",
                complainant_id_number="", accused_name="", deputy_name="", files=(), public=False):
    """Record a case (hotline call, letter, visit, web form). Misconduct reports are routed
    to the unit above the accused unit (`misconduct_route`)."""
    received_on = received_on or _today()
    if received_on > _today():
        raise ValidationError({"received_on": _("The date of receipt is in the future.")})
    if kind == Kind.MISCONDUCT:
        if subject_unit is None:
            subject_unit = unit
        unit = misconduct_route(subject_unit)
    # whoever takes a misconduct report about their own unit records it and passes it up
    recorder_unit = subject_unit if kind == Kind.MISCONDUCT else unit
    if not public and actor is not None and not unit_in_scope(actor, recorder_unit, CHANGE) and not actor.has_role(Role.OFFICE):
        raise PermissionDenied(_("You may not record cases for this unit."))
    complainant_id_number = (complainant_id_number or "").strip().upper()
    if problem := id_number_problem(complainant_id_number):
        raise ValidationError({"complainant_id_number": problem})
    if named and kind not in DEPUTY_KINDS and not (complainant_name or complainant_phone):
        raise ValidationError({"complainant_name": _("A named case needs a name or a phone number.")})
    case = Case(
        kind=kind, unit=unit, subject_unit=subject_unit if kind == Kind.MISCONDUCT else None, received_on=received_on,
        channel=channel, campaign=campaign, title=title, content=content, named=named,
        complainant_name=complainant_name if named else "", complainant_phone=complainant_phone if named else "",
        complainant_id_number=complainant_id_number if named else "", accused_name=accused_name, deputy_name=deputy_name,
    )
    deadlines.compute(case, deadlines.get_calendar(), deadlines.rules_for(campaign))
    for _attempt in range(5):
        case.number = number or new_number(kind, received_on)
        try:
            with transaction.atomic():
                case.save()
            break
        except IntegrityError:
            if number:
                raise ValidationError({"number": _("This case number exists already.")})
            case.pk = None
    for f in files:
        attach_file(case=case, uploaded=f)
    _event(case, actor, "create")
    audit.record(actor=actor or "public", action="case.create", obj=case, new=audit.snapshot(case))
    figures_changed()
    return case


def attach_file(*, case, uploaded):
    kind = validate_upload(uploaded)
    att = CaseAttachment(case=case, name=uploaded.name[:200], size=uploaded.size)
    store_upload(att.file, uploaded, kind)  # under the detected type's extension, never the sender's
    att.save()
    return att


def _date(value, case, field):
    day = value or _today()
    if day > _today():
        raise ValidationError({field: _("The date is in the future.")})
    if day < case.received_on:
        raise ValidationError({field: _("The date is before the case was received.")})
    return day


@transaction.atomic
def case_transition(*, actor, case, target, reason="", on=None, handler=None, reply_method="", reply_content="",
                    verified=None, outcome="", disclosure_reply=""):
    """Move `case` to `target` if its kind's workflow allows it; record what the step needs.

    Requests for disclosure: `supplement` (待补正) stops the reply clock — once only, the
    campaign's `max_supplements` — and the next acceptance records the day the supplement
    arrived (`supplemented_on`), from which the clock restarts; the reply needs one of
    art. 36's seven types (`disclosure_reply`)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    _require_change(actor, case)
    wf = workflow_for(case.kind)
    wf.check(case.status, target, reason)
    old = audit.snapshot(case)
    old_status = case.status
    day = _date(on, case, "on")
    reason = (reason or "").strip()

    if target == Status.SUPPLEMENT:
        _supplement_ask(case, day)
    elif target == Status.ACCEPTED and old_status == Status.SUPPLEMENT:
        if case.supplement_asked_on and day < case.supplement_asked_on:
            raise ValidationError({"on": _("The supplement cannot arrive before it was asked for (%(d)s).")
                                   % {"d": case.supplement_asked_on.isoformat()}})
        case.supplemented_on = day
        case.accepted_on = case.accepted_on or day
        if case.handler_id is None:
            case.handler = actor
        deadlines.compute(case, deadlines.get_calendar(), deadlines.rules_for(case.campaign))
    elif target == Status.CLOSED and old_status == Status.SUPPLEMENT:
        if not reason:
            raise ValidationError({"reason": _("Say why the request is closed without a supplement (e.g. deemed withdrawn).")})
        case.completed_on = day
    elif target == Status.ACCEPTED:
        case.accepted_on = day
        if case.handler_id is None:  # whoever accepts it handles it (and may call the complainant) until assigned
            case.handler = actor
        deadlines.compute(case, deadlines.get_calendar(), deadlines.rules_for(case.campaign))
    elif target == Status.REJECTED:
        if reply_method not in ReplyMethod.values:
            raise ValidationError({"reply_method": _("Choose how the complainant is told.")})
        case.replied_on, case.reply_method, case.reply_content = day, reply_method, reason
    elif target == Status.ASSIGNED:
        if handler is None:
            raise ValidationError({"handler": _("Choose the officer who handles the case.")})
        if not Case.objects.for_user(handler, CHANGE).filter(pk=case.pk).exists():
            raise ValidationError({"handler": _("This officer may not handle this case.")})
        case.handler = handler
    elif target == Status.VERIFIED:
        if verified is None:
            raise ValidationError({"verified": _("Say whether the facts were found true.")})
        case.verified, case.verified_on = verified, day
    elif target == Status.HANDLED:
        if not case.verified:
            raise ValidationError(_("Only a report found true is handled."))
        case.handled_on = day
    elif target == Status.REPLIED:
        if reply_method not in ReplyMethod.values:
            raise ValidationError({"reply_method": _("Choose the reply method.")})
        if not (reply_content or "").strip():
            raise ValidationError({"reply_content": _("Write the reply.")})
        if case.kind == Kind.DISCLOSURE_REQUEST:
            if disclosure_reply not in DisclosureReply.values:
                raise ValidationError({"disclosure_reply": _("Choose one of the seven reply types of article 36.")})
            case.disclosure_reply = disclosure_reply
        case.replied_on, case.reply_method, case.reply_content = day, reply_method, reply_content.strip()
    elif target == Status.CLOSED:
        if case.kind in DEPUTY_KINDS and outcome not in Outcome.values:
            raise ValidationError({"outcome": _("Choose the outcome class A, B or C.")})
        case.completed_on = day
        if outcome:
            case.outcome = outcome
    elif target == Status.REOPENED:
        case.replied_on = case.completed_on = case.handled_on = None
        case.reply_method, case.reply_content, case.outcome, case.disclosure_reply = "", "", "", ""
        case.verified = case.verified_on = None
        deadlines.compute(case, deadlines.get_calendar(), deadlines.rules_for(case.campaign), restart_on=day)
    case.status = target
    case.refresh_next_due()
    case.save()
    note = reason or reply_content or ""
    _event(case, actor, target, old_status=old_status, reason=note)
    audit.record(actor=actor, action=f"case.{target}", obj=case, old=old, new=audit.snapshot(case), note=reason)
    figures_changed()
    return case


def _supplement_ask(case, day):
    """Send a request for disclosure back to the applicant to supplement (补正, art. 30): the
    clock stops; the supplement is due by the rule's `supplement` period."""
    rule = deadlines.disclosure_rule(case.campaign)
    most = int(rule.get("max_supplements", 1))
    asked = CaseEvent.objects.filter(case=case, action=Status.SUPPLEMENT).count()
    if asked >= most:
        raise ValidationError(_("A request for disclosure may be sent back for a supplement only %(n)d time(s); "
                                "it was sent back already.") % {"n": most})
    case.supplement_asked_on = day
    period = rule.get("supplement")
    case.supplement_due_on = add_period(deadlines.get_calendar(), day, period) if period else None


# ------------------------------------------------------------------ transfer and extension

def disclosure_extension_wd(*, case, new_due_on) -> int:
    """The working days a request for disclosure is extended by to reach `new_due_on`:
    one extension only, of at most the campaign's `max_extension_wd` (art. 33: 20)."""
    rule = deadlines.rules_for(case.campaign).get(Kind.DISCLOSURE_REQUEST) or {}
    limit = int(rule.get("max_extension_wd", 20))
    if case.extended_wd:
        raise ValidationError({"new_due_on": _("This request for disclosure was extended once already; a second extension is not allowed.")})
    days = deadlines.get_calendar().working_days_between(case.due_on, new_due_on)
    if days > limit:
        raise ValidationError({"new_due_on": _("An extension may add at most %(n)d working days.") % {"n": limit}})
    return days


@transaction.atomic
def case_request(*, actor, case, kind, reason, target_unit=None, new_due_on=None):
    """Ask a leader to transfer the case to another unit or to extend its deadline."""
    _require_change(actor, case)
    if case.status not in (Status.RECEIVED, Status.ACCEPTED, Status.REOPENED, Status.ASSIGNED, Status.VERIFIED, Status.HANDLED):
        raise ValidationError(_("Only an open case can be transferred or extended."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("A reason is required.")})
    if kind == RequestKind.TRANSFER:
        if target_unit is None or target_unit.pk == case.unit_id:
            raise ValidationError({"target_unit": _("Choose another unit.")})
        if case.subject_unit_id and target_unit.path.startswith(case.subject_unit.acting_unit.path):
            raise ValidationError({"target_unit": _("A misconduct report cannot go to the unit reported on.")})
    elif kind == RequestKind.EXTENSION:
        if new_due_on is None or (case.due_on and new_due_on <= case.due_on):
            raise ValidationError({"new_due_on": _("The new due date must be after the current one.")})
        if case.kind == Kind.DISCLOSURE_REQUEST:
            disclosure_extension_wd(case=case, new_due_on=new_due_on)  # refuses a second or a longer one
    else:
        raise ValidationError(_("Unknown request."))
    if CaseRequest.objects.filter(case=case, status=RequestStatus.PENDING).exists():
        raise ValidationError(_("A request for this case is already waiting."))
    req = CaseRequest.objects.create(case=case, kind=kind, reason=reason.strip(), target_unit=target_unit if kind == RequestKind.TRANSFER else None,
                                     new_due_on=new_due_on if kind == RequestKind.EXTENSION else None, requested_by=actor)
    _event(case, actor, f"{kind}-requested", old_status=case.status, reason=reason.strip(), public=False)
    audit.record(actor=actor, action=f"case.{kind}_request", obj=case, new=audit.snapshot(req), note=reason)
    return req


def can_decide(user, case):
    """A leader (or the office) who may act on the case decides its requests."""
    return user.has_role(Role.LEADER, Role.OFFICE) and Case.objects.for_user(user, CHANGE).filter(pk=case.pk).exists()


@transaction.atomic
def case_request_decide(*, actor, request, approve, note=""):
    req = CaseRequest.objects.select_for_update().get(pk=request.pk)
    case = req.case
    if not can_decide(actor, case):
        raise PermissionDenied(_("Only a leader of the handling unit decides this."))
    if req.status != RequestStatus.PENDING:
        raise ValidationError(_("This request was decided already."))
    if req.requested_by_id == actor.pk and not actor.has_role(Role.OFFICE):
        raise ValidationError(_("You cannot approve your own request."))
    if not approve and not (note or "").strip():
        raise ValidationError({"note": _("Say why the request is refused.")})
    old_case = audit.snapshot(case)
    req.status = RequestStatus.APPROVED if approve else RequestStatus.REFUSED
    req.decided_by, req.decided_at, req.decision_note = actor, timezone.now(), (note or "").strip()
    req.save()
    if approve:
        if req.kind == RequestKind.TRANSFER:
            case.unit, case.handler = req.target_unit, None
        elif case.kind == Kind.DISCLOSURE_REQUEST:
            case.extended_wd = disclosure_extension_wd(case=case, new_due_on=req.new_due_on)
            if case.status == Status.REOPENED:
                case.due_on = req.new_due_on  # keep the reopening's restarted clock
            else:
                deadlines.compute(case, deadlines.get_calendar(), deadlines.rules_for(case.campaign))
        else:
            case.due_on = req.new_due_on
        case.refresh_next_due()
        case.save()
    text = f"{req.reason}" + (f" / {req.decision_note}" if req.decision_note else "")
    _event(case, actor, f"{req.kind}-{req.status}", old_status=case.status, reason=text, public=req.kind == RequestKind.EXTENSION and approve)
    audit.record(actor=actor, action=f"case.{req.kind}_{req.status}", obj=case, old=old_case, new=audit.snapshot(case), note=text)
    figures_changed()
    return req


@transaction.atomic
def case_consult_record(*, actor, case: Case, consult_wd, reason: str) -> Case:
    """Record third-party consultation (征求第三方意见, art. 32) on a request for disclosure:
    its `consult_wd` working days are not counted, so the due date moves by as many. Several
    consultations add up, to at most the campaign's `max_consult_wd`."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    _require_change(actor, case)
    if case.kind != Kind.DISCLOSURE_REQUEST:
        raise ValidationError(_("Only a request for disclosure has a third-party consultation."))
    if case.status not in (Status.RECEIVED, Status.ACCEPTED, Status.ASSIGNED, Status.REOPENED):
        raise ValidationError(_("Only a request whose reply is still owed can record a consultation."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say which third party was consulted and why.")})
    most = min(int(deadlines.disclosure_rule(case.campaign).get("max_consult_wd", 30)), MAX_CONSULT_WD)
    try:
        days = int(consult_wd)
    except (TypeError, ValueError):
        raise ValidationError({"consult_wd": _("Give the working days of the consultation as a whole number.")})
    if days < 1:
        raise ValidationError({"consult_wd": _("The working days of the consultation must be at least 1.")})
    if case.consult_wd + days > most:
        raise ValidationError({"consult_wd": _("Consultation may add at most %(n)d working days in all; "
                                               "%(left)d remain.") % {"n": most, "left": max(most - case.consult_wd, 0)}})
    old = audit.snapshot(case)
    case.consult_wd += days
    cal = deadlines.get_calendar()
    if case.status == Status.REOPENED and case.due_on:
        case.due_on = cal.add_working_days(case.due_on, days)  # keep the reopening's restarted clock
        case.refresh_next_due()
    else:
        deadlines.compute(case, cal, deadlines.rules_for(case.campaign))
    case.save()
    _event(case, actor, "consult", old_status=case.status, reason=reason, public=True)
    audit.record(actor=actor, action="case.consult", obj=case, old=old, new=audit.snapshot(case), note=reason)
    figures_changed()
    return case


# ------------------------------------------------------------------ deputies and members

@transaction.atomic
def solicitation_record(*, actor, unit, deputy_name, deputy_kind, sent_on, materials, campaign=None):
    if not unit_in_scope(actor, unit, CHANGE):
        raise PermissionDenied
    obj = Solicitation.objects.create(unit=unit, campaign=campaign, deputy_name=deputy_name, deputy_kind=deputy_kind,
                                      sent_on=sent_on, materials=materials)
    audit.record(actor=actor, action="solicitation.create", obj=obj, new=audit.snapshot(obj))
    return obj


@transaction.atomic
def meeting_record(*, actor, unit, held_on, attendees, place="", notes="", cases=()):
    """A meeting in person (见面); the suggestions and proposals discussed count as met."""
    if not unit_in_scope(actor, unit, CHANGE):
        raise PermissionDenied
    if held_on > _today():
        raise ValidationError({"held_on": _("The date is in the future.")})
    cases = list(cases)
    for case in cases:
        if case.kind not in DEPUTY_KINDS:
            raise ValidationError({"cases": _("Only suggestions and proposals are discussed here.")})
        _require_change(actor, case)
    meeting = DeputyMeeting.objects.create(unit=unit, held_on=held_on, attendees=attendees, place=place, notes=notes)
    meeting.cases.set(cases)
    for case in cases:
        if case.met_on is None or case.met_on > held_on:
            old = audit.snapshot(case)
            case.met_on = held_on
            case.save(update_fields=["met_on", "updated_at"])
            _event(case, actor, "met", old_status=case.status, reason=attendees)
            audit.record(actor=actor, action="case.met", obj=case, old=old, new=audit.snapshot(case))
    audit.record(actor=actor, action="deputy_meeting.create", obj=meeting, new=audit.snapshot(meeting))
    figures_changed()
    return meeting


# ------------------------------------------------------------------ calendar overrides

@transaction.atomic
def holiday_set(*, actor, day, is_workday, name=""):
    if not actor.has_role(Role.OFFICE):
        raise PermissionDenied
    obj, created = HolidayOverride.objects.get_or_create(day=day, defaults={"is_workday": is_workday, "name": name})
    old = None if created else audit.snapshot(obj)
    obj.is_workday, obj.name = is_workday, name
    obj.save()
    audit.record(actor=actor, action="holiday.set", obj=obj, old=old, new=audit.snapshot(obj))
    transaction.on_commit(calendar.clear_cache)
    return obj


@transaction.atomic
def holiday_delete(*, actor, override):
    if not actor.has_role(Role.OFFICE):
        raise PermissionDenied
    audit.record(actor=actor, action="holiday.delete", obj=override, old=audit.snapshot(override), new={})
    override.delete()
    transaction.on_commit(calendar.clear_cache)
