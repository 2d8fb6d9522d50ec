"""The access policy, decided once (STYLE.md "Access, decided once"; issue 9 part 1).

The app that owns the unit tree owns the rule of who sees which unit, so `core` needs no
domain app. Every app declares ONE policy object (in its `permissions.py`) built from the
pieces here and in `xingping.core.policy` (re-exported below), shaped like Wagtail's
`wagtail/permission_policies/base.py`:

- `user_has_permission(user, action)` — may this user do `action` at all (page-level gate:
  menus, buttons, role-only pages);
- `instances_user_has_permission_for(user, action)` — a queryset of the objects the user
  may `action`;
- `user_has_permission_for_instance(user, action, obj)` — may this user `action` this object;
- `users_with_permission_for_instance(action, obj)` — who may (notifications, role matrix).

Views never check roles by hand: they call the policy, `policy_required(policy, action)`
or `get_for_user_or_404(policy, user, action, **lookup)`, which answers 404 for "missing"
and "forbidden" alike (Zulip's `access_stream_by_id`).

Scoping rule (R1.2): the office and auditors see every unit; everyone else sees their
*scope unit* and every unit below it, where the scope unit is the user's unit, or its
parent when the user sits in a department (科室/股室). Acting ("change") needs a role that
writes (office, leader, staff): inspectors and auditors are read-only.
"""

from __future__ import annotations

from django.db import models

from xingping.accounts.models import Role
from xingping.core.policy import (  # noqa: F401  (re-exported: apps import the policy from here)
    CHANGE,
    NOBODY,
    VIEW,
    BasePolicy,
    RoleSet,
    get_for_user_or_404,
    is_active_user,
    policy_required,
    public_view,
    view_allows,
)

# Named role sets: the only place role tuples are spelled out.
OFFICE = RoleSet("office", [Role.OFFICE])
AUDITOR = RoleSet("auditor", [Role.AUDITOR])
INSPECTOR = RoleSet("inspector", [Role.INSPECTOR])
LEADER = RoleSet("leader", [Role.LEADER])
STAFF = RoleSet("staff", [Role.STAFF])
WRITERS = RoleSet("writers", [Role.OFFICE, Role.LEADER, Role.STAFF])  # record and change unit work
UNIT_WORKERS = RoleSet("unit_workers", [Role.LEADER, Role.STAFF])  # a unit's own leaders and staff
APPROVERS = RoleSet("approvers", [Role.OFFICE, Role.LEADER])  # approve, submit upward
SEE_ALL = RoleSet("see_all", [Role.OFFICE, Role.AUDITOR])  # see every unit
OVERSIGHT = RoleSet("oversight", [Role.OFFICE, Role.INSPECTOR])  # discipline inspection
READERS = RoleSet("readers", [Role.OFFICE, Role.AUDITOR, Role.INSPECTOR])  # read across their scope
STAFF_ANY = RoleSet("any_staff", [r.value for r in Role])  # any signed-in role



class _SignedIn(RoleSet):
    """Any active signed-in user, with or without a role (pages every account may open)."""

    def admits(self, user) -> bool:
        return is_active_user(user)


SIGNED_IN = _SignedIn("signed_in", [r.value for r in Role])


def scope_unit(user):
    """The unit whose subtree a (non-office) user sees, or None."""
    unit = getattr(user, "unit", None)
    return unit.acting_unit if unit is not None else None


def sees_all(user) -> bool:
    return SEE_ALL.admits(user)


def can_write(user) -> bool:
    return WRITERS.admits(user)


def _writable(action, writable):
    return (action == CHANGE) if writable is None else writable


def scope_path(user, action: str = VIEW, *, writable: bool | None = None) -> str | None:
    """The path prefix of the units `user` may see ("" for all), or None for nothing.

    `action=CHANGE` (or `writable=True`) narrows to what the user may act on: only writers
    act, and the auditor sees all but acts on none.
    """
    if not is_active_user(user):
        return None
    writable = _writable(action, writable)
    if writable and not can_write(user):
        return None
    if OFFICE.admits(user) or (not writable and AUDITOR.admits(user)):
        return ""
    unit = scope_unit(user)
    return unit.path if unit is not None else None


def visible_units(user, action: str = VIEW, *, writable: bool | None = None):
    """The one selector for "which units may this user see (or act on)"."""
    from xingping.orgs.models import OrgUnit

    prefix = scope_path(user, action, writable=writable)
    if prefix is None:
        return OrgUnit.objects.none()
    if prefix == "":
        return OrgUnit.objects.all()
    return OrgUnit.objects.filter(path__startswith=prefix)


def unit_in_scope(user, unit, action: str = VIEW, *, writable: bool | None = None) -> bool:
    prefix = scope_path(user, action, writable=writable)
    return prefix is not None and unit is not None and unit.path.startswith(prefix)


def unit_scope(unit_field: str | None = "unit"):
    """A scope function (for `BasePolicy.scopes`): objects of units in the user's scope
    (`unit_field=None`: the queryset is of units themselves)."""
    lookup = f"{unit_field}__path__startswith" if unit_field else "path__startswith"

    def scope(qs, user, action):
        prefix = scope_path(user, action)
        if prefix is None:
            return qs.none()
        if prefix == "":
            return qs
        return qs.filter(**{lookup: prefix})

    return scope


class ScopedQuerySet(models.QuerySet):
    """Base queryset for every model that belongs to a unit.

    `for_user` is a thin delegate: the unit scope here, or — for models whose app policy
    adds a rule (misconduct reports, self-analyses) — that policy's scope, so each rule
    lives in one place (`<app>/permissions.py`).
    """

    unit_field = "unit"

    def for_user(self, user, action=VIEW):
        return unit_scope(self.unit_field)(self, user, action)


class UnitScopedPolicy(BasePolicy):
    """Objects that belong to a unit: visible in the user's scope (R1.2).

    `unit_field` is the lookup from the model to its `OrgUnit` ("unit", "entity__unit", …).
    Write actions (listed in `write_actions`) use the writable scope, so an auditor who
    holds a role in `actions` still cannot act on another unit's object.
    """

    unit_field = "unit"

    def __init__(self, model=None, *, unit_field: str | None = None, **kwargs):
        super().__init__(model, **kwargs)
        if unit_field is not None:
            self.unit_field = unit_field

    def scope_queryset(self, qs, user, action):
        scope = self.scope_for(qs.model)
        if scope is not None:
            return scope(qs, user, action)
        writable = action in self.write_actions
        return unit_scope(self.unit_field)(qs, user, CHANGE if writable else VIEW)
