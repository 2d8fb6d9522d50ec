"""Reads for the figures dashboard: the C4 figures and the area rollups, cached briefly.

Computing every figure for ~1,000 units over a million visits takes about two seconds on
SQLite; the dashboard keeps the result in the cache for `CACHE_SECONDS`, keyed by the
campaign, the day and a data version that outreach/entities writes bump
(`bump_version`), so a recorded visit or an import shows at once.
"""

from django.core.cache import cache

from xingping.metrics.engine import compute, figure
from xingping.metrics.registry import target_for
from xingping.outreach import figures as visit_figures

CACHE_SECONDS = 120
VERSION_KEY = "xingping.metrics.version"
ROLLUP_KEYS = ("visit_coverage_area",)


def bump_version():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, None)


def data_fingerprint():
    """Cheap (indexed) markers of new rows: a new visit, entity or penalty changes the key."""
    from django.db.models import Max

    from xingping.entities.models import MarketEntity, Penalty
    from xingping.outreach.models import Visit

    return "-".join(str(m.objects.aggregate(m=Max("pk"))["m"] or 0) for m in (Visit, MarketEntity, Penalty))


def _cached(name, campaign, as_of, func, version=None):
    version = version or f"{cache.get(VERSION_KEY, 0)}.{data_fingerprint()}"
    key = f"xingping.metrics.{name}.{campaign.pk}.{campaign.updated_at.timestamp()}.{as_of.isoformat()}.{version}"
    value = cache.get(key)
    if value is None:
        value = func()
        cache.set(key, value, CACHE_SECONDS)
    return value


def all_figures(campaign, as_of, version=None):
    """C4 for every unit (the engine's dict), from the cache when fresh."""
    return _cached("c4", campaign, as_of, lambda: compute(campaign, as_of=as_of), version)


def area_rollups(campaign, as_of, version=None):
    """{unit id: {"visit_coverage_area": (numerator, denominator)}} (dashboard only, not C4)."""
    return _cached("area", campaign, as_of, lambda: {
        pk: {"visit_coverage_area": pair} for pk, pair in visit_figures.visit_coverage_area(campaign, as_of).items()
    }, version)


def rollup_figure(campaign, pair, level):
    num, den = pair or (0, 0)
    return figure(num, den, target_for(campaign, "visit_coverage", level))


def dashboard_rows(campaign, as_of, units, with_area=True):
    """(keys, rows): the C4 keys, and one row per unit of `units` (OrgUnits) with its C4
    figures plus (with_area) the area rollup."""
    version = f"{cache.get(VERSION_KEY, 0)}.{data_fingerprint()}"
    data = all_figures(campaign, as_of, version)
    areas = area_rollups(campaign, as_of, version) if with_area else None
    by_code = {u["code"]: u for u in data["units"]}
    rows = []
    for unit in units:
        entry = by_code.get(unit.code)
        if entry is None:
            continue
        metrics = dict(entry["metrics"])
        if areas is not None:
            metrics["visit_coverage_area"] = rollup_figure(campaign, areas.get(unit.pk, {}).get("visit_coverage_area"),
                                                           unit.level)
        rows.append({"unit": unit, "metrics": metrics})
    keys = list(data["units"][0]["metrics"]) if data["units"] else []
    return keys, rows
