"""Reads for self-inspection and rectification, computed in the database.

Area figures ("rolled up": a unit and every unit below it) for a table of units are
counted with one GROUP BY per table and summed up the tree by path prefix
(`area_figures`); the figures of one area are a filtered aggregate on the unit path
(`area_totals`), or come from the same grouped rows when a page shows the table too
(`area_summary`). Never one query per unit."""

import copy
import decimal

from django.db.models import (
    Avg,
    Case,
    Count,
    DecimalField,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from xingping.accounts.models import User
from xingping.orgs.policy import scope_unit, sees_all
from xingping.orgs.models import PATH_SEPARATOR, Level, OrgUnit
from xingping.orgs.selectors import root_unit
from xingping.rectification.models import (
    Category,
    Finding,
    InstitutionStatus,
    IrregularFee,
    ItemStatus,
    RectificationItem,
    SelfAnalysis,
    SystemStatus,
)


def _scalar(qs, expression, output_field):
    """A correlated one-row subquery: `expression` over `qs` (no GROUP BY)."""
    return Coalesce(Subquery(qs.order_by().annotate(_v=expression).values("_v")[:1], output_field=output_field),
                    Value(0), output_field=output_field)


def _count(qs):
    return _scalar(qs, Func(F("pk"), function="COUNT"), IntegerField())


def items_in(campaign):
    return RectificationItem.objects.filter(finding__campaign=campaign)


def overdue_q(day):
    return ~Q(status=ItemStatus.DONE) & Q(deadline__lt=day)


def with_overdue(qs, day):
    return qs.annotate(overdue=Case(When(overdue_q(day), then=Value(True)), default=Value(False)))


def area_items(campaign, unit, day):
    """Every item of the unit's area (callers check access to `unit` first)."""
    qs = items_in(campaign).select_related("unit", "finding", "responsible")
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    return with_overdue(qs, day).order_by("unit__path", "deadline", "pk")


def item_list(campaign, user, day, *, unit=None, status="", overdue=False, category="", item_class="",
              responsible=None, date_from=None, date_to=None):
    """The ledger's items `user` may see; `date_from`/`date_to` bound the deadline."""
    qs = items_in(campaign).for_user(user).select_related("unit", "finding", "responsible")
    if responsible is not None:
        qs = qs.filter(responsible=responsible)
    if date_from:
        qs = qs.filter(deadline__gte=date_from)
    if date_to:
        qs = qs.filter(deadline__lte=date_to)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if status:
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.filter(overdue_q(day))
    if category:
        qs = qs.filter(finding__category=category)
    if item_class:
        qs = qs.filter(item_class=item_class)
    return with_overdue(qs, day).order_by("-overdue", "deadline", "pk")


def _by_unit_path(qs, **aggregates):
    """One GROUP BY query: {unit path: {name: value}} for the units that have rows."""
    rows = qs.order_by().values("unit__path").annotate(**aggregates)
    return {row.pop("unit__path"): row for row in rows}


def _roll_up(per_unit, sums):
    """Add each unit's aggregated row to every unit above it (its path prefixes): the
    figures of an area. Only the aggregated rows are touched, one per unit with data."""
    areas = {}
    for path, row in per_unit.items():
        codes = path.rstrip(PATH_SEPARATOR).split(PATH_SEPARATOR)
        for depth in range(1, len(codes) + 1):
            bucket = areas.setdefault(PATH_SEPARATOR.join(codes[:depth]) + PATH_SEPARATOR, dict.fromkeys(sums, 0))
            for name in sums:
                bucket[name] += row[name] or 0
    return areas


ITEM_SUMS = ("items_total", "items_open", "items_done", "items_overdue", "items_fixed_on_creation",
             "items_reported", "days_sum", "days_n")
FEE_SUMS = ("fee_count", "fee_amount", "fee_refunded")
ZERO = decimal.Decimal("0.00")


class _AreaSums:
    """The three GROUP BY queries (items, findings, fees: one row per unit with data),
    summed up the tree by path prefix; `None` holds everything."""

    def __init__(self, campaign, day):
        done = Q(status=ItemStatus.DONE)
        per_unit = (
            (_by_unit_path(
                items_in(campaign),
                items_total=Count("pk"), items_open=Count("pk", filter=~done), items_done=Count("pk", filter=done),
                items_overdue=Count("pk", filter=overdue_q(day)),
                items_fixed_on_creation=Count("pk", filter=Q(fixed_on_creation=True)),
                items_reported=Count("pk", filter=Q(status=ItemStatus.REPORTED)),
                days_sum=Sum("days_to_fix", filter=done), days_n=Count("days_to_fix", filter=done),
            ), ITEM_SUMS),
            (_by_unit_path(Finding.objects.filter(campaign=campaign), findings=Count("pk")), ("findings",)),
            (_by_unit_path(IrregularFee.objects.filter(campaign=campaign), fee_count=Count("pk"),
                           fee_amount=Sum("amount"), fee_refunded=Sum("refunded_amount")), FEE_SUMS),
        )
        self.areas = {}
        for rows, sums in per_unit:
            for path, figures in _roll_up(rows, sums).items():
                self.areas.setdefault(path, {}).update(figures)
            everything = self.areas.setdefault(None, {})
            for name in sums:
                everything[name] = sum((row[name] or 0 for row in rows.values()), 0)

    def figures(self, path):
        """The figures of the area at `path` (None: everything) as a dict, zeros where none."""
        found = self.areas.get(path, {})
        out = {name: found.get(name, 0) for name in (*ITEM_SUMS, "findings", "fee_count")}
        for name in ("fee_amount", "fee_refunded"):
            out[name] = found.get(name) or ZERO
        out["fee_outstanding"] = out["fee_amount"] - out["fee_refunded"]
        out["avg_days_to_fix"] = out["days_sum"] / out["days_n"] if out["days_n"] else None
        return out

    def apply(self, units):
        out = list(units)
        for unit in out:
            for name, value in self.figures(unit.path).items():
                setattr(unit, name, value)
        return out


def area_figures(campaign, units, day):
    """The units of `units` (a queryset or list), each with the figures of its area.

    Counted in the database with one GROUP BY per table (items, findings, fees), then
    summed up the tree by path prefix: four queries whatever the number of units (a
    correlated subquery per unit and figure scans every item once per unit)."""
    return _AreaSums(campaign, day).apply(units)


def area_summary(campaign, unit, day):
    """`(area_totals(…), rollup_rows(…))` of one area from the same three GROUP BY queries
    (a page showing both: three queries fewer)."""
    sums = _AreaSums(campaign, day)
    return sums.figures(unit.path if unit is not None else None), _rollup_rows(sums, unit)


def area_totals(campaign, unit, day):
    """The figures of one unit's area (or of everything when `unit` is None) as a dict."""
    items = items_in(campaign)
    findings = Finding.objects.filter(campaign=campaign)
    fees = IrregularFee.objects.filter(campaign=campaign)
    if unit is not None:
        items = items.filter(unit__path__startswith=unit.path)
        findings = findings.filter(unit__path__startswith=unit.path)
        fees = fees.filter(unit__path__startswith=unit.path)
    totals = items.aggregate(
        items_total=Count("pk"),
        items_open=Count("pk", filter=~Q(status=ItemStatus.DONE)),
        items_done=Count("pk", filter=Q(status=ItemStatus.DONE)),
        items_overdue=Count("pk", filter=overdue_q(day)),
        items_fixed_on_creation=Count("pk", filter=Q(fixed_on_creation=True)),
        items_reported=Count("pk", filter=Q(status=ItemStatus.REPORTED)),
        avg_days_to_fix=Avg("days_to_fix", filter=Q(status=ItemStatus.DONE)),
    )
    totals["findings"] = findings.count()
    totals.update(fees.aggregate(fee_count=Count("pk"), fee_amount=Coalesce(Sum("amount"), Value(0), output_field=DecimalField()),
                                 fee_refunded=Coalesce(Sum("refunded_amount"), Value(0), output_field=DecimalField())))
    totals["fee_outstanding"] = totals["fee_amount"] - totals["fee_refunded"]
    return totals


def findings_by_category(campaign, unit):
    """[(category code, label, count)] for the unit's area, the five checks first."""
    qs = Finding.objects.filter(campaign=campaign)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    counts = dict(qs.order_by().values_list("category").annotate(n=Count("pk")))
    return [(c.value, c.label, counts.get(c.value, 0)) for c in Category]


def items_by_status(campaign, unit):
    qs = items_in(campaign)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    counts = dict(qs.order_by().values_list("status").annotate(n=Count("pk")))
    return [(s.value, s.label, counts.get(s.value, 0)) for s in ItemStatus]


def child_units(unit):
    """The units a roll-up table lists under `unit`: its direct children (not departments);
    for everything (None), the children of the root (the city bureau)."""
    if unit is None:
        return OrgUnit.objects.filter(depth=1).exclude(level=Level.DEPARTMENT).order_by("sort_order", "path")
    return OrgUnit.objects.filter(parent=unit).exclude(level=Level.DEPARTMENT).order_by("sort_order", "path")


def rollup_rows(campaign, unit, day):
    """The roll-up table under `unit` (everything when None): a first row for the unit
    itself with its departments (本级) when it has any figure, then `child_units` with
    their areas' figures — so the rows add up to the area's totals."""
    return _rollup_rows(_AreaSums(campaign, day), unit)


def _rollup_rows(sums, unit):
    top = unit if unit is not None else root_unit()
    children = list(child_units(unit))
    if top is None or not children:
        return sums.apply(children)
    own, *children = sums.apply([copy.copy(top), *children])
    for name in (*ITEM_SUMS, "findings", "fee_count", "fee_amount", "fee_refunded", "fee_outstanding"):
        setattr(own, name, getattr(own, name) - sum(getattr(c, name) for c in children))
    own.avg_days_to_fix = own.days_sum / own.days_n if own.days_n else None
    own.is_own = True
    if not (own.findings or own.items_total or own.fee_amount):
        return children
    return [own, *children]


def home_unit(user):
    """The unit whose area a user's pages show by default (None: everything)."""
    return None if sees_all(user) else scope_unit(user)


# ------------------------------------------------------------------ self-analysis

def roster_people(unit):
    """The staff and leaders who write a self-analysis for `unit` (its departments included)."""
    return User.objects.filter(is_active=True).filter(
        Q(unit=unit) | Q(unit__parent=unit, unit__level=Level.DEPARTMENT)
    ).filter(Q(roles__contains="staff") | Q(roles__contains="leader"))


def roster(campaign, unit):
    """Who has and has not submitted a self-analysis (names only, never the content)."""
    done = SelfAnalysis.objects.filter(campaign=campaign, author=OuterRef("pk"), submitted_at__isnull=False)
    submitted_at = SelfAnalysis.objects.filter(campaign=campaign, author=OuterRef("pk")).values("submitted_at")[:1]
    return roster_people(unit).select_related("unit").annotate(
        submitted=Exists(done), submitted_at=Subquery(submitted_at)
    ).order_by("-submitted", "unit__path", "username")


def self_analysis_area_counts(campaign, unit):
    """(writers, submitted) over the area of `unit` (None: everything)."""
    people = User.objects.filter(is_active=True, unit__isnull=False).filter(Q(roles__contains="staff") | Q(roles__contains="leader"))
    analyses = SelfAnalysis.objects.filter(campaign=campaign, submitted_at__isnull=False)
    if unit is not None:
        people = people.filter(unit__path__startswith=unit.path)
        analyses = analyses.filter(unit__path__startswith=unit.path)
    return people.count(), analyses.count()


# ------------------------------------------------------------------ fees and systems

def fee_list(campaign, user, unit=None):
    qs = IrregularFee.objects.filter(campaign=campaign).for_user(user).select_related("unit")
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    return qs.annotate(outstanding_amount=F("amount") - F("refunded_amount"))


def systems_checklist(campaign, unit, codes):
    """[(code, name, InstitutionStatus or None)] for one unit, in the rules' order."""
    rows = {s.code: s for s in InstitutionStatus.objects.filter(campaign=campaign, unit=unit)}
    return [(code, name, rows.get(code)) for code, name in codes]


def systems_area(campaign, units):
    """Each unit annotated with how many of the systems it has issued and is drafting."""
    rows = InstitutionStatus.objects.filter(campaign=campaign, unit=OuterRef("pk"))
    return units.annotate(systems_issued=_count(rows.filter(status=SystemStatus.ISSUED)),
                          systems_drafting=_count(rows.filter(status=SystemStatus.DRAFTING)))


def published_items():
    """The public accountability board (R11.3): only what the office published."""
    return RectificationItem.objects.filter(published=True).select_related("unit").order_by("deadline", "pk")
