"""The dashboard's charts (issue 13 part 7): the figures of the units directly below the
user's unit with their targets, and the campaign's progress week by week. Figures come from
the engine (`selectors.dashboard_rows`, computed in the database and cached) and from
`outreach.charts.visits_by_week` (one grouped query, as a background snapshot)."""

import itertools

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from xingping.core.charts import bar_chart, line_chart
from xingping.metrics import selectors
from xingping.metrics.permissions import policy
from xingping.metrics.registry import metric_labels
from xingping.orgs.models import Level
from xingping.orgs.policy import VIEW, scope_path, scope_unit
from xingping.orgs.selectors import root_unit
from xingping.outreach.models import VisitKind

CHART_UNITS = 60  # a phone scrolls through 60 rows; more than that is the /metrics/ table's job
FIRST = ("visit_coverage_area", "visit_coverage", "return_visit_coverage")
GREEN, RED, GREY = "#198754", "#dc3545", "#6c757d"


def units_below(user):
    """The evaluated units directly below the user's unit that the user may see (for the
    office and the auditor: those directly below the city bureau), in the tree's order."""
    prefix = scope_path(user, VIEW)
    if prefix is None:
        return []
    home = root_unit() if prefix == "" else scope_unit(user)
    if home is None:
        return []
    return list(policy.instances_user_has_permission_for(user, VIEW).filter(parent=home)
                .exclude(level=Level.DEPARTMENT).order_by("sort_order", "path")[:CHART_UNITS])


def _pct(value):
    return None if value is None else round(100 * value, 1)


def figures_by_unit(campaign, as_of, units):
    """One view per figure (the area rollup first): each unit's rate, red where it misses its
    target, and the target as a tick; None where the figure has no denominator yet."""
    table = selectors.dashboard_rows(campaign, as_of, units, with_area=True)
    keys, rows = table.keys, table.rows
    labels = metric_labels()
    ordered = [k for k in FIRST if k in keys or (k == "visit_coverage_area" and not table.pending)]
    ordered += [k for k in keys if k not in FIRST]
    views = []
    for key in ordered:
        figs = [r["metrics"].get(key) or {} for r in rows]
        colours = [GREY if f.get("met") is None else GREEN if f["met"] else RED for f in figs]
        views.append({"name": str(labels[key]), "key": key,
                      "series": [{"name": str(labels[key]), "values": [_pct(f.get("rate")) for f in figs], "colors": colours,
                                  "color": GREEN}],
                      "targets": {"name": pgettext("chart", "Target"), "values": [_pct(f.get("target")) for f in figs]}})
    return [r["unit"].name for r in rows], views, table


PENDING = "pending"  # progress_chart: the first snapshot is still being computed


def computed_note(at):
    """What a page says under figures from a snapshot computed `at` (a datetime) and being brought up to date."""
    return _("Computed at %(time)s; records made since are counted in the next update.") % {
        "time": timezone.localtime(at).strftime("%H:%M:%S")}


def snapshot_note(table):
    """What a chart says under figures from a snapshot being brought up to date, or missing one."""
    notes = []
    if table.stale_at is not None:
        notes.append(computed_note(table.stale_at))
    if table.pending:
        notes.append(_("The area rollup is being computed; reload the page in a few minutes."))
    return " ".join(notes)


def figures_chart(campaign, as_of, user):
    units = units_below(user)
    if len(units) < 2:
        return None
    categories, views, table = figures_by_unit(campaign, as_of, units)
    missed = sum(1 for c in views[0]["series"][0]["colors"] if c == RED) if views else 0
    return bar_chart(
        chart_id="figures-by-unit", title=_("Figures of the units below, with their targets"),
        categories=categories, series=views[0]["series"] if views else [], views=views, percent=True, max_value=100,
        category_label=_("Unit"),
        summary=_("%(units)s units; %(missed)s miss the target of %(figure)s.") % {
            "units": len(categories), "missed": missed, "figure": views[0]["name"] if views else ""}
        + (" " + snapshot_note(table) if table.stale_at or table.pending else ""),
    )


def progress_chart(campaign, today, user):
    """The visits and return visits recorded so far, summed week by week (a background
    snapshot per unit scope: grouping every visit by week is seconds at province scale)."""
    prefix = scope_path(user, VIEW)
    if prefix is None:
        return None
    snap = selectors.background_snapshot("progress", campaign, today, user=user, scope=f"p{prefix}")
    if snap.value is None:
        return PENDING  # the first one is being computed: the section says so
    weeks, counts = snap.value
    if not weeks:
        return None
    names = {VisitKind.VISIT: _("Visits (running total)"), VisitKind.RETURN: _("Return visits (running total)")}
    series = [{"name": str(names[kind]), "values": list(itertools.accumulate(counts[kind]))} for kind in names]
    total = series[0]["values"][-1] if series[0]["values"] else 0
    return line_chart(
        chart_id="campaign-weeks", title=_("Progress over the campaign's weeks"),
        categories=[f"{w.month}/{w.day}" for w in weeks], series=series,
        summary=_("%(visits)s visits recorded in %(weeks)s weeks.") % {"visits": total, "weeks": len(weeks)}
        + (" " + computed_note(selectors.local_time(snap.computed_at)) if snap.stale else ""),
    )
