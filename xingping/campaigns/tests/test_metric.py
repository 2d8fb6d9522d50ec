"""C4 `deliverable_on_time_rate`, edge by edge (docs/figures-deliverables.md)."""

import datetime

import pytest

from xingping.campaigns import services
from xingping.campaigns.metric_defs import deliverable_on_time_rate
from xingping.core.testing import frozen_today
from xingping.metrics.registry import metrics, target_for

D = datetime.date


def submit_on(tree, deliverable, unit, day, leader=None, staff=None):
    staff = staff or tree.county_staff
    leader = leader or tree.county_leader
    sub = services.submission_save_draft(actor=staff, deliverable=deliverable, unit=unit, body="正文")
    with frozen_today(day):
        return services.submission_submit(actor=leader, submission=sub)


def figure(campaign, tree, as_of, unit=None):
    unit = unit or tree.county
    return deliverable_on_time_rate(campaign, as_of, [unit]).get(unit.pk, (0, 0))


def test_registered_with_its_target(campaign):
    assert metrics()["deliverable_on_time_rate"] is deliverable_on_time_rate
    assert target_for(campaign, "deliverable_on_time_rate", "county") == 1.0


@pytest.mark.parametrize("as_of, owed", [(D(2026, 8, 4), 0), (D(2026, 8, 5), 1), (D(2026, 8, 15), 2), (D(2026, 9, 20), 3)])
def test_denominator_is_what_is_owed_due_on_or_before_as_of(tree, campaign, as_of, owed):
    assert figure(campaign, tree, as_of) == (0, owed)


@pytest.mark.parametrize("day, counted", [(D(2026, 8, 5), 1), (D(2026, 8, 6), 0)])
def test_submitted_on_the_due_date_is_on_time_the_day_after_is_not(tree, campaign, deliverables, day, counted):
    submit_on(tree, deliverables["implementation_plan"], tree.county, day)
    assert figure(campaign, tree, D(2026, 8, 10)) == (counted, 1)


def test_accepted_but_first_submitted_late_does_not_count(tree, campaign, deliverables):
    sub = submit_on(tree, deliverables["implementation_plan"], tree.county, D(2026, 8, 7))
    services.submission_accept(actor=tree.office, submission=sub)
    assert figure(campaign, tree, D(2026, 8, 10)) == (0, 1)


def test_accepted_on_time_counts(tree, campaign, deliverables):
    sub = submit_on(tree, deliverables["implementation_plan"], tree.county, D(2026, 8, 1))
    services.submission_accept(actor=tree.office, submission=sub)
    assert figure(campaign, tree, D(2026, 8, 10)) == (1, 1)


def test_returned_does_not_count_until_resubmitted(tree, campaign, deliverables):
    sub = submit_on(tree, deliverables["implementation_plan"], tree.county, D(2026, 8, 1))
    services.submission_return(actor=tree.office, submission=sub, reason="补充")
    assert figure(campaign, tree, D(2026, 8, 10)) == (0, 1)
    with frozen_today(D(2026, 8, 12)):
        services.submission_submit(actor=tree.county_leader, submission=sub)
    assert figure(campaign, tree, D(2026, 8, 12)) == (1, 1)  # first submission was on time


def test_a_draft_does_not_count(tree, campaign, deliverables):
    services.submission_save_draft(actor=tree.county_staff, deliverable=deliverables["implementation_plan"],
                                   unit=tree.county, body="草稿")
    assert figure(campaign, tree, D(2026, 8, 10)) == (0, 1)


def test_levels_owe_their_own_deliverables(tree, campaign, deliverables):
    submit_on(tree, deliverables["station_self_inspection"], tree.station, D(2026, 9, 1),
              leader=tree.station_leader, staff=tree.station_staff)
    as_of = D(2026, 10, 31)
    result = deliverable_on_time_rate(campaign, as_of, [tree.city, tree.county, tree.station, tree.branch])
    assert result[tree.station.pk] == (1, 1)
    assert result[tree.county.pk] == (0, 4)
    assert result[tree.branch.pk] == (0, 4)
    assert result[tree.city.pk] == (0, 0)


def test_a_deliverable_named_for_one_unit_counts_for_it_only(tree, campaign):
    services.deliverable_create_for_unit(actor=tree.office, campaign=campaign, unit=tree.station, code="rect_plan",
                                         title="整改方案", due_on=D(2026, 10, 20))
    result = deliverable_on_time_rate(campaign, D(2026, 10, 25), [tree.station, tree.station2])
    assert result[tree.station.pk] == (0, 2) and result[tree.station2.pk] == (0, 1)


def test_one_query_whatever_the_number_of_units(tree, campaign, django_assert_num_queries):
    units = [tree.city, tree.county, tree.station, tree.station2, tree.county2, tree.station3, tree.branch]
    with django_assert_num_queries(1):
        deliverable_on_time_rate(campaign, D(2026, 10, 1), units)
