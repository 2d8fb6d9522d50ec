"""Writing the audit log. Services call `record(...)` inside their transaction."""

import datetime
import decimal
import uuid

from django.db import models
from django.db.models.fields.files import FieldFile

from xingping.core.models import AuditEvent


def _plain(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, FieldFile):  # `.url` raises on an empty file field: use the name
        return value.name or ""
    return value


def snapshot(obj, fields=None):
    """The concrete field values of `obj` as plain JSON data (FKs as their pk)."""
    data = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if getattr(field, "audit_skip", False):  # a blind index (core.fields): nothing for people
            continue
        value = _plain(getattr(obj, field.attname))
        if getattr(field, "encrypted", False):  # personal data encrypted at rest: masked in the log too
            value = field.audit_value(value)
        data[field.name] = value
    return data


def diff(old, new):
    """Only the keys whose values changed, as (old, new) dicts."""
    keys = sorted(set(old or {}) | set(new or {}))
    changed = [k for k in keys if (old or {}).get(k) != (new or {}).get(k)]
    return ({k: (old or {}).get(k) for k in changed}, {k: (new or {}).get(k) for k in changed})


def record(*, actor, action, obj, old=None, new=None, unit=None, note=""):
    """Append one audit event. `old`/`new` are dicts (use `snapshot`)."""
    if old is not None and new is not None:
        old, new = diff(old, new)
    if unit is None:
        unit = getattr(obj, "unit", None) if hasattr(obj, "unit_id") else None
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=(actor.username if getattr(actor, "pk", None) else str(actor or "system"))[:150],
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        unit=unit,
        old=old,
        new=new,
        note=note,
    )
