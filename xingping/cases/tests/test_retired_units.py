"""A unit the office retired (撤销) is no longer offered on the public complaint form."""

import pytest

from xingping.cases.forms import PublicCaseForm
from xingping.orgs import services

pytestmark = pytest.mark.django_db


def test_a_retired_unit_is_not_offered_to_complainants(tree):
    assert tree.station2 in PublicCaseForm().fields["unit"].queryset
    services.staff_set_active(actor=tree.office, user=tree.station2_staff, active=False)
    services.unit_retire(actor=tree.office, unit=tree.station2)
    assert tree.station2 not in PublicCaseForm().fields["unit"].queryset
    assert tree.station in PublicCaseForm().fields["unit"].queryset
