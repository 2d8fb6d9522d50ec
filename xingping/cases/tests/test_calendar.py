"""Working days (C6) on the official 2025 and 2026 schedules, with their adjusted weekend
working days (调休), office overrides, and years the calendar does not know."""

import datetime

import pytest

from xingping.cases import deadlines
from xingping.cases.models import Case, HolidayOverride, Kind
from xingping.core.calendar import WorkingCalendar, add_months, add_working_days, is_workday, working_days_between

D = datetime.date


@pytest.mark.parametrize("day, expected", [
    (D(2025, 1, 26), True),   # Sunday worked before the 2025 Spring Festival
    (D(2025, 1, 28), False),  # Spring Festival eve (holiday Jan 28 – Feb 4)
    (D(2025, 2, 4), False),
    (D(2025, 2, 8), True),    # Saturday worked after it
    (D(2025, 4, 27), True),   # Sunday worked before May Day
    (D(2025, 5, 5), False),
    (D(2025, 9, 28), True),   # Sunday worked before National Day (Oct 1–8)
    (D(2025, 10, 8), False),
    (D(2025, 10, 11), True),  # Saturday worked after it
    (D(2026, 1, 2), False),   # New Year 2026: Jan 1–3
    (D(2026, 1, 4), True),    # Sunday worked
    (D(2026, 2, 14), True),   # Saturday worked before the 2026 Spring Festival (Feb 15–23)
    (D(2026, 2, 23), False),
    (D(2026, 2, 28), True),   # Saturday worked after it
    (D(2026, 5, 5), False),   # May Day 2026: May 1–5
    (D(2026, 5, 9), True),    # Saturday worked
    (D(2026, 9, 20), True),   # Sunday worked before National Day 2026 (Oct 1–7)
    (D(2026, 10, 7), False),
    (D(2026, 10, 10), True),  # Saturday worked
    (D(2026, 10, 11), False), # an ordinary Sunday
])
def test_official_schedule(day, expected):
    assert is_workday(day) is expected


@pytest.mark.parametrize("start, n, due", [
    (D(2025, 1, 24), 1, D(2025, 1, 26)),   # the adjusted Sunday counts
    (D(2025, 1, 24), 3, D(2025, 2, 5)),    # the Spring Festival week does not
    (D(2025, 9, 30), 7, D(2025, 10, 16)),  # Oct 1–8 off, Sat Oct 11 on
    (D(2026, 2, 13), 7, D(2026, 3, 2)),    # Sat Feb 14 on, Feb 15–23 off, Sat Feb 28 on
    (D(2026, 4, 30), 3, D(2026, 5, 8)),    # May 1–5 off
    (D(2026, 9, 30), 7, D(2026, 10, 15)),  # Oct 1–7 off, Sat Oct 10 on
    (D(2025, 12, 31), 1, D(2026, 1, 4)),   # across the year end: Jan 1–3 off, Sun Jan 4 on
    (D(2026, 3, 2), 0, D(2026, 3, 2)),
])
def test_add_working_days_does_not_count_the_day_of_receipt(start, n, due):
    assert add_working_days(start, n) == due
    assert working_days_between(start, due) == n


def test_working_days_between_is_signed():
    assert working_days_between(D(2026, 3, 2), D(2026, 2, 13)) == -7
    assert working_days_between(D(2026, 3, 2), D(2026, 3, 2)) == 0


def test_unknown_year_counts_monday_to_friday_and_says_so():
    cal = WorkingCalendar()
    assert not cal.year_known(2031)
    assert cal.is_workday(D(2031, 1, 1))  # New Year's Day, but nobody told us: Mon–Fri
    assert cal.add_working_days(D(2031, 1, 3), 1) == D(2031, 1, 6)  # Fri → Mon
    assert cal.unknown_years(D(2026, 12, 1), D(2027, 1, 31)) == [2027]
    assert "2027" in deadlines.calendar_warning(cal, D(2026, 12, 1), D(2027, 1, 31))
    assert deadlines.calendar_warning(cal, D(2026, 1, 1), D(2026, 12, 31)) == ""


def test_office_overrides_make_a_year_known():
    cal = WorkingCalendar({D(2031, 1, 1): False, D(2031, 1, 4): True})
    assert cal.year_known(2031)
    assert not cal.is_workday(D(2031, 1, 1))
    assert cal.is_workday(D(2031, 1, 4))  # a Saturday worked
    assert cal.add_working_days(D(2030, 12, 31), 2) == D(2031, 1, 3)


def test_add_months_clamps_to_month_end():
    assert add_months(D(2026, 11, 30), 3) == D(2027, 2, 28)
    assert add_months(D(2026, 3, 15), 3) == D(2026, 6, 15)


@pytest.mark.django_db
def test_deadlines_per_kind_follow_the_campaign_rules(campaign, tree):
    rules = deadlines.rules_for(campaign)
    cal = deadlines.get_calendar()

    def due(kind, received, accepted=None):
        case = Case(kind=kind, received_on=received, accepted_on=accepted)
        deadlines.compute(case, cal, rules)
        return case.accept_due_on, case.due_on, case.calendar_estimated

    # complaint: accept by the 7th working day; due by the 45th after acceptance
    accept, due_on, est = due(Kind.COMPLAINT, D(2026, 2, 13))
    assert accept == D(2026, 3, 2) and due_on == add_working_days(D(2026, 2, 13), 45) and not est
    assert due(Kind.COMPLAINT, D(2026, 2, 13), accepted=D(2026, 2, 24))[1] == add_working_days(D(2026, 2, 24), 45)
    # report: accept and decide by the 15th working day
    assert due(Kind.REPORT, D(2026, 9, 30))[:2] == (add_working_days(D(2026, 9, 30), 15),) * 2
    # petition: calendar days
    assert due(Kind.PETITION, D(2026, 2, 13))[:2] == (D(2026, 2, 28), D(2026, 4, 14))
    # misconduct: 7 / 30 working days
    assert due(Kind.MISCONDUCT, D(2026, 9, 30))[:2] == (D(2026, 10, 15), add_working_days(D(2026, 9, 30), 30))
    # suggestions and proposals: 3 calendar months, no acceptance step
    assert due(Kind.SUGGESTION, D(2026, 3, 31))[:2] == (None, D(2026, 6, 30))
    # a deadline in a year the calendar does not know: counted Mon–Fri and flagged
    assert due(Kind.COMPLAINT, D(2026, 12, 24))[2] is True


@pytest.mark.django_db
def test_deadlines_are_configurable_per_campaign(campaign):
    campaign.rules["case_deadlines"]["complaint"]["accept"] = {"days": 3, "unit": "working"}
    campaign.save()
    case = Case(kind=Kind.COMPLAINT, received_on=D(2026, 2, 13))
    deadlines.compute(case, deadlines.get_calendar(), deadlines.rules_for(campaign))
    assert case.accept_due_on == D(2026, 2, 25)


@pytest.mark.django_db
def test_office_entered_days_count_for_case_deadlines():
    HolidayOverride.objects.create(day=D(2027, 1, 1), is_workday=False, name="元旦")
    cal = deadlines.get_calendar()
    assert cal.add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 4)
    assert cal.unknown_years(D(2026, 12, 1), D(2027, 3, 1)) == []
