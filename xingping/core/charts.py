"""Charts as data (issue 13 part 7): a chart is a dict that `core/partials/chart.html` renders
as an ECharts container, its data in a json_script block (CSP: no inline script; drawn by
static/js/charts.js) and the same figures as a table for whoever cannot see the chart.

Apps compute the figures in the database (their `charts.py` selectors) and hand them here;
core names no domain app. Every chart is drawn with horizontal bars or lines that fit a 360-px
phone: labels wrap (never clipped) and a bar chart grows with its number of rows."""

from django.utils.translation import pgettext


def _fmt(value, percent):
    if value is None:
        return "—"
    return f"{value:.1f}%" if percent else f"{value:g}"


def bar_chart(*, chart_id: str, title: str, categories: list, series: list[dict], targets: dict | None = None,
              bands: list[dict] | None = None, percent: bool = False, stacked: bool = False, max_value=None,
              summary: str = "", views: list[dict] | None = None, category_label: str = "") -> dict:
    """Horizontal bars, one row per category (a unit, a class …).

    series: [{"name", "values": [number or None per category], "color": optional, "colors": [optional per bar]}];
    targets: {"name", "values": [per category]} drawn as a tick on each bar (the target line);
    bands: [{"name", "from", "to"}] shaded behind the bars (e.g. grade bands);
    views: several figures over the same categories, one shown at a time (a select switches):
    [{"name", "series", "targets"}] — the first is drawn, every one is in the table."""
    views = views or [{"name": title, "series": series, "targets": targets}]
    payload = {"categories": [str(c) for c in categories], "views": views, "bands": bands or [], "percent": percent,
               "stacked": stacked, "max": max_value, "target_label": pgettext("chart", "Target")}
    header = [category_label or pgettext("chart", "Row")]
    columns = []
    for view in views:
        for s in view["series"]:
            if len(views) == 1:
                header.append(s["name"])
            else:
                header.append(view["name"] if len(view["series"]) == 1 else f"{view['name']} · {s['name']}")
            columns.append((s["values"], percent))
        if view.get("targets"):
            header.append(f"{view['name']} · {pgettext('chart', 'Target')}" if len(views) > 1 else pgettext("chart", "Target"))
            columns.append((view["targets"]["values"], percent))
    rows = [[str(c)] + [_fmt(values[i], pc) for values, pc in columns] for i, c in enumerate(categories)]
    return {"id": chart_id, "data_id": f"{chart_id}-data", "kind": "bars", "title": title, "payload": payload, "summary": summary or title,
            "table": {"header": header, "rows": rows}, "switch": len(views) > 1,
            "view_names": [v["name"] for v in views]}


def line_chart(*, chart_id: str, title: str, categories: list, series: list[dict], percent: bool = False,
               summary: str = "", category_label: str = "") -> dict:
    """Lines over time (e.g. the campaign's weeks): series [{"name", "values"}]."""
    payload = {"categories": [str(c) for c in categories], "series": series, "percent": percent}
    header = [category_label or pgettext("chart", "Week")] + [s["name"] for s in series]
    rows = [[str(c)] + [_fmt(s["values"][i], percent) for s in series] for i, c in enumerate(categories)]
    return {"id": chart_id, "data_id": f"{chart_id}-data", "kind": "lines", "title": title, "payload": payload, "summary": summary or title,
            "table": {"header": header, "rows": rows}, "switch": False, "view_names": []}
