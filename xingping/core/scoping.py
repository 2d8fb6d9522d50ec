"""Data scope, written once (R1.2, STYLE.md "Scoping, written once").

- The campaign office and auditors see every unit.
- Everyone else sees their *scope unit* and every unit below it. The scope unit is the
  user's own unit, or its parent when the user sits in a department (科室/股室), because a
  department's staff do the parent unit's business.
- Acting ("change") needs a role that writes: office, leader or staff. Inspectors and
  auditors are read-only.

Every scoped model uses `ScopedQuerySet.for_user`; every view fetches single objects
through `get_for_user_or_404`, which answers 404 for "missing" and "forbidden" alike.
"""

from django.db import models
from django.http import Http404

from xingping.accounts.models import Role

VIEW = "view"
CHANGE = "change"
WRITE_ROLES = (Role.OFFICE, Role.LEADER, Role.STAFF)
SEE_ALL_ROLES = (Role.OFFICE, Role.AUDITOR)


def scope_unit(user):
    """The unit whose subtree a (non-office) user sees, or None."""
    unit = getattr(user, "unit", None)
    if unit is None:
        return None
    return unit.acting_unit


def sees_all(user):
    return bool(user and user.is_authenticated and user.has_role(*SEE_ALL_ROLES))


def can_write(user):
    return bool(user and user.is_authenticated and user.has_role(*WRITE_ROLES))


def scope_path(user, action=VIEW):
    """The path prefix of the units `user` may see ("" for all), or None for nothing."""
    if not (user and user.is_authenticated and user.is_active):
        return None
    if action == CHANGE and not can_write(user):
        return None
    if user.has_role(Role.OFFICE) or (action == VIEW and user.has_role(Role.AUDITOR)):
        return ""
    unit = scope_unit(user)
    return unit.path if unit else None


def visible_units(user, action=VIEW):
    """The one selector for "which units may this user see / act on"."""
    from xingping.orgs.models import OrgUnit

    prefix = scope_path(user, action)
    if prefix is None:
        return OrgUnit.objects.none()
    if prefix == "":
        return OrgUnit.objects.all()
    return OrgUnit.objects.filter(path__startswith=prefix)


def unit_in_scope(user, unit, action=VIEW):
    prefix = scope_path(user, action)
    return prefix is not None and unit is not None and unit.path.startswith(prefix)


class ScopedQuerySet(models.QuerySet):
    """Base queryset for every model that belongs to a unit.

    Subclasses name the path to the unit with `unit_field` (default "unit"). Models
    with extra rules (e.g. misconduct reports hidden from the accused unit) override
    `for_user` and call `super().for_user(...)` first.
    """

    unit_field = "unit"

    def for_user(self, user, action=VIEW):
        prefix = scope_path(user, action)
        if prefix is None:
            return self.none()
        if prefix == "":
            return self.all()
        return self.filter(**{f"{self.unit_field}__path__startswith": prefix})


def get_for_user_or_404(queryset_or_model, user, action=VIEW, **lookup):
    """Fetch one object the user may see (or act on); 404 when missing or forbidden."""
    qs = queryset_or_model
    if isinstance(qs, type) and issubclass(qs, models.Model):
        qs = qs._default_manager.all()
    try:
        return qs.for_user(user, action).get(**lookup)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404
