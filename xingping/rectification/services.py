"""Writes for self-inspection and rectification. Each service: one transaction, validation
with bilingual messages, the change, and an audit row with old and new values."""

import datetime
import decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from xingping.accounts.models import Role
from xingping.core import audit
from xingping.orgs.policy import CHANGE, can_write, unit_in_scope
from xingping.core.uploads import store_upload, validate_upload
from xingping.core.workflow import Workflow
from xingping.rectification.models import (
    Category,
    Finding,
    InstitutionStatus,
    IrregularFee,
    ItemClass,
    ItemStatus,
    Milestone,
    ProgressPost,
    RectificationItem,
    SelfAnalysis,
    Source,
    SystemStatus,
)

# The life of a rectification item, as data (core.workflow). A progress post moves it to
# in_progress (below 100%) or reported (100%); the leader confirms (done) or returns it.
# A campaign may replace the table with `rules["rectification_item_workflow"]`.
DEFAULT_ITEM_WORKFLOW = {
    "transitions": {
        ItemStatus.OPEN: [ItemStatus.IN_PROGRESS, ItemStatus.REPORTED],
        ItemStatus.IN_PROGRESS: [ItemStatus.IN_PROGRESS, ItemStatus.REPORTED],
        ItemStatus.REPORTED: [ItemStatus.REPORTED, ItemStatus.IN_PROGRESS, ItemStatus.DONE, ItemStatus.RETURNED],
        ItemStatus.RETURNED: [ItemStatus.IN_PROGRESS, ItemStatus.REPORTED],
        ItemStatus.DONE: [],
    },
    "reason_required": [ItemStatus.RETURNED],
}
ITEM_WORKFLOW = Workflow.from_data("rectification_item", DEFAULT_ITEM_WORKFLOW)


def item_workflow(campaign):
    data = (campaign.rules or {}).get("rectification_item_workflow")
    return Workflow.from_data("rectification_item", data) if data else ITEM_WORKFLOW


def today():
    return timezone.localdate()


def _check_change(actor, unit):
    if not unit_in_scope(actor, unit, CHANGE):
        raise PermissionDenied(_("You may not record data for this unit."))


def _required(errors, field, value, label):
    if value is None or (isinstance(value, str) and not value.strip()):
        errors[field] = _("%(label)s is required.") % {"label": label}


def _check_file(errors, field, uploaded):
    """Type and size of an optional upload (core.uploads), as a field error."""
    if uploaded is not None:
        try:
            validate_upload(uploaded)
        except ValidationError as exc:
            errors[field] = exc.messages[0]


def _store_file(field, uploaded, stem_default="file"):
    """Validate and store an uploaded file under the extension of what it really is."""
    kind = validate_upload(uploaded)
    store_upload(field, uploaded, kind, stem_default)
    return kind


# ------------------------------------------------------------------ self-analysis

def self_analysis_save(*, actor, campaign, phenomena, causes, harm, checks=(), measures="", submit=False):
    """Write (or rewrite) the actor's own self-analysis; `submit` marks it handed in."""
    if not (can_write(actor) and actor.unit_id):
        raise PermissionDenied(_("Only staff of a unit write a self-analysis."))
    errors = {}
    _required(errors, "phenomena", phenomena, _("Phenomena"))
    _required(errors, "causes", causes, _("Causes"))
    _required(errors, "harm", harm, _("Harm"))
    valid = {c.value for c in Category}
    bad = [c for c in checks if c not in valid]
    if bad:
        errors["checks"] = _("Unknown check: %(codes)s") % {"codes": ", ".join(bad)}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        obj = SelfAnalysis.objects.select_for_update().filter(campaign=campaign, author=actor).first()
        old = audit.snapshot(obj) if obj else None
        if obj is None:
            obj = SelfAnalysis(campaign=campaign, author=actor, unit=actor.unit)
        obj.phenomena, obj.causes, obj.harm, obj.measures = phenomena.strip(), causes.strip(), harm.strip(), measures.strip()
        obj.checks = ";".join(c for c in Category.values if c in set(checks))
        if submit and obj.submitted_at is None:
            obj.submitted_at = timezone.now()
        obj.save()
        # The audit row names the change, not the private text.
        audit.record(actor=actor, action="submit" if submit else ("update" if old else "create"), obj=obj,
                     old={k: (old or {}).get(k) for k in ("checks", "submitted_at")} if old else None,
                     new={k: audit.snapshot(obj).get(k) for k in ("checks", "submitted_at")})
    return obj


