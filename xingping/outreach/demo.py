"""Demo visits, return visits, liaison records, a verification sample with outcomes, and
records that trip each automatic flag — so that every outreach and figures screen shows real
numbers. Idempotent: nothing is added once the demo campaign has visits."""

import datetime
import random

from django.utils import timezone

from xingping.entities.models import EntityStatus, MarketEntity, Penalty
from xingping.outreach.models import (
    DIMENSION_FIELDS, LiaisonKind, LiaisonRecord, Verification, Visit, VisitCheck, VisitKind,
)

OPINIONS = ["办事窗口排队时间长，希望增加人手。", "检查次数偏多，影响正常经营。", "希望政策宣传更及时。",
            "个别执法人员态度生硬。", "收费标准不够公开。"]
SUGGESTIONS = ["建议推行网上办理。", "建议一次性告知所需材料。", "建议定期上门宣讲政策。"]
HELP = {LiaisonKind.GOOD_DEED: "帮助办理年报公示", LiaisonKind.DIFFICULTY: "协调解决商标注册难题",
        LiaisonKind.PRACTICAL: "上门指导办理营业执照变更"}


def _answers(rng, bad=False):
    if bad:
        return {n: rng.choice([1, 2, 3, 4]) for n in DIMENSION_FIELDS}
    return {n: rng.choice([5, 5, 4, 4, 4, 3]) for n in DIMENSION_FIELDS}


def load(ctx):
    campaign, users = ctx["campaign"], ctx["users"]
    if Visit.objects.filter(visited_on__gte=campaign.first_day).exists():
        return
    rng = random.Random(6)
    today = timezone.localdate()
    start = campaign.first_day
    span = max((today - start).days, 1)
    now = timezone.now()
    entities = list(MarketEntity.objects.filter(uscc__startswith="91420900MA").select_related("unit", "responsible"))
    visits = []
    keys = set()

    def add(entity, visitor, day, kind=VisitKind.VISIT, method="onsite", bad=False, delay=None, verification=""):
        key = (entity.pk, visitor.pk, day, kind)
        if key in keys or visitor.unit_id is None:
            return None
        keys.add(key)
        delay = rng.choice([0, 0, 0, 1, 2]) if delay is None else delay
        answers = _answers(rng, bad)
        v = Visit(entity=entity, visitor=visitor, unit=visitor.unit.acting_unit, visited_on=day, kind=kind,
                  method=method, opinions=rng.choice(OPINIONS) if bad else "",
                  suggestions=rng.choice(SUGGESTIONS) if rng.random() < 0.2 else "", verification=verification,
                  entered_by=visitor, entered_at=now - datetime.timedelta(days=(today - day).days - delay),
                  entry_delay=delay, **answers)
        visits.append(v)
        return v

    for i, e in enumerate(entities):
        if e.unit.level == "station":
            share = 0.9 if e.unit.code.endswith("01") else 0.6 + 0.05 * (i % 5)
        else:
            share = 0.7
        if e.status != EntityStatus.ACTIVE and rng.random() < 0.9:
            continue
        if e.responsible and rng.random() < share:
            day = start + datetime.timedelta(days=rng.randrange(span))
            method = "onsite" if rng.random() < 0.88 else rng.choice(["phone", "letter", "email"])
            add(e, e.responsible, day, method=method, bad=rng.random() < 0.06)
        parent = e.unit.parent if e.unit.level == "station" else None
        if parent is not None and e.kind == "enterprise" and rng.random() < 0.9:
            add(e, users[f"{parent.code.lower()}_staff"], start + datetime.timedelta(days=rng.randrange(span)))
        if e.kind == "enterprise" and rng.random() < 0.12:
            add(e, users["xg_sck_staff"], start + datetime.timedelta(days=rng.randrange(span)))  # a city department

    # Return visits after this year's penalties, by the deciding unit's own staff.
    for p in Penalty.objects.select_related("entity", "unit").filter(decided_on__year=campaign.year):
        if p.entity.status != EntityStatus.ACTIVE or rng.random() < 0.25:
            continue
        acting = p.unit.acting_unit
        username = "xg_fgk_staff" if p.unit.level == "department" else (
            f"{acting.code.lower()}_staff" if acting.level != "city" else "xg_fgk_staff")
        day = min(p.decided_on + datetime.timedelta(days=rng.randint(3, 40)), today)
        v = add(p.entity, users[username], day, kind=VisitKind.RETURN)
        if v is not None:
            v._penalty = p

    # Flags: one person entering 32 visits for one day; a visit before registration; late and future entries.
    busy = users["xn02_staff"]
    busy_day = start + datetime.timedelta(days=min(20, span - 1))
    for e in [e for e in entities if e.unit.code == "XN02"][:32]:
        add(e, busy, busy_day, delay=0)
    newcomer = next(e for e in entities if e.registered_on and e.registered_on > start)
    add(newcomer, newcomer.responsible, start + datetime.timedelta(days=3))
    late = [e for e in entities if e.unit.code == "HC02"][:5]
    for e in late:
        add(e, users["hc02_staff2"], start + datetime.timedelta(days=2), delay=15)
    add(entities[5], users["xn01_staff2"], today - datetime.timedelta(days=1), delay=-3)

    Visit.objects.bulk_create(visits)
    links = []
    for v in visits:
        if getattr(v, "_penalty", None) is not None:
            links.append(Visit.penalties.through(visit_id=v.pk, penalty_id=v._penalty.pk))
    Visit.penalties.through.objects.bulk_create(links)

    # A verification sample with outcomes (as `xingping sample-visits --rate 0.05 --seed demo` draws).
    from xingping.outreach.services import visits_sample

    checks = visits_sample(actor=None, campaign=campaign, rate=0.05, seed="demo")
    office = users["office"]
    outcomes = [Verification.CONFIRMED] * 6 + [Verification.UNREACHABLE, Verification.NOT_CONFIRMED]
    for i, c in enumerate(checks[: len(checks) * 2 // 3]):
        outcome = outcomes[i % len(outcomes)]
        VisitCheck.objects.filter(pk=c.pk).update(outcome=outcome, checked_by=office, checked_at=now)
        Visit.objects.filter(pk=c.visit_id).update(verification=outcome)

    records = []
    for i, e in enumerate(entities[::15]):
        if e.responsible is None:
            continue
        kind = list(LiaisonKind)[i % 3]
        records.append(LiaisonRecord(entity=e, unit=e.responsible.unit.acting_unit, staff=e.responsible, kind=kind,
                                     done_on=start + datetime.timedelta(days=rng.randrange(span)),
                                     description=HELP[kind]))
    LiaisonRecord.objects.bulk_create(records)
