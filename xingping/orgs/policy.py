"""The access policy, decided once (STYLE.md "Access, decided once"; issue 9 part 1).

The app that owns the unit tree owns the rule of who sees which unit, so `core` needs no
domain app. Every app declares ONE policy object (in its `permissions.py`) built from the
pieces here, shaped like Wagtail's `wagtail/permission_policies/base.py`:

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
parent when the user sits in a department (科室/股室).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import wraps

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404

from xingping.accounts.models import Role
from xingping.core.audit import AccessDenied

VIEW = "view"
CHANGE = "change"


class RoleSet(frozenset):
    """A named set of role codes, defined once below and reused by every policy."""

    def __new__(cls, name: str, roles: Iterable[str]):
        obj = super().__new__(cls, (str(r) for r in roles))
        obj.name = name
        return obj

    def __repr__(self):
        return f"RoleSet({self.name})"

    def admits(self, user) -> bool:
        return bool(user is not None and user.is_authenticated and user.is_active and user.has_role(*self))


# Named role sets: the only place role tuples are spelled out.
OFFICE = RoleSet("office", [Role.OFFICE])
WRITERS = RoleSet("writers", [Role.OFFICE, Role.LEADER, Role.STAFF])  # record and change unit work
APPROVERS = RoleSet("approvers", [Role.OFFICE, Role.LEADER])  # approve, submit upward
SEE_ALL = RoleSet("see_all", [Role.OFFICE, Role.AUDITOR])  # see every unit
OVERSIGHT = RoleSet("oversight", [Role.OFFICE, Role.INSPECTOR])  # discipline inspection
READERS = RoleSet("readers", [Role.OFFICE, Role.AUDITOR, Role.INSPECTOR])  # read across their scope
STAFF_ANY = RoleSet("any_staff", [r.value for r in Role])  # any signed-in role
NOBODY = RoleSet("nobody", [])


def scope_unit(user):
    """The unit whose subtree a (non-office) user sees, or None."""
    unit = getattr(user, "unit", None)
    return unit.acting_unit if unit is not None else None


def scope_path(user, *, writable: bool = False) -> str | None:
    """The path prefix of the units `user` may see ("" for all), or None for nothing.

    `writable` narrows to what the user may act on: the auditor sees all but acts on none.
    """
    if not (user is not None and user.is_authenticated and user.is_active):
        return None
    if user.has_role(Role.OFFICE) or (not writable and user.has_role(Role.AUDITOR)):
        return ""
    unit = scope_unit(user)
    return unit.path if unit is not None else None


def visible_units(user, *, writable: bool = False):
    """The one selector for "which units may this user see (or act on)"."""
    from xingping.orgs.models import OrgUnit

    prefix = scope_path(user, writable=writable)
    if prefix is None:
        return OrgUnit.objects.none()
    if prefix == "":
        return OrgUnit.objects.all()
    return OrgUnit.objects.filter(path__startswith=prefix)


def unit_in_scope(user, unit, *, writable: bool = False) -> bool:
    prefix = scope_path(user, writable=writable)
    return prefix is not None and unit is not None and unit.path.startswith(prefix)


class BasePolicy:
    """One app's answer to "who may see or do what".

    `actions` maps an action name to the RoleSet that may perform it. Subclasses narrow
    which *objects* with `scope_queryset` (and, for a single object already loaded,
    `object_allows`). An action missing from `actions` is refused to everyone.
    """

    model: type[models.Model] | None = None
    actions: Mapping[str, RoleSet] = {}
    #: actions that act on objects (need a writable scope); others only read
    write_actions: frozenset[str] = frozenset()

    def __init__(self, model=None, *, actions: Mapping[str, RoleSet] | None = None, write_actions=None):
        if model is not None:
            self.model = model
        if actions is not None:
            self.actions = dict(actions)
        if write_actions is not None:
            self.write_actions = frozenset(write_actions)

    # --- page level -------------------------------------------------------------
    def roles_for(self, action: str) -> RoleSet:
        return self.actions.get(action, NOBODY)

    def user_has_permission(self, user, action: str) -> bool:
        return self.roles_for(action).admits(user)

    def user_has_any_permission(self, user, actions: Iterable[str]) -> bool:
        return any(self.user_has_permission(user, a) for a in actions)

    # --- objects ------------------------------------------------------------------
    def base_queryset(self) -> QuerySet:
        return self.model._default_manager.all()

    def scope_queryset(self, qs: QuerySet, user, action: str) -> QuerySet:
        """Narrow `qs` to the objects `user` may `action` (roles already admitted)."""
        return qs

    def instances_user_has_permission_for(self, user, action: str, queryset: QuerySet | None = None) -> QuerySet:
        qs = self.base_queryset() if queryset is None else queryset
        if not self.user_has_permission(user, action):
            return qs.none()
        return self.scope_queryset(qs, user, action)

    def user_has_permission_for_instance(self, user, action: str, obj) -> bool:
        if obj is None or not self.user_has_permission(user, action):
            return False
        return self.instances_user_has_permission_for(user, action).filter(pk=obj.pk).exists()

    def users_with_permission_for_instance(self, action: str, obj) -> QuerySet:
        """Active users who may `action` obj: for notifications and the role matrix."""
        User = get_user_model()
        roles = self.roles_for(action)
        if not roles:
            return User.objects.none()
        role_q = Q()
        for code in roles:
            role_q |= Q(roles__regex=rf"(^|;){code}(;|$)")
        candidates = User.objects.filter(role_q, is_active=True)
        return User.objects.filter(
            pk__in=[u.pk for u in candidates if self.user_has_permission_for_instance(u, action, obj)]
        )


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
        prefix = scope_path(user, writable=action in self.write_actions)
        if prefix is None:
            return qs.none()
        if prefix == "":
            return qs
        return qs.filter(**{f"{self.unit_field}__path__startswith": prefix})


def get_for_user_or_404(policy: BasePolicy, user, action: str = VIEW, *, queryset: QuerySet | None = None, **lookup):
    """Fetch one object the user may `action`; 404 when missing or forbidden."""
    qs = policy.instances_user_has_permission_for(user, action, queryset)
    try:
        return qs.get(**lookup)
    except (qs.model.DoesNotExist, qs.model.MultipleObjectsReturned, ValueError, TypeError):
        pass
    # Missing or forbidden: the same 404, but a refusal is audited (core AuditMiddleware).
    unscoped = policy.base_queryset() if queryset is None else queryset
    try:
        pk = unscoped.filter(**lookup).values_list("pk", flat=True).first()
    except (ValueError, TypeError):
        pk = None
    if pk is None:
        raise Http404
    raise AccessDenied(object_type=qs.model._meta.label_lower, object_id=str(pk), action=action)


def policy_required(policy: BasePolicy, action: str):
    """A view only those with `action` on `policy` may open; others get 404.

    The decorated view carries `.access = (policy, action)` so the role × view matrix test
    can read who may open every URL pattern.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not policy.user_has_permission(request.user, action):
                model = getattr(policy, "model", None)
                raise AccessDenied(object_type=model._meta.label_lower if model else "", action=action)
            return view(request, *args, **kwargs)

        wrapped.access = (policy, action)
        return wrapped

    return decorator


def public_view(view):
    """Mark a view as public (no login, no role): the matrix test reads `.access`."""
    from django.contrib.auth.decorators import login_not_required

    view = login_not_required(view)
    view.access = ("public", None)
    return view
