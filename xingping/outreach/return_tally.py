"""`return_visit_coverage` maintained on write (issue 14 part 3).

A unit's figure as of a day (C4, R7.2): of the active entities it penalised — itself or one of
its departments — from the campaign year's first day to that day, how many it visited again
(the campaign's return-visit kind and methods, not found "not confirmed") on or after the first
such penalty and no later than that day. The first penalty's day (`penalized_on`) does not
depend on the day asked, so an entity enters a unit's denominator on one day and its numerator
on another (`returned_on`, its first counted return visit on or after `penalized_on`), and
stays. Three tables keep this, maintained by triggers (SQLite and PostgreSQL) in the same
transaction as every write:

- `outreach_returnrule` — per campaign and counted method: the year's first day and the visit
  kind, a copy of the campaign's that the triggers read, kept equal to it by the campaign's
  save (`sync`, subscribed in apps.py), which rebuilds that campaign;
- `outreach_returnpair` — per entity, acting unit and campaign, the two days. A penalty
  written, or a unit's level or parent changed (which moves whom its penalties count for),
  recomputes the pairs of the entities concerned from their penalties; a visit written
  recomputes `returned_on` of its (entity, unit) pairs;
- `outreach_returntally` — per campaign, unit, part ("p" penalised, "r" returned), day (span
  "d"), month (span "m") and in all (span "t"): how many active entities entered; triggers on the pairs and on
  the registry (an entity's status changed) keep it.

Reading every unit's figure is a sum over the tally up to the day, forwards or backwards
(core/triggers.py `span_rows`; outreach/figures.py). When the rule rows do not equal the campaign's (a campaign written
around its save), or the campaign counts no method at all, `current()` says so and the figure
is computed on demand instead — the same figure, slower, and logged.
"""

from django.db import connection as default_connection
from django.db import connections
from django.db import transaction

from xingping.core import triggers
from xingping.entities.models import EntityStatus, MarketEntity, Penalty
from xingping.orgs.models import Level, OrgUnit
from xingping.outreach.figure_rules import rule
from xingping.outreach.models import ReturnPair, ReturnRule, ReturnTally, Verification, Visit

RULE = ReturnRule._meta.db_table
PAIR = ReturnPair._meta.db_table
TALLY = ReturnTally._meta.db_table
VISIT = Visit._meta.db_table
PENALTY = Penalty._meta.db_table
ENTITY = MarketEntity._meta.db_table
UNIT = OrgUnit._meta.db_table
PREFIXES = {PENALTY: "outreach_return_penalty", VISIT: "outreach_return_visit", UNIT: "outreach_return_unit",
            PAIR: "outreach_return_pair", ENTITY: "outreach_return_entity"}
WATCHED = {
    PENALTY: ("entity_id", "unit_id", "decided_on"),
    VISIT: ("entity_id", "unit_id", "kind", "method", "visited_on", "verification"),
    UNIT: ("level", "parent_id"),
    PAIR: ("entity_id", "unit_id", "campaign_id", "penalized_on", "returned_on"),
    ENTITY: ("status",),
}
TALLY_COLUMNS = ("campaign_id", "unit_id", "part")
NOT_CONFIRMED = Verification.NOT_CONFIRMED.value
ACTIVE = EntityStatus.ACTIVE.value
DEPARTMENT = Level.DEPARTMENT.value


def _first_return(pair: str) -> str:
    """The first counted return visit of `pair`'s unit to its entity on or after the penalty."""
    return (f"(SELECT MIN(v.visited_on) FROM {VISIT} v JOIN {RULE} r ON r.campaign_id = {pair}.campaign_id "
            f"AND v.kind = r.visit_kind AND v.method = r.method WHERE v.entity_id = {pair}.entity_id "
            f"AND v.unit_id = {pair}.unit_id AND v.visited_on >= {pair}.penalized_on "
            f"AND v.verification <> '{NOT_CONFIRMED}')")


