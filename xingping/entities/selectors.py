"""Reads for the entity registry, computed in the database and scoped by the app's policy."""

from django.db.models import Q

from xingping.core.filters import text_contains
from xingping.entities.permissions import policy
from xingping.orgs.policy import VIEW


def entity_search(user, *, q="", status="", kind="", unit=None, responsible=None):
    """The entities `user` may see, filtered: name or credit code, status, kind, the
    supervising unit (with the units below it), the staff member answerable (包保)."""
    qs = policy.instances_user_has_permission_for(user, VIEW).select_related("unit", "responsible")
    q = q.strip()
    if q:
        qs = qs.filter(text_contains("name", q) | Q(uscc__startswith=q.upper()))
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if responsible is not None:
        qs = qs.filter(responsible=responsible)
    return qs.order_by("unit__path", "name")
