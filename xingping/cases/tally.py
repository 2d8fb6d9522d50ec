"""Case figures maintained on write (issue 14 part 3): per-day tallies kept by the database.

Every C4 case figure (docs/cases.md "Figures") has the same shape: of the cases of some kinds
received between 1 January of the campaign year and `as_of`, how many reached a step (replied,
completed, met, handled) no later than `as_of`. A case therefore enters a figure on one day and
stays in it: the denominator on the day it was received, the numerator on the later of that
day and the day of the step. `cases_casetally` keeps, per unit, kind, anonymity, year of
receipt and measure, how many cases entered on each day (span "d") and in each month (span
"m", dated the 1st). A figure as of a day is the months before that day's month plus the days
of its month up to that day:

    SELECT credit, SUM(n) FILTER (measure = step), SUM(n) FILTER (measure = 'received')
    WHERE year >= campaign.year AND (span = 'm' AND day < month_of(as_of)
                                     OR span = 'd' AND day BETWEEN month_of(as_of) AND as_of)
    GROUP BY credit

— at most 12 + 31 rows per unit, kind and measure, whatever the number of cases (the table
grows with units × days, never with cases).

The tallies are written by triggers on `cases_case` (SQLite and PostgreSQL), in the same
transaction as the write: every path — the services, the importer's bulk statements, the demo,
raw SQL — keeps them current, and none can forget to. The unit a case counts for is resolved
at read time (a department's cases count for its parent), so moving a unit needs no rewrite.
`rebuild()` recomputes the whole table from the cases (the migration; `xingping tallies
check|rebuild` for operators); `xingping/cases/tests/test_tally.py` compares the tallies with the on-demand engine
(cases/selectors.py `unit_pairs`, kept as the reference) on random worlds.
"""

from django.db import connection as default_connection
from django.db import connections
from django.db import transaction

from xingping.core import triggers

TABLE = "cases_casetally"
COLUMNS = ("via", "unit_id", "kind", "named", "year", "measure")
KEY = (*COLUMNS, "span", "day")
PREFIX = "cases_case_tally"
# The columns whose change can move a case in or out of a figure; other updates skip the trigger.
WATCHED = ("unit_id", "subject_unit_id", "kind", "named", "received_on", "replied_on", "completed_on", "met_on",
           "verified", "verified_on", "handled_on")


def _later(first, second):
    """The later of two dates, NULL when `first` is NULL (second is never NULL)."""
    return f"CASE WHEN {first} IS NULL THEN NULL WHEN {first} > {second} THEN {first} ELSE {second} END"


def _contributions(rows: triggers.Rows, sign: int, vendor: str) -> str:
    """SELECT of the tally rows the cases of `rows` contribute: a trigger's NEW or OLD (record or
    transition table), or the table itself (the rebuild)."""
    row = rows.alias
    received = f"{row}.received_on"
    verified = (f"CASE WHEN {row}.verified THEN (CASE WHEN {row}.verified_on IS NOT NULL AND "
                f"{row}.verified_on > {received} THEN {row}.verified_on ELSE {received} END) END")
    if vendor == "sqlite":
        year = f"CAST(strftime('%Y', {received}) AS INTEGER)"
    else:
        year = f"CAST(EXTRACT(YEAR FROM {received}) AS INTEGER)"
    measures = [
        ("received", received),
        ("replied", _later(f"{row}.replied_on", received)),
        ("completed", _later(f"{row}.completed_on", received)),
        ("met", _later(f"{row}.met_on", received)),
        ("verified", verified),
        ("handled", f"CASE WHEN ({verified}) IS NULL THEN NULL ELSE ({_later(f'{row}.handled_on', f'({verified})')}) END"),
    ]
    tail = rows.from_()
    parts = []
    for via, unit in (("u", f"{row}.unit_id"), ("s", f"{row}.subject_unit_id")):
        for measure, day in measures:
            parts.append(f"SELECT '{via}' AS via, {unit} AS unit_id, {row}.kind AS kind, {row}.named AS named, "
                         f"{year} AS year, '{measure}' AS measure, {day} AS day, {sign} AS n{tail}")
    return " UNION ALL ".join(parts)


def _upsert(rows_sql: str, vendor: str) -> str:
    """Add the rows' n to the tallies, once per day and once per month (core/triggers.py)."""
    return triggers.add_to_tally(table=TABLE, columns=COLUMNS, rows_sql=rows_sql, vendor=vendor, spans=True)


def _statements(vendor: str):
    def bodies(rows: dict[str, triggers.Rows]) -> dict[str, list[str]]:
        new, old = rows["new"], rows["old"]
        return {
            "insert": [_upsert(_contributions(new, 1, vendor), vendor)],
            "update": [_upsert(_contributions(old, -1, vendor) + " UNION ALL " + _contributions(new, 1, vendor), vendor)],
            "delete": [_upsert(_contributions(old, -1, vendor), vendor)],
        }

    return bodies


def install(connection=default_connection) -> None:
    """Create the triggers (idempotent)."""
    triggers.install_tally_triggers(connection, table="cases_case", prefix=PREFIX, bodies=_statements(connection.vendor),
                                    watched=WATCHED)


def uninstall(connection=default_connection) -> None:
    triggers.uninstall_tally_triggers(connection, table="cases_case", prefix=PREFIX)


def missing(connection=default_connection) -> list[str]:
    """Names of the tally triggers that are not in the database (a check for operators)."""
    return triggers.missing(connection, table="cases_case", prefix=PREFIX)


def rebuild(connection=default_connection) -> int:
    """Recompute every tally from the cases, in one transaction; returns the number of rows."""
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")
        cursor.execute(_upsert(_contributions(triggers.Rows("cases_case", "cases_case"), 1, connection.vendor),
                               connection.vendor))
        cursor.execute(f"SELECT COUNT(*) FROM {TABLE}")
        return cursor.fetchone()[0]


def rows(using: str = "default") -> list[tuple]:
    """The kept tallies, sorted, zeros left out (what a check compares with a fresh count)."""
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(KEY)}, n FROM {TABLE} WHERE n <> 0 ORDER BY {', '.join(KEY)}")
        return cursor.fetchall()
