"""`visit_coverage` and `return_visit_coverage` (C4) for the metrics registry."""

from django.utils.translation import pgettext_lazy

from xingping.metrics.registry import register_label, register_metric
from xingping.outreach import figures


@register_metric("visit_coverage", label=pgettext_lazy("figure", "Visit coverage"))  # 走访覆盖率
def visit_coverage(campaign, as_of, units):
    return figures.visit_coverage(campaign, as_of)


@register_metric("return_visit_coverage", label=pgettext_lazy("figure", "On-site return-visit rate"))  # 上门回访率
def return_visit_coverage(campaign, as_of, units):
    return figures.return_visit_pairs(campaign, as_of)


# The area rollup (the unit and every unit below it), shown beside the C4 figures on the
# dashboards; computed by `figures.visit_coverage_area`, not part of C4.
register_label("visit_coverage_area", pgettext_lazy("figure", "Visit coverage, area rollup"))  # 走访覆盖率
