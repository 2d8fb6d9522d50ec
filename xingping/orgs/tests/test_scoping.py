from xingping.orgs.policy import CHANGE, get_for_user_or_404, visible_units
from xingping.orgs.models import OrgUnit
from xingping.orgs.permissions import policy

import pytest
from django.http import Http404


def codes(qs):
    return sorted(qs.values_list("code", flat=True))


def test_office_and_auditor_see_every_unit(tree):
    all_codes = codes(OrgUnit.objects.all())
    assert codes(visible_units(tree.office)) == all_codes
    assert codes(visible_units(tree.auditor)) == all_codes


def test_station_account_sees_only_its_station(tree):
    assert codes(visible_units(tree.station_staff)) == ["XN01"]


def test_county_account_sees_its_county_and_its_stations(tree):
    assert codes(visible_units(tree.county_leader)) == ["XN", "XN01", "XN02"]


def test_department_staff_act_for_their_parent(tree):
    assert codes(visible_units(tree.dept_staff)) == codes(OrgUnit.objects.all())


def test_inspectors_and_auditors_cannot_act(tree):
    assert not visible_units(tree.county_inspector, CHANGE).exists()
    assert not visible_units(tree.auditor, CHANGE).exists()
    assert codes(visible_units(tree.county_inspector)) == ["XN", "XN01", "XN02"]


def test_user_without_unit_sees_nothing(tree):
    assert not visible_units(tree.nobody).exists()


def test_get_for_user_or_404_hides_other_units(tree):
    assert get_for_user_or_404(policy, tree.county_leader, code="XN01") == tree.station
    with pytest.raises(Http404):
        get_for_user_or_404(policy, tree.county_leader, code="HC01")
    with pytest.raises(Http404):
        get_for_user_or_404(policy, tree.county_leader, code="NOPE")


def test_subtree_is_one_query(tree, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert len(list(tree.city.descendants())) == 9
