"""The visit figures of C4, read or computed in the database for every unit at once.

`visit_coverage` and `return_visit_coverage` (C4, R6.3, R7.2) — their meaning is fixed
(docs/figures.md); the population filters, methods and visit kinds come from
`campaign.rules["targets"][key]` with C4's rules as defaults. Each function runs a fixed
number of queries whatever the number of units:

- own figures (what pages and `xingping metrics` read): the numerator from the tally kept on
  write (coverage_tally.py), the denominator from the registry's tally (entities/tally.py)
  rolled up the tree — a few thousand rows whatever the size of the registry;
- `return_visit_coverage`: from its tally kept on write (return_tally.py), one read;
- the same figures on demand (`visit_coverage(..., on_demand=True)`, `return_visit_pairs(...,
  on_demand=True)`, the references the tallies are tested against): one aggregate over the
  visits of the window and one over the active entities grouped by unit and kind; one over
  the year's penalties and their return visits;
- the *area rollup* (dashboard only, never part of C4): the same denominator; numerator —
  entities visited by any staff of a unit in the area. Per visited entity the deepest
  unit whose area holds both the entity and the visiting unit is found; all such units
  lie on the entity's ancestor chain, so the deepest is the longest path, `MAX(path)`.

Counts are rolled up the tree through `anc`, a recursive walk of `parent_id` (each unit
with itself and its ancestors), so every join is an equality.

Joins written `CROSS JOIN` keep SQLite's loop order (the selective table outermost)
whatever its statistics say; PostgreSQL treats them as ordinary inner joins.

Tree containment is `SUBSTR(child.path, 1, LENGTH(unit.path)) = unit.path` (no LIKE, so a
"_" in a unit code is not a wildcard). A visit that a check found "not confirmed" counts
for nothing.
"""

import logging

from django.utils import timezone

from xingping.core import triggers
from xingping.core.db_router import read_connection
from xingping.entities.models import EntityStatus, EntityTally, MarketEntity, Penalty
from xingping.orgs.models import Level, OrgUnit
from xingping.outreach import coverage_tally, return_tally
from xingping.outreach.figure_rules import rule, window
from xingping.outreach.models import CoverageTally, ReturnTally, Verification, Visit


def _in(values):
    """SQL and params for `IN (…)`; an empty list matches nothing."""
    values = list(values)
    if not values:
        return "IN (NULL)", []
    return "IN (%s)" % ", ".join(["%s"] * len(values)), values


def _rows(sql, params):
    with read_connection().cursor() as cursor:  # the replica inside replica_reads() (core/db_router.py)
        cursor.execute(sql, params)
        return cursor.fetchall()


log = logging.getLogger(__name__)

T = {
    "visit": Visit._meta.db_table,
    "entity": MarketEntity._meta.db_table,
    "penalty": Penalty._meta.db_table,
    "unit": OrgUnit._meta.db_table,
    "entity_tally": EntityTally._meta.db_table,
    "coverage_tally": CoverageTally._meta.db_table,
    "return_tally": ReturnTally._meta.db_table,
}


def _ancestors_cte():
    """`anc(unit_id, anc_id, anc_path)`: every unit with itself and each unit above it, by
    walking `parent_id` (a few rows per unit; equality joins instead of path comparisons)."""
    return f"""anc (unit_id, anc_id, anc_path) AS (
            SELECT id, id, path FROM {T['unit']}
            UNION ALL
            SELECT anc.unit_id, up.id, up.path FROM anc
            JOIN {T['unit']} cur ON cur.id = anc.anc_id
            JOIN {T['unit']} up ON up.id = cur.parent_id
        )"""


def _common_ancestor_sql():
    """The path of the deepest unit above `vu` whose area holds `eu` (for the rare visit
    made outside the visiting unit's own area): the parent, grandparent, great-grandparent
    by primary key, then any deeper ancestor by a scan. COALESCE stops at the first hit."""
    u = T["unit"]

    def prefix(alias):
        return f"SUBSTR(eu.path, 1, LENGTH({alias}.path)) = {alias}.path"

    return f"""COALESCE(
            (SELECT a1.path FROM {u} a1 WHERE a1.id = vu.parent_id AND {prefix('a1')}),
            (SELECT a2.path FROM {u} a1 JOIN {u} a2 ON a2.id = a1.parent_id
             WHERE a1.id = vu.parent_id AND {prefix('a2')}),
            (SELECT a3.path FROM {u} a1 JOIN {u} a2 ON a2.id = a1.parent_id JOIN {u} a3 ON a3.id = a2.parent_id
             WHERE a1.id = vu.parent_id AND {prefix('a3')}),
            (SELECT MAX(a.path) FROM {u} a
             WHERE SUBSTR(vu.path, 1, LENGTH(a.path)) = a.path AND {prefix('a')}))"""


