"""Demo: the city's evaluation set up from its rubric (ready to open) with a registered
evaluator panel in every category, and a county's own evaluation of its stations, open,
with three enterprise ballots (each rates two assigned stations) whose links `xingping
demo` prints. The demo tokens are derived from SECRET_KEY, so loading twice gives the
same data and the same links."""

import datetime
import hashlib
import hmac

from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from xingping.evaluation.services import category_units_set, evaluation_new
from xingping.evaluation.models import BallotToken, Evaluation, Evaluator, EvaluatorCategory
from xingping.evaluation.services import evaluation_open, evaluation_setup, hash_token
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


def load(ctx):
    campaign = ctx["campaign"]
    evaluation = evaluation_setup(actor=None, campaign=campaign)
    ctx["evaluation"] = evaluation
    _county(ctx, campaign)
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
