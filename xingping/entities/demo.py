"""Demo market entities and penalties: about 60 per station, a dozen supervised by each
county bureau and the city itself, some deregistered or revoked; penalties this year (and
a few last year, which the figures leave out). Idempotent: keyed on the credit code."""

import datetime
import random

from django.utils import timezone

from xingping.entities.models import EntityKind, EntityStatus, MarketEntity, Penalty
from xingping.entities.uscc import check_character

TRADES = ["商贸", "建材", "食品", "服饰", "电子", "物流", "餐饮", "五金", "农资", "汽修", "印务", "家居"]
PLACES = ["孝感", "孝南", "汉川", "应城", "槐荫", "书院", "新华", "城隍", "长江埠", "朱湖"]
SHOPS = ["便利店", "小吃店", "理发店", "五金店", "药店", "水果店", "粮油店", "服装店", "手机店", "早餐店"]
SURNAMES = "王李张刘陈杨黄赵周吴徐孙胡朱高林何郭马罗"


def demo_uscc(n):
    body = f"91420900MA{n:07d}"
    return body + check_character(body)


def load(ctx):
    units, users = ctx["units"], ctx["users"]
    if MarketEntity.objects.filter(uscc=demo_uscc(1)).exists():
        ctx["entities"] = list(MarketEntity.objects.filter(uscc__startswith="91420900MA").order_by("uscc"))
        return
    rng = random.Random(2026)
    today = timezone.localdate()
    rows, n = [], 0

    def add(unit, kind, responsible, status=EntityStatus.ACTIVE, registered_on=None):
        nonlocal n
        n += 1
        if kind == EntityKind.ENTERPRISE:
            name = f"{rng.choice(PLACES)}市{rng.choice(PLACES)}{rng.choice(TRADES)}有限公司{n:03d}"
        else:
            name = f"{rng.choice(PLACES)}{rng.choice(SURNAMES)}记{rng.choice(SHOPS)}{n:03d}"
        reg = registered_on or datetime.date(rng.randint(2003, 2024), rng.randint(1, 12), rng.randint(1, 28))
        dereg = None
        if status != EntityStatus.ACTIVE:
            dereg = today - datetime.timedelta(days=rng.randint(20, 400))
        rows.append(MarketEntity(uscc=demo_uscc(n), name=name, kind=kind, status=status, unit=unit,
                                 responsible=responsible, registered_on=reg, deregistered_on=dereg,
                                 phone=f"1{rng.randint(3, 8)}{rng.randint(100000000, 999999999)}",
                                 address=f"{unit.name}辖区{rng.randint(1, 300)}号"))

    for station in units["stations"]:
        s = station.code.lower()
        staff = [users[f"{s}_staff"], users[f"{s}_staff2"]]
        for i in range(60):
            kind = EntityKind.INDIVIDUAL if i % 4 == 3 else EntityKind.ENTERPRISE
            status = EntityStatus.ACTIVE
            if i in (7, 23):
                status = EntityStatus.DEREGISTERED
            elif i == 41:
                status = EntityStatus.REVOKED
            registered = today - datetime.timedelta(days=10) if i == 55 else None  # registered after its visit
            add(station, kind, staff[i % 2], status, registered)
    for county in units["counties"]:
        staff = users[f"{county.code.lower()}_staff"]
        for i in range(12):
            add(county, EntityKind.ENTERPRISE, staff)
    for i in range(8):
        add(units["city"], EntityKind.ENTERPRISE, users.get("xg_sck_staff"))
    MarketEntity.objects.bulk_create(rows)
    entities = list(MarketEntity.objects.filter(uscc__startswith="91420900MA").select_related("unit").order_by("uscc"))
    ctx["entities"] = entities

    year = ctx["campaign"].year
    pens, k = [], 0
    fgk = units["departments"]["XG-FGK"]
    for e in entities:
        if e.pk % 9 != 0:
            continue
        k += 1
        decided_unit = fgk if k % 10 == 0 else (e.unit if e.unit.level != "city" else fgk)
        if k % 12 == 5:
            decided = datetime.date(year - 1, 11, rng.randint(1, 28))  # last year: not counted
        else:
            decided = min(datetime.date(year, rng.randint(1, 8), rng.randint(1, 28)), today - datetime.timedelta(days=5))
        pens.append(Penalty(case_no=f"孝工商处字〔{decided.year}〕{k:03d}号", entity=e, unit=decided_unit, decided_on=decided))
    Penalty.objects.bulk_create(pens)
