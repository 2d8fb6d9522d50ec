"""Who sees which audit row, and how it reads (issue 9 part 2).

An audit row is about one object (`object_type` = the model's label, `object_id` its pk).
It is visible to exactly those who may see that object: each app registers, for each of
its audited models, the queryset of objects a user may see (from the app's policy) and
which recorded fields hold personal data, masked as on the object's own page. Core names
no domain app: apps register from their `permissions.py` (autodiscovered here).

Every model of the project is registered here, by its own app: with a visibility rule
(`register_audit_type`), or as a model whose rows only the office reads
(`register_audited_model`: tallies, ballots, accounts). A row's `object_type` is resolved to
its model through this registry alone, never by asking Django for a stored name
(tests/test_access_architecture.py checks that every model is registered).

Rows about a type no app registered, and rows about objects that no longer exist, are for
those the core policy admits to `see_unregistered` (the office).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.utils.translation import gettext as _
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from xingping.core import audit_text
from xingping.core.discovery import discover
from xingping.core.audit_text import register_action_labels, register_field_labels  # noqa: F401  (apps register here)
from xingping.core.registry import importers

EMPTY = "—"


@dataclass(frozen=True)
class AuditType:
    label: str
    model: type
    #: visible(user) -> queryset of the objects (of this model) the user may see
    visible: Callable
    #: recorded field names holding personal data
    personal_fields: frozenset = field(default_factory=frozenset)
    #: full_view(user, object_ids) -> the ids whose personal data the user sees in full
    full_view: Callable | None = None
    #: mask(field_name, text) -> masked text (default: ****)
    mask: Callable | None = None


_TYPES: dict[str, AuditType] = {}
#: every registered model by its label, with a visibility rule or without
_MODELS: dict[str, type] = {}


def register_audit_type(model, *, policy=None, action: str = "view", visible: Callable | None = None,
                        personal_fields: Iterable[str] = (), full_view=None, mask=None) -> None:
    """Register `model`'s audit rows as visible to those who may see its object: by the app's
    `policy` (the objects `policy.instances_user_has_permission_for(user, action, …)` admits),
    or, for a rule no policy action states, by `visible(user)` -> queryset. One of the two."""
    if (policy is None) == (visible is None):
        raise TypeError(f"register_audit_type({model._meta.label_lower}): give policy or visible, exactly one")
    if visible is None:
        visible = _by_policy(policy, action, model)
    label = model._meta.label_lower
    _TYPES[label] = AuditType(label=label, model=model, visible=visible, personal_fields=frozenset(personal_fields),
                              full_view=full_view, mask=mask)
    _MODELS[label] = model


def _by_policy(policy, action: str, model) -> Callable:
    def visible(user):
        return policy.instances_user_has_permission_for(user, action, model._default_manager.all())
    return visible


def register_audited_model(*models) -> None:
    """Models whose audit rows have no visibility rule of their own: only those admitted to
    `see_unregistered` (the office) read them. Registering them still lets a row be read as
    Chinese (the type's name, the fields' labels)."""
    for model in models:
        _MODELS.setdefault(model._meta.label_lower, model)


def audit_types() -> dict[str, AuditType]:
    discover("permissions")
    return _TYPES


def audited_models() -> dict[str, type]:
    discover("permissions")
    return _MODELS


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
        for label, reg in types.items():
            q |= Q(object_type=label) & ~Q(object_id__in=_ids(reg.model._default_manager.all()))
    return qs.filter(q)


# --- reading a row as Chinese -------------------------------------------------------

def _model(label):
    """The model an audit row is about, or None. `object_type` is stored data: the label
    `audit.record` wrote from the object itself (`obj._meta.label_lower`), or a plain word for
    a row about no model ("import", a sign-in). It is looked up among the models the apps
    registered here."""
    return audited_models().get(label)


def action_label(action: str) -> str:
    audit_types()  # apps register their labels from permissions.py
    return audit_text.action_text(action)


def type_label(label: str) -> str:
    model = _model(label)
    if model is not None:
        return str(model._meta.verbose_name)
    return audit_text.plain_type_label(label, importers())


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


def _hidden(f) -> bool:
    """Fields nobody reads in a log: the row's number and the automatic time stamps (the
    event has its own time). Still recorded; only not shown."""
    return f is not None and (getattr(f, "primary_key", False) or getattr(f, "auto_now", False)
                              or getattr(f, "auto_now_add", False))


def _datetime_text(value) -> str | None:
    moment = parse_datetime(value) if isinstance(value, str) else None
    if moment is None:
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


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
    if f is not None and isinstance(f, models.DateTimeField):
        return _datetime_text(value) or _plain_text(value)
    return _plain_text(value)


def _live_labels(events):
    """For rows written without an object's label (denied accesses, sign-in events), the
    label of the object as it is now: one query per model on the page."""
    wanted: dict[type, set] = {}
    for e in events:
        if e.object_id and e.object_id != "-" and (not e.object_repr or e.object_repr == e.note):
            model = _model(e.object_type)
            if model is not None:
                wanted.setdefault(model, set()).add(e.object_id)
    labels = {}
    for model, ids in wanted.items():
        pk = model._meta.pk
        try:
            keys = [pk.to_python(i) for i in ids]
        except Exception:  # noqa: BLE001  (an id that is no key of this model: no label)
            continue
        for obj in model._default_manager.filter(pk__in=keys):
            labels[(model._meta.label_lower, str(obj.pk))] = str(obj)
    return labels


def describe(events, user):
    """Attach, to each event of a page, what a person reads:

    - `actor_text`, `actor_unit_text`: who (the account's name and unit, or "the system",
      "the command line", "the public" in words);
    - `action_text`, `type_text`, `object_text`: what was done to what (the object's label
      — a case's number and subject, a unit's name — never "cases.case #123");
    - `changes`: one `Change(label, old, new)` per changed field, in the field's
      verbose_name and the choices' labels, dates as dates, personal data masked;
    - `note_text`: the note, with its `key=value` tokens in words.

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
    live = _live_labels(events)
    for e in events:
        model = _model(e.object_type)
        reg = types.get(e.object_type)
        masked = reg is not None and reg.personal_fields and e.object_id not in full.get(e.object_type, set())
        e.action_text = action_label(e.action)
        e.type_text = type_label(e.object_type)
        actor = e.actor if e.actor_id else None
        name = (actor.get_full_name() or actor.username) if actor is not None else audit_text.actor_name_text(e.actor_name)
        unit = getattr(actor, "unit", None) if actor is not None else None
        e.actor_text = name
        e.actor_unit_text = str(unit) if unit is not None else ""
        e.object_text = live.get((e.object_type, e.object_id)) or e.object_repr
        e.note_text = audit_text.note_text(e.note)
        path = e.new.get("path") if isinstance(e.new, dict) else None
        if e.note_text == e.object_text or (path and e.note.endswith(f" {path}")):
            e.note_text = ""  # the note repeats the label or the page already shown
        old = e.old if isinstance(e.old, dict) else ({} if e.old is None else {"": e.old})
        new = e.new if isinstance(e.new, dict) else ({} if e.new is None else {"": e.new})
        created = not old and bool(new)
        changes = []
        details_only = e.action in audit_text.EVENT_ACTIONS
        for name in list(dict.fromkeys([*old, *new])):
            f = None if details_only else _field(model, name)
            if _hidden(f):
                continue
            if f is not None and hasattr(f, "verbose_name"):
                label = str(f.verbose_name)
            else:
                label = audit_text.key_label(e.object_type, name)
            texts = []
            for values in (old, new):
                if name not in values:
                    texts.append(EMPTY)
                    continue
                text = (f is None and audit_text.detail_text(name, values[name])) or _value_text(f, values[name], related)
                if masked and name in reg.personal_fields and text != EMPTY:
                    text = reg.mask(name, text) if reg.mask else "****"
                texts.append(text)
            if created and texts[1] == EMPTY:
                continue  # a new record's empty fields say nothing
            if not created and texts[0] == texts[1] and not (masked and name in reg.personal_fields):
                continue  # changed below what is shown (e.g. seconds of a time)
            changes.append(Change(label=label, old=texts[0], new=texts[1]))
        e.changes = changes
        e.created = created
    return events


def as_text(value) -> str:
    """A recorded JSON value as plain text (for exports)."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return value
    return _plain_text(value)