# ------------------------------------------------------------------ findings

def finding_create(*, actor, campaign, unit, title, category, source, found_on=None, description="",
                   source_type="", source_id=None, source_summary=""):
    _check_change(actor, unit)
    errors = {}
    _required(errors, "title", title, _("Problem"))
    if category not in Category.values:
        errors["category"] = _("Choose a category.")
    if source not in Source.values:
        errors["source"] = _("Choose a source.")
    found_on = found_on or today()
    if found_on > today():
        errors["found_on"] = _("The date found cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        finding = Finding.objects.create(
            campaign=campaign, unit=unit, title=title.strip(), description=(description or "").strip(), category=category,
            source=source, source_type=source_type or "", source_id=source_id, source_summary=source_summary or "",
            found_on=found_on, created_by=actor,
        )
        audit.record(actor=actor, action="create", obj=finding, new=audit.snapshot(finding))
    return finding


# ------------------------------------------------------------------ rectification items

def _check_five_clears(errors, *, item, method, standard, deadline, responsible):
    """R11.1: all five clears (五明确) are required."""
    _required(errors, "item", item, pgettext("rectification", "Item"))
    _required(errors, "method", method, pgettext("rectification", "Method"))
    _required(errors, "standard", standard, _("Standard"))
    _required(errors, "deadline", deadline, _("Deadline"))
    _required(errors, "responsible", responsible, _("Responsible person"))


def item_create(*, actor, finding, item, method, standard, deadline, responsible, item_class=ItemClass.DEADLINE,
                milestones=(), request_text="", request_sent_on=None, fixed_on_creation=False, evidence=None,
                note=""):
    """A rectification item with the five clears. `milestones` is [(title, due_on)] for a
    planned item; a policy item carries its request to the superior. A fixed-while-checking
    item (边查边纠) is recorded as done at once and needs evidence."""
    _check_change(actor, finding.unit)
    day = today()
    errors = {}
    _check_five_clears(errors, item=item, method=method, standard=standard, deadline=deadline, responsible=responsible)
    if deadline and deadline < day:
        errors["deadline"] = _("The deadline is in the past.")
    if responsible is not None and responsible.unit_id and not responsible.unit.path.startswith(finding.unit.path):
        if not (responsible.unit.acting_unit.pk == finding.unit.pk):
            errors["responsible"] = _("The responsible person must belong to the unit.")
    elif responsible is not None and not responsible.unit_id:
        errors["responsible"] = _("The responsible person must belong to the unit.")
    if item_class not in ItemClass.values:
        errors["item_class"] = _("Choose a class.")
    if item_class == ItemClass.PLANNED and not fixed_on_creation:
        if not milestones:
            errors["milestones"] = _("A planned item needs at least one step with a date.")
        for title, due in milestones:
            if not (title or "").strip() or due is None:
                errors["milestones"] = _("Each step needs a title and a date.")
            elif due < day or (deadline and due > deadline):
                errors["milestones"] = _("Each step is due between today and the deadline.")
    if item_class == ItemClass.POLICY and not (request_text or "").strip():
        errors["request_text"] = _("A policy matter needs the request to the superior.")
    if fixed_on_creation and evidence is None:
        errors["evidence"] = _("Evidence is required for an item fixed while checking.")
    _check_file(errors, "evidence", evidence)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        obj = RectificationItem.objects.create(
            finding=finding, unit=finding.unit, item=item.strip(), method=method.strip(), standard=standard.strip(),
            deadline=deadline, responsible=responsible, item_class=item_class, started_on=day, created_by=actor,
            request_text=(request_text or "").strip(),
            request_sent_on=request_sent_on or (day if item_class == ItemClass.POLICY else None),
        )
        for title, due in milestones:
            Milestone.objects.create(item=obj, title=title.strip(), due_on=due)
        audit.record(actor=actor, action="create", obj=obj, new=audit.snapshot(obj))
        if fixed_on_creation:
            _post(actor, obj, 100, note or _("Fixed while checking."), "", evidence)
            obj.fixed_on_creation = True
            _complete(actor, obj, day)
    return obj


