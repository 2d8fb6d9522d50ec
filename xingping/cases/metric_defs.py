"""The case keys of C4 in the target-figures registry (docs/cases.md "Figures").

Each returns {unit_pk: (numerator, denominator)} from one grouped query."""

from django.utils.translation import pgettext_lazy

from xingping.cases import figures
from xingping.metrics.registry import register_metric

CASE_KEYS = {}


def _key(key, label):
    def decorator(func):
        CASE_KEYS[key] = func
        return register_metric(key, label=label)(func)

    return decorator


@_key("complaint_reply_rate", pgettext_lazy("figure", "Complaint and report reply rate"))  # 投诉举报答复率
def complaint_reply_rate(campaign, as_of, units):
    """R7.1: complaints, reports and named petitions assigned to the unit or its
    departments, received Jan 1 … as_of; replied no later than as_of / all."""
    return figures.pairs(campaign, as_of, units, "complaint_reply_rate")


@_key("misconduct_reply_rate", pgettext_lazy("figure", "Misconduct report reply rate"))  # 违纪违法反映回复率
def misconduct_reply_rate(campaign, as_of, units):
    """R9.2: misconduct reports about the unit's own staff; replied / all."""
    return figures.pairs(campaign, as_of, units, "misconduct_reply_rate")


@_key("misconduct_handling_rate", pgettext_lazy("figure", "Verified misconduct handling rate"))  # 查实问题处理率
def misconduct_handling_rate(campaign, as_of, units):
    """R9.2: of those found true (verified), handled no later than as_of."""
    return figures.pairs(campaign, as_of, units, "misconduct_handling_rate")


@_key("deputy_meeting_rate", pgettext_lazy("figure", "Deputies' meeting rate"))  # 代表委员见面率
def deputy_meeting_rate(campaign, as_of, units):
    """R5.2: suggestions and proposals assigned to the unit; met in person / all."""
    return figures.pairs(campaign, as_of, units, "deputy_meeting_rate")


@_key("deputy_completion_rate", pgettext_lazy("figure", "Suggestions and proposals completion rate"))  # 建议提案办结率
def deputy_completion_rate(campaign, as_of, units):
    """R5.2: suggestions and proposals assigned to the unit; completed (办结) / all."""
    return figures.pairs(campaign, as_of, units, "deputy_completion_rate")
