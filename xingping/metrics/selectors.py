"""Reads for the figures dashboard: the C4 figures and the area rollups, as snapshots.

Both are computed for every unit at once and kept in the shared cache as snapshots
(core/snapshots.py) keyed by the campaign and the day. A snapshot is fresh while the data
version is unchanged and it is younger than `CACHE_SECONDS`: the version is the `figures`
counter that outreach, entities, cases and campaigns writes bump after commit, plus cheap
(indexed) markers of new rows, so a recorded visit or an import shows at once. When the data
changed, one app server recomputes the C4 figures (half a second at province scale, from the
tallies kept on write) and the others show the previous snapshot with its time meanwhile. The
area rollup counts every visit of the window (28 s over 6,400,000 visits on PostgreSQL) and the
progress chart groups every visit by week (2.7 s), so a request never computes them: the
`db_worker` does (`tasks.refresh_snapshot`), at most once per `BACKGROUND_MIN_AGE`, and pages show
the previous result with its time, or say that it is being computed when there is none yet.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from xingping.core import snapshots
from xingping.core.request_memo import once_per_request
from xingping.metrics.engine import compute, figure
from xingping.metrics.registry import target_for
from xingping.outreach import figures as visit_figures
from xingping.outreach.charts import visits_by_week

CACHE_SECONDS = 120
BACKGROUND_MIN_AGE = 300  # seconds: a background snapshot is recomputed at most this often
BACKGROUND_LOCK_SECONDS = 900  # the longest a background snapshot (area rollup, progress chart) may take before another starts


def data_fingerprint():
    """Cheap (indexed) markers of new rows: a new visit, entity or penalty changes the key.
    One round trip: the three MAX(pk) as scalar subqueries of one SELECT."""
    from django.db import connections, router

    from xingping.entities.models import MarketEntity, Penalty
    from xingping.outreach.models import Visit

    connection = connections[router.db_for_read(Visit)]
    quote = connection.ops.quote_name
    maxima = ", ".join(f"(SELECT MAX({quote(m._meta.pk.column)}) FROM {quote(m._meta.db_table)})"
                       for m in (Visit, MarketEntity, Penalty))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {maxima}")  # noqa: S608 (table and column names from the models, quoted)
        return "-".join(str(m or 0) for m in cursor.fetchone())


def data_version():
    """The figures' data version (once per GET request: every dashboard section asks it)."""
    return once_per_request("xingping.metrics.data_version",
                            lambda: f"{snapshots.current(snapshots.FIGURES)}.{data_fingerprint()}")


def snapshot_key(name, campaign, as_of):
    return f"xingping.metrics.{name}.{campaign.pk}.{campaign.updated_at.timestamp()}.{as_of.isoformat()}"


def c4_snapshot(campaign, as_of, version=None):
    """Snapshot of C4 for every unit (the engine's dict), recomputed by one server at a time."""
    return snapshots.snapshot(snapshot_key("c4", campaign, as_of), lambda: compute(campaign, as_of=as_of),
                              version=version or data_version(), fresh_for=CACHE_SECONDS)


def all_figures(campaign, as_of, version=None):
    """C4 for every unit (the engine's dict), from the snapshot when fresh."""
    return c4_snapshot(campaign, as_of, version).value


def area_values(campaign, as_of):
    """{unit id: {"visit_coverage_area": (numerator, denominator)}} (dashboard only, not C4)."""
    return {pk: {"visit_coverage_area": pair} for pk, pair in visit_figures.visit_coverage_area(campaign, as_of).items()}


# Snapshots a request never computes (the db_worker does, tasks.refresh_snapshot): name ->
# compute(campaign, day, user). `user` is given where the result depends on what the user may see.
BACKGROUND = {
    "area": lambda campaign, day, user: area_values(campaign, day),
    "progress": lambda campaign, day, user: visits_by_week(campaign, user, day),
}


def background_snapshot(name, campaign, day, *, version=None, user=None, scope=""):
    """Snapshot of `BACKGROUND[name]`, computed by the db_worker at most once per
    `BACKGROUND_MIN_AGE` (its value None until the first is done). `scope`: what makes the result
    differ between users (their unit scope), part of the key."""
    from xingping.metrics import tasks  # tasks calls back into this module

    key = snapshot_key(name, campaign, day) + (f".{scope}" if scope else "")
    version = version or data_version()
    return snapshots.snapshot(
        key, lambda: BACKGROUND[name](campaign, day, user), version=version, fresh_for=CACHE_SECONDS,
        min_age=BACKGROUND_MIN_AGE, lock_for=BACKGROUND_LOCK_SECONDS,
        enqueue=lambda: tasks.refresh_snapshot.enqueue(name, key, campaign.pk, day.isoformat(), version,
                                                       user.pk if user is not None else None))


def area_rollups(campaign, as_of, version=None):
    """Snapshot of `area_values` (background_snapshot)."""
    return background_snapshot("area", campaign, as_of, version=version)


def rollup_figure(campaign, pair, level):
    num, den = pair or (0, 0)
    return figure(num, den, target_for(campaign, "visit_coverage", level))


@dataclass
class FigureTable:
    """The rows of `dashboard_rows`; `stale_at`: when the oldest snapshot shown was computed,
    if a newer one is being computed (None: the figures are current); `pending`: the keys not
    shown because their first snapshot is still being computed (the area rollup)."""

    keys: list
    rows: list
    stale_at: datetime.datetime | None = None
    pending: tuple = ()


def dashboard_rows(campaign, as_of, units, with_area=True) -> FigureTable:
    """The C4 keys, and one row per unit of `units` (OrgUnits) with its C4 figures plus
    (with_area) the area rollup."""
    version = data_version()
    c4 = c4_snapshot(campaign, as_of, version)
    area = area_rollups(campaign, as_of, version) if with_area else None
    data, areas = c4.value, area.value if area else None
    pending = ("visit_coverage_area",) if area is not None and areas is None else ()
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
    stale = [s.computed_at for s in (c4, area) if s is not None and s.stale and s.computed_at is not None]
    return FigureTable(keys, rows, local_time(min(stale)) if stale else None, pending)


def local_time(timestamp: float) -> datetime.datetime:
    """A snapshot's `computed_at` as an aware local datetime (for "computed at HH:MM:SS")."""
    return datetime.datetime.fromtimestamp(timestamp, tz=datetime.UTC).astimezone(timezone.get_current_timezone())
