"""The pieces every list's filters share (issue 13, parts 3 and 6): the collapsible panel that
counts the filters set, the 起/止 date range, and the unit tree picker."""

import datetime

import pytest
from django.http import QueryDict
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from xingping.core.filters import ListFilterForm
from xingping.core.templatetags.core_tags import active_filter_count


def render(source, query="", **context):
    request = RequestFactory().get("/list/?" + query)
    with translation.override("zh-hans"):
        return Template("{% load core_tags unit_picker %}" + source).render(Context(dict(context, request=request)))


def test_the_panel_counts_the_filters_set_but_not_paging_downloads_or_all():
    assert active_filter_count(QueryDict("unit=XN&status=all&q=&page=3&format=xlsx&date_from=2026-07-01")) == 2
    assert active_filter_count(QueryDict("flagged=1&unit=XN"), ignore=["flagged"]) == 1
    assert active_filter_count(QueryDict("")) == 0


def test_the_panel_folds_on_a_phone_behind_a_button_with_the_count():
    html = render('{% filter_panel "f" %}<form id="inner"></form>{% end_filter_panel %}', "unit=XN&kind=visit")
    assert 'class="collapse d-md-block" id="f"' in html  # open on a wide screen, folded on a phone
    assert 'data-bs-target="#f"' in html and "筛选" in html
    assert 'data-testid="filter-count">2<' in html and '<form id="inner"></form>' in html
    assert "filter-count" not in render('{% filter_panel "f" %}x{% end_filter_panel %}', "page=2")


def test_the_date_range_is_labelled_from_and_to_and_refuses_a_reversed_range():
    with translation.override("zh-hans"):
        form = ListFilterForm({"date_from": "2026-08-01", "date_to": "2026-07-01"})
        assert form.filters() is None
        assert form.non_field_errors() == ["起始日期晚于截止日期。"]
        assert (str(form.fields["date_from"].label), str(form.fields["date_to"].label)) == ("起", "止")
    ok = ListFilterForm({"date_from": "2026-07-01", "date_to": ""})
    assert ok.filters() == {"date_from": datetime.date(2026, 7, 1)}
    assert ListFilterForm({"date_from": "七月"}).filters() is None  # a bad date is reported, not ignored


@pytest.mark.django_db
def test_the_unit_picker_indents_the_tree_and_is_searchable(tree):
    from xingping.orgs.models import OrgUnit

    html = render("{% unit_picker units 'XN01' %}", units=OrgUnit.objects.all())
    assert '<option value="XN01" selected>\u3000\u3000└ 书院所</option>' in html
    assert '<option value="XG">市局</option>' in html
    assert 'data-xp-option-search="f-unit"' in html  # more than eight units: a search box
    assert html.index(">\u3000└ 汉川市局<") < html.index("城隍所") < html.index("开发区分局")  # tree order
    small = render("{% unit_picker units '' blank=False %}", units=OrgUnit.objects.filter(path__startswith="XG/XN/"))
    assert "data-xp-option-search" not in small and 'value=""' not in small
    assert '<option value="XN">孝南区局</option>' in small  # indented from the top unit shown
