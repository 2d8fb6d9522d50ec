"""The visit figures' rules (C4, R6.3, R7.2): C4's defaults, overridden per campaign by
`campaign.rules["targets"][key]`; read by the on-demand engine (figures.py) and by the tallies
maintained on write (coverage_tally.py)."""

from xingping.orgs.models import Level
from xingping.outreach.models import Method, VisitKind

DEFAULTS = {
    # visits_by: whose visits count — "own" (C4: the unit's own staff) or "area" (any staff
    # of the unit's area), for a campaign whose rules say so.
    "visit_coverage": {"kinds": ["enterprise"], "all_kinds_levels": [Level.STATION.value],
                       "methods": [Method.ONSITE.value], "visit_kind": VisitKind.VISIT.value, "visits_by": "own"},
    "return_visit_coverage": {"methods": [Method.ONSITE.value], "visit_kind": VisitKind.RETURN.value},
}


def rule(campaign, key):
    merged = dict(DEFAULTS[key])
    merged.update({k: v for k, v in ((campaign.rules.get("targets") or {}).get(key) or {}).items() if k in merged})
    return merged


def window(campaign, as_of):
    """(first day, last day counted) of the visit window; empty when as_of is before the start."""
    return campaign.first_day, campaign.window_end(as_of)
