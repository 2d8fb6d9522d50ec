"""The triggers the app installs, per vendor, in one place: the audit log's guards
(`core/audit_sql.py`) read the catalogue here; the figures' tallies maintained on write
(`cases/tally.py`, `entities/tally.py`, `outreach/coverage_tally.py`, `outreach/return_tally.py`) create, drop and check
their triggers here and build their "add these rows to the tally" statements here."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass


def present(connection, table: str) -> set[str]:
    """Names of the user-defined triggers on `table` (SQLite or PostgreSQL)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [table])
        elif connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal", [table])
        else:
            raise NotImplementedError(f"no trigger catalogue read for {connection.vendor}")
        return {row[0] for row in cursor.fetchall()}


OPS = ("insert", "update", "delete")


def names(prefix: str, ops: tuple[str, ...] = OPS) -> tuple[str, ...]:
    """The insert, update and delete trigger of a tally, `{prefix}_insert` …"""
    return tuple(f"{prefix}_{op}" for op in ops)


@dataclass(frozen=True)
class Rows:
    """The rows a trigger body reads: in a SQLite row trigger the record NEW or OLD (no table),
    in a PostgreSQL statement trigger a transition table under an alias."""

    alias: str
    table: str = ""

    def from_(self, *others: str) -> str:
        """The FROM clause joining `others` with these rows (empty for a record and no others)."""
        parts = [*others, f"{self.table} {self.alias}"] if self.table else list(others)
        return f" FROM {', '.join(parts)}" if parts else ""


RECORD = {"new": Rows("NEW"), "old": Rows("OLD")}
TRANSITION = {"new": Rows("new_row", "new_rows"), "old": Rows("old_row", "old_rows")}


def install_tally_triggers(connection, *, table: str, prefix: str,
                           bodies: Callable[[dict[str, Rows]], dict[str, list[str]]], watched: tuple[str, ...]) -> None:
    """Create (idempotently) the AFTER INSERT / UPDATE / DELETE triggers on `table` that keep a
    tally: `bodies(rows)` returns the statements per operation ("insert", "update", "delete";
    one left out gets no trigger), reading `rows["new"]` and `rows["old"]`.

    SQLite: row triggers over the records NEW and OLD; the update trigger fires only when a
    `watched` column changed. PostgreSQL: statement triggers over the transition tables, so a
    statement writing a million rows adds to each tally row once — row triggers there would
    update the same counter row a million times in one transaction, each a new row version
    that the next update must step over."""
    vendor = connection.vendor
    with connection.cursor() as cursor:
        if vendor == "sqlite":
            changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in watched)
            ops = bodies(RECORD)
            for op, name in zip(ops, names(prefix, tuple(ops))):
                when = f"WHEN {changed} " if op == "update" else ""
                body = " ".join(f"{statement};" for statement in ops[op])
                cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {name} AFTER {op.upper()} ON {table} {when}BEGIN {body} END")
        elif vendor == "postgresql":
            ops = bodies(TRANSITION)
            referencing = {"insert": "NEW TABLE AS new_rows", "update": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
                           "delete": "OLD TABLE AS old_rows"}
            for op, name in zip(ops, names(prefix, tuple(ops))):
                body = " ".join(f"{statement};" for statement in ops[op])
                cursor.execute(f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                               f"BEGIN {body} RETURN NULL; END $$")
                cursor.execute(f"CREATE OR REPLACE TRIGGER {name} AFTER {op.upper()} ON {table} "
                               f"REFERENCING {referencing[op]} FOR EACH STATEMENT EXECUTE FUNCTION {name}()")
        else:
            raise NotImplementedError(f"tallies maintained on write need triggers on {vendor}")


def uninstall_tally_triggers(connection, *, table: str, prefix: str, ops: tuple[str, ...] = OPS) -> None:
    with connection.cursor() as cursor:
        for name in names(prefix, ops):
            if connection.vendor == "sqlite":
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            else:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
                cursor.execute(f"DROP FUNCTION IF EXISTS {name}()")


def missing(connection, *, table: str, prefix: str, ops: tuple[str, ...] = OPS) -> list[str]:
    """Names of the tally triggers on `table` that are not in the database (a check for operators)."""
    installed = present(connection, table)
    return [name for name in names(prefix, ops) if name not in installed]


def install_tally_set(connection, *, bodies: dict, prefixes: dict[str, str], watched: dict[str, tuple[str, ...]]) -> None:
    """`install_tally_triggers` for each table of a tally kept by triggers on several tables:
    `bodies` is {table: bodies(rows)}, `prefixes` and `watched` are per table."""
    for table, table_bodies in bodies.items():
        install_tally_triggers(connection, table=table, prefix=prefixes[table], bodies=table_bodies,
                               watched=watched[table])


def uninstall_tally_set(connection, *, prefixes: dict[str, str]) -> None:
    for table, prefix in prefixes.items():
        uninstall_tally_triggers(connection, table=table, prefix=prefix)