def _wanted(entities_sql: str | None) -> str:
    """The pairs the penalties call for (of the entities `entities_sql` selects, or all), with
    their two days: per campaign, acting unit and entity, the first penalty in the year."""
    where = f"WHERE p.entity_id IN ({entities_sql})" if entities_sql else ""
    first = (f"SELECT c.campaign_id AS campaign_id, CASE WHEN pu.level = '{DEPARTMENT}' THEN pu.parent_id ELSE pu.id END "
             f"AS unit_id, p.entity_id AS entity_id, p.decided_on AS decided_on FROM {PENALTY} p "
             f"JOIN {UNIT} pu ON pu.id = p.unit_id "
             f"JOIN (SELECT DISTINCT campaign_id, year_start FROM {RULE}) c ON p.decided_on >= c.year_start {where}")
    grouped = (f"SELECT campaign_id, unit_id, entity_id, MIN(decided_on) AS penalized_on FROM ({first}) AS d "
               f"WHERE unit_id IS NOT NULL GROUP BY campaign_id, unit_id, entity_id")
    return (f"SELECT w.campaign_id, w.unit_id, w.entity_id, w.penalized_on, {_first_return('w')} AS returned_on "
            f"FROM ({grouped}) AS w")


def _refresh_entities(entities_sql: str) -> list[str]:
    """Make the pairs of the entities `entities_sql` selects equal what their penalties call for."""
    wanted = _wanted(entities_sql)
    gone = (f"DELETE FROM {PAIR} WHERE entity_id IN ({entities_sql}) AND NOT EXISTS (SELECT 1 FROM ({wanted}) AS w "
            f"WHERE w.campaign_id = {PAIR}.campaign_id AND w.unit_id = {PAIR}.unit_id AND w.entity_id = {PAIR}.entity_id)")
    upsert = (f"INSERT INTO {PAIR} (campaign_id, unit_id, entity_id, penalized_on, returned_on) "
              f"SELECT * FROM ({wanted}) AS c WHERE true ON CONFLICT (entity_id, unit_id, campaign_id) DO UPDATE SET "
              f"penalized_on = excluded.penalized_on, returned_on = excluded.returned_on "
              f"WHERE excluded.penalized_on <> {PAIR}.penalized_on "
              f"OR excluded.returned_on IS DISTINCT FROM {PAIR}.returned_on")
    return [gone, upsert]


def _refresh_returns(*changed: triggers.Rows) -> list[str]:
    """Recompute `returned_on` of the pairs of the `changed` visits' (entity, unit)."""
    visits = " UNION ".join(f"SELECT {r.alias}.entity_id AS entity_id, {r.alias}.unit_id AS unit_id{r.from_()}"
                            for r in changed)
    return [f"UPDATE {PAIR} SET returned_on = {_first_return(PAIR)} WHERE (entity_id, unit_id) IN ({visits}) "
            f"AND returned_on IS DISTINCT FROM {_first_return(PAIR)}"]


def _entities_of(rows: triggers.Rows) -> str:
    return f"SELECT {rows.alias}.entity_id{rows.from_()}"


def _entities_of_units(rows: dict[str, triggers.Rows]) -> str:
    """The entities penalised by the units whose level or parent the statement changed."""
    new, old = rows["new"], rows["old"]
    if new.table:  # PostgreSQL: a statement over the transition tables, which holds every updated row
        units = (f"SELECT {new.alias}.id FROM {new.table} {new.alias} JOIN {old.table} {old.alias} "
                 f"ON {old.alias}.id = {new.alias}.id WHERE {new.alias}.level <> {old.alias}.level "
                 f"OR {new.alias}.parent_id IS DISTINCT FROM {old.alias}.parent_id")
    else:  # SQLite: the row trigger fires only when a watched column changed
        units = f"SELECT {new.alias}.id"
    return f"SELECT p.entity_id FROM {PENALTY} p WHERE p.unit_id IN ({units})"


