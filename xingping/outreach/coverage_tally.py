"""`visit_coverage` maintained on write (issue 14 part 3).

A unit's numerator as of a day counts the active entities in its area (of the kinds its level
counts) that its own staff visited in the campaign's window: a counted visit (the campaign's
visit kind and methods, not found "not confirmed") on or after the first day and no later
than the window's end. An entity therefore enters a unit's numerator on one day — its first
counted visit by that unit — and stays in it. Three tables keep this, maintained by triggers
(SQLite and PostgreSQL) in the same transaction as every write:

- `outreach_coveragerule` — per campaign and counted method: the first day and the visit
  kind. A copy of the campaign's dates and rules that the triggers read, kept equal to them
  by the campaign's save (`sync`, subscribed in apps.py), which rebuilds that campaign;
- `outreach_coveragefirst` — per entity, visiting unit and campaign, the day of the first
  counted visit; triggers on `outreach_visit` keep it (an insert can only move it earlier; an
  update or delete recomputes the pair from its visits through `visit_entity_unit_kind`);
- `outreach_coveragetally` — per campaign, visiting unit, the entity's unit and kind: how many
  active entities entered on each day (span "d"), month (span "m") and in all (span "t"); triggers on
  `outreach_coveragefirst` and on the registry (status, kind or unit changed) keep it.

Reading every unit's numerators is a sum over the tally up to the window's end, forwards or
backwards (core/triggers.py `span_rows`; outreach/figures.py). Whether an entity lies in the visiting unit's
area, and which kinds a unit's level counts, are judged at read time from the unit tree, so
moving a unit or changing a unit's level needs no rewrite.

When the rule rows do not equal the campaign's (a campaign written around its save, by
`QuerySet.update` or raw SQL), `current()` says so and the figures are computed on demand
from the visits instead — the same figure, slower, and logged.
"""

from django.db import connection as default_connection
from django.db import connections
from django.db import transaction

from xingping.core import triggers
from xingping.entities.models import EntityStatus, MarketEntity
from xingping.outreach.figure_rules import rule
from xingping.outreach.models import CoverageFirst, CoverageRule, CoverageTally, Verification, Visit

RULE = CoverageRule._meta.db_table
FIRST = CoverageFirst._meta.db_table
TALLY = CoverageTally._meta.db_table
VISIT = Visit._meta.db_table
ENTITY = MarketEntity._meta.db_table
PREFIXES = {VISIT: "outreach_coverage_visit", FIRST: "outreach_coverage_first", ENTITY: "outreach_coverage_entity"}
WATCHED = {
    VISIT: ("entity_id", "unit_id", "kind", "method", "visited_on", "verification"),
    FIRST: ("entity_id", "unit_id", "campaign_id", "first_on"),
    ENTITY: ("unit_id", "kind", "status"),
}
TALLY_COLUMNS = ("campaign_id", "unit_id", "entity_unit_id", "kind")
NOT_CONFIRMED = Verification.NOT_CONFIRMED.value
ACTIVE = EntityStatus.ACTIVE.value


def _counted(visit: str, rule: str) -> str:
    return (f"{visit}.kind = {rule}.visit_kind AND {visit}.method = {rule}.method AND {visit}.visited_on >= "
            f"{rule}.first_day AND {visit}.verification <> '{NOT_CONFIRMED}'")


def _upsert_first(select_sql: str, when: str) -> str:
    return (f"INSERT INTO {FIRST} (campaign_id, entity_id, unit_id, first_on) SELECT * FROM ({select_sql}) AS c "
            f"WHERE true ON CONFLICT (entity_id, unit_id, campaign_id) DO UPDATE SET first_on = excluded.first_on "
            f"WHERE {when}")


def _on_visit_insert(new: triggers.Rows) -> list[str]:
    """New visits can only make a pair's first visit earlier (or create it)."""
    a = new.alias
    select = (f"SELECT r.campaign_id, {a}.entity_id AS entity_id, {a}.unit_id AS unit_id, MIN({a}.visited_on) AS first_on"
              f"{new.from_(RULE + ' r')} WHERE {_counted(a, 'r')} GROUP BY r.campaign_id, {a}.entity_id, {a}.unit_id")
    return [_upsert_first(select, f"excluded.first_on < {FIRST}.first_on")]


