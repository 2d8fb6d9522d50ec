"""The working-day calendar (C6).

Working days follow the official Chinese calendar (the `chinese-calendar` package,
module `chinese_calendar`): public holidays are off and the adjusted weekend working
days (调休) are on. The package knows a fixed range of years (2004–2026 in 1.11); for
other years the office enters holidays and adjusted working days itself (the cases app
keeps them in `HolidayOverride` and passes them in as `overrides`). A year that neither
knows counts Monday–Friday and is reported by `unknown_years(...)` so that the page or the
command can say so — it never raises.

Counting rule: the start day is not counted, so "within 7 working days of receipt" is the
7th working day after the day of receipt (`add_working_days(received_on, 7)`).
"""

import bisect
import calendar as _stdcal
import datetime
import functools

# a declared dependency: without it the working days would silently lose every holiday
import chinese_calendar as _cc  # raises NotImplementedError for the years it does not know
from chinese_calendar.constants import holidays as _CC_HOLIDAYS
from chinese_calendar.constants import workdays as _CC_WORKDAYS

_CC_YEARS = {d.year for d in _CC_HOLIDAYS} | {d.year for d in _CC_WORKDAYS}

WORKING = "working"
CALENDAR = "calendar"


def official_years():
    """The years the official calendar package knows."""
    return frozenset(_CC_YEARS)


class WorkingCalendar:
    """Working days with optional office-entered overrides.

    `overrides` maps a date to True (a working day) or False (a day off). Any override in a
    year makes that year "known" (the office entered its schedule); overrides also win
    over the package for the years it knows (a correction).
    """

    def __init__(self, overrides=None):
        self.overrides = dict(overrides or {})
        self._override_years = {d.year for d in self.overrides}
        self._days = {}  # year -> sorted list of working days of that year

    # -- what is known
    def year_known(self, year):
        return year in _CC_YEARS or year in self._override_years

    def unknown_years(self, start, end):
        """The years between two dates (inclusive) that count Monday–Friday only."""
        lo, hi = sorted((start.year, end.year))
        return [y for y in range(lo, hi + 1) if not self.year_known(y)]

    # -- single days
    def is_workday(self, day):
        return _is_workday(day, self.overrides)

    def _year(self, year):
        days = self._days.get(year)
        if days is None:
            # The same year with the same overrides is the same list in every request: the
            # process keeps it (issue 14: rebuilding two years of days cost ~14% of a list page).
            key = tuple(sorted((d, v) for d, v in self.overrides.items() if d.year == year))
            days = _year_days(year, key)
            self._days[year] = days
        return days

    # -- counting
    def add_working_days(self, start, n):
        """The n-th working day after `start` (start itself not counted); n ≥ 0.
        n == 0 gives `start` itself."""
        if n <= 0:
            return start
        year = start.year
        days = self._year(year)
        i = bisect.bisect_right(days, start)
        remaining = n
        while True:
            available = len(days) - i
            if remaining <= available:
                return days[i + remaining - 1]
            remaining -= available
            year += 1
            days, i = self._year(year), 0

    def working_days_between(self, start, end):
        """Working days in (start, end]; negative when end is before start."""
        if end == start:
            return 0
        if end < start:
            return -self.working_days_between(end, start)
        total = 0
        for year in range(start.year, end.year + 1):
            days = self._year(year)
            lo = bisect.bisect_right(days, start) if year == start.year else 0
            hi = bisect.bisect_right(days, end) if year == end.year else len(days)
            total += hi - lo
        return total


@functools.lru_cache(maxsize=256)
def _year_days(year, overrides_of_year):
    """The sorted working days of `year` under the given overrides (a tuple of (date, bool))."""
    overrides = dict(overrides_of_year)
    first = datetime.date(year, 1, 1)
    n = 366 if _stdcal.isleap(year) else 365
    return tuple(d for d in (first + datetime.timedelta(i) for i in range(n)) if _is_workday(d, overrides))


def clear_cache():
    """Forget the working days kept per year (call after the office changes an override:
    the key already holds the overrides, so this only frees what can no longer be used)."""
    _year_days.cache_clear()


def _is_workday(day, overrides):
    if day in overrides:
        return overrides[day]
    if day.year in _CC_YEARS:
        return _cc.is_workday(day)
    return day.weekday() < 5


def add_months(day, months):
    """The same day `months` calendar months later (clamped to the month's last day)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return datetime.date(year, month, min(day.day, _stdcal.monthrange(year, month)[1]))


def add_period(cal, start, rule):
    """A deadline from a rule dict: {"days": N, "unit": "working"|"calendar"} or {"months": N}."""
    if rule.get("months"):
        return add_months(start, int(rule["months"]))
    days = int(rule.get("days", 0))
    if rule.get("unit", WORKING) == CALENDAR:
        return start + datetime.timedelta(days=days)
    return cal.add_working_days(start, days)


# Plain functions on the official calendar (no overrides), for callers without an office.
_DEFAULT = WorkingCalendar()


def is_workday(day):
    return _DEFAULT.is_workday(day)


def add_working_days(start, n):
    return _DEFAULT.add_working_days(start, n)


def working_days_between(start, end):
    return _DEFAULT.working_days_between(start, end)