def _population(r, unit_alias, kind_expr):
    levels_sql, levels = _in(r["all_kinds_levels"])
    kinds_sql, kinds = _in(r["kinds"])
    return f"({unit_alias}.level {levels_sql} OR {kind_expr} {kinds_sql})", levels + kinds


def coverage_denominators_on_demand(campaign):
    """{unit id: active entities supervised in its area, population-filtered by its level},
    counted from the registry (the reference `coverage_denominators` is tested against)."""
    r = rule(campaign, "visit_coverage")
    pop_sql, pop = _population(r, "u", "g.kind")
    sql = f"""
        WITH RECURSIVE {_ancestors_cte()}, g AS (
            SELECT e.unit_id, e.kind, COUNT(*) AS n FROM {T['entity']} e
            WHERE e.status = %s GROUP BY e.unit_id, e.kind
        )
        SELECT u.id, SUM(g.n) FROM g
        JOIN anc ON anc.unit_id = g.unit_id
        JOIN {T['unit']} u ON u.id = anc.anc_id
        WHERE u.level <> %s AND {pop_sql}
        GROUP BY u.id"""
    return dict(_rows(sql, [EntityStatus.ACTIVE, Level.DEPARTMENT] + pop))


def _visited_pairs(campaign, as_of, r):
    """SQL and params: the distinct (entity, visiting unit) pairs of the counted visits in the
    window. The index `visit_coverage_scan` (kind, method, entity, unit, visited_on,
    verification) yields them in entity order without a sort, so the entity lookups that
    follow are sequential."""
    start, end = window(campaign, as_of)
    methods_sql, methods = _in(r["methods"])
    sql = (f"SELECT DISTINCT v.entity_id, v.unit_id FROM {T['visit']} v WHERE v.kind = %s AND v.method {methods_sql} "
           f"AND v.visited_on >= %s AND v.visited_on <= %s AND v.verification <> %s")
    return sql, [r["visit_kind"], *methods, start, end, Verification.NOT_CONFIRMED]


def coverage_numerators_on_demand(campaign, as_of):
    """{unit id: entities of its denominator visited in the window by its own staff}, counted
    from the visits (the reference `coverage_numerators` is tested against)."""
    r = rule(campaign, "visit_coverage")
    pairs_sql, params = _visited_pairs(campaign, as_of, r)
    pop_sql, pop = _population(r, "vu", "e.kind")
    sql = f"""
        SELECT p.unit_id, COUNT(*)
        FROM ({pairs_sql}) p
        CROSS JOIN {T['entity']} e
        CROSS JOIN {T['unit']} vu
        CROSS JOIN {T['unit']} eu
        WHERE e.id = p.entity_id AND vu.id = p.unit_id AND eu.id = e.unit_id AND e.status = %s
          AND {pop_sql} AND SUBSTR(eu.path, 1, LENGTH(vu.path)) = vu.path
        GROUP BY p.unit_id"""
    return dict(_rows(sql, params + [EntityStatus.ACTIVE] + pop))


def coverage_denominators(campaign):
    """{unit id: active entities supervised in its area, population-filtered by its level}, from
    the registry's tally (entities/tally.py) rolled up the tree: a few thousand rows."""
    r = rule(campaign, "visit_coverage")
    pop_sql, pop = _population(r, "u", "g.kind")
    sql = f"""
        WITH RECURSIVE {_ancestors_cte()}
        SELECT u.id, SUM(g.n) FROM {T['entity_tally']} g
        JOIN anc ON anc.unit_id = g.unit_id
        JOIN {T['unit']} u ON u.id = anc.anc_id
        WHERE g.status = %s AND u.level <> %s AND {pop_sql}
        GROUP BY u.id HAVING SUM(g.n) <> 0"""
    return dict(_rows(sql, [EntityStatus.ACTIVE, Level.DEPARTMENT] + pop))


