"""Reads of the publicity app, computed in the database.

The one visibility rule for the public (no cron needed for scheduled items):
state = published, publish_at <= now, and not expired (expires_at empty or later).
"""

import datetime

from django.db.models import Case, CharField, Count, Q, QuerySet, Value, When
from django.utils import timezone

from xingping.orgs.models import Level, OrgUnit
from xingping.publicity.models import Kind, Publication, ServiceCommitment, State

# The figures shown beside a unit's commitments (C4 keys). A key the metrics registry does
# not know is shown as "cannot be computed", never as a number.
PUBLIC_FIGURE_KEYS = ("complaint_reply_rate", "deliverable_on_time_rate", "disclosure_on_time_rate")


def visible_q(now: datetime.datetime) -> Q:
    return Q(state=State.PUBLISHED, publish_at__lte=now) & (Q(expires_at__isnull=True) | Q(expires_at__gt=now))


def visible_publications(*, kind: str | None = None, now: datetime.datetime | None = None) -> QuerySet:
    now = now or timezone.now()
    qs = Publication.objects.filter(visible_q(now)).select_related("unit").order_by("-publish_at", "-pk")
    return qs.filter(kind=kind) if kind else qs


def visible_news(*, category: str = "", now=None) -> QuerySet:
    qs = visible_publications(kind=Kind.NEWS, now=now)
    return qs.filter(category=category) if category else qs


def with_status(qs: QuerySet, *, now: datetime.datetime | None = None) -> QuerySet:
    """Annotate `status`: draft / submitted / returned / scheduled / published / expired —
    the one place that tells a scheduled or expired item from a published one."""
    now = now or timezone.now()
    return qs.annotate(status=Case(
        When(Q(state=State.PUBLISHED, publish_at__gt=now), then=Value("scheduled")),
        When(Q(state=State.PUBLISHED, expires_at__lte=now), then=Value("expired")),
        default="state", output_field=CharField(),
    ))


def staff_publications(*, queryset: QuerySet, status: str = "", kind: str = "", now=None) -> QuerySet:
    qs = with_status(queryset.select_related("unit"), now=now).order_by("-updated_at", "-pk")
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    return qs


def status_counts(*, queryset: QuerySet, now=None) -> dict:
    rows = with_status(queryset, now=now).values("status").annotate(n=Count("pk")).order_by()
    return {r["status"]: r["n"] for r in rows}


def awaiting_review(*, queryset: QuerySet) -> QuerySet:
    return queryset.filter(state=State.SUBMITTED).select_related("unit").order_by("submitted_at", "pk")


# ------------------------------------------------------------------ units, hotlines, commitments

def public_units(*, q: str = "") -> QuerySet:
    """Every unit the public deals with (not internal departments), with its number of
    commitments; `q` searches the name, code, address and hotline."""
    qs = OrgUnit.objects.exclude(level=Level.DEPARTMENT).annotate(
        n_commitments=Count("service_commitments")).order_by("path")
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__iexact=q) | Q(address__icontains=q) | Q(hotline__icontains=q))
    return qs


def group_by_county(units) -> list[tuple]:
    """[(group unit, [units])]: the city bureau on its own, then each county bureau or
    branch with the stations below it (display grouping of an already-filtered list)."""
    units = list(units)
    by_code = {u.code: u for u in OrgUnit.objects.filter(depth__lte=1)}
    groups: dict[str, list] = {}
    for u in units:
        parts = u.path.rstrip("/").split("/")
        key = parts[1] if len(parts) > 1 else parts[0]
        groups.setdefault(key, []).append(u)
    ordered = sorted(groups.items(), key=lambda kv: by_code[kv[0]].path if kv[0] in by_code else kv[0])
    return [(by_code.get(code), members) for code, members in ordered]


def unit_commitments(*, unit: OrgUnit) -> QuerySet:
    return ServiceCommitment.objects.filter(unit=unit).order_by("sort_order", "pk")


def unit_public_figures(*, unit: OrgUnit, as_of: datetime.date | None = None) -> dict:
    """The current campaign's C4 figures of `unit` that the public page shows, via the
    metrics engine: {"campaign", "as_of", "figures": [(key, FIGURE or None)], "why": {key:
    reason}}. A figure is None when it cannot be computed; `why` says why a figure shows no
    rate — "no_campaign" (no current campaign), "not_registered" (the metrics registry does
    not know the key) or "nothing_due" (computed, but its denominator is 0) — so the page
    says 暂无 with the reason and never shows a substituted number."""
    from xingping.campaigns.models import Campaign
    from xingping.metrics.engine import compute
    from xingping.metrics.registry import metrics

    campaign = Campaign.objects.current()
    known = [k for k in PUBLIC_FIGURE_KEYS if k in metrics()]
    if campaign is None or unit.level == Level.DEPARTMENT:
        return {"campaign": None, "as_of": None, "figures": [(k, None) for k in PUBLIC_FIGURE_KEYS],
                "why": {k: "no_campaign" for k in PUBLIC_FIGURE_KEYS}}
    as_of = min(as_of or timezone.localdate(), campaign.last_day)
    data = compute(campaign, as_of=as_of, units=[unit], keys=known) if known else {"units": []}
    figures = data["units"][0]["metrics"] if data["units"] else {}
    why = {}
    for k in PUBLIC_FIGURE_KEYS:
        f = figures.get(k)
        if f is None:
            why[k] = "not_registered"
        elif f.get("rate") is None:
            why[k] = "nothing_due"
    return {"campaign": campaign, "as_of": as_of, "figures": [(k, figures.get(k)) for k in PUBLIC_FIGURE_KEYS],
            "why": why}


def current_campaign_plan():
    """The public view of the current campaign: itself and its phases with dates."""
    from xingping.campaigns.models import Campaign

    campaign = Campaign.objects.current()
    if campaign is None:
        return None, []
    return campaign, list(campaign.phases.order_by("order"))
