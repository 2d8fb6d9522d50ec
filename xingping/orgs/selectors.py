"""Reads for the unit tree: built from one query, never recursive SQL or per-node queries."""

from django.db.models import Case, Count, Q, Value, When

from xingping.core.request_memo import once_per_request
from xingping.orgs.policy import scope_unit, sees_all, visible_units
from xingping.orgs.models import GroupRole, Level, OrgUnit


DEPARTMENTS_FIRST = Case(When(level=Level.DEPARTMENT, then=Value(0)), default=Value(1))


def root_unit():
    """The root of the tree (the city bureau), None before there is one; asked once per GET
    request, as several dashboard sections ask it (core.request_memo)."""
    return once_per_request("xingping.orgs.root_unit", lambda: OrgUnit.objects.filter(depth=0).order_by("path").first())


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


# ------------------------------------------------------------------ the office's set-up pages

def setup_tree():
    """Every unit (retired ones too, marked) as nested nodes, with the active staff count and
    the seats of its leadership group: one query."""
    from xingping.orgs.models import OrgUnit

    units = list(
        OrgUnit.objects.annotate(staff_count=Count("staff", filter=Q(staff__is_active=True), distinct=True),
                                 seat_count=Count("group_members", distinct=True),
                                 departments_first=DEPARTMENTS_FIRST)
        .order_by("depth", "departments_first", "sort_order", "code")
    )
    nodes = {u.pk: {"unit": u, "children": []} for u in units}
    roots = []
    for u in units:
        parent = nodes.get(u.parent_id)
        (parent["children"] if parent else roots).append(nodes[u.pk])
    return roots


def unit_choices(exclude_subtree_of=None):
    """Active units for a picker, in tree order (a retired unit is never offered); with
    `exclude_subtree_of`, without that unit and the units below it (the move picker)."""
    from xingping.orgs.models import OrgUnit

    qs = OrgUnit.objects.active().order_by("path")
    if exclude_subtree_of is not None:
        qs = qs.exclude(path__startswith=exclude_subtree_of.path)
    return qs


def staff_list(*, q: str = "", unit=None, role: str = "", active: str = ""):
    """Staff accounts for the office's list, filtered in the database: a name or user name
    (`q`), a unit and the units below it, a role, active ("1") or disabled ("0")."""
    from xingping.accounts.models import User

    qs = User.objects.select_related("unit").order_by("unit__path", "username")
    if q:
        qs = qs.filter(Q(username__icontains=q) | Q(last_name__icontains=q) | Q(first_name__icontains=q))
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if role:
        qs = qs.filter(roles__regex=rf"(^|;){role}(;|$)")
    if active in ("0", "1"):
        qs = qs.filter(is_active=active == "1")
    return qs


def locked_usernames(usernames) -> set[str]:
    """Which of these user names django-axes is locking out now (one query)."""
    from axes.models import AccessAttempt
    from django.conf import settings
    from django.utils import timezone

    from xingping.accounts.lockout import cool_off

    since = timezone.now() - cool_off()
    return set(
        AccessAttempt.objects.filter(username__in=list(usernames), failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
                                     attempt_time__gte=since).values_list("username", flat=True)
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