def _locked(item):
    """The item, re-read and locked for the rest of the transaction."""
    return RectificationItem.objects.select_for_update(of=("self",)).select_related("finding__campaign").get(pk=item.pk)


def _post(actor, item, percent, note, reason, evidence):
    post = ProgressPost(item=item, percent=percent, note=note.strip(), reason=(reason or "").strip(), posted_by=actor)
    if evidence is not None:
        post.evidence_kind = _store_file(post.evidence, evidence, "evidence")
        post.evidence_name = (evidence.name or "")[:200]
    post.save()
    return post


def _complete(actor, item, day):
    old = audit.snapshot(item)
    item.status, item.progress, item.completed_on = ItemStatus.DONE, 100, day
    item.days_to_fix = (day - item.started_on).days
    item.confirmed_by = actor
    item.save()
    audit.record(actor=actor, action="complete", obj=item, old=old, new=audit.snapshot(item))


def item_post_progress(*, actor, item, percent, note, reason="", evidence=None):
    """An owner reports progress from the field. 100% reports the item done; the leader
    then confirms it. Going backwards needs a reason; above 100% is refused."""
    _check_change(actor, item.unit)
    errors = {}
    if percent is None:
        errors["percent"] = _("Progress is required.")
    elif not (0 <= percent <= 100):
        errors["percent"] = _("Progress must be between 0 and 100.")
    _required(errors, "note", note, pgettext("rectification", "Note"))
    _check_file(errors, "evidence", evidence)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        obj = _locked(item)
        if obj.status == ItemStatus.DONE:
            raise ValidationError(_("The item is already done."))
        if percent < obj.progress and not (reason or "").strip():
            raise ValidationError({"reason": _("Progress goes backwards (%(old)d%% → %(new)d%%): give a reason.") % {"old": obj.progress, "new": percent}})
        if percent == 100 and evidence is None and not obj.posts.exclude(evidence="").exists():
            raise ValidationError({"evidence": _("Attach evidence to report the item done.")})
        target = ItemStatus.REPORTED if percent == 100 else ItemStatus.IN_PROGRESS
        item_workflow(obj.finding.campaign).check(obj.status, target)
        old = audit.snapshot(obj)
        post = _post(actor, obj, percent, note, reason, evidence)
        obj.progress, obj.status = percent, target
        obj.save(update_fields=["progress", "status", "updated_at"])
        audit.record(actor=actor, action="progress", obj=obj, old=old, new=audit.snapshot(obj), note=post.note[:500])
    item.refresh_from_db()
    return post


def can_confirm(actor, item):
    return actor.has_role(Role.LEADER, Role.OFFICE) and unit_in_scope(actor, item.unit, CHANGE)


def item_confirm(*, actor, item):
    """The leader confirms a reported item done (销号)."""
    if not can_confirm(actor, item):
        raise PermissionDenied(_("Only a leader confirms completion."))
    with transaction.atomic():
        obj = _locked(item)
        item_workflow(obj.finding.campaign).check(obj.status, ItemStatus.DONE)
        _complete(actor, obj, today())
    item.refresh_from_db()
    return item