def coverage_numerators(campaign, as_of):
    """{unit id: entities of its denominator visited in the window by its own staff}, from the
    tally maintained on write (coverage_tally.py) summed up to the window's end (forwards or
    backwards, core/triggers.py `span_rows`). A campaign whose tallies were not built for its present rules is
    counted from the visits instead, and logged."""
    if not coverage_tally.current(campaign, read_connection().alias):
        log.warning("visit coverage tallies of campaign %s do not match its rules: counted from the visits "
                    "(`xingping tallies rebuild`)", campaign.slug)
        return coverage_numerators_on_demand(campaign, as_of)
    start, end = window(campaign, as_of)
    if end < start:
        return {}
    r = rule(campaign, "visit_coverage")
    pop_sql, pop = _population(r, "vu", "t.kind")
    tally_sql, params = triggers.span_rows(table=T["coverage_tally"], columns=("unit_id", "entity_unit_id", "kind"),
                                           campaign_id=campaign.pk, upto=end, start=start, today=timezone.localdate())
    sql = f"""
        SELECT t.unit_id, SUM(t.n) FROM ({tally_sql}) t
        CROSS JOIN {T['unit']} vu
        CROSS JOIN {T['unit']} eu
        WHERE vu.id = t.unit_id AND eu.id = t.entity_unit_id
          AND {pop_sql} AND SUBSTR(eu.path, 1, LENGTH(vu.path)) = vu.path
        GROUP BY t.unit_id HAVING SUM(t.n) <> 0"""
    return dict(_rows(sql, params + pop))


def coverage_area_numerators(campaign, as_of):
    """{unit id: entities of its denominator visited in the window by any staff of its area}."""
    r = rule(campaign, "visit_coverage")
    pairs_sql, params = _visited_pairs(campaign, as_of, r)
    pop_sql, pop = _population(r, "u", "d.kind")
    sql = f"""
        WITH RECURSIVE {_ancestors_cte()}, vc AS (
            SELECT p.entity_id, e.kind,
                CASE WHEN SUBSTR(eu.path, 1, LENGTH(vu.path)) = vu.path THEN vu.path
                ELSE {_common_ancestor_sql()}
                END AS cp
            FROM ({pairs_sql}) p
            CROSS JOIN {T['entity']} e
            CROSS JOIN {T['unit']} vu
            CROSS JOIN {T['unit']} eu
            WHERE e.id = p.entity_id AND vu.id = p.unit_id AND eu.id = e.unit_id AND e.status = %s
        ), d AS (
            SELECT cp, kind, COUNT(*) AS n FROM (
                SELECT entity_id, kind, MAX(cp) AS cp FROM vc GROUP BY entity_id, kind
            ) deepest GROUP BY cp, kind
        )
        SELECT u.id, SUM(d.n) FROM d
        JOIN {T['unit']} cu ON cu.path = d.cp
        JOIN anc ON anc.unit_id = cu.id
        JOIN {T['unit']} u ON u.id = anc.anc_id
        WHERE u.level <> %s AND {pop_sql}
        GROUP BY u.id"""
    return dict(_rows(sql, params + [EntityStatus.ACTIVE, Level.DEPARTMENT] + pop))


def _acting(alias):
    return f"CASE WHEN {alias}.level = %s THEN {alias}.parent_id ELSE {alias}.id END"


def return_visit_pairs(campaign, as_of, *, on_demand: bool = False):
    """{unit id: (numerator, denominator)} of `return_visit_coverage`: from the tally maintained
    on write (return_tally.py), the entities first penalised and first visited again up to
    `as_of` (core/triggers.py `span_rows`); or with `on_demand`
    counted from the penalties and visits (the reference). A campaign whose tallies were not
    built for its present rules is counted on demand, and logged."""
    if on_demand:
        return return_visit_pairs_on_demand(campaign, as_of)
    if not return_tally.current(campaign, read_connection().alias):
        log.warning("return visit tallies of campaign %s do not match its rules: counted from the visits "
                    "(`xingping tallies rebuild`)", campaign.slug)
        return return_visit_pairs_on_demand(campaign, as_of)
    tally_sql, params = triggers.span_rows(table=T["return_tally"], columns=("unit_id", "part"), campaign_id=campaign.pk,
                                           upto=as_of, start=campaign.year_start, today=timezone.localdate())
    sql = f"""
        SELECT t.unit_id, SUM(CASE WHEN t.part = 'r' THEN t.n ELSE 0 END), SUM(CASE WHEN t.part = 'p' THEN t.n ELSE 0 END)
        FROM ({tally_sql}) t
        GROUP BY t.unit_id HAVING SUM(CASE WHEN t.part = 'p' THEN t.n ELSE 0 END) <> 0"""
    return {au: (int(num), int(den)) for au, num, den in _rows(sql, params)}


