"""The generic half of the access policy: no roles, no units, no domain app.

`xingping.orgs.policy` builds on this (named role sets, unit scoping) and re-exports every
name here, so apps import from `xingping.orgs.policy`. Core's own pages (the audit log)
use these pieces too, with the role sets handed down by orgs at start-up
(`xingping.core.permissions.configure`), because core may not name a role.

The interface follows Wagtail's `wagtail/permission_policies/base.py`:

- `user_has_permission(user, action)` — may this user do `action` at all (page-level gate:
  menus, buttons, role-only pages);
- `instances_user_has_permission_for(user, action, queryset=None)` — the objects the user
  may `action`, as a queryset computed in the database;
- `user_has_permission_for_instance(user, action, obj)` — may this user `action` this object;
- `users_with_permission_for_instance(action, obj)` — who may (notifications, role matrix).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import wraps

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404

from xingping.core.audit import AccessDenied

VIEW = "view"
CHANGE = "change"


def is_active_user(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


class RoleSet(frozenset):
    """A named set of role codes (the sets themselves are defined once, in orgs.policy)."""

    def __new__(cls, name: str, roles: Iterable[str]):
        obj = super().__new__(cls, (str(r) for r in roles))
        obj.name = name
        return obj

    def __repr__(self):
        return f"RoleSet({self.name})"

    def __or__(self, other):
        return RoleSet(f"{self.name}|{getattr(other, 'name', 'set')}", frozenset.__or__(self, other))

    def admits(self, user) -> bool:
        return bool(is_active_user(user) and self and user.has_role(*self))


NOBODY = RoleSet("nobody", [])

#: scope(qs, user, action) -> qs narrowed to what the user may `action`
Scope = Callable[[QuerySet, object, str], QuerySet]


class BasePolicy:
    """One app's answer to "who may see or do what".

    `actions` maps an action name to the RoleSet that may perform it (the page-level gate).
    `scopes` maps a model to the function that narrows its queryset to the objects a user
    may act on; `scope_queryset` picks it by the queryset's model (an app's policy covers
    every model of the app). An action missing from `actions` is refused to everyone.
    """

    model: type[models.Model] | None = None
    actions: Mapping[str, RoleSet] = {}
    scopes: Mapping[type, Scope] = {}
    #: actions that change objects (they use the writable scope)
    write_actions: frozenset[str] = frozenset({CHANGE})

    def __init__(self, model=None, *, actions: Mapping[str, RoleSet] | None = None, scopes=None, write_actions=None):
        if model is not None:
            self.model = model
        if actions is not None:
            self.actions = dict(actions)
        if scopes is not None:
            self.scopes = dict(scopes)
        if write_actions is not None:
            self.write_actions = frozenset(write_actions)

    # --- page level -------------------------------------------------------------
    def roles_for(self, action: str) -> RoleSet:
        return self.actions.get(action, NOBODY)

    def user_has_permission(self, user, action: str) -> bool:
        return self.roles_for(action).admits(user)

    def user_has_any_permission(self, user, actions: Iterable[str]) -> bool:
        return any(self.user_has_permission(user, a) for a in actions)

    def can(self, user, *actions: str) -> dict[str, bool]:
        """`{"can_<action>": bool}` for templates (views pass these, never roles)."""
        return {f"can_{a}": self.user_has_permission(user, a) for a in actions}

    # --- objects ------------------------------------------------------------------
    def base_queryset(self) -> QuerySet:
        return self.model._default_manager.all()

    def scope_for(self, model) -> Scope | None:
        for klass in model.__mro__:
            if klass in self.scopes:
                return self.scopes[klass]
        return None

    def scope_queryset(self, qs: QuerySet, user, action: str) -> QuerySet:
        """Narrow `qs` to the objects `user` may `action` (roles already admitted)."""
        scope = self.scope_for(qs.model)
        return qs if scope is None else scope(qs, user, action)

    def instances_user_has_permission_for(self, user, action: str, queryset: QuerySet | None = None) -> QuerySet:
        qs = self.base_queryset() if queryset is None else queryset
        if not self.user_has_permission(user, action):
            return qs.none()
        return self.scope_queryset(qs, user, action)

    def user_has_permission_for_instance(self, user, action: str, obj, queryset: QuerySet | None = None) -> bool:
        if obj is None or obj.pk is None or not self.user_has_permission(user, action):
            return False
        qs = queryset if queryset is not None else obj._meta.model._default_manager.all()
        return self.instances_user_has_permission_for(user, action, qs).filter(pk=obj.pk).exists()

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

    The decorated view carries `.access = (policy, action)` so the navigation and the
    role × view matrix can ask who may open a URL pattern.
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


def view_allows(view, user) -> bool:
    """Does the gate on `view` (from `policy_required`) admit `user`? Ungated views: yes."""
    access = getattr(view, "access", None)
    if not access or access[0] == "public":
        return True
    policy, action = access
    return policy.user_has_permission(user, action)
