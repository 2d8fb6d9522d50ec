"""The registry of target figures (C4). Each key is computed by one function that other
apps register here; the engine (`xingping.metrics.engine`) turns the pairs into C4's
FIGURE objects with the campaign's targets.

    @register_metric("complaint_reply_rate", label=pgettext_lazy("figure", "…"))  # the one label, see below
    def complaint_reply_rate(campaign, as_of, units):
        # units: the evaluated OrgUnits (not departments) to compute for.
        # Return {unit_pk: (numerator, denominator)} computed IN THE DATABASE with a
        # number of queries that does not grow with the number of units. Units missing
        # from the result count as (0, 0).
        ...

Targets come from `campaign.rules["targets"][key]` (`threshold`, or `thresholds` by level).
A new key is added, never a changed meaning for an old one (docs/figures.md).
"""

from xingping.core.discovery import discover

METRICS = {}  # key -> function, in registration order
LABELS = {}  # key -> the figure's one label (lazy gettext), used by every page, export and report


def register_metric(key, *, label):
    """Register the function computing `key`, and the figure's one label: every page, export
    and report reads it from here (`metric_label`), none keeps a table of its own
    (xingping/metrics/tests/test_labels.py fails on one)."""
    def decorator(func):
        METRICS[key] = func
        LABELS[key] = label
        return func

    return decorator


def register_label(key, label):
    """The label of a figure derived from registered ones and shown beside them (e.g. the
    area rollup `visit_coverage_area`), registered by the app that computes it."""
    LABELS[key] = label


def metric_label(key):
    """The figure's label as registered. A key with no registered label is a defect, not a
    page showing a code: it raises KeyError."""
    metrics()
    return LABELS[key]


def metric_labels():
    """{key: label} of every figure, in registration order."""
    metrics()
    return dict(LABELS)


def metrics():
    """Every registered figure (each app's `metric_defs`, imported once per process)."""
    discover("metric_defs")
    return METRICS


def target_for(campaign, key, level):
    """The target rate for `key` at `level`, or None when the campaign sets none."""
    rule = (campaign.rules.get("targets") or {}).get(key) or {}
    if "thresholds" in rule:
        value = rule["thresholds"].get(level)
        return float(value) if value is not None else None
    if "threshold" in rule:
        return float(rule["threshold"])
    return None