def _add(rows_sql: str, vendor: str) -> str:
    return triggers.add_to_tally(table=TALLY, columns=TALLY_COLUMNS, rows_sql=rows_sql, vendor=vendor, spans=True, totals=True)


def _pair_rows(rows: triggers.Rows, sign: int) -> str:
    """The tally rows pairs contribute (through their entity, when active)."""
    a = rows.alias
    return " UNION ALL ".join(
        f"SELECT {a}.campaign_id AS campaign_id, {a}.unit_id AS unit_id, '{part}' AS part, {a}.{day} AS day, "
        f"{sign} AS n{rows.from_(ENTITY + ' e')} WHERE e.id = {a}.entity_id AND e.status = '{ACTIVE}'"
        for part, day in (("p", "penalized_on"), ("r", "returned_on")))


def _entity_rows(rows: triggers.Rows, sign: int) -> str:
    """The tally rows entities contribute through their pairs (when active)."""
    a = rows.alias
    return " UNION ALL ".join(
        f"SELECT q.campaign_id AS campaign_id, q.unit_id AS unit_id, '{part}' AS part, q.{day} AS day, "
        f"{sign} AS n{rows.from_(PAIR + ' q')} WHERE q.entity_id = {a}.id AND {a}.status = '{ACTIVE}'"
        for part, day in (("p", "penalized_on"), ("r", "returned_on")))


def _bodies(vendor: str):
    """{table: bodies(rows)} of the triggers (core/triggers.py `install_tally_triggers`)."""

    def penalty(rows):
        new, old = rows["new"], rows["old"]
        return {"insert": _refresh_entities(_entities_of(new)),
                "update": _refresh_entities(f"{_entities_of(old)} UNION {_entities_of(new)}"),
                "delete": _refresh_entities(_entities_of(old))}

    def visit(rows):
        new, old = rows["new"], rows["old"]
        return {"insert": _refresh_returns(new), "update": _refresh_returns(old, new), "delete": _refresh_returns(old)}

    def unit(rows):
        return {"update": _refresh_entities(_entities_of_units(rows))}

    def pair(rows):
        new, old = rows["new"], rows["old"]
        return {"insert": [_add(_pair_rows(new, 1), vendor)],
                "update": [_add(_pair_rows(old, -1) + " UNION ALL " + _pair_rows(new, 1), vendor)],
                "delete": [_add(_pair_rows(old, -1), vendor)]}

    def entity(rows):
        new, old = rows["new"], rows["old"]
        return {"update": [_add(_entity_rows(old, -1) + " UNION ALL " + _entity_rows(new, 1), vendor)],
                # the entities' contributions first: the pairs' own trigger no longer finds them
                "delete": [_add(_entity_rows(old, -1), vendor),
                           f"DELETE FROM {PAIR} WHERE entity_id IN (SELECT {old.alias}.id{old.from_()})"]}

    return {PENALTY: penalty, VISIT: visit, UNIT: unit, PAIR: pair, ENTITY: entity}


def install(connection=default_connection) -> None:
    """Create the triggers (idempotent)."""
    triggers.install_tally_set(connection, bodies=_bodies(connection.vendor), prefixes=PREFIXES, watched=WATCHED)


def uninstall(connection=default_connection) -> None:
    triggers.uninstall_tally_set(connection, prefixes=PREFIXES)


def missing(connection=default_connection) -> list[str]:
    return triggers.missing_in_set(connection, bodies=_bodies(connection.vendor), prefixes=PREFIXES)


# ---------------------------------------------------------------- the rules, from the campaign

def wanted_rules(campaign) -> set[tuple]:
    """The rule rows the campaign's year and `return_visit_coverage` rules call for."""
    r = rule(campaign, "return_visit_coverage")
    return {(campaign.year_start, r["visit_kind"], method) for method in r["methods"]}