def _refresh_pairs(*changed: triggers.Rows) -> list[str]:
    """Recompute, in every campaign, the first counted visit of each (entity, visiting unit) pair
    of the `changed` visits (through the index `visit_entity_unit_kind`)."""
    pairs = " UNION ".join(f"SELECT {r.alias}.entity_id AS entity_id, {r.alias}.unit_id AS unit_id{r.from_()}"
                           for r in changed)
    gone = (f"DELETE FROM {FIRST} WHERE (entity_id, unit_id) IN ({pairs}) AND NOT EXISTS ("
            f"SELECT 1 FROM {VISIT} v JOIN {RULE} r ON r.campaign_id = {FIRST}.campaign_id "
            f"WHERE v.entity_id = {FIRST}.entity_id AND v.unit_id = {FIRST}.unit_id AND {_counted('v', 'r')})")
    select = (f"SELECT r.campaign_id, p.entity_id, p.unit_id, MIN(v.visited_on) AS first_on FROM ({pairs}) p "
              f"JOIN {VISIT} v ON v.entity_id = p.entity_id AND v.unit_id = p.unit_id JOIN {RULE} r ON {_counted('v', 'r')} "
              f"GROUP BY r.campaign_id, p.entity_id, p.unit_id")
    return [gone, _upsert_first(select, f"excluded.first_on <> {FIRST}.first_on")]


def _add(rows_sql: str, vendor: str) -> str:
    return triggers.add_to_tally(table=TALLY, columns=TALLY_COLUMNS, rows_sql=rows_sql, vendor=vendor, spans=True, totals=True)


def _first_rows(rows: triggers.Rows, sign: int) -> str:
    """The tally rows first visits contribute (through their entity, when active)."""
    a = rows.alias
    return (f"SELECT {a}.campaign_id AS campaign_id, {a}.unit_id AS unit_id, e.unit_id AS entity_unit_id, "
            f"e.kind AS kind, {a}.first_on AS day, {sign} AS n{rows.from_(ENTITY + ' e')} "
            f"WHERE e.id = {a}.entity_id AND e.status = '{ACTIVE}'")


def _entity_rows(rows: triggers.Rows, sign: int) -> str:
    """The tally rows entities contribute through their first visits (when active)."""
    a = rows.alias
    return (f"SELECT f.campaign_id AS campaign_id, f.unit_id AS unit_id, {a}.unit_id AS entity_unit_id, "
            f"{a}.kind AS kind, f.first_on AS day, {sign} AS n{rows.from_(FIRST + ' f')} "
            f"WHERE f.entity_id = {a}.id AND {a}.status = '{ACTIVE}'")


def _bodies(vendor: str):
    """{table: bodies(rows)} of the triggers (core/triggers.py `install_tally_triggers`)."""

    def visit(rows):
        new, old = rows["new"], rows["old"]
        return {"insert": _on_visit_insert(new), "update": _refresh_pairs(old, new), "delete": _refresh_pairs(old)}

    def first(rows):
        new, old = rows["new"], rows["old"]
        return {"insert": [_add(_first_rows(new, 1), vendor)],
                "update": [_add(_first_rows(old, -1) + " UNION ALL " + _first_rows(new, 1), vendor)],
                "delete": [_add(_first_rows(old, -1), vendor)]}

    def entity(rows):
        new, old = rows["new"], rows["old"]
        return {"update": [_add(_entity_rows(old, -1) + " UNION ALL " + _entity_rows(new, 1), vendor)],
                # the entities' contributions first: the first visits' own trigger no longer finds them
                "delete": [_add(_entity_rows(old, -1), vendor),
                           f"DELETE FROM {FIRST} WHERE entity_id IN (SELECT {old.alias}.id{old.from_()})"]}

    return {VISIT: visit, FIRST: first, ENTITY: entity}


def install(connection=default_connection) -> None:
    """Create the triggers (idempotent)."""
    triggers.install_tally_set(connection, bodies=_bodies(connection.vendor), prefixes=PREFIXES, watched=WATCHED)


def uninstall(connection=default_connection) -> None:
    triggers.uninstall_tally_set(connection, prefixes=PREFIXES)


def missing(connection=default_connection) -> list[str]:
    return triggers.missing_in_set(connection, bodies=_bodies(connection.vendor), prefixes=PREFIXES)


# ---------------------------------------------------------------- the rules, from the campaign

def wanted_rules(campaign) -> set[tuple]:
    """The rule rows the campaign's dates and `visit_coverage` rules call for."""
    r = rule(campaign, "visit_coverage")
    return {(campaign.first_day, r["visit_kind"], method) for method in r["methods"]}


def kept_rules(campaign, using: str = "default") -> set[tuple]:
    return set(CoverageRule.objects.using(using).filter(campaign_id=campaign.pk).values_list(
        "first_day", "visit_kind", "method"))


