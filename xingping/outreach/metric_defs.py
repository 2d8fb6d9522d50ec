"""`visit_coverage` and `return_visit_coverage` (C4) for the metrics registry."""

from xingping.metrics.registry import register_metric
from xingping.outreach import figures


@register_metric("visit_coverage")
def visit_coverage(campaign, as_of, units):
    return figures.visit_coverage(campaign, as_of)


@register_metric("return_visit_coverage")
def return_visit_coverage(campaign, as_of, units):
    return figures.return_visit_pairs(campaign, as_of)
