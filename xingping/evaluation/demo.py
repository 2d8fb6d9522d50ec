"""Demo: the city's evaluation set up from its rubric (ready to open) with a registered
evaluator panel in every category, and a county's own evaluation of its stations, open,
with three enterprise ballots (each rates two assigned stations) whose links `xingping
demo` prints. Last year's city evaluation is closed with results: the office chose its
units (county bureaus, the branch, the city's departments), evaluators cast ballots
through `ballot_cast` (a few 不了解; one department most evaluators do not know, so it has
too few answers for a rank), and voting closed through `evaluation_close`. The demo tokens are derived from SECRET_KEY, so loading twice gives the
same data and the same links."""

import datetime
import hashlib
import hmac
import random

from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from xingping.evaluation.services import (
    ballot_cast, category_units_set, evaluated_units_set, evaluation_close, evaluation_new, evaluation_open,
    evaluation_setup, hash_token, tokens_issue,
)
from xingping.evaluation.models import BallotToken, Evaluation, EvaluationState, Evaluator, EvaluatorCategory
from xingping.orgs.models import Level, OrgUnit

DEMO_TOKENS = 3

PANEL = [
    (EvaluatorCategory.REPRESENTATIVE, ["陈志刚", "刘红霞", "王建华", "张丽娟", "李明远", "赵国强"], "行评代表"),
    (EvaluatorCategory.NPC_DEPUTY, ["周文斌", "吴秀兰", "郑海涛"], "市人大代表"),
    (EvaluatorCategory.CPPCC_MEMBER, ["孙立平", "胡晓燕", "朱建军"], "市政协委员"),
    (EvaluatorCategory.MONITOR, ["高德明", "林淑芬", "何志勇", "郭春梅", "马卫东"], "特邀行风监督员"),
    (EvaluatorCategory.ENTERPRISE, ["罗永红", "梁国庆", "宋玉兰", "谢振华", "韩雪梅"], "孝感某企业"),
    (EvaluatorCategory.CITIZEN, ["唐建国", "冯丽萍", "于海波", "董春燕", "萧文杰"], "群众代表"),
]


# Last year's ballots: how many per category, and each unit's share of 满意 (the rest
# 基本满意 and a little 不满意); the unit few evaluators know (too few answers for a rank).
PAST_BALLOTS = {EvaluatorCategory.REPRESENTATIVE: 8, EvaluatorCategory.NPC_DEPUTY: 4, EvaluatorCategory.CPPCC_MEMBER: 4,
                EvaluatorCategory.MONITOR: 4, EvaluatorCategory.ENTERPRISE: 6, EvaluatorCategory.CITIZEN: 6}
PAST_SATISFIED = {"XN": 0.9, "HC": 0.72, "YC": 0.55, "KFQ": 0.8, "XG-BGS": 0.85, "XG-FGK": 0.75, "XG-GTK": 0.62,
                  "XG-SCK": 0.45, "XG-XBK": 0.88}
LITTLE_KNOWN = "XG-JJZ"
LITTLE_KNOWN_ANSWERS = 6  # fewer than the answered minimum (10)


def load(ctx):
    campaign = ctx["campaign"]
    evaluation = evaluation_setup(actor=None, campaign=campaign)
    ctx["evaluation"] = evaluation
    _county(ctx, campaign)
    if ctx.get("previous_campaign") is not None:
        closed = ctx["closed_evaluation"] = _closed_last_year(ctx["previous_campaign"])
        ctx.setdefault("links", []).append((f"Results of {closed.campaign.year} (closed evaluation)",
                                            reverse("evaluation:results", args=[closed.campaign.slug])))
    if evaluation.evaluators.exists():
        return  # idempotent
    people = [(category, name, org) for category, names, org in PANEL for name in names]
    Evaluator.objects.bulk_create([
        Evaluator(evaluation=evaluation, name=name, category=category, organisation=org, phone=f"1387120{n:04d}")
        for n, (category, name, org) in enumerate(people, start=1)
    ])
    phase = campaign.phases.order_by("-order").first()
    evaluation.meeting_place = "市局七楼会议室"
    evaluation.meeting_on = phase.starts_on + datetime.timedelta(days=14) if phase else None
    evaluation.save(update_fields=["meeting_place", "meeting_on", "updated_at"])


