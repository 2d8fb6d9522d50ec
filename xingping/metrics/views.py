"""The figures dashboard (R15.1): every unit in scope, red where a target is missed,
ranked, as a chart, exported to Excel; a unit's own rate against its target with its area
rollup; and the entities behind each number."""

import datetime
import itertools

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import pgettext_lazy

from xingping.campaigns.models import Campaign
from xingping.core.exports import people_download
from xingping.core.people_tables import BOOL, DATE, NUMBER, PERCENT, Column
from xingping.entities.downloads import DRILLDOWN_COLUMNS
from xingping.metrics import selectors
from xingping.metrics.permissions import policy
from xingping.metrics.registry import metric_label, metric_labels
from xingping.orgs.policy import VIEW, get_for_user_or_404, policy_required
from xingping.orgs.selectors import area_name
from xingping.cases.metric_defs import CASE_KEYS
from xingping.cases.models import Case
from xingping.cases.selectors import cases_behind
from xingping.outreach.figures import DRILLABLE as VISIT_DRILLABLE, entities_behind

# The figures whose numerator and denominator open onto what they count: entities for the
# visit figures, cases for the case figures.
DRILLABLE = frozenset(VISIT_DRILLABLE) | frozenset(CASE_KEYS)

CHART_UNITS = 60


def _context(request):
    campaign = Campaign.objects.current()
    if campaign is None:
        raise Http404
    as_of = timezone.localdate()
    try:
        if request.GET.get("as_of"):
            as_of = datetime.date.fromisoformat(request.GET["as_of"])
    except ValueError:
        pass
    return campaign, as_of


def _c(label):
    return pgettext_lazy("figure column", label)


def figure_columns(keys):
    """The figures table for people (rows: (rank, row)): rates and targets as percentages,
    met as 是/否, numerator and denominator as numbers."""
    columns = [
        Column(_c("Rank"), lambda r: r[0], NUMBER),
        Column(_c("Unit code"), lambda r: r[1]["unit"].code),
        Column(_c("Unit"), lambda r: r[1]["unit"].name),
        Column(_c("Level"), lambda r: r[1]["unit"].get_level_display()),
    ]
    parts = ((_c("numerator"), "numerator", NUMBER), (_c("denominator"), "denominator", NUMBER),
             (_c("rate"), "rate", PERCENT), (_c("target"), "target", PERCENT), (_c("met"), "met", BOOL))
    for key in keys:
        label = metric_label(key)
        for part_label, part, kind in parts:
            columns.append(Column(f"{label} · {part_label}",
                                  lambda r, k=key, p=part: (r[1]["metrics"].get(k) or {}).get(p), kind))
    return columns


def _rank_value(row, key):
    rate = row["metrics"].get(key, {}).get("rate")
    return (rate is None, -(rate or 0), row["unit"].path)


@policy_required(policy, VIEW)
def index(request):
    campaign, as_of = _context(request)
    units = list(policy.instances_user_has_permission_for(request.user, VIEW).order_by("path"))
    # The area rollup is one more pass over the visits: on request (a toggle), or when ranking by it.
    with_area = request.GET.get("area") == "1" or request.GET.get("sort") == "visit_coverage_area"
    table = selectors.dashboard_rows(campaign, as_of, units, with_area=with_area)
    keys, rows = table.keys, table.rows
    first = [k for k in ("visit_coverage", "visit_coverage_area", "return_visit_coverage")
             if k in keys or (k == "visit_coverage_area" and with_area and not table.pending)]
    keys = first + [k for k in keys if k not in first] if keys else keys
    sort = request.GET.get("sort") if request.GET.get("sort") in keys else "visit_coverage"
    area_param = "&area=1" if with_area else ""
    rows.sort(key=lambda r: _rank_value(r, sort))
    labels = metric_labels()
    if request.GET.get("format") == "xlsx":
        # Headed in the reader's language: this table goes upward as a report (R15.2); the
        # machine-readable form is `xingping metrics --format csv` (C4).
        return people_download(title=_lazy("Target figures"), unit_name=area_name(request.user),
                               columns=figure_columns(keys), rows=list(enumerate(rows, 1)),
                               ascii_name="figures", day=as_of)
    ranked = (r for r in rows if r["metrics"].get(sort, {}).get("rate") is not None)
    chart = [{"name": r["unit"].name, "rate": round(100 * r["metrics"][sort]["rate"], 1),
              "target": None if r["metrics"][sort]["target"] is None else round(100 * r["metrics"][sort]["target"], 1),
              "met": r["metrics"][sort]["met"]}
             for r in itertools.islice(ranked, CHART_UNITS)]  # the first 60 ranked, not all 3,822 of a province
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    for r in page.object_list:  # the cells of the page's rows only
        r["cells"] = [(k, r["metrics"].get(k) or {}) for k in keys]
    return render(request, "metrics/index.html", {
        "campaign": campaign, "as_of": as_of, "page": page, "keys": [(k, labels[k]) for k in keys],
        "sort": sort, "sort_label": labels[sort], "chart": chart, "drillable": DRILLABLE,
        "rank_offset": page.start_index() - 1 if rows else 0, "with_area": with_area, "area_param": area_param,
        "stale_at": table.stale_at, "pending": table.pending,
    })


