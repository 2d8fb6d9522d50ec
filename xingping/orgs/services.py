"""Writes on the unit tree, leadership groups and staff accounts (the office's set-up pages).

Each is one transaction: it checks the actor against the orgs policy (`MANAGE`: the office),
validates (a `ValidationError` keyed by form field, Chinese through gettext), changes and
writes one audit row with the old and new values. Passwords never reach the audit log.

The tree rules are the import's (`orgs.imports.UnitImport`): one root, a city bureau only at
the root, a moved unit takes its whole subtree along (one UPDATE on the materialized path).
"""

from __future__ import annotations

import datetime
import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max, Value
from django.db.models.functions import Concat, Length, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from xingping.accounts import services as account_services
from xingping.accounts.models import Role, User
from xingping.accounts.passwords import SET_BY_OFFICE
from xingping.core import audit
from xingping.orgs.models import PATH_SEPARATOR, GroupMembership, GroupRole, Level, OrgUnit, code_validator
from xingping.orgs.permissions import MANAGE, policy

PATH_MAX = OrgUnit._meta.get_field("path").max_length
UNIT_FIELDS = ["code", "name", "level", "parent", "path", "sort_order", "hotline", "address", "retired_on"]
ACCOUNT_FIELDS = ["username", "last_name", "unit", "roles", "title", "is_active"]


def _require_office(actor):
    if not policy.user_has_permission(actor, MANAGE):
        raise PermissionDenied(_("Only the campaign office manages units and accounts."))


def _check_parent(*, level, parent, unit=None):
    """The import's tree rules, for one unit: the city bureau is the one root."""
    if parent is None:
        if level != Level.CITY:
            raise ValidationError({"parent": _("Choose the parent unit: only the city bureau has none.")})
        root = OrgUnit.objects.filter(parent__isnull=True)
        if unit is not None:
            root = root.exclude(pk=unit.pk)
        if root.exists():
            raise ValidationError({"parent": _("There is already a top unit; choose the parent unit.")})
        return
    if level == Level.CITY:
        raise ValidationError({"level": _("A city bureau cannot have a parent unit.")})
    if parent.is_retired:
        raise ValidationError({"parent": _("The parent unit is retired.")})
    if parent.level == Level.DEPARTMENT:
        raise ValidationError({"parent": _("An internal department cannot have units below it.")})


# ------------------------------------------------------------------ units

@transaction.atomic
def unit_create(*, actor: User, code: str, name: str, level: str, parent: OrgUnit | None,
                sort_order: int = 0, hotline: str = "", address: str = "") -> OrgUnit:
    _require_office(actor)
    code, name = (code or "").strip(), (name or "").strip()
    try:
        code_validator(code)
    except ValidationError:
        raise ValidationError({"code": _("A unit code is 1–32 letters, digits, '_' or '-'.")})
    if not name:
        raise ValidationError({"name": _("Enter the unit's name.")})
    if level not in Level.values:
        raise ValidationError({"level": _("Choose a level.")})
    if OrgUnit.objects.filter(code__iexact=code).exists():
        raise ValidationError({"code": _("A unit with the code %(code)s already exists.") % {"code": code}})
    _check_parent(level=level, parent=parent)
    path = OrgUnit.build_path(parent, code)
    if len(path) > PATH_MAX:
        raise ValidationError({"parent": _("The unit tree is too deep here.")})
    unit = OrgUnit.objects.create(code=code, name=name, level=level, parent=parent, path=path,
                                  depth=path.count(PATH_SEPARATOR) - 1, sort_order=sort_order,
                                  hotline=(hotline or "").strip(), address=(address or "").strip())
    audit.record(actor=actor, action="unit.create", obj=unit, unit=unit, new=audit.snapshot(unit, UNIT_FIELDS))
    return unit


