"""Reads for oversight: the pools a draw is made from (IDs as C10 spells them), the
visibility of records, and the dashboard's counts (computed in the database)."""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, OuterRef

from xingping.entities.models import EntityStatus, MarketEntity
from xingping.orgs.models import OrgUnit
from xingping.outreach.models import Visit
from xingping.oversight.models import Inspection, Notice, NoticeState, PoolKind, Target


def _visits(unit, date_from=None, date_to=None):
    qs = Visit.objects.filter(unit__path__startswith=unit.path)
    if date_from:
        qs = qs.filter(visited_on__gte=date_from)
    if date_to:
        qs = qs.filter(visited_on__lte=date_to)
    return qs


def pool_members(*, kind: str, unit: OrgUnit, level: str = "", date_from: datetime.date | None = None,
                 date_to: datetime.date | None = None) -> dict[str, int]:
    """{pool ID: unit id} of the pool under `unit`'s area (the unit each member belongs to)."""
    if kind == PoolKind.UNITS:
        qs = OrgUnit.objects.evaluated().filter(path__startswith=unit.path)
        if level:
            qs = qs.filter(level=level)
        return dict(qs.values_list("code", "pk"))
    if kind == PoolKind.ENTITIES:
        qs = MarketEntity.objects.filter(unit__path__startswith=unit.path, status=EntityStatus.ACTIVE)
        return dict(qs.values_list("uscc", "unit_id"))
    if kind == PoolKind.VISITS:
        rows = _visits(unit, date_from, date_to).values_list("entity__uscc", "visitor__username", "visited_on", "kind", "unit_id")
        return {f"{u}|{v}|{d.isoformat()}|{k}": unit_id for u, v, d, k, unit_id in rows}
    raise ValueError(kind)


def visit_by_member(member: str):
    uscc, visitor, day, kind = member.split("|")
    return Visit.objects.filter(entity__uscc=uscc, visitor__username=visitor, visited_on=day, kind=kind).first()


def units_never_checked(campaign, units):
    start = datetime.date(campaign.year, 1, 1)
    checked = Inspection.objects.filter(unit=OuterRef("pk"), inspected_on__gte=start)
    targeted = Target.objects.filter(unit=OuterRef("pk"), draw__drawn_at__date__gte=start)
    return units.evaluated().exclude(Exists(checked)).exclude(Exists(targeted)).order_by("path")


def dashboard_counts(campaign, units):
    start = datetime.date(campaign.year, 1, 1)
    per_unit = (Inspection.objects.filter(inspected_on__gte=start, unit__in=units)
                .values("unit__code", "unit__name").annotate(n=Count("pk")).order_by("-n", "unit__code"))
    return {
        "per_unit": list(per_unit[:20]),
        "findings_open": Inspection.objects.filter(unit__in=units, problem_found=True, finding_id__isnull=True).count(),
        "notices_issued": Notice.objects.filter(campaign=campaign, state=NoticeState.ISSUED).count(),
        "never_checked": list(units_never_checked(campaign, units).values_list("name", flat=True)[:50]),
    }


def public_notices():
    return Notice.objects.filter(state=NoticeState.ISSUED, public=True).order_by("-issued_on", "-pk")

