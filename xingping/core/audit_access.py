"""Who sees which audit row, and how it reads (issue 9 part 2).

An audit row is about one object (`object_type` = the model's label, `object_id` its pk).
It is visible to exactly those who may see that object: each app registers, for each of
its audited models, the queryset of objects a user may see (from the app's policy) and
which recorded fields hold personal data, masked as on the object's own page. Core names
no domain app: apps register from their `permissions.py` (autodiscovered here).

Rows about a type no app registered, and rows about objects that no longer exist, are for
those the core policy admits to `see_unregistered` (the office).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

EMPTY = "—"


@dataclass(frozen=True)
class AuditType:
    label: str
    #: visible(user) -> queryset of the objects (of this model) the user may see
    visible: Callable
    #: recorded field names holding personal data
    personal_fields: frozenset = field(default_factory=frozenset)
    #: full_view(user, object_ids) -> the ids whose personal data the user sees in full
    full_view: Callable | None = None
    #: mask(field_name, text) -> masked text (default: ****)
    mask: Callable | None = None


_TYPES: dict[str, AuditType] = {}
_discovered = False


def register_audit_type(model, *, visible, personal_fields: Iterable[str] = (), full_view=None, mask=None):
    label = model._meta.label_lower
    _TYPES[label] = AuditType(label=label, visible=visible, personal_fields=frozenset(personal_fields),
                              full_view=full_view, mask=mask)


def audit_types() -> dict[str, AuditType]:
    global _discovered
    if not _discovered:
        autodiscover_modules("permissions")
        _discovered = True
    return _TYPES


def _ids(qs):
    return qs.annotate(_audit_pk=Cast("pk", CharField())).values("_audit_pk")


def visible_events(user, qs):
    """Narrow an AuditEvent queryset to the rows `user` may see (one query, in the database)."""
    from xingping.core.permissions import SEE_UNREGISTERED, VIEW_AUDIT_LOG, policy

    if not policy.user_has_permission(user, VIEW_AUDIT_LOG):
        return qs.none()
    types = audit_types()
    q = Q(pk__in=[])
    for label, reg in types.items():
        q |= Q(object_type=label, object_id__in=_ids(reg.visible(user)))
    if policy.user_has_permission(user, SEE_UNREGISTERED):
        q |= ~Q(object_type__in=list(types))
        for label in types:
            model = _model(label)
            if model is not None:
                q |= Q(object_type=label) & ~Q(object_id__in=_ids(model._default_manager.all()))
    return qs.filter(q)


# --- reading a row as Chinese -------------------------------------------------------

def _model(label):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


_ACTION_LABELS: dict[str, object] = {}


def register_action_labels(labels: dict):
    """Apps name their own actions ("case.assigned" → 已分派), lazily translated."""
    _ACTION_LABELS.update(labels)


def action_label(action: str) -> str:
    audit_types()  # apps register their labels from permissions.py
    if action in _ACTION_LABELS:
        return str(_ACTION_LABELS[action])
    labels = {
        "create": pgettext("audit action", "Created"),
        "update": pgettext("audit action", "Edited"),
        "delete": pgettext("audit action", "Deleted"),
        "attach": pgettext("audit action", "Attachment added"),
        "detach": pgettext("audit action", "Attachment removed"),
        "submit": pgettext("audit action", "Submitted"),
        "return": pgettext("audit action", "Returned"),
        "accept": pgettext("audit action", "Accepted"),
        "import": pgettext("audit action", "Imported"),
        "verify": pgettext("audit action", "Verified"),
        "publish": pgettext("audit action", "Published"),
        "open": pgettext("audit action", "Opened"),
        "close": pgettext("audit action", "Closed"),
        "complete": pgettext("audit action", "Completed"),
        "answer": pgettext("audit action", "Answered"),
        "progress": pgettext("audit action", "Progress reported"),
        "view": pgettext("audit action", "Viewed"),
        "login": pgettext("audit action", "Signed in"),
        "logout": pgettext("audit action", "Signed out"),
        "login_failed": pgettext("audit action", "Sign-in failed"),
        "export": pgettext("audit action", "Exported"),
    }
    return labels.get(action) or labels.get(action.rsplit(".", 1)[-1], action)


def type_label(label: str) -> str:
    model = _model(label)
    return str(model._meta.verbose_name) if model is not None else label


def _plain_text(value) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    if value is True:
        return _("Yes")
    if value is False:
        return _("No")
    if isinstance(value, (list, tuple)):
        return "、".join(_plain_text(v) for v in value)
    if isinstance(value, dict):
        return "；".join(f"{k}：{_plain_text(v)}" for k, v in value.items())
    return str(value)


@dataclass
class Change:
    label: str
    old: str
    new: str


def _field(model, name):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _value_text(f, value, related):
    if value is None or value == "":
        return EMPTY
    if f is not None and f.is_relation and f.many_to_one:
        obj = related.get((f.related_model, str(value)))
        return str(obj) if obj is not None else str(value)
    if f is not None and f.choices:
        choices = {str(k): v for k, v in f.flatchoices}
        return str(choices.get(str(value), value))
    if f is not None and isinstance(f, models.BooleanField):
        return _plain_text(bool(value))
    return _plain_text(value)


def describe(events, user):
    """Attach `.changes`, `.action_text`, `.type_text`, `.actor_text` to each event of a page.

    A bounded number of queries per page (one per related model and per personal-data type),
    never one per row.
    """
    events = list(events)
    types = audit_types()
    # personal data: which objects does this user see in full?
    full = {}
    for label, reg in types.items():
        if not reg.personal_fields:
            continue
        ids = {e.object_id for e in events if e.object_type == label}
        if ids:
            full[label] = set(map(str, reg.full_view(user, ids))) if reg.full_view else set()
    # related objects named by foreign keys, fetched in one query per model
    wanted: dict[type, set] = {}
    for e in events:
        model = _model(e.object_type)
        for values in (e.old, e.new):
            if isinstance(values, dict):
                for name, value in values.items():
                    f = _field(model, name)
                    if f is not None and f.is_relation and f.many_to_one and value not in (None, ""):
                        wanted.setdefault(f.related_model, set()).add(str(value))
    related = {}
    for rel_model, ids in wanted.items():
        for obj in rel_model._default_manager.filter(pk__in=list(ids)):
            related[(rel_model, str(obj.pk))] = obj
    for e in events:
        model = _model(e.object_type)
        reg = types.get(e.object_type)
        masked = reg is not None and reg.personal_fields and e.object_id not in full.get(e.object_type, set())
        e.action_text = action_label(e.action)
        e.type_text = type_label(e.object_type)
        actor = e.actor if e.actor_id else None
        name = (actor.get_full_name() or actor.username) if actor is not None else (e.actor_name or _("system"))
        unit = getattr(actor, "unit", None) if actor is not None else None
        e.actor_text = name
        e.actor_unit_text = str(unit) if unit is not None else ""
        old = e.old if isinstance(e.old, dict) else ({} if e.old is None else {"": e.old})
        new = e.new if isinstance(e.new, dict) else ({} if e.new is None else {"": e.new})
        changes = []
        for name in list(dict.fromkeys([*old, *new])):
            f = _field(model, name)
            label = str(f.verbose_name) if f is not None and hasattr(f, "verbose_name") else (name or _("value"))
            texts = []
            for values in (old, new):
                if name not in values:
                    texts.append(EMPTY)
                    continue
                text = _value_text(f, values[name], related)
                if masked and name in reg.personal_fields and text != EMPTY:
                    text = reg.mask(name, text) if reg.mask else "****"
                texts.append(text)
            changes.append(Change(label=label, old=texts[0], new=texts[1]))
        e.changes = changes
        e.created = not old and bool(new)
    return events


def as_text(value) -> str:
    """A recorded JSON value as plain text (for exports)."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return value
    return _plain_text(value)
