"""The case keys of C4 in the target-figures registry (docs/cases.md "Figures").

Each returns {unit_pk: (numerator, denominator)} from one grouped query."""

from xingping.cases import figures
from xingping.metrics.registry import register_metric

CASE_KEYS = {}


def _key(key):
    def decorator(func):
        CASE_KEYS[key] = func
        return register_metric(key)(func)

    return decorator


@_key("complaint_reply_rate")
def complaint_reply_rate(campaign, as_of, units):
    """R7.1: complaints, reports and named petitions assigned to the unit or its
    departments, received Jan 1 … as_of; replied no later than as_of / all."""
    return figures.pairs(campaign, as_of, units, "complaint_reply_rate")


@_key("misconduct_reply_rate")
def misconduct_reply_rate(campaign, as_of, units):
    """R9.2: misconduct reports about the unit's own staff; replied / all."""
    return figures.pairs(campaign, as_of, units, "misconduct_reply_rate")


@_key("misconduct_handling_rate")
def misconduct_handling_rate(campaign, as_of, units):
    """R9.2: of those found true (verified), handled no later than as_of."""
    return figures.pairs(campaign, as_of, units, "misconduct_handling_rate")


@_key("deputy_meeting_rate")
def deputy_meeting_rate(campaign, as_of, units):
    """R5.2: suggestions and proposals assigned to the unit; met in person / all."""
    return figures.pairs(campaign, as_of, units, "deputy_meeting_rate")


@_key("deputy_completion_rate")
def deputy_completion_rate(campaign, as_of, units):
    """R5.2: suggestions and proposals assigned to the unit; completed (办结) / all."""
    return figures.pairs(campaign, as_of, units, "deputy_completion_rate")
