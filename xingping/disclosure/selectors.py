"""Reads of the disclosure app, computed in the database."""

from __future__ import annotations

import datetime

from django.db.models import Count, F, Max, Q, QuerySet

from xingping.disclosure.models import CatalogueItem, Mode

STALE_DAYS = 14  # a channel not updated for two weeks is stale (State Council inspection indicators)


def late_items(*, items: QuerySet, as_of: datetime.date) -> QuerySet:
    """Proactive items due by `as_of` that were disclosed after their due date."""
    return items.filter(mode=Mode.PROACTIVE, due_on__lte=as_of, disclosed_on__gt=F("due_on"))


def missing_items(*, items: QuerySet, as_of: datetime.date) -> QuerySet:
    """Proactive items due by `as_of` and still not disclosed."""
    return items.filter(mode=Mode.PROACTIVE, due_on__lte=as_of, disclosed_on__isnull=True)


def upcoming_items(*, items: QuerySet, as_of: datetime.date, until: datetime.date) -> QuerySet:
    return items.filter(mode=Mode.PROACTIVE, disclosed_on__isnull=True, due_on__gt=as_of, due_on__lte=until)


def check_by_unit(*, items: QuerySet, as_of: datetime.date) -> list[dict]:
    """Per unit: late, missing, on time, and whether any channel of it is stale (one query)."""
    stale_before = as_of - datetime.timedelta(days=STALE_DAYS)
    due = Q(mode=Mode.PROACTIVE, due_on__lte=as_of)
    rows = (
        items.order_by().values("unit__code", "unit__name", "unit__path")
        .annotate(
            items=Count("pk"),
            missing=Count("pk", filter=due & Q(disclosed_on__isnull=True)),
            late=Count("pk", filter=due & Q(disclosed_on__gt=F("due_on"))),
            on_time=Count("pk", filter=due & Q(disclosed_on__lte=F("due_on"))),
            last_disclosed=Max("disclosed_on"),
        )
        .order_by("unit__path")
    )
    out = []
    for r in rows:
        r["stale"] = r["last_disclosed"] is None or r["last_disclosed"] < stale_before
        out.append(r)
    return out


def public_catalogue(*, unit=None) -> QuerySet:
    """What the public sees: every item with what was disclosed and when (no staff data)."""
    qs = CatalogueItem.objects.select_related("unit").order_by("unit__path", "code")
    if unit is not None:
        qs = qs.filter(unit=unit)
    return qs