def current(campaign, using: str = "default") -> bool:
    """Whether the tallies were built for the campaign's present dates and rules."""
    return kept_rules(campaign, using) == wanted_rules(campaign)


def sync(campaign, connection=default_connection) -> bool:
    """Make the rule rows equal the campaign's and, if they changed, rebuild its tallies (the
    campaign's save). Returns whether anything changed."""
    if current(campaign, connection.alias):
        return False
    with transaction.atomic(using=connection.alias):
        CoverageRule.objects.using(connection.alias).filter(campaign_id=campaign.pk).delete()
        CoverageRule.objects.using(connection.alias).bulk_create(
            CoverageRule(campaign_id=campaign.pk, first_day=first_day, visit_kind=kind, method=method)
            for first_day, kind, method in wanted_rules(campaign))
        rebuild(connection, campaign_id=campaign.pk)
    return True


def forget(campaign_id: int, connection=default_connection) -> None:
    """Drop a deleted campaign's rows."""
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {RULE} WHERE campaign_id = %s", [campaign_id])
        cursor.execute(f"DELETE FROM {FIRST} WHERE campaign_id = %s", [campaign_id])
        cursor.execute(f"DELETE FROM {TALLY} WHERE campaign_id = %s", [campaign_id])


def rebuild(connection=default_connection, *, campaign_id: int | None = None) -> int:
    """Recompute the first visits and the tally from the visits (one campaign, or all), in one
    transaction; returns the number of tally rows."""
    where = "WHERE r.campaign_id = %s" if campaign_id else ""
    only = "WHERE campaign_id = %s" if campaign_id else ""
    params = [campaign_id] if campaign_id else []
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        # The first visits' own triggers are set aside while the rows are rewritten and the tally is
        # counted in one statement; DDL is transactional on both vendors, so no other write sees
        # the table without them (PostgreSQL locks it until the commit).
        triggers.uninstall_tally_triggers(connection, table=FIRST, prefix=PREFIXES[FIRST])
        cursor.execute(f"DELETE FROM {FIRST} {only}", params)
        cursor.execute(f"INSERT INTO {FIRST} (campaign_id, entity_id, unit_id, first_on) "
                       f"SELECT r.campaign_id, v.entity_id, v.unit_id, MIN(v.visited_on) FROM {RULE} r "
                       f"JOIN {VISIT} v ON {_counted('v', 'r')} {where} GROUP BY r.campaign_id, v.entity_id, v.unit_id",
                       params)
        cursor.execute(f"DELETE FROM {TALLY} {only}", params)
        counted = (f"SELECT f.campaign_id AS campaign_id, f.unit_id AS unit_id, e.unit_id AS entity_unit_id, "
                   f"e.kind AS kind, f.first_on AS day, 1 AS n FROM {FIRST} f JOIN {ENTITY} e ON e.id = f.entity_id "
                   f"WHERE e.status = '{ACTIVE}'" + (" AND f.campaign_id = %s" if campaign_id else ""))
        cursor.execute(_add(counted, connection.vendor), params * 3)  # the rows are read once per span: days, months, totals
        triggers.install_tally_triggers(connection, table=FIRST, prefix=PREFIXES[FIRST],
                                        bodies=_bodies(connection.vendor)[FIRST], watched=WATCHED[FIRST])
        cursor.execute(f"SELECT COUNT(*) FROM {TALLY} {only}", params)
        return cursor.fetchone()[0]


def suspend_inserts(connection=default_connection) -> None:
    """Set the visits' insert trigger aside for a load into an empty visit table (SQLite's bulk
    import): `recount_after_load` in the same transaction counts the loaded visits at once and
    puts it back."""
    triggers.uninstall_tally_triggers(connection, table=VISIT, prefix=PREFIXES[VISIT], ops=("insert",))


def recount_after_load(connection=default_connection) -> None:
    rebuild(connection)
    install(connection)


def rows(using: str = "default") -> dict[str, list[tuple]]:
    """The kept first visits and tally rows, sorted, zeros left out (what a check compares)."""
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT campaign_id, entity_id, unit_id, first_on FROM {FIRST} ORDER BY 1, 2, 3")
        first = cursor.fetchall()
        cursor.execute(f"SELECT campaign_id, span, day, unit_id, entity_unit_id, kind, n FROM {TALLY} "
                       f"WHERE n <> 0 ORDER BY 1, 2, 3, 4, 5, 6")
        return {"first": first, "tally": cursor.fetchall()}
