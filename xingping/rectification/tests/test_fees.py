"""Irregular fees (R9.3): the refund can never exceed the fee; totals and outstanding per unit."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from xingping.orgs.models import OrgUnit
from xingping.rectification import selectors, services
from xingping.rectification.models import IrregularFee

pytestmark = pytest.mark.django_db


def fee(tree, campaign, unit=None, amount="600.00", refunded=0, refunded_on=None):
    return services.fee_create(actor=tree.station_staff if unit is None else tree.office, campaign=campaign,
                               unit=unit or tree.station, description="资料费", amount=amount, payer="某公司",
                               found_on=timezone.localdate() - datetime.timedelta(days=5), refunded_amount=refunded,
                               refunded_on=refunded_on)


def test_refund_larger_than_the_fee_is_refused_at_creation(tree, campaign):
    with pytest.raises(ValidationError) as exc:
        fee(tree, campaign, refunded="600.01", refunded_on=timezone.localdate())
    assert "退还金额不能大于违规收费金额" in exc.value.message_dict["refunded_amount"][0]


def test_refund_larger_than_the_fee_is_refused_later(tree, campaign):
    f = fee(tree, campaign)
    with pytest.raises(ValidationError) as exc:
        services.fee_record_refund(actor=tree.station_staff, fee=f, refunded_amount="700", refunded_on=timezone.localdate())
    assert "refunded_amount" in exc.value.message_dict
    services.fee_record_refund(actor=tree.station_staff, fee=f, refunded_amount="600", refunded_on=timezone.localdate())
    assert f.refunded_amount == Decimal("600.00") and f.outstanding == 0


@pytest.mark.parametrize("amount", ["0", "-5", "abc", None])
def test_amount_must_be_positive(tree, campaign, amount):
    with pytest.raises(ValidationError) as exc:
        fee(tree, campaign, amount=amount)
    assert "amount" in exc.value.message_dict


def test_refund_needs_a_date_not_before_the_fee_was_found(tree, campaign):
    with pytest.raises(ValidationError) as exc:
        fee(tree, campaign, refunded="10")
    assert "refunded_on" in exc.value.message_dict
    f = fee(tree, campaign)
    with pytest.raises(ValidationError):
        services.fee_record_refund(actor=tree.station_staff, fee=f, refunded_amount="10",
                                   refunded_on=f.found_on - datetime.timedelta(days=1))


def test_database_backs_the_refund_rule(tree, campaign):
    f = fee(tree, campaign)
    with pytest.raises(IntegrityError), transaction.atomic():
        IrregularFee.objects.filter(pk=f.pk).update(refunded_amount=Decimal("601"))


def test_totals_and_outstanding_per_unit_and_rolled_up(tree, campaign):
    today = timezone.localdate()
    fee(tree, campaign, amount="600", refunded="240", refunded_on=today)  # XN01
    fee(tree, campaign, unit=tree.station2, amount="100", refunded="100", refunded_on=today)  # XN02
    fee(tree, campaign, unit=tree.station3, amount="50")  # HC01
    xn = selectors.area_totals(campaign, tree.county, today)
    assert (xn["fee_amount"], xn["fee_refunded"], xn["fee_outstanding"]) == (Decimal("700"), Decimal("340"), Decimal("360"))
    rows = {u.code: u for u in selectors.area_figures(campaign, OrgUnit.objects.filter(code__in=["XN", "XN01", "HC", "KFQ"]), today)}
    assert rows["XN"].fee_outstanding == Decimal("360") and rows["XN01"].fee_outstanding == Decimal("360")
    assert rows["HC"].fee_amount == Decimal("50") and rows["KFQ"].fee_amount == 0
    everything = selectors.area_totals(campaign, None, today)
    assert everything["fee_outstanding"] == Decimal("410") and everything["fee_count"] == 3


def test_the_fee_table_has_a_row_for_the_unit_itself(client, tree, campaign):
    today = timezone.localdate()
    fee(tree, campaign, amount="600")  # XN01
    fee(tree, campaign, unit=tree.county, amount="80")  # the county bureau's own
    client.force_login(tree.county_leader)
    rows = client.get(reverse("rectification:fee-list")).context["rows"]
    assert rows[0].is_own and rows[0].fee_amount == Decimal("80")
    assert sum(r.fee_amount for r in rows) == selectors.area_totals(campaign, tree.county, today)["fee_amount"]
