"""Strict date parsing for every date that comes in as text (issue 9, part 4).

`datetime.date.fromisoformat` (Python 3.11+) also takes `20260115` and `2026-W03-4`, and
the old import parser cut a value to its first ten characters, so `2026-01-15garbage`
was a date. Here a date is exactly what the message says it must be.
"""

import datetime
import re

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# What imports accept: YYYY-MM-DD, YYYY/MM/DD or YYYY.MM.DD (one or two digit month and
# day, one separator throughout), YYYYMMDD; a time of day only when it is midnight-free
# spreadsheet output such as "2026-01-15 10:30:00" (core.tabular writes datetimes so).
IMPORT_DATE = re.compile(
    r"(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)?"
    r"|(?P<y8>\d{4})(?P<m8>\d{2})(?P<d8>\d{2})"
)


def parse_iso_date(value: str) -> datetime.date:
    """Exactly YYYY-MM-DD and a real day, else ValueError."""
    value = (value or "").strip()
    if not ISO_DATE.fullmatch(value):
        raise ValueError(value)
    return datetime.date.fromisoformat(value)


def parse_filter_date(value: str) -> datetime.date | None:
    """For list filters in a query string: a valid YYYY-MM-DD, or None (ignored)."""
    try:
        return parse_iso_date(value)
    except ValueError:
        return None


def parse_import_date(value: str) -> datetime.date:
    """The formats imports accept (see IMPORT_DATE), else ValueError."""
    value = value.strip()
    if len(value) == 10 and value[4] == "-" and value[7] == "-" and value.isascii():
        return datetime.date.fromisoformat(value)  # the common form, parsed in C; a bad day is a ValueError too
    m = IMPORT_DATE.fullmatch(value)
    if not m:
        raise ValueError(value)
    if m["y8"]:
        return datetime.date(int(m["y8"]), int(m["m8"]), int(m["d8"]))
    return datetime.date(int(m["y"]), int(m["m"]), int(m["d"]))