def _demo_token(n):
    return hmac.new(settings.SECRET_KEY.encode(), f"xingping-demo-ballot-{n}".encode(), hashlib.sha256).hexdigest()[:27]


def _county(ctx, campaign):
    """The first county with at least two stations holds its own evaluation."""
    county = (OrgUnit.objects.filter(level=Level.COUNTY)
              .annotate(n=Count("children", filter=Q(children__level=Level.STATION))).filter(n__gte=2)
              .order_by("sort_order", "path").first())
    if county is None:
        return
    evaluation = Evaluation.objects.filter(campaign=campaign, holder=county).first()
    if evaluation is None:
        evaluation = evaluation_new(actor=None, campaign=campaign, holder=county)
        stations = [eu.unit for eu in evaluation.units.select_related("unit")[:2]]
        evaluation = category_units_set(actor=None, evaluation=evaluation, category=EvaluatorCategory.ENTERPRISE,
                                        units=stations)
        evaluation.meeting_place = f"{county.name}三楼会议室"
        evaluation.save(update_fields=["meeting_place", "updated_at"])
        evaluation = evaluation_open(actor=None, evaluation=evaluation)
        codes = evaluation.category_units["enterprise"]
        units = sorted(evaluation.units.filter(unit__code__in=codes).values_list("unit_id", flat=True))
        BallotToken.objects.bulk_create([
            BallotToken(evaluation=evaluation, category=EvaluatorCategory.ENTERPRISE, token_hash=hash_token(_demo_token(n)),
                        issued_on=timezone.localdate(), units=units)
            for n in range(1, DEMO_TOKENS + 1)
        ])
    ctx["county_evaluation"] = evaluation
    links = ctx.setdefault("links", [])
    for n in range(1, DEMO_TOKENS + 1):
        links.append((f"Ballot {n} ({county.name}, enterprise representative)",
                      reverse("evaluation:ballot-page", args=[_demo_token(n)])))


def _closed_last_year(campaign):
    """The city's evaluation of last year's campaign, closed with honest results."""
    evaluation = evaluation_setup(actor=None, campaign=campaign)
    if evaluation.state == EvaluationState.CLOSED:
        return evaluation  # idempotent
    root = evaluation.holder
    if evaluation.is_draft:
        units = list(OrgUnit.objects.filter(parent=root, retired_on__isnull=True))
        evaluated_units_set(actor=None, evaluation=evaluation, units=units)
        last = campaign.phases.order_by("-order").first()
        evaluation.meeting_place = "市局七楼会议室"
        evaluation.meeting_on = last.starts_on + datetime.timedelta(days=14) if last else None
        evaluation.save(update_fields=["meeting_place", "meeting_on", "updated_at"])
        evaluation = evaluation_open(actor=None, evaluation=evaluation)
    items = list(evaluation.items.order_by("area__order", "order").values_list("code", flat=True))
    units = list(evaluation.units.values_list("unit__code", flat=True))
    rng = random.Random(f"{campaign.year}-evaluation")
    n = 0
    for category, count in PAST_BALLOTS.items():
        for _evaluator, _category, token in tokens_issue(actor=None, evaluation=evaluation, count=count, category=category):
            n += 1
            ballot_cast(token=token, scores={code: _answers(rng, code, items, n) for code in units})
    return evaluation_close(actor=None, evaluation=evaluation)


def _answers(rng, code, items, n):
    """One evaluator's answers for one unit: 3 满意, 2 基本满意, 1 不满意, 9 不了解."""
    if code == LITTLE_KNOWN and n > LITTLE_KNOWN_ANSWERS:
        return {item: 9 for item in items}
    satisfied = PAST_SATISFIED.get(code, 0.7)
    out = {}
    for item in items:
        roll = rng.random()
        out[item] = 9 if roll < 0.04 else 3 if roll < satisfied else 2 if roll < satisfied + (1 - satisfied) * 0.7 else 1
    return out
