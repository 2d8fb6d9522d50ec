"""Reads for the unit tree: built from one query, never recursive SQL or per-node queries."""

from django.db.models import Case, Count, Q, Value, When

from xingping.orgs.policy import scope_unit, sees_all, visible_units
from xingping.orgs.models import GroupRole, Level, OrgUnit


DEPARTMENTS_FIRST = Case(When(level=Level.DEPARTMENT, then=Value(0)), default=Value(1))


def children_of(unit):
    """The units directly below `unit`: its departments first, then the others in order."""
    return list(unit.children.annotate(departments_first=DEPARTMENTS_FIRST).order_by("departments_first", "sort_order", "code"))


def unit_tree(user):
    """The units `user` may see as nested nodes {"unit", "children"} (roots first).

    One query (with the staff count annotated); the roots are the visible units whose
    parent is not visible (the user's scope unit, or the city for the office)."""
    units = list(
        visible_units(user)
        .annotate(staff_count=Count("staff", filter=Q(staff__is_active=True)), departments_first=DEPARTMENTS_FIRST)
        .order_by("depth", "departments_first", "sort_order", "code")
    )
    nodes = {u.pk: {"unit": u, "children": []} for u in units}
    roots = []
    for u in units:
        parent = nodes.get(u.parent_id)
        (parent["children"] if parent else roots).append(nodes[u.pk])
    return roots


def group_seats(unit):
    """The leadership group (组长, 副组长, 成员, 办公室) and the work team (工作专班)."""
    seats = list(unit.group_members.select_related("person"))
    group = [s for s in seats if s.role != GroupRole.WORK_TEAM]
    team = [s for s in seats if s.role == GroupRole.WORK_TEAM]
    return group, team


def unit_staff(unit):
    """The unit's own staff: its people and its departments' people (C4 "own staff")."""
    from xingping.accounts.models import User

    return (
        User.objects.filter(is_active=True)
        .filter(Q(unit=unit) | Q(unit__parent=unit, unit__level=Level.DEPARTMENT))
        .select_related("unit")
        .order_by("unit__path", "username")
    )


def area_unit(user):
    """The unit whose area `user` sees as a whole: their scope unit, or, for those who see
    every unit (office, auditor), the top of the tree. Names their downloads."""
    if not sees_all(user):
        return scope_unit(user)
    return OrgUnit.objects.filter(parent__isnull=True).order_by("sort_order", "path").first()


def area_name(user, unit=None) -> str | None:
    """The name a download carries: the unit chosen (a filter), else the user's area."""
    unit = unit or area_unit(user)
    return unit.name if unit is not None else None
