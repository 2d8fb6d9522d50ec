"""The registry of target figures (C4). Each key is computed by one function that other
apps register here; the engine (`xingping.metrics.engine`) turns the pairs into C4's
FIGURE objects with the campaign's targets.

    @register_metric("complaint_reply_rate")
    def complaint_reply_rate(campaign, as_of, units):
        # units: the evaluated OrgUnits (not departments) to compute for.
        # Return {unit_pk: (numerator, denominator)} computed IN THE DATABASE with a
        # number of queries that does not grow with the number of units. Units missing
        # from the result count as (0, 0).
        ...

Targets come from `campaign.rules["targets"][key]` (`threshold`, or `thresholds` by level).
A new key is added, never a changed meaning for an old one (docs/figures.md).
"""

from django.utils.module_loading import autodiscover_modules

METRICS = {}  # key -> function, in registration order
LABELS = {}  # key -> the figure's one label (lazy gettext), used by every page, export and report


def register_metric(key, *, label=None):
    def decorator(func):
        METRICS[key] = func
        if label is not None:
            LABELS[key] = label
        return func

    return decorator


def metric_label(key):
    """The figure's label as registered (its key when none was given)."""
    metrics()
    return LABELS.get(key, key)


def metrics():
    autodiscover_modules("metric_defs")
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
