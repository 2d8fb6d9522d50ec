"""C4 `disclosure_on_time_rate`, edge by edge, on the official 2026 calendar.

2026 around National Day (chinese_calendar): Sep 20 (Sunday) is a working day; Sep 25–27
(Mid-Autumn) and Oct 1–7 are off; Oct 10 (Saturday) is a working day. The due date is the
`limit_wd`-th working day after `created_on`, the day itself not counted."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from xingping.cases.models import HolidayOverride
from xingping.disclosure.models import CatalogueItem
from xingping.disclosure.services import due_date, item_save
from xingping.metrics.engine import compute

pytestmark = pytest.mark.django_db
D = datetime.date


def make(unit, created, limit=20, disclosed=None, mode="proactive", code=None):
    make.n = getattr(make, "n", 0) + 1
    return item_save(actor=None, item=CatalogueItem(code=code or f"i{make.n}", unit=unit, title="行政许可结果",
                                                    created_on=created, limit_wd=limit, disclosed_on=disclosed,
                                                    mode=mode))


def fig(campaign, unit, as_of):
    data = compute(campaign, as_of=as_of, keys=["disclosure_on_time_rate"])
    return next(u for u in data["units"] if u["code"] == unit.code)["metrics"]["disclosure_on_time_rate"]


@pytest.mark.parametrize("created, limit, due", [
    (D(2026, 9, 30), 1, D(2026, 10, 8)),  # over the National Day holiday
    (D(2026, 9, 25), 5, D(2026, 10, 9)),  # from a holiday: Sep 28, 29, 30, Oct 8, Oct 9
    (D(2026, 10, 9), 1, D(2026, 10, 10)),  # an adjusted Saturday working day
    (D(2026, 9, 19), 1, D(2026, 9, 20)),  # an adjusted Sunday working day
    (D(2026, 9, 4), 20, D(2026, 10, 9)),  # the default 20 working days across both holidays
    (D(2026, 11, 6), 1, D(2026, 11, 9)),  # an ordinary weekend (Fri → Mon)
])
def test_due_date_counts_working_days_on_the_official_calendar(created, limit, due):
    assert due_date(created_on=created, limit_wd=limit) == due


def test_disclosed_on_the_due_date_is_on_time_and_a_day_later_is_late(tree, campaign):
    make(tree.station, D(2026, 9, 30), 1, disclosed=D(2026, 10, 8))
    make(tree.station, D(2026, 9, 30), 1, disclosed=D(2026, 10, 9))
    f = fig(campaign, tree.station, D(2026, 10, 31))
    assert (f["numerator"], f["denominator"], f["rate"], f["target"], f["met"]) == (1, 2, 0.5, 1.0, False)


def test_only_items_due_by_as_of_are_counted(tree, campaign):
    make(tree.station, D(2026, 9, 30), 1)  # due Oct 8, never disclosed
    assert fig(campaign, tree.station, D(2026, 10, 7))["denominator"] == 0  # not yet due
    f = fig(campaign, tree.station, D(2026, 10, 8))  # due that very day: counted, and missing
    assert (f["numerator"], f["denominator"], f["met"]) == (0, 1, False)


def test_a_disclosure_after_as_of_does_not_count_yet(tree, campaign):
    make(tree.station, D(2026, 9, 4), 20, disclosed=D(2026, 10, 9))  # due Oct 9
    assert fig(campaign, tree.station, D(2026, 10, 9))["numerator"] == 1
    make(tree.station2, D(2026, 9, 30), 1, disclosed=D(2026, 10, 8))
    assert fig(campaign, tree.station2, D(2026, 10, 8))["numerator"] == 1


def test_created_before_the_campaign_year_or_after_as_of_is_not_counted(tree, campaign):
    make(tree.station, D(2025, 12, 31), 1)  # due Jan 2026 but created the year before
    make(tree.station, D(2026, 1, 1), 1, disclosed=D(2026, 1, 4))  # Jan 1 itself counts; due Sun Jan 4 (adjusted working day)
    make(tree.station, D(2026, 10, 20), 1)  # created after as_of
    f = fig(campaign, tree.station, D(2026, 10, 19))
    assert (f["numerator"], f["denominator"]) == (1, 1)


def test_on_request_items_and_items_without_a_creation_date_are_not_counted(tree, campaign):
    make(tree.station, D(2026, 3, 2), 1, mode="on_request")
    make(tree.station, None, 20)
    assert fig(campaign, tree.station, D(2026, 10, 31))["denominator"] == 0
    assert fig(campaign, tree.station, D(2026, 10, 31))["rate"] is None


def test_a_departments_items_count_for_its_parent_and_other_units_not(tree, campaign):
    make(tree.dept, D(2026, 3, 2), 1, disclosed=D(2026, 3, 3))  # 办公室 of the city bureau
    make(tree.county, D(2026, 3, 2), 1)
    city = fig(campaign, tree.city, D(2026, 10, 31))
    county = fig(campaign, tree.county, D(2026, 10, 31))
    assert (city["numerator"], city["denominator"]) == (1, 1)
    assert (county["numerator"], county["denominator"]) == (0, 1)
    assert fig(campaign, tree.station, D(2026, 10, 31))["denominator"] == 0  # not the county's area


def test_an_office_holiday_moves_the_due_date(tree, campaign, django_capture_on_commit_callbacks):
    item = make(tree.station, D(2026, 9, 30), 1, disclosed=D(2026, 10, 9))  # due Oct 8: late
    assert fig(campaign, tree.station, D(2026, 10, 31))["numerator"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        HolidayOverride.objects.create(day=D(2026, 10, 8), is_workday=False, name="调休更正")
    item.refresh_from_db()
    assert item.due_on == D(2026, 10, 9)
    assert fig(campaign, tree.station, D(2026, 10, 31))["numerator"] == 1


def test_a_disclosure_dated_before_the_information_is_refused(tree):
    with pytest.raises(ValidationError):
        make(tree.station, D(2026, 9, 30), 1, disclosed=D(2026, 9, 29))
    assert not CatalogueItem.objects.exists()