@transaction.atomic
def unit_update(*, actor: User, unit: OrgUnit, name: str, level: str, sort_order: int = 0,
                hotline: str = "", address: str = "") -> OrgUnit:
    """Rename or edit a unit (its code and place in the tree stay: see `unit_move`)."""
    _require_office(actor)
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Enter the unit's name.")})
    if level not in Level.values:
        raise ValidationError({"level": _("Choose a level.")})
    if level != unit.level:
        _check_parent(level=level, parent=unit.parent, unit=unit)
        if level == Level.DEPARTMENT and unit.children.exists():
            raise ValidationError({"level": _("A unit with units below it cannot become an internal department.")})
    old = audit.snapshot(unit, UNIT_FIELDS)
    unit.name, unit.level, unit.sort_order = name, level, sort_order
    unit.hotline, unit.address = (hotline or "").strip(), (address or "").strip()
    unit.save()
    audit.record(actor=actor, action="unit.update", obj=unit, unit=unit, old=old, new=audit.snapshot(unit, UNIT_FIELDS))
    return unit


def move_subtree(unit: OrgUnit, old_path: str, new_path: str) -> int:
    """Re-root the descendants of a moved unit in one UPDATE; returns how many moved."""
    depth_change = new_path.count(PATH_SEPARATOR) - old_path.count(PATH_SEPARATOR)
    return OrgUnit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
        depth=F("depth") + depth_change,
    )


@transaction.atomic
def unit_move(*, actor: User, unit: OrgUnit, parent: OrgUnit) -> OrgUnit:
    """Put `unit` (and everything below it) under `parent`. Refused under itself or one of
    its own descendants (the tree would become a loop), for the root, and under a retired
    unit or an internal department."""
    _require_office(actor)
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    if parent is None:
        raise ValidationError({"parent": _("Choose the new parent unit.")})
    parent = OrgUnit.objects.get(pk=parent.pk)
    if unit.parent_id is None:
        raise ValidationError({"parent": _("The top unit cannot be moved.")})
    if parent.path.startswith(unit.path):
        raise ValidationError({"parent": _("A unit cannot be moved under itself or a unit below it.")})
    if parent.pk == unit.parent_id:
        return unit
    _check_parent(level=unit.level, parent=parent, unit=unit)
    old_path, new_path = unit.path, OrgUnit.build_path(parent, unit.code)
    longest = OrgUnit.objects.filter(path__startswith=old_path).aggregate(n=Max(Length("path")))["n"] or 0
    if longest - len(old_path) + len(new_path) > PATH_MAX:
        raise ValidationError({"parent": _("The unit tree is too deep here.")})
    old = audit.snapshot(unit, UNIT_FIELDS)
    moved = move_subtree(unit, old_path, new_path)
    unit.parent, unit.path, unit.depth = parent, new_path, new_path.count(PATH_SEPARATOR) - 1
    unit.save()
    audit.record(actor=actor, action="unit.move", obj=unit, unit=unit, old=old, new=audit.snapshot(unit, UNIT_FIELDS),
                 note=_("%(count)d units below it moved along.") % {"count": moved} if moved else "")
    return unit


def retire_blockers(unit: OrgUnit) -> list[str]:
    """Why `unit` cannot be retired now (empty: it can)."""
    reasons = []
    if unit.parent_id is None:
        reasons.append(_("The top unit cannot be retired."))
    staff = unit.staff.filter(is_active=True).count()
    if staff:
        reasons.append(_("It still has %(count)d active staff accounts: move or disable them first.") % {"count": staff})
    children = unit.children.filter(retired_on__isnull=True).count()
    if children:
        reasons.append(_("It still has %(count)d units below it: move or retire them first.") % {"count": children})
    return reasons


