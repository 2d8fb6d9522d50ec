"""Writes of the publicity app: one transaction each, validated, audited (core.audit).

Letters and news follow `workflows.PUBLICATION_WORKFLOW`; the policy (permissions.py) says
who may take each step, and every service checks it again (views are not the only callers).
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xingping.core import audit
from xingping.orgs.models import Level, OrgUnit
from xingping.publicity.models import Category, Kind, Publication, PublicationVersion, ServiceCommitment, State
from xingping.publicity.permissions import policy
from xingping.publicity.workflows import EDITABLE_STATES, workflow

TEXT_FIELDS = ["title", "body", "category"]
STATE_FIELDS = ["state", "return_reason", "publish_at", "expires_at", "version"]


def _require(ok: bool):
    if not ok:
        raise PermissionDenied


def _clean_text(*, kind: str, category: str, title: str, body: str) -> dict:
    errors = {}
    title, body = (title or "").strip(), (body or "").strip()
    if kind not in Kind.values:
        errors["kind"] = _("Choose a kind.")
    if kind == Kind.NEWS and category not in [c for c in Category.values if c]:
        errors["category"] = _("Choose the column section of the news item.")
    if not title:
        errors["title"] = _("Enter a title.")
    if not body:
        errors["body"] = _("Enter the text.")
    if errors:
        raise ValidationError(errors)
    return {"title": title, "body": body, "category": category if kind == Kind.NEWS else ""}


@transaction.atomic
def publication_create(*, actor, unit: OrgUnit, kind: str, title: str, body: str, category: str = "") -> Publication:
    """A new draft of `unit` (an open letter or a news item)."""
    _require(policy.user_has_permission(actor, "write")
             and policy.instances_user_has_permission_for(actor, "write", OrgUnit.objects.all()).filter(pk=unit.pk).exists())
    if unit.level == Level.DEPARTMENT:
        raise ValidationError({"unit": _("Choose a unit, not an internal department.")})
    data = _clean_text(kind=kind, category=category, title=title, body=body)
    item = Publication.objects.create(unit=unit, kind=kind, author=actor, state=State.DRAFT, **data)
    audit.record(actor=actor, action="create", obj=item, new=audit.snapshot(item, ["kind", *TEXT_FIELDS, "state"]))
    return item


@transaction.atomic
def publication_update(*, actor, item: Publication, title: str, body: str, category: str = "") -> Publication:
    """Change the text. Before publication the unit edits in place (draft or returned);
    after publication only the office may, and the old text is kept as a version."""
    item = Publication.objects.select_for_update().get(pk=item.pk)
    _require(policy.can_edit(actor, item))
    data = _clean_text(kind=item.kind, category=category, title=title, body=body)
    if all(getattr(item, k) == v for k, v in data.items()):
        return item
    old = audit.snapshot(item, [*TEXT_FIELDS, "version"])
    now = timezone.now()
    if item.state == State.PUBLISHED:
        PublicationVersion.objects.create(
            publication=item, number=item.version, title=item.title, body=item.body,
            valid_from=item.revised_at or item.publish_at, replaced_at=now, replaced_by=actor,
        )
        item.version += 1
        item.revised_at = now
        action, note = "revise", _("Edited after publication: version %(n)d kept.") % {"n": item.version - 1}
    elif item.state in EDITABLE_STATES:
        action, note = "update", ""
    else:  # submitted: locked while the office reviews it
        raise ValidationError(_("A submitted item cannot be changed while it is under review."))
    for k, v in data.items():
        setattr(item, k, v)
    item.save()
    audit.record(actor=actor, action=action, obj=item, old=old, new=audit.snapshot(item, [*TEXT_FIELDS, "version"]),
                 note=note)
    return item


def _step(*, actor, item: Publication, target: str, reason: str = "") -> tuple[Publication, dict]:
    item = Publication.objects.select_for_update().get(pk=item.pk)
    workflow().check(item.state, target, reason)
    _require(policy.can_step(actor, item, target))
    return item, audit.snapshot(item, STATE_FIELDS)


@transaction.atomic
def publication_submit(*, actor, item: Publication) -> Publication:
    item, old = _step(actor=actor, item=item, target=State.SUBMITTED)
    item.state = State.SUBMITTED
    item.submitted_at, item.submitted_by = timezone.now(), actor
    item.save()
    audit.record(actor=actor, action="submit", obj=item, old=old, new=audit.snapshot(item, STATE_FIELDS))
    return item


@transaction.atomic
def publication_return(*, actor, item: Publication, reason: str) -> Publication:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for returning it.")})
    item, old = _step(actor=actor, item=item, target=State.RETURNED, reason=reason)
    item.state, item.return_reason = State.RETURNED, reason
    item.reviewed_at, item.reviewed_by = timezone.now(), actor
    item.save()
    audit.record(actor=actor, action="return", obj=item, old=old, new=audit.snapshot(item, STATE_FIELDS), note=reason)
    return item


def check_schedule(*, publish_at: datetime.datetime | None, expires_at: datetime.datetime | None,
                   now: datetime.datetime) -> datetime.datetime:
    """The publication time (now when empty); a time in the past, or an expiry not after
    it, is refused."""
    errors = {}
    if publish_at is not None and publish_at < now - datetime.timedelta(minutes=1):
        errors["publish_at"] = _("The publication time is in the past; leave it empty to publish now.")
    start = publish_at if publish_at is not None and publish_at > now else now
    if expires_at is not None and expires_at <= start:
        errors["expires_at"] = _("The expiry must come after the publication time.")
    if errors:
        raise ValidationError(errors)
    return start


@transaction.atomic
def publication_publish(*, actor, item: Publication, publish_at: datetime.datetime | None = None,
                        expires_at: datetime.datetime | None = None) -> Publication:
    """Publish at once (no time) or at `publish_at` (scheduled), until `expires_at`."""
    item, old = _step(actor=actor, item=item, target=State.PUBLISHED)
    now = timezone.now()
    item.publish_at = check_schedule(publish_at=publish_at, expires_at=expires_at, now=now)
    item.expires_at = expires_at
    item.state, item.return_reason = State.PUBLISHED, ""
    item.reviewed_at, item.reviewed_by = now, actor
    item.save()
    audit.record(actor=actor, action="publish", obj=item, old=old, new=audit.snapshot(item, STATE_FIELDS),
                 note=_("scheduled") if item.publish_at > now else "")
    return item


# ------------------------------------------------------------------ commitments and hotlines

def _require_unit(actor, unit):
    _require(policy.instances_user_has_permission_for(actor, "commitments", OrgUnit.objects.all())
             .filter(pk=unit.pk).exists())


def _clean_commitment(*, service: str, promised_time: str, content: str, basis: str) -> dict:
    data = {"service": (service or "").strip(), "promised_time": (promised_time or "").strip(),
            "content": (content or "").strip(), "basis": (basis or "").strip()}
    errors = {}
    if not data["service"]:
        errors["service"] = _("Name the service.")
    if not data["promised_time"]:
        errors["promised_time"] = _("Enter the promised time, e.g. 3 working days.")
    if errors:
        raise ValidationError(errors)
    return data


@transaction.atomic
def commitment_create(*, actor, unit: OrgUnit, service: str, promised_time: str, content: str = "",
                      basis: str = "", sort_order: int = 0) -> ServiceCommitment:
    _require_unit(actor, unit)
    data = _clean_commitment(service=service, promised_time=promised_time, content=content, basis=basis)
    if ServiceCommitment.objects.filter(unit=unit, service=data["service"]).exists():
        raise ValidationError({"service": _("This unit already has a commitment for this service.")})
    obj = ServiceCommitment.objects.create(unit=unit, sort_order=sort_order, **data)
    audit.record(actor=actor, action="create", obj=obj, new=audit.snapshot(obj, [*data, "sort_order"]))
    return obj


@transaction.atomic
def commitment_update(*, actor, commitment: ServiceCommitment, service: str, promised_time: str, content: str = "",
                      basis: str = "", sort_order: int = 0) -> ServiceCommitment:
    obj = ServiceCommitment.objects.select_for_update().get(pk=commitment.pk)
    _require_unit(actor, obj.unit)
    data = _clean_commitment(service=service, promised_time=promised_time, content=content, basis=basis)
    if ServiceCommitment.objects.filter(unit=obj.unit, service=data["service"]).exclude(pk=obj.pk).exists():
        raise ValidationError({"service": _("This unit already has a commitment for this service.")})
    old = audit.snapshot(obj, [*data, "sort_order"])
    for k, v in data.items():
        setattr(obj, k, v)
    obj.sort_order = sort_order
    obj.save()
    audit.record(actor=actor, action="update", obj=obj, old=old, new=audit.snapshot(obj, [*data, "sort_order"]))
    return obj


@transaction.atomic
def commitment_delete(*, actor, commitment: ServiceCommitment) -> None:
    obj = ServiceCommitment.objects.select_for_update().get(pk=commitment.pk)
    _require_unit(actor, obj.unit)
    audit.record(actor=actor, action="delete", obj=obj, old=audit.snapshot(obj, ["service", "promised_time"]))
    obj.delete()


@transaction.atomic
def unit_hotline_set(*, actor, unit: OrgUnit, hotline: str) -> OrgUnit:
    """The unit's published complaint hotline (投诉热线, R4.2)."""
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    _require_unit(actor, unit)
    hotline = (hotline or "").strip()
    if hotline and not all(ch.isdigit() or ch in "-— ()（）转," for ch in hotline):
        raise ValidationError({"hotline": _("A hotline has digits and dashes only, e.g. 0712-2822315.")})
    if len(hotline) > 40:
        raise ValidationError({"hotline": _("A hotline has at most 40 characters.")})
    if unit.hotline == hotline:
        return unit
    old = {"hotline": unit.hotline}
    unit.hotline = hotline
    unit.save(update_fields=["hotline"])
    audit.record(actor=actor, action="update", obj=unit, unit=unit, old=old, new={"hotline": hotline})
    return unit