@policy_required(policy, VIEW)
def unit_view(request, code):
    campaign, as_of = _context(request)
    unit = get_for_user_or_404(policy, request.user, VIEW, code=code)
    own = selectors.dashboard_rows(campaign, as_of, [unit])
    rows = own.rows
    children = list(policy.instances_user_has_permission_for(request.user, VIEW).filter(parent=unit)
                    .order_by("sort_order", "path"))
    below = selectors.dashboard_rows(campaign, as_of, children)
    child_rows = below.rows
    labels = metric_labels()
    order = ("visit_coverage", "visit_coverage_area", "return_visit_coverage")
    items = sorted(rows[0]["metrics"].items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 9) if rows else []
    figures = [(k, labels[k], f) for k, f in items]
    return render(request, "metrics/unit.html", {
        "campaign": campaign, "as_of": as_of, "unit": unit, "figures": figures, "children": child_rows,
        "drillable": DRILLABLE, "stale_at": own.stale_at or below.stale_at,
        "pending": own.pending,
    })


@policy_required(policy, VIEW)
def drilldown(request, code, key, part):
    campaign, as_of = _context(request)
    unit = get_for_user_or_404(policy, request.user, VIEW, code=code)
    if key not in DRILLABLE or part not in ("numerator", "denominator"):
        raise Http404
    if key in CASE_KEYS:
        return _case_drilldown(request, campaign, as_of, unit, key, part)
    qs = entities_behind(campaign, as_of, unit, key, part).select_related("unit", "responsible").order_by("unit__path", "name")
    if request.GET.get("format") == "xlsx":
        part_label = _c("numerator") if part == "numerator" else _c("denominator")
        return people_download(title=f"{metric_label(key)}·{part_label}", unit_name=unit.name,
                               columns=DRILLDOWN_COLUMNS, rows=qs.iterator(chunk_size=2000),
                               ascii_name=f"{unit.code}-{key}-{part}", day=as_of)
    page = Paginator(qs, 100).get_page(request.GET.get("page"))
    return render(request, "metrics/drilldown.html", {
        "campaign": campaign, "as_of": as_of, "unit": unit, "key": key, "key_label": metric_label(key),
        "part": part, "page": page,
    })


CASE_DRILLDOWN_COLUMNS = [
    Column(_c("Case number"), lambda c: c.number),
    Column(_c("Kind"), lambda c: c.get_kind_display()),
    Column(_c("Handling unit"), lambda c: c.unit.name),
    Column(_c("Received on"), lambda c: c.received_on, DATE),
    Column(_c("Replied on"), lambda c: c.replied_on, DATE),
    Column(_c("Handled on"), lambda c: c.handled_on, DATE),
]


def _case_drilldown(request, campaign, as_of, unit, key, part):
    """The cases behind a unit's case figure, as far as the reader may see them: the figure
    counts every case, the list shows those the cases policy lets the reader open, and says
    how many more are counted (a misconduct report is never shown to the accused unit)."""
    counted = cases_behind(campaign, as_of, unit, key, part)
    qs = (counted.filter(pk__in=Case.objects.for_user(request.user).values("pk"))
          .select_related("unit", "subject_unit").order_by("received_on", "pk"))
    if request.GET.get("format") == "xlsx":
        part_label = _c("numerator") if part == "numerator" else _c("denominator")
        return people_download(title=f"{metric_label(key)}·{part_label}", unit_name=unit.name,
                               columns=CASE_DRILLDOWN_COLUMNS, rows=qs.iterator(chunk_size=2000),
                               ascii_name=f"{unit.code}-{key}-{part}", day=as_of)
    page = Paginator(qs, 100).get_page(request.GET.get("page"))
    total = counted.count()
    return render(request, "metrics/drilldown_cases.html", {
        "campaign": campaign, "as_of": as_of, "unit": unit, "key": key, "key_label": metric_label(key),
        "part": part, "page": page, "total": total, "hidden": total - page.paginator.count,
    })
