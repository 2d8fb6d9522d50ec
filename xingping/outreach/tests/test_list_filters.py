"""The visit list, the dissatisfied opinions and the verification checks filter by unit (tree
picker), staff, date range, entity and status, in the database and within the user's scope;
the visit list pages by 50 in a constant number of queries (issue 13, part 6)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from xingping.entities.testing import make_entity, make_visit
from xingping.outreach.models import VisitCheck

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def visits(tree, campaign):
    """Visits by three people in three units, on three dates, of two kinds and methods."""
    a = make_entity(tree.station, responsible=tree.station_staff, name="书院甲商店")
    b = make_entity(tree.station2, responsible=tree.station2_staff, name="新华乙超市")
    c = make_entity(tree.station3, responsible=tree.other_station_staff, name="城隍丙饭店")
    return {
        "a": make_visit(a, tree.station_staff, D(2026, 7, 1)),
        "a_return": make_visit(a, tree.station_staff, D(2026, 7, 20), kind="return", method="phone"),
        "b": make_visit(b, tree.station2_staff, D(2026, 7, 10), efficiency=1),
        "c": make_visit(c, tree.other_station_staff, D(2026, 8, 1), opinions="收费不规范"),
    }


def listed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return set(response.context["page"].object_list), response


def test_visit_list_filters_by_unit_with_the_units_below_it(client, tree, visits):
    client.force_login(tree.office)
    assert listed(client, "/outreach/visits/?unit=XN")[0] == {visits["a"], visits["a_return"], visits["b"]}
    assert listed(client, "/outreach/visits/?unit=XN02")[0] == {visits["b"]}
    assert listed(client, "/outreach/visits/")[0] == set(visits.values())


def test_visit_list_filters_by_visitor_dates_entity_kind_and_method(client, tree, visits):
    client.force_login(tree.office)
    assert listed(client, "/outreach/visits/?visitor=xn01_staff")[0] == {visits["a"], visits["a_return"]}
    # 起 and 止 both included
    assert listed(client, "/outreach/visits/?date_from=2026-07-10&date_to=2026-07-20")[0] == {visits["b"], visits["a_return"]}
    assert listed(client, "/outreach/visits/?date_from=2026-07-21")[0] == {visits["c"]}
    assert listed(client, "/outreach/visits/?q=超市")[0] == {visits["b"]}
    assert listed(client, f"/outreach/visits/?q={visits['c'].entity.uscc}")[0] == {visits["c"]}
    assert listed(client, "/outreach/visits/?kind=return")[0] == {visits["a_return"]}
    assert listed(client, "/outreach/visits/?method=phone&unit=XN01")[0] == {visits["a_return"]}
    assert listed(client, "/outreach/visits/?method=phone&unit=XN02")[0] == set()


def test_a_filter_outside_the_users_area_is_refused_not_ignored(client, tree, visits):
    client.force_login(tree.county_leader)  # 孝南: may not see 汉川
    rows, response = listed(client, "/outreach/visits/?unit=HC01")
    assert rows == set()
    assert response.context["form"].errors["unit"]
    assert "data-testid=\"filter-errors\"" in response.content.decode()
    rows, response = listed(client, "/outreach/visits/?visitor=hc01_staff")
    assert rows == set() and response.context["form"].errors["visitor"]
    # the picker offers the user's own area only
    assert {u.code for u in response.context["units"]} == {"XN", "XN01", "XN02"}


def test_a_start_date_after_the_end_date_lists_nothing_and_says_why(client, tree, visits):
    client.force_login(tree.office)
    rows, response = listed(client, "/outreach/visits/?date_from=2026-08-01&date_to=2026-07-01")
    assert rows == set()
    assert response.context["form"].non_field_errors()


def test_the_filters_show_the_unit_tree_picker_with_from_and_to_labels(client, tree, visits):
    client.force_login(tree.office)
    html = client.get("/outreach/visits/?unit=XN&visitor=xn01_staff").content.decode()
    assert 'data-testid="unit-picker"' in html
    assert '<option value="XN" selected>' in html
    assert ">\u3000└ 孝南区局<" in html and ">\u3000\u3000└ 书院所<" in html  # indented by depth below 市局
    assert 'data-testid="filter-count">2<' in html  # the phone toggle counts the two filters set


def test_the_flagged_list_keeps_the_other_filters(client, tree, visits, campaign):
    client.force_login(tree.office)
    # a visit dated before the entity registered is flagged
    e = visits["b"].entity
    e.registered_on = D(2026, 7, 15)
    e.save()
    assert listed(client, "/outreach/visits/?flagged=1")[0] == {visits["b"]}
    assert listed(client, "/outreach/visits/?flagged=1&unit=XN01")[0] == set()


def test_the_visit_list_pages_by_fifty_in_a_constant_number_of_queries(client, tree, campaign):
    entity = make_entity(tree.station, responsible=tree.station_staff)
    client.force_login(tree.office)
    make_visit(entity, tree.station_staff, D(2026, 6, 1))
    with CaptureQueriesContext(connection) as few:
        assert len(listed(client, "/outreach/visits/?unit=XN")[0]) == 1
    for day in range(60):
        make_visit(entity, tree.station_staff, D(2026, 6, 2) + datetime.timedelta(days=day))
    with CaptureQueriesContext(connection) as many:
        rows, response = listed(client, "/outreach/visits/?unit=XN")
    assert len(rows) == 50 and response.context["page"].paginator.num_pages == 2
    assert len(many) == len(few)
    assert len(listed(client, "/outreach/visits/?unit=XN&page=2")[0]) == 11


def test_dissatisfied_opinions_filter_by_unit_and_date(client, tree, visits):
    client.force_login(tree.office)
    assert listed(client, "/outreach/opinions/")[0] == {visits["b"], visits["c"]}
    assert listed(client, "/outreach/opinions/?unit=HC")[0] == {visits["c"]}
    assert listed(client, "/outreach/opinions/?date_to=2026-07-31")[0] == {visits["b"]}


def test_the_dissatisfied_opinions_page_in_a_constant_number_of_queries(client, tree, campaign):
    entity = make_entity(tree.station, responsible=tree.station_staff)
    client.force_login(tree.office)
    make_visit(entity, tree.station_staff, D(2026, 6, 1), opinions="慢")
    with CaptureQueriesContext(connection) as few:
        listed(client, "/outreach/opinions/")
    for day in range(55):
        make_visit(entity, tree.station_staff, D(2026, 6, 2) + datetime.timedelta(days=day), opinions="慢")
    with CaptureQueriesContext(connection) as many:
        assert len(listed(client, "/outreach/opinions/")[0]) == 50
    assert len(many) == len(few)


def test_checks_filter_by_unit_and_outcome(client, tree, visits, campaign):
    for key, outcome in (("a", ""), ("b", "not_confirmed"), ("c", "confirmed")):
        VisitCheck.objects.create(visit=visits[key], campaign=campaign, unit=visits[key].unit, outcome=outcome)
    client.force_login(tree.office)
    checks = lambda url: {c.visit for c in listed(client, url)[0]}  # noqa: E731
    assert checks("/outreach/checks/") == {visits["a"], visits["b"], visits["c"]}
    assert checks("/outreach/checks/?outcome=none") == {visits["a"]}
    assert checks("/outreach/checks/?outcome=not_confirmed") == {visits["b"]}
    assert checks("/outreach/checks/?unit=XN") == {visits["a"], visits["b"]}
    assert checks("/outreach/checks/?unit=XN&outcome=confirmed") == set()
