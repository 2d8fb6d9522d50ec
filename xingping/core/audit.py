"""Writing the audit log. Services call `record(...)` inside their transaction."""

import datetime
import decimal
import uuid

from django.db import models
from django.db.models.fields.files import FieldFile
from django.http import Http404

from xingping.core import audit_chain
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


def _actor(actor):
    if getattr(actor, "pk", None):
        return actor, actor.username[:150]
    if getattr(actor, "is_anonymous", False):
        return None, "anonymous"
    return None, str(actor or "system")[:150]


def record(*, actor, action, obj, old=None, new=None, unit=None, note="", using="default"):
    """Append one audit event. `old`/`new` are dicts (use `snapshot`).

    The row is chained to the previous one (core.audit_chain); call it inside the
    service's transaction so the event and the change commit together."""
    if old is not None and new is not None:
        old, new = diff(old, new)
    if unit is None:
        unit = getattr(obj, "unit", None) if hasattr(obj, "unit_id") else None
    user, name = _actor(actor)
    event = AuditEvent(
        actor=user,
        actor_name=name,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        unit=unit,
        old=old,
        new=new,
        note=note,
    )
    return audit_chain.append(event, using=using)


def record_event(
    *, actor, action, note, unit=None, object_type="", object_id="", object_repr="", new=None, using="default"
):
    """Append an event without a model object: sign-ins, denied accesses, exports, purges.

    `actor` is a user, or a name (str) for someone not signed in ("system", a username
    typed at a failed sign-in). `object_type`/`object_id` name what it was about, if
    anything (e.g. "accounts.user", "42"); `new` is optional JSON detail."""
    user, name = _actor(actor)
    event = AuditEvent(
        actor=user,
        actor_name=name,
        action=action[:40],
        object_type=object_type[:100],
        object_id=str(object_id)[:64],
        object_repr=(object_repr or note)[:200],
        unit=unit,
        new=new,
        note=note,
    )
    return audit_chain.append(event, using=using)


class AccessDenied(Http404):
    """A 404 answered because a policy refused (not because the object is missing).

    Raised by orgs.policy; core.middleware.AuditMiddleware records one `access.denied`
    event per such response. Everything else treats it as the Http404 it is."""

    def __init__(self, *, object_type: str = "", object_id: str = "", action: str = ""):
        super().__init__()
        self.object_type = object_type
        self.object_id = object_id
        self.action = action


def mark_export(response, *, filename: str, rows: int | None = None):
    """Tag a download response so AuditMiddleware records who downloaded what."""
    response.xingping_export = {"file": filename, "rows": rows}
    return response