def kept_rules(campaign, using: str = "default") -> set[tuple]:
    return set(ReturnRule.objects.using(using).filter(campaign_id=campaign.pk).values_list(
        "year_start", "visit_kind", "method"))


def current(campaign, using: str = "default") -> bool:
    """Whether the tallies were built for the campaign's present year and rules (a campaign
    that counts no method has no rule rows, hence no pairs: it is counted on demand)."""
    wanted = wanted_rules(campaign)
    return bool(wanted) and kept_rules(campaign, using) == wanted


def sync(campaign, connection=default_connection) -> bool:
    """Make the rule rows equal the campaign's and, if they changed, rebuild its tallies (the
    campaign's save). Returns whether anything changed."""
    wanted = wanted_rules(campaign)
    if kept_rules(campaign, connection.alias) == wanted:
        return False
    with transaction.atomic(using=connection.alias):
        ReturnRule.objects.using(connection.alias).filter(campaign_id=campaign.pk).delete()
        ReturnRule.objects.using(connection.alias).bulk_create(
            ReturnRule(campaign_id=campaign.pk, year_start=year_start, visit_kind=kind, method=method)
            for year_start, kind, method in wanted)
        rebuild(connection, campaign_id=campaign.pk)
    return True


def forget(campaign_id: int, connection=default_connection) -> None:
    """Drop a deleted campaign's rows."""
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for table in (RULE, PAIR, TALLY):
            cursor.execute(f"DELETE FROM {table} WHERE campaign_id = %s", [campaign_id])


def rebuild(connection=default_connection, *, campaign_id: int | None = None) -> int:
    """Recompute the pairs and the tally from the penalties and visits (one campaign, or all),
    in one transaction; returns the number of tally rows."""
    only = "WHERE campaign_id = %s" if campaign_id else ""
    params = [campaign_id] if campaign_id else []
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        # The pairs' own triggers are set aside while they are rewritten and the tally is counted
        # in one statement (DDL is transactional on both vendors, as in coverage_tally.rebuild).
        triggers.uninstall_tally_triggers(connection, table=PAIR, prefix=PREFIXES[PAIR])
        cursor.execute(f"DELETE FROM {PAIR} {only}", params)
        cursor.execute(f"INSERT INTO {PAIR} (campaign_id, unit_id, entity_id, penalized_on, returned_on) "
                       f"SELECT * FROM ({_wanted(None)}) AS c {only}", params)
        cursor.execute(f"DELETE FROM {TALLY} {only}", params)
        counted = " UNION ALL ".join(
            f"SELECT q.campaign_id AS campaign_id, q.unit_id AS unit_id, '{part}' AS part, q.{day} AS day, 1 AS n "
            f"FROM {PAIR} q JOIN {ENTITY} e ON e.id = q.entity_id WHERE e.status = '{ACTIVE}'"
            + (" AND q.campaign_id = %s" if campaign_id else "")
            for part, day in (("p", "penalized_on"), ("r", "returned_on")))
        cursor.execute(_add(counted, connection.vendor), params * 6)  # each part read once per span: days, months, totals
        triggers.install_tally_triggers(connection, table=PAIR, prefix=PREFIXES[PAIR],
                                        bodies=_bodies(connection.vendor)[PAIR], watched=WATCHED[PAIR])
        cursor.execute(f"SELECT COUNT(*) FROM {TALLY} {only}", params)
        return cursor.fetchone()[0]


def rows(using: str = "default") -> dict[str, list[tuple]]:
    """The kept pairs and tally rows, sorted, zeros left out (what a check compares)."""
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT campaign_id, entity_id, unit_id, penalized_on, returned_on FROM {PAIR} ORDER BY 1, 2, 3")
        pairs = cursor.fetchall()
        cursor.execute(f"SELECT campaign_id, span, day, unit_id, part, n FROM {TALLY} WHERE n <> 0 ORDER BY 1, 2, 3, 4, 5")
        return {"pairs": pairs, "tally": cursor.fetchall()}
