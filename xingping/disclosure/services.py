"""Writes of the disclosure app: catalogue items and disclosures, each audited."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from xingping.cases.deadlines import get_calendar
from xingping.core import audit
from xingping.core.uploads import IMAGE_TYPES, store_upload, validate_upload
from xingping.disclosure.models import CatalogueItem, Disclosure

ITEM_FIELDS = ("code", "unit", "title", "subtitle", "elements", "basis", "time_limit", "responsible_office", "channel",
               "audience", "mode", "created_on", "limit_wd", "disclosed_on")
EVIDENCE_TYPES = IMAGE_TYPES + ("pdf",)


def due_date(*, created_on: datetime.date | None, limit_wd: int, calendar=None) -> datetime.date | None:
    """The `limit_wd`-th working day after `created_on` (the day itself not counted; C4, C6)."""
    if created_on is None:
        return None
    return (calendar or get_calendar()).add_working_days(created_on, int(limit_wd))


def check_dates(*, created_on, disclosed_on):
    if created_on and disclosed_on and disclosed_on < created_on:
        raise ValidationError(_("The disclosure date is before the day the information was created or changed."),
                              code="disclosed_before_created")


def item_save(*, actor, item: CatalogueItem, calendar=None) -> CatalogueItem:
    """Create or change a catalogue item (its due date recomputed), audited."""
    check_dates(created_on=item.created_on, disclosed_on=item.disclosed_on)
    with transaction.atomic():
        old = None
        if item.pk:
            old = audit.snapshot(CatalogueItem.objects.get(pk=item.pk), ITEM_FIELDS)
        item.due_on = due_date(created_on=item.created_on, limit_wd=item.limit_wd, calendar=calendar)
        item.full_clean(exclude=["unit"])
        item.save()
        audit.record(actor=actor, action="update" if old else "create", obj=item, old=old,
                     new=audit.snapshot(item, ITEM_FIELDS), unit=item.unit)
    return item


def disclosure_record(*, actor, item: CatalogueItem, disclosed_on: datetime.date, url: str = "", evidence=None,
                      note: str = "") -> Disclosure:
    """Record that `item` was disclosed on `disclosed_on`, with evidence (a checked photo or
    PDF, or a web address). The item's `disclosed_on` becomes the latest disclosure."""
    check_dates(created_on=item.created_on, disclosed_on=disclosed_on)
    if disclosed_on > datetime.date.today() + datetime.timedelta(days=1):
        raise ValidationError(_("The disclosure date is in the future."), code="future")
    if not url and evidence is None:
        raise ValidationError(_("Give the evidence: a photo or PDF of the disclosure, or its web address."),
                              code="no_evidence")
    kind = validate_upload(evidence, allowed=EVIDENCE_TYPES) if evidence is not None else None
    with transaction.atomic():
        record = Disclosure(item=item, disclosed_on=disclosed_on, url=url, note=note,
                            recorded_by=actor if getattr(actor, "pk", None) else None)
        if evidence is not None:
            store_upload(record.evidence, evidence, kind, stem_default="evidence")
        record.save()
        old = audit.snapshot(item, ("disclosed_on",))
        if item.disclosed_on is None or disclosed_on >= item.disclosed_on:
            item.disclosed_on = disclosed_on
            item.save(update_fields=["disclosed_on", "updated_at"])
        audit.record(actor=actor, action="disclose", obj=item, old=old, new=audit.snapshot(item, ("disclosed_on",)),
                     unit=item.unit, note=url or (record.evidence.name if record.evidence else ""))
    return record


def recompute_due_dates(*, years=None) -> int:
    """Due dates again after the office changed the holidays (of `years`, or all)."""
    cal = get_calendar()
    qs = CatalogueItem.objects.filter(created_on__isnull=False)
    if years:
        qs = qs.filter(created_on__year__gte=min(years) - 1, created_on__year__lte=max(years))
    changed = []
    for item in qs.only("pk", "created_on", "limit_wd", "due_on").iterator(chunk_size=2000):
        due = due_date(created_on=item.created_on, limit_wd=item.limit_wd, calendar=cal)
        if due != item.due_on:
            item.due_on = due
            changed.append(item)
    CatalogueItem.objects.bulk_update(changed, ["due_on"], batch_size=1000)
    return len(changed)
