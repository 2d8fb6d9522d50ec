"""`{{ key|figure_label }}`: a figure's one label, as registered with `register_metric`."""

from django import template

from xingping.metrics.registry import metric_label

register = template.Library()


@register.filter
def figure_label(key):
    return metric_label(key)
