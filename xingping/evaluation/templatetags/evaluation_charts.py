"""`{% grade_band_chart evaluation as chart %}`: the results chart (xingping/evaluation/charts.py)
for `evaluation/partials/results_grade_chart.html`, so the results view needs no change."""

from django import template

from xingping.evaluation import charts

register = template.Library()


@register.simple_tag
def grade_band_chart(evaluation):
    return charts.grade_band_chart(evaluation)