def return_visit_pairs_on_demand(campaign, as_of):
    """{unit id: (numerator, denominator)} of `return_visit_coverage`, in one query over the
    penalties and visits (the reference `return_visit_pairs` is tested against)."""
    r = rule(campaign, "return_visit_coverage")
    methods_sql, methods = _in(r["methods"])
    sql = f"""
        WITH pen AS (
            SELECT au, entity_id, MIN(decided_on) AS first_on FROM (
                SELECT {_acting('pu')} AS au, p.entity_id, p.decided_on
                FROM {T['penalty']} p
                CROSS JOIN {T['entity']} e
                CROSS JOIN {T['unit']} pu
                WHERE e.id = p.entity_id AND pu.id = p.unit_id
                  AND e.status = %s AND p.decided_on >= %s AND p.decided_on <= %s
            ) decided GROUP BY au, entity_id
        )
        SELECT pen.au,
            SUM(CASE WHEN EXISTS (
                SELECT 1 FROM {T['visit']} v
                WHERE v.entity_id = pen.entity_id AND v.unit_id = pen.au AND v.kind = %s
                  AND v.method {methods_sql} AND v.visited_on >= pen.first_on AND v.visited_on <= %s
                  AND v.verification <> %s
            ) THEN 1 ELSE 0 END),
            COUNT(*)
        FROM pen GROUP BY pen.au"""
    params = [Level.DEPARTMENT, EntityStatus.ACTIVE, campaign.year_start, as_of,
              r["visit_kind"], *methods, as_of, Verification.NOT_CONFIRMED]
    return {au: (int(num), int(den)) for au, num, den in _rows(sql, params)}


def pairs(numerators, denominators):
    return {pk: (int(numerators.get(pk, 0) or 0), int(den or 0)) for pk, den in denominators.items()}


def visit_coverage(campaign, as_of, *, on_demand: bool = False):
    """{unit id: (numerator, denominator)}: from the tallies maintained on write, or with
    `on_demand` counted from the registry and the visits (the reference)."""
    if rule(campaign, "visit_coverage")["visits_by"] == "area":
        return visit_coverage_area(campaign, as_of)
    if on_demand:
        return pairs(coverage_numerators_on_demand(campaign, as_of), coverage_denominators_on_demand(campaign))
    return pairs(coverage_numerators(campaign, as_of), coverage_denominators(campaign))


def visit_coverage_area(campaign, as_of):
    return pairs(coverage_area_numerators(campaign, as_of), coverage_denominators(campaign))


# ---------------------------------------------------------------- drill-down (one unit, ORM)

def _acting_q(unit, prefix="unit"):
    """Penalties decided by `unit` itself or one of its departments."""
    from django.db.models import Q

    return Q(**{prefix: unit}) | Q(**{f"{prefix}__parent": unit, f"{prefix}__level": Level.DEPARTMENT})


def entities_behind(campaign, as_of, unit, key, part):
    """The entities behind one number: `part` is "numerator" or "denominator" of `key`
    (`visit_coverage`, `visit_coverage_area` or `return_visit_coverage`) for `unit`."""
    from django.db.models import Exists, Min, OuterRef

    active = MarketEntity.objects.filter(status=EntityStatus.ACTIVE)
    if key in ("visit_coverage", "visit_coverage_area"):
        r = rule(campaign, "visit_coverage")
        qs = active.filter(unit__path__startswith=unit.path)
        if unit.level not in r["all_kinds_levels"]:
            qs = qs.filter(kind__in=r["kinds"])
        if part == "denominator":
            return qs
        start, end = window(campaign, as_of)
        visits = Visit.objects.filter(entity=OuterRef("pk"), kind=r["visit_kind"], method__in=r["methods"],
                                      visited_on__gte=start, visited_on__lte=end).exclude(
            verification=Verification.NOT_CONFIRMED)
        visits = visits.filter(unit__path__startswith=unit.path) if key == "visit_coverage_area" else visits.filter(unit=unit)
        return qs.filter(Exists(visits))
    if key == "return_visit_coverage":
        r = rule(campaign, "return_visit_coverage")
        pens = Penalty.objects.filter(_acting_q(unit), entity=OuterRef("pk"), decided_on__gte=campaign.year_start,
                                      decided_on__lte=as_of)
        qs = active.filter(Exists(pens))
        if part == "denominator":
            return qs
        first = pens.values("entity").annotate(m=Min("decided_on")).values("m")[:1]
        from django.db.models import Subquery

        qs = qs.annotate(first_penalty=Subquery(first))
        returns = Visit.objects.filter(entity=OuterRef("pk"), unit=unit, kind=r["visit_kind"], method__in=r["methods"],
                                       visited_on__gte=OuterRef("first_penalty"), visited_on__lte=as_of).exclude(
            verification=Verification.NOT_CONFIRMED)
        return qs.filter(Exists(returns))
    return MarketEntity.objects.none()


DRILLABLE = ("visit_coverage", "visit_coverage_area", "return_visit_coverage")
