"""`{{ key|figure_label }}`: a figure's one label, as registered with `register_metric`;
`{% figure_cell unit key f %}`: one figure in a table cell."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from xingping.metrics.registry import metric_label

register = template.Library()


@register.filter
def figure_label(key):
    return metric_label(key)


def _percent(numerator, denominator):
    """As `{% widthratio n d 100 %}`: round(n / d × 100), Python's rounding."""
    return round(numerator / denominator * 100)


@register.simple_tag(takes_context=True)
def figure_cell(context, unit, key, f):
    """One figure in a table cell: the rate (red where the target is missed) over numerator /
    denominator, each a link to the entities or cases behind it where the figure drills down.
    A tag, not an included template: the figures table renders a thousand of these a page."""
    if not f or not f.get("denominator"):
        return mark_safe('<span class="text-muted">—</span>')
    css = "text-danger fw-bold" if f["met"] is False else "text-success" if f["met"] else ""
    rate = format_html('<span class="{}">{}%</span>', css, _percent(f["numerator"], f["denominator"]))
    if key not in context.get("drillable", ()):
        return format_html('{}<br><span class="small">{}/{}</span>', rate, f["numerator"], f["denominator"])
    day = context["as_of"].isoformat()
    links = [format_html('<a href="{}?as_of={}" title="{}">{}</a>', reverse("metrics:drilldown", args=[unit.code, key, part]),
                         day, title, f[part])
             for part, title in (("numerator", _("Entities counted")), ("denominator", _("Entities in the population")))]
    return format_html('{}<br><span class="small">{}/{}</span>', rate, links[0], links[1])
