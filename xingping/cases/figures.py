"""The C4 case figures (docs/cases.md "Figures"): {unit_pk: (numerator, denominator)} per key.

Each figure is a `Spec`: the cases of some kinds received 1 January of the campaign year …
`as_of`, counted through the handling unit or the unit reported on, of which those that reached
a step no later than `as_of`. Two engines read a spec:

- `from_tallies` — the maintained tallies (cases/tally.py), what the pages and the `metrics`
  command use: a few thousand rows whatever the number of cases;
- `from_cases` — the on-demand count over the cases themselves, the reference the tallies are
  tested against (tests/test_case_tally.py) and what `xingping metrics --reference` prints.

Both give the same answer for every world, edge by edge; a unit with no case in the period is
absent from the result, a unit with cases but an empty denominator is (0, 0).
"""

import datetime
from dataclasses import dataclass

from django.db.models import Case as When_, Count, F, Q, Sum, When

from xingping.cases.models import Case, CaseTally, Kind
from xingping.orgs.models import Level


@dataclass(frozen=True)
class Spec:
    via: str  # "u": the handling unit; "s": the unit reported on
    kinds: tuple[str, ...]
    numerator: str  # a tally measure: replied, completed, met, handled
    denominator: str = "received"  # or "verified"
    named_petitions_only: bool = False


def credited_unit(field):
    """The unit a case counts for: a department's cases count for its parent."""
    return When_(When(**{f"{field}__level": Level.DEPARTMENT}, then=F(f"{field}__parent_id")), default=F(f"{field}_id"))


def rule(campaign, key):
    return (campaign.rules.get("targets") or {}).get(key) or {}


def spec_for(campaign, key: str) -> Spec:
    r = rule(campaign, key)
    if key == "complaint_reply_rate":
        kinds = r.get("kinds") or [Kind.COMPLAINT, Kind.REPORT, Kind.PETITION]
        return Spec("u", tuple(kinds), "replied", named_petitions_only=r.get("petitions_named_only", True))
    if key == "misconduct_reply_rate":
        return Spec("s", (Kind.MISCONDUCT,), "replied")
    if key == "misconduct_handling_rate":
        return Spec("s", (Kind.MISCONDUCT,), "handled", denominator="verified")
    if key in ("deputy_meeting_rate", "deputy_completion_rate"):
        kinds = r.get("kinds") or [Kind.SUGGESTION, Kind.PROPOSAL]
        return Spec("u", tuple(kinds), "met" if key == "deputy_meeting_rate" else "completed")
    raise KeyError(key)


def from_tallies(spec: Spec, *, campaign, as_of: datetime.date, units) -> dict[int, tuple[int, int]]:
    """The months before as_of's month, then its days up to as_of: one query of two index range
    reads joined by UNION ALL (an OR of the two would scan every row of `via`). The units asked
    for are picked out here, not in SQL: at province scale an `IN` of thousands of unit keys
    cost more to send and plan than the tally rows it filters."""
    wanted = {u.pk for u in units}
    month = as_of.replace(day=1)
    base = CaseTally.objects.filter(via=spec.via, kind__in=spec.kinds, year__gte=campaign.year,
                                    measure__in={"received", spec.numerator, spec.denominator})
    if spec.named_petitions_only:
        base = base.exclude(kind=Kind.PETITION, named=False)
    parts = [
        part.annotate(credit=credited_unit("unit")).order_by().values("credit")
        .annotate(num=Sum("n", filter=Q(measure=spec.numerator)), den=Sum("n", filter=Q(measure=spec.denominator)),
                  present=Sum("n", filter=Q(measure="received")))
        for part in (base.filter(span="m", day__lt=month), base.filter(span="d", day__gte=month, day__lte=as_of))
    ]
    totals: dict[int, list[int]] = {}
    for r in parts[0].union(parts[1], all=True):  # one query, each half an index range read
        if r["credit"] not in wanted:
            continue
        t = totals.setdefault(r["credit"], [0, 0, 0])
        t[0] += r["num"] or 0
        t[1] += r["den"] or 0
        t[2] += r["present"] or 0
    return {pk: (num, den) for pk, (num, den, present) in totals.items() if present}


STEP_FIELDS = {"replied": "replied_on", "completed": "completed_on", "met": "met_on", "handled": "handled_on"}


def population(spec: Spec, *, campaign, as_of: datetime.date):
    """The figure's definition over the cases (C4): (cases considered, the field whose unit they
    count for, numerator Q, denominator Q) — the reference count and the drill-down read it."""
    qs = Case.objects.filter(received_on__gte=datetime.date(campaign.year, 1, 1), received_on__lte=as_of,
                             kind__in=spec.kinds)
    if spec.named_petitions_only:
        qs = qs.exclude(kind=Kind.PETITION, named=False)
    denominator = Q()
    if spec.denominator == "verified":
        denominator = Q(verified=True) & (Q(verified_on__isnull=True) | Q(verified_on__lte=as_of))
    numerator = Q(**{f"{STEP_FIELDS[spec.numerator]}__lte": as_of})
    return qs, ("unit" if spec.via == "u" else "subject_unit"), numerator, denominator


def from_cases(spec: Spec, *, campaign, as_of: datetime.date, units) -> dict[int, tuple[int, int]]:
    """The reference: one grouped count over the cases received in the period."""
    qs, field, numerator, denominator = population(spec, campaign=campaign, as_of=as_of)
    wanted = {u.pk for u in units}
    rows = (
        qs.annotate(credit=credited_unit(field)).order_by().values("credit")
        .annotate(n=Count("pk", filter=denominator & numerator), d=Count("pk", filter=denominator))
    )
    return {r["credit"]: (r["n"], r["d"]) for r in rows if r["credit"] in wanted}


def pairs(campaign, as_of, units, key: str, *, reference: bool = False):
    engine = from_cases if reference else from_tallies
    return engine(spec_for(campaign, key), campaign=campaign, as_of=as_of, units=units)
