"""Demo: the campaign's evaluation set up from its rubric (ready to open) and a
registered evaluator panel in every category."""

import datetime

from xingping.evaluation.models import Evaluator, EvaluatorCategory
from xingping.evaluation.services import evaluation_setup

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
