"""The target-figures engine (C4, R15.1).

`compute(campaign, as_of=None, units=None)` returns exactly C4's JSON as a dict:

    {"campaign": SLUG, "as_of": "YYYY-MM-DD",
     "units": [{"code", "name", "level", "metrics": {KEY: FIGURE}}, …]}

with one UNIT per evaluated unit (every unit but departments), in tree order, and
FIGURE = {"numerator", "denominator", "rate", "target", "met"} (rate and met null when
the denominator is 0). Every registered key (`metric_defs.py` modules) is computed once
for all units — a fixed number of queries, whatever the number of units — and a unit
missing from a key's result counts as 0 / 0. Targets come from `target_for`.
"""

from django.utils import timezone

from xingping.metrics.registry import metrics, target_for
from xingping.orgs.models import OrgUnit


def figure(numerator, denominator, target):
    numerator, denominator = int(numerator or 0), int(denominator or 0)
    if denominator == 0:
        return {"numerator": numerator, "denominator": 0, "rate": None, "target": target, "met": None}
    rate = numerator / denominator
    met = None if target is None else rate >= target - 1e-9
    return {"numerator": numerator, "denominator": denominator, "rate": rate, "target": target, "met": met}


def evaluated_units(units=None):
    """The units to report on: every evaluated unit, or those of `units` (ids or units)."""
    qs = OrgUnit.objects.evaluated().order_by("path")
    if units is not None:
        ids = [getattr(u, "pk", u) for u in units]
        qs = qs.filter(pk__in=ids)
    return list(qs)


def raw_pairs(campaign, as_of, unit_list, keys=None):
    """{key: {unit id: (numerator, denominator)}} straight from the registered functions."""
    out = {}
    for key, func in metrics().items():
        if keys is not None and key not in keys:
            continue
        out[key] = func(campaign, as_of, unit_list) or {}
    return out


def compute(campaign, as_of=None, units=None, keys=None):
    as_of = as_of or timezone.localdate()
    unit_list = evaluated_units(units)
    results = raw_pairs(campaign, as_of, unit_list, keys)
    targets = {}
    out_units = []
    for unit in unit_list:
        figures = {}
        for key, by_unit in results.items():
            if (key, unit.level) not in targets:
                targets[key, unit.level] = target_for(campaign, key, unit.level)
            num, den = by_unit.get(unit.pk, (0, 0))
            figures[key] = figure(num, den, targets[key, unit.level])
        out_units.append({"code": unit.code, "name": unit.name, "level": unit.level, "metrics": figures})
    return {"campaign": campaign.slug, "as_of": as_of.isoformat(), "units": out_units}
