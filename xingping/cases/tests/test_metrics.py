"""The five C4 case keys, edge by edge."""

import datetime

import pytest

from xingping.cases import metric_defs
from xingping.cases.models import Kind
from xingping.cases.tests.conftest import make_case
from xingping.metrics.registry import metrics

D = datetime.date
AS_OF = D(2026, 9, 8)


@pytest.fixture
def units(tree):
    return [tree.city, tree.county, tree.station, tree.station2, tree.county2, tree.station3, tree.branch]


def test_keys_are_registered(db):
    keys = set(metrics())
    assert {"complaint_reply_rate", "misconduct_reply_rate", "misconduct_handling_rate", "deputy_meeting_rate",
            "deputy_completion_rate"} <= keys


def test_complaint_reply_rate_edges(tree, campaign, units, django_assert_num_queries):
    s = tree.station
    make_case(s, replied_on=D(2026, 3, 5))                                   # counted, replied
    make_case(s, kind=Kind.REPORT)                                           # counted, not replied
    make_case(s, received_on=D(2026, 9, 1), replied_on=D(2026, 9, 9))        # replied after as_of: not replied
    make_case(s, kind=Kind.PETITION, named=False, replied_on=D(2026, 3, 5))  # anonymous petition: not counted
    make_case(s, kind=Kind.PETITION, named=True)                             # named petition: counted
    make_case(s, received_on=D(2025, 12, 31), replied_on=D(2026, 1, 5))      # before Jan 1: not counted
    make_case(s, received_on=D(2026, 1, 1), replied_on=D(2026, 1, 5))        # Jan 1: counted
    make_case(s, received_on=D(2026, 9, 9))                                  # after as_of: not counted
    make_case(s, kind=Kind.SUGGESTION)                                       # other kinds: not counted
    make_case(tree.dept, replied_on=D(2026, 3, 5))                           # a department's: the city's
    make_case(tree.county, named=False)                                      # anonymous complaint: counted
    with django_assert_num_queries(1):
        pairs = metric_defs.complaint_reply_rate(campaign, AS_OF, units)
    assert pairs[s.pk] == (2, 5)
    assert pairs[tree.city.pk] == (1, 1)
    assert pairs[tree.county.pk] == (0, 1)  # its stations' cases are theirs, not the county's
    assert tree.station2.pk not in pairs


def test_petitions_named_only_is_a_campaign_rule(tree, campaign, units):
    campaign.rules["targets"]["complaint_reply_rate"]["petitions_named_only"] = False
    make_case(tree.station, kind=Kind.PETITION, named=False)
    assert metric_defs.complaint_reply_rate(campaign, AS_OF, units)[tree.station.pk] == (0, 1)


def test_misconduct_counts_for_the_unit_reported_on(tree, campaign, units, django_assert_num_queries):
    make_case(tree.station, kind=Kind.MISCONDUCT, replied_on=D(2026, 4, 1), verified=True, verified_on=D(2026, 3, 20),
              handled_on=D(2026, 3, 25))
    make_case(tree.station, kind=Kind.MISCONDUCT, verified=True, verified_on=D(2026, 3, 20))             # not handled
    make_case(tree.station, kind=Kind.MISCONDUCT, verified=False, verified_on=D(2026, 3, 20),
              replied_on=D(2026, 3, 30))                                                                 # not true
    make_case(tree.station, kind=Kind.MISCONDUCT, verified=True, verified_on=D(2026, 9, 10))             # verified later
    make_case(tree.station, kind=Kind.MISCONDUCT, verified=True, verified_on=D(2026, 9, 1),
              handled_on=D(2026, 9, 20))                                                                 # handled later
    make_case(tree.dept, kind=Kind.MISCONDUCT, replied_on=D(2026, 4, 1))                                 # city's staff
    with django_assert_num_queries(1):
        replied = metric_defs.misconduct_reply_rate(campaign, AS_OF, units)
    with django_assert_num_queries(1):
        handled = metric_defs.misconduct_handling_rate(campaign, AS_OF, units)
    assert replied[tree.station.pk] == (2, 5)
    assert tree.county.pk not in replied  # the handling unit is not the one reported on
    assert replied[tree.city.pk] == (1, 1)
    assert handled[tree.station.pk] == (1, 3)


def test_deputy_rates(tree, campaign, units, django_assert_num_queries):
    make_case(tree.county, kind=Kind.SUGGESTION, met_on=D(2026, 5, 1), completed_on=D(2026, 6, 1))
    make_case(tree.county, kind=Kind.PROPOSAL, met_on=D(2026, 9, 9))          # met after as_of
    make_case(tree.county, kind=Kind.SUGGESTION, completed_on=D(2026, 8, 1))  # completed, never met
    make_case(tree.county, kind=Kind.COMPLAINT, met_on=D(2026, 5, 1))         # not a deputy kind
    with django_assert_num_queries(1):
        met = metric_defs.deputy_meeting_rate(campaign, AS_OF, units)
    done = metric_defs.deputy_completion_rate(campaign, AS_OF, units)
    assert met[tree.county.pk] == (1, 3)
    assert done[tree.county.pk] == (2, 3)


def test_no_cases_no_rows(tree, campaign, units):
    for func in metric_defs.CASE_KEYS.values():
        assert func(campaign, AS_OF, units) == {}


def test_a_reply_shows_at_once_on_the_cached_figures_dashboard(tree, campaign, django_capture_on_commit_callbacks):
    """docs/figures.md: the dashboard's cache is keyed by a data version that every record bumps."""
    from django.core.cache import cache

    from xingping.cases.services import case_transition
    from xingping.core.testing import frozen_today
    from xingping.metrics.selectors import all_figures

    cache.clear()
    case = make_case(tree.station, received_on=D(2026, 9, 1))

    def reply_rate():
        unit = next(u for u in all_figures(campaign, AS_OF)["units"] if u["code"] == tree.station.code)
        f = unit["metrics"]["complaint_reply_rate"]
        return f["numerator"], f["denominator"]

    assert reply_rate() == (0, 1)
    with frozen_today(AS_OF), django_capture_on_commit_callbacks(execute=True):
        case_transition(actor=tree.station_staff, case=case, target="accepted")
        case_transition(actor=tree.station_staff, case=case, target="replied", reply_method="phone",
                        reply_content="已电话答复")
    assert reply_rate() == (1, 1)