def missing_in_set(connection, *, bodies: dict, prefixes: dict[str, str]) -> list[str]:
    """Names of the set's triggers that are not in the database."""
    return [name for table, table_bodies in bodies.items()
            for name in missing(connection, table=table, prefix=prefixes[table], ops=tuple(table_bodies(RECORD)))]


def month_start(day: str, vendor: str) -> str:
    if vendor == "sqlite":
        return f"date({day}, 'start of month')"
    return f"CAST(date_trunc('month', {day}) AS date)"


TOTAL_DAY = "1900-01-01"  # the day of a total row (span "t"), before any day counted


def _total_day(vendor: str) -> str:
    return f"'{TOTAL_DAY}'" if vendor == "sqlite" else f"DATE '{TOTAL_DAY}'"


def add_to_tally(*, table: str, columns: tuple[str, ...], rows_sql: str, vendor: str, spans: bool,
                 totals: bool = False) -> str:
    """INSERT … ON CONFLICT adding the n of `rows_sql` (a SELECT of `columns`, plus `day` when
    `spans`, plus n) to `table`, grouped: one statement never touches a key twice. With
    `spans` each row counts once on its day (span "d") and once in its month (span "m", dated
    the 1st), so a sum up to a day reads the months before it and the days of its month; with
    `totals` also once in its key's total (span "t", dated TOTAL_DAY), so a sum up to a recent
    day can read the total less what came after it (`span_rows`). `rows_sql` is read once per
    span: its parameters are repeated as many times."""
    cols = ", ".join(columns)
    if spans:
        key = f"{cols}, span, day"
        valid = "WHERE day IS NOT NULL" + "".join(f" AND {c} IS NOT NULL" for c in columns if c.endswith("_id"))
        days = {"d": "day", "m": month_start("day", vendor), **({"t": _total_day(vendor)} if totals else {})}
        rows_sql = " UNION ALL ".join(f"SELECT {cols}, '{span}' AS span, {day} AS day, n FROM ({rows_sql}) AS c {valid}"
                                      for span, day in days.items())
    else:
        key = cols
    return (
        f"INSERT INTO {table} ({key}, n) SELECT * FROM ("
        f"SELECT {key}, SUM(n) AS n FROM ({rows_sql}) AS b GROUP BY {key} HAVING SUM(n) <> 0"
        f") AS g WHERE true ON CONFLICT ({key}) DO UPDATE SET n = {table}.n + excluded.n"
    )


def _months(a: datetime.date, b: datetime.date) -> int:
    return max(0, (b.year - a.year) * 12 + b.month - a.month)


def span_rows(*, table: str, columns: tuple[str, ...], campaign_id: int, upto: datetime.date, start: datetime.date,
              today: datetime.date) -> tuple[str, list]:
    """(SQL, params): the rows of a campaign's tally kept with spans and totals (its `columns`
    and n, signed) that sum to what was counted up to `upto`, inclusive. Rows are counted from
    `start` on and, as a rule, up to `today`. Forwards: the months before `upto`'s month and the
    days of its month up to it. Backwards: the totals less the months after its month and the
    days of its month after it. Both give the same sum; the one reading fewer rows per key is
    taken (the figures of a campaign that has ended, or as of today, read backwards: about one
    row per key). Each part is a range of the tally's key (campaign, span, day, …)."""
    month = upto.replace(day=1)
    next_month = (month + datetime.timedelta(days=32)).replace(day=1)
    month_end = next_month - datetime.timedelta(days=1)
    forwards = _months(start, upto) + upto.day
    backwards = 1 + _months(upto, today) + max(0, (min(month_end, today) - upto).days)
    if forwards <= backwards:
        parts = [("n", "span = 'm' AND day < %s", [month]), ("n", "span = 'd' AND day >= %s AND day <= %s", [month, upto])]
    else:
        parts = [("n", "span = 't'", []), ("-n", "span = 'm' AND day > %s", [month]),
                 ("-n", "span = 'd' AND day > %s AND day < %s", [upto, next_month])]
    cols = ", ".join(columns)
    sql = " UNION ALL ".join(f"SELECT {cols}, {n} AS n FROM {table} WHERE campaign_id = %s AND {where}"
                             for n, where, _ in parts)
    return sql, [p for _, _, params in parts for p in [campaign_id, *params]]


def clear_when_empty(connection, *, source: str, tallies: tuple[str, ...]) -> None:
    """Empty `tallies` when `source` is empty. A flush (`manage.py flush`, the test runner after
    a transactional test) empties the tables one by one in no fixed order; on SQLite it deletes
    rows, so a source row deleted after its tally was emptied leaves a negative tally behind.
    Flush ends with post_migrate, whose handlers call this."""
    if {source, *tallies} - set(connection.introspection.table_names()):
        return
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {source} LIMIT 1")
        if cursor.fetchone() is None:
            for table in tallies:
                cursor.execute(f"DELETE FROM {table}")