@transaction.atomic
def unit_retire(*, actor: User, unit: OrgUnit, day: datetime.date | None = None) -> OrgUnit:
    """Retire (撤销) a unit: it leaves every picker, its history (cases, visits, scores, the
    audit log) stays. Refused while it has active staff or units below it that are not retired."""
    _require_office(actor)
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    if unit.is_retired:
        return unit
    reasons = retire_blockers(unit)
    if reasons:
        raise ValidationError(reasons)
    old = audit.snapshot(unit, UNIT_FIELDS)
    unit.retired_on = day or timezone.localdate()
    unit.save(update_fields=["retired_on"])
    audit.record(actor=actor, action="unit.retire", obj=unit, unit=unit, old=old, new=audit.snapshot(unit, UNIT_FIELDS))
    return unit


@transaction.atomic
def unit_restore(*, actor: User, unit: OrgUnit) -> OrgUnit:
    """Undo a retirement (the parent must not be retired itself)."""
    _require_office(actor)
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    if not unit.is_retired:
        return unit
    if unit.parent is not None and unit.parent.is_retired:
        raise ValidationError(_("Its parent unit is retired: restore the parent first."))
    old = audit.snapshot(unit, UNIT_FIELDS)
    unit.retired_on = None
    unit.save(update_fields=["retired_on"])
    audit.record(actor=actor, action="unit.restore", obj=unit, unit=unit, old=old, new=audit.snapshot(unit, UNIT_FIELDS))
    return unit


# ------------------------------------------------------------------ leadership groups and work teams

@transaction.atomic
def seat_add(*, actor: User, unit: OrgUnit, role: str, name: str = "", title: str = "",
             person: User | None = None) -> GroupMembership:
    """A seat in the unit's leadership group (组长, 副组长, 成员, 办公室) or its work team."""
    _require_office(actor)
    if role not in GroupRole.values:
        raise ValidationError({"role": _("Choose a role in the group.")})
    name = (name or "").strip() or (person.display_name if person is not None else "")
    if not name:
        raise ValidationError({"name": _("Enter the person's name or choose a staff member.")})
    if role == GroupRole.LEADER and unit.group_members.filter(role=GroupRole.LEADER).exists():
        raise ValidationError({"role": _("The group already has a leader: remove the seat first.")})
    order = (unit.group_members.aggregate(n=Max("sort_order"))["n"] or 0) + 1
    seat = GroupMembership.objects.create(unit=unit, role=role, name=name[:50], title=(title or "").strip()[:100],
                                          person=person, sort_order=order)
    audit.record(actor=actor, action="seat.create", obj=seat, unit=unit,
                 new=audit.snapshot(seat, ["unit", "role", "person", "name", "title"]))
    return seat


@transaction.atomic
def seat_remove(*, actor: User, seat: GroupMembership) -> None:
    _require_office(actor)
    audit.record(actor=actor, action="seat.delete", obj=seat, unit=seat.unit,
                 old=audit.snapshot(seat, ["unit", "role", "person", "name", "title"]), new={})
    seat.delete()


# ------------------------------------------------------------------ staff and accounts

def _clean_roles(roles) -> str:
    valid = set(Role.values)
    unknown = [r for r in roles if r not in valid]
    if unknown:
        raise ValidationError({"roles": _("Unknown role: %(role)s.") % {"role": ", ".join(unknown)}})
    return ";".join(sorted(set(roles)))


def _check_unit(unit):
    if unit is None:
        raise ValidationError({"unit": _("Choose the unit.")})
    if unit.is_retired:
        raise ValidationError({"unit": _("The unit is retired.")})


@transaction.atomic
def staff_create(*, actor: User, username: str, name: str, unit: OrgUnit, roles, password: str,
                 title: str = "") -> User:
    """A staff account with the password the office gives; it must be changed at the first
    sign-in (it counts as expired: `accounts.passwords.SET_BY_OFFICE`)."""
    _require_office(actor)
    username, name = (username or "").strip(), (name or "").strip()
    if not username:
        raise ValidationError({"username": _("Enter the user name.")})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("The user name %(name)s is taken.") % {"name": username}})
    if not name:
        raise ValidationError({"name": _("Enter the person's name.")})
    _check_unit(unit)
    user = User(username=username, last_name=name[:150], first_name="", unit=unit, roles=_clean_roles(roles),
                title=(title or "").strip()[:100])
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages})
    user.set_password(password)
    user.password_changed_at = SET_BY_OFFICE
    user.save()
    audit.record(actor=actor, action="account.create", obj=user, unit=unit, new=audit.snapshot(user, ACCOUNT_FIELDS))
    return user