def item_return(*, actor, item, reason):
    """The leader sends a reported item back, with a reason (退回重改)."""
    if not can_confirm(actor, item):
        raise PermissionDenied(_("Only a leader confirms completion."))
    with transaction.atomic():
        obj = _locked(item)
        item_workflow(obj.finding.campaign).check(obj.status, ItemStatus.RETURNED, reason)
        old = audit.snapshot(obj)
        obj.status, obj.return_reason = ItemStatus.RETURNED, reason.strip()
        obj.save(update_fields=["status", "return_reason", "updated_at"])
        audit.record(actor=actor, action="return", obj=obj, old=old, new=audit.snapshot(obj), note=reason)
    item.refresh_from_db()
    return item


def item_record_answer(*, actor, item, answer_text, answered_on=None):
    """A policy item: the superior authority's answer to the request (请示答复)."""
    _check_change(actor, item.unit)
    if item.item_class != ItemClass.POLICY:
        raise ValidationError(_("Only a policy matter has an answer from the superior."))
    errors = {}
    _required(errors, "answer_text", answer_text, _("Answer"))
    answered_on = answered_on or today()
    if answered_on > today():
        errors["answered_on"] = _("The date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        obj = _locked(item)
        old = audit.snapshot(obj)
        obj.answer_text, obj.answered_on = answer_text.strip(), answered_on
        obj.save(update_fields=["answer_text", "answered_on", "updated_at"])
        audit.record(actor=actor, action="answer", obj=obj, old=old, new=audit.snapshot(obj))
    item.refresh_from_db()
    return item


def milestone_mark_done(*, actor, milestone, done_on=None):
    _check_change(actor, milestone.item.unit)
    done_on = done_on or today()
    with transaction.atomic():
        old = audit.snapshot(milestone)
        milestone.done_on = done_on
        milestone.save(update_fields=["done_on"])
        audit.record(actor=actor, action="milestone", obj=milestone.item, unit=milestone.item.unit,
                     old={"milestone": milestone.title, **{k: old[k] for k in ("done_on",)}},
                     new={"milestone": milestone.title, "done_on": done_on.isoformat()})
    return milestone


def item_set_published(*, actor, item, published):
    """The office shows (or hides) an item on the public accountability board (R11.3)."""
    if not actor.has_role(Role.OFFICE):
        raise PermissionDenied(_("Only the campaign office publishes items."))
    with transaction.atomic():
        old = audit.snapshot(item, ["published"])
        item.published = bool(published)
        item.save(update_fields=["published", "updated_at"])
        audit.record(actor=actor, action="publish" if published else "unpublish", obj=item, old=old,
                     new=audit.snapshot(item, ["published"]))
    return item


# ------------------------------------------------------------------ irregular fees

def _money(value, field, errors, label):
    if value in (None, ""):
        return decimal.Decimal("0")
    try:
        amount = decimal.Decimal(str(value)).quantize(decimal.Decimal("0.01"))
    except (decimal.InvalidOperation, ValueError):
        errors[field] = _("%(label)s is not an amount.") % {"label": label}
        return None
    if amount < 0:
        errors[field] = _("%(label)s cannot be negative.") % {"label": label}
    return amount


def _check_refund(errors, amount, refunded, refunded_on, found_on):
    if amount is not None and refunded is not None and refunded > amount:
        errors["refunded_amount"] = _("The refund is larger than the fee.")
    if refunded and not refunded_on:
        errors["refunded_on"] = _("Give the date of the refund.")
    if refunded_on and found_on and refunded_on < found_on:
        errors["refunded_on"] = _("The refund cannot be before the fee was found.")
    if refunded_on and refunded_on > today():
        errors["refunded_on"] = _("The date cannot be in the future.")


def fee_create(*, actor, campaign, unit, description, amount, payer, found_on, refunded_amount=0, refunded_on=None,
               finding=None):
    _check_change(actor, unit)
    errors = {}
    _required(errors, "description", description, _("What was charged"))
    _required(errors, "payer", payer, _("Payer"))
    _required(errors, "found_on", found_on, _("Date found"))
    amount = _money(amount, "amount", errors, _("Amount"))
    if amount is not None and amount <= 0 and "amount" not in errors:
        errors["amount"] = _("The amount must be above zero.")
    refunded = _money(refunded_amount, "refunded_amount", errors, _("Refund"))
    if found_on and found_on > today():
        errors["found_on"] = _("The date found cannot be in the future.")
    _check_refund(errors, amount, refunded, refunded_on, found_on)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        fee = IrregularFee.objects.create(
            campaign=campaign, unit=unit, finding=finding, description=description.strip(), amount=amount,
            payer=payer.strip(), found_on=found_on, refunded_amount=refunded, refunded_on=refunded_on if refunded else None,
            created_by=actor,
        )
        audit.record(actor=actor, action="create", obj=fee, new=audit.snapshot(fee))
    return fee


def fee_record_refund(*, actor, fee, refunded_amount, refunded_on):
    """Record the refund made so far (the total refunded to the payer, 已退还金额)."""
    _check_change(actor, fee.unit)
    errors = {}
    refunded = _money(refunded_amount, "refunded_amount", errors, _("Refund"))
    if refunded is not None and refunded <= 0 and "refunded_amount" not in errors:
        errors["refunded_amount"] = _("The refund must be above zero.")
    _check_refund(errors, fee.amount, refunded, refunded_on, fee.found_on)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        obj = IrregularFee.objects.select_for_update().get(pk=fee.pk)
        old = audit.snapshot(obj)
        obj.refunded_amount, obj.refunded_on = refunded, refunded_on
        obj.save(update_fields=["refunded_amount", "refunded_on", "updated_at"])
        audit.record(actor=actor, action="refund", obj=obj, old=old, new=audit.snapshot(obj))
    fee.refresh_from_db()
    return fee


# ------------------------------------------------------------------ nine systems

def nine_systems(campaign):
    """The systems every unit sets up (R12), from the campaign rules: [(code, name)]."""
    return [(s["code"], s["name"]) for s in campaign.rules.get("nine_systems", [])]


def institution_update(*, actor, campaign, unit, code, status, issued_on=None, document_no="", document=None):
    _check_change(actor, unit)
    codes = dict(nine_systems(campaign))
    errors = {}
    if code not in codes:
        errors["code"] = _("Unknown system.")
    if status not in SystemStatus.values:
        errors["status"] = _("Choose a status.")
    existing = InstitutionStatus.objects.filter(campaign=campaign, unit=unit, code=code).first()
    if status == SystemStatus.ISSUED:
        if not issued_on:
            errors["issued_on"] = _("Give the date the system was issued.")
        elif issued_on > today():
            errors["issued_on"] = _("The date cannot be in the future.")
        if document is None and not (existing and existing.document):
            errors["document"] = _("Upload the issued document.")
    _check_file(errors, "document", document)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        obj, _created = InstitutionStatus.objects.select_for_update().get_or_create(
            campaign=campaign, unit=unit, code=code, defaults={"updated_by": actor}
        )
        old = _institution_snapshot(obj)
        obj.status = status
        obj.issued_on = issued_on if status == SystemStatus.ISSUED else None
        obj.document_no = (document_no or "").strip()
        obj.updated_by = actor
        if document is not None:
            _store_file(obj.document, document, code)
            obj.document_name = (document.name or "")[:200]
        obj.save()
        audit.record(actor=actor, action="update", obj=obj, old=old, new=_institution_snapshot(obj))
    return obj


def _institution_snapshot(obj):
    # audit.snapshot cannot read an empty FileField (FieldFile.url raises ValueError), so
    # the document is recorded by its stored name.
    data = audit.snapshot(obj, [f.name for f in obj._meta.concrete_fields if f.name != "document"])
    data["document"] = obj.document.name or ""
    return data


def parse_day(value):
    if isinstance(value, datetime.date) or value is None:
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        return None
