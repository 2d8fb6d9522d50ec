"""The disclosure catalogue's unit, picked from the tree, lists that unit and the units below it
(issue 13, part 6)."""

import datetime

import pytest

from xingping.disclosure.tests.test_figure import make

pytestmark = pytest.mark.django_db


def test_the_catalogue_filters_by_a_unit_and_the_units_below(client, tree, campaign):
    county = make(tree.county, datetime.date(2026, 7, 1), code="C-1")
    station = make(tree.station, datetime.date(2026, 7, 1), code="S-1")
    other = make(tree.station3, datetime.date(2026, 7, 1), code="O-1")
    client.force_login(tree.office)
    listed = lambda url: set(client.get(url).context["page"].object_list)  # noqa: E731
    assert listed("/disclosure/") == {county, station, other}
    assert listed("/disclosure/?unit=XN") == {county, station}
    assert listed("/disclosure/?unit=XN01") == {station}
    client.force_login(tree.county_leader)
    assert listed("/disclosure/?unit=HC01") == set()  # outside the leader's area: nothing, not everything
    assert 'data-testid="unit-picker"' in client.get("/disclosure/").content.decode()