@transaction.atomic
def staff_update(*, actor: User, user: User, name: str, unit: OrgUnit, roles, title: str = "") -> User:
    """Change a staff member's name, unit, roles and title. The office cannot take its own
    office role away (nobody would be left to give it back)."""
    _require_office(actor)
    user = User.objects.select_for_update().get(pk=user.pk)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Enter the person's name.")})
    if unit is None or unit.pk != user.unit_id:
        _check_unit(unit)
    cleaned = _clean_roles(roles)
    if user.pk == actor.pk and Role.OFFICE not in cleaned.split(";"):
        raise ValidationError({"roles": _("You cannot take your own office role away.")})
    old = audit.snapshot(user, ACCOUNT_FIELDS)
    user.last_name, user.first_name, user.unit, user.title = name[:150], "", unit, (title or "").strip()[:100]
    user.set_roles(cleaned.split(";"))
    user.save(update_fields=["last_name", "first_name", "unit", "roles", "title"])
    audit.record(actor=actor, action="account.update", obj=user, unit=unit, old=old,
                 new=audit.snapshot(user, ACCOUNT_FIELDS))
    return user


@transaction.atomic
def staff_set_active(*, actor: User, user: User, active: bool, request=None) -> User:
    """Disable (every session ends at once) or enable an account: the accounts service."""
    _require_office(actor)
    if user.pk == actor.pk and not active:
        raise ValidationError(_("You cannot disable your own account."))
    if active and user.unit is not None and user.unit.is_retired:
        raise ValidationError(_("The account's unit is retired: move the account to another unit first."))
    return account_services.account_set_active(actor=actor, user=user, active=active, request=request)


@transaction.atomic
def staff_password_reset(*, actor: User, user: User, request=None) -> str:
    """A new one-time password for `user`, returned once to be shown once (never stored in
    clear nor written to any log); it must be changed at the next sign-in. Every session of
    the account ends (the session hash follows the password)."""
    _require_office(actor)
    if user.pk == actor.pk:
        raise ValidationError(_("Change your own password on your account page."))
    user = User.objects.select_for_update().get(pk=user.pk)
    password = one_time_password()
    old = {"password_changed_at": user.password_changed_at}
    account_services.keep_in_history(user)
    user.set_password(password)
    user.password_changed_at = SET_BY_OFFICE
    user.save(update_fields=["password", "password_changed_at"])
    audit.record(actor=actor, action="account.password_reset", obj=user, unit=user.unit, old=old,
                 new={"password_changed_at": user.password_changed_at}, note=_("One-time password issued."))
    return password


def one_time_password() -> str:
    """12 characters with every class the password profiles ask for (no look-alikes)."""
    groups = ("ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnpqrstuvwxyz", "23456789", "#%+=-@")
    chars = [secrets.choice(g) for g in groups] + [secrets.choice("".join(groups)) for _i in range(8)]
    secrets.SystemRandom().shuffle(chars)
    return "".join(chars)


@transaction.atomic
def staff_unlock(*, actor: User, user: User) -> int:
    """End a sign-in lockout (django-axes) of the account's user name; returns the number
    of failed attempts cleared."""
    from axes.utils import reset

    _require_office(actor)
    cleared = reset(username=user.username)
    audit.record(actor=actor, action="account.unlock", obj=user, unit=user.unit, new={"attempts_cleared": cleared})
    return cleared
