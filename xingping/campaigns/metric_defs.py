"""Target figures of the campaigns app (C4), registered with the metrics engine."""

from django.utils.translation import pgettext_lazy

from xingping.campaigns import selectors
from xingping.metrics.registry import register_metric


@register_metric("deliverable_on_time_rate", label=pgettext_lazy("figure", "Deliverables on-time rate"))  # 材料按时报送率
def deliverable_on_time_rate(campaign, as_of, units):
    """R2.2 / C4 `deliverable_on_time_rate`, per unit, in one query.

    Denominator: the deliverables of the campaign the unit owes (by its level, or named
    for it) whose due date is on or before `as_of`.
    Numerator: of those, the ones whose submission is *now* `submitted` or `accepted`
    and was *first* submitted on or before the due date (local date, Asia/Shanghai).
    A submission returned and not yet resubmitted does not count; one first submitted
    on time, returned and resubmitted after the due date counts (its first submission
    was on time). One first submitted late never counts, even once accepted.
    Target: `campaign.rules["targets"]["deliverable_on_time_rate"]["threshold"]` (1.00).
    See docs/figures-deliverables.md."""
    return selectors.on_time_counts(campaign, units, as_of)
