"""Demo: a disclosure catalogue of 15 items for every evaluated unit, some disclosed on time,
some late, some still missing, some on request (idempotent)."""

import datetime
import random

from django.utils import timezone

from xingping.disclosure.models import CatalogueItem, Channel, Mode
from xingping.disclosure.services import item_save

PREFIX = "DEMO-"
# (事项, 二级事项, 公开内容要素, 依据, 渠道, 公开方式)
ITEMS = [
    ("机构职能", "机构设置及职能", "机构名称、职能、内设机构、负责人、办公地址、联系电话", "《政府信息公开条例》第二十条", Channel.WEB, Mode.PROACTIVE),
    ("权责清单", "行政许可事项", "事项名称、设定依据、办理流程、办理时限、收费标准", "《行政许可法》第三十条", Channel.BOARD, Mode.PROACTIVE),
    ("行政许可", "许可结果", "许可决定书文号、被许可人、许可内容、决定日期", "《行政许可法》第四十条", Channel.WEB, Mode.PROACTIVE),
    ("行政处罚", "处罚结果", "处罚决定书文号、违法事实、处罚依据、处罚内容", "《行政处罚法》第四十八条", Channel.WEB, Mode.PROACTIVE),
    ("行政收费", "收费项目及标准", "收费项目、标准、依据、减免政策", "《政府信息公开条例》第二十条", Channel.BOARD, Mode.PROACTIVE),
    ("服务承诺", "办事指南", "办理条件、所需材料、办理流程、承诺时限", "本局服务承诺制度", Channel.SCREEN, Mode.PROACTIVE),
    ("投诉举报", "投诉热线及处理流程", "投诉电话、受理范围、处理时限", "《市场监督管理投诉举报处理暂行办法》", Channel.BOARD, Mode.PROACTIVE),
    ("双随机抽查", "抽查计划及结果", "抽查事项、抽查对象、抽查结果、处理情况", "国发〔2019〕5号", Channel.WEB, Mode.PROACTIVE),
    ("行风评议", "评议方案及进展", "评议方案、阶段安排、整改情况", "本年度民主评议政风行风实施方案", Channel.BOARD, Mode.PROACTIVE),
    ("人事信息", "招录及任免", "招录公告、拟任人选公示", "《公务员法》", Channel.WEB, Mode.PROACTIVE),
    ("财政信息", "部门预决算", "部门预算、决算及说明、三公经费", "《预算法》第十四条", Channel.WEB, Mode.PROACTIVE),
    ("建议提案", "办理结果", "人大代表建议、政协委员提案办理复文", "《政府信息公开条例》第二十条", Channel.WEB, Mode.PROACTIVE),
    ("消费警示", "消费提示", "消费警示、典型案例", "《消费者权益保护法》", Channel.SCREEN, Mode.PROACTIVE),
    ("内部管理", "内部管理制度", "内部管理制度文本", "《政府信息公开条例》第二十七条", Channel.OTHER, Mode.ON_REQUEST),
    ("执法监督", "执法监督情况", "执法检查记录、案卷评查情况", "《政府信息公开条例》第二十七条", Channel.OTHER, Mode.ON_REQUEST),
]


def load(ctx):
    if CatalogueItem.objects.filter(code__startswith=PREFIX).exists():
        return
    units = ctx["units"]
    targets = [units["city"], *units["counties"], *units["stations"]]
    rng = random.Random(8)
    today = timezone.localdate()
    for unit in targets:
        for i, (title, subtitle, elements, basis, channel, mode) in enumerate(ITEMS, 1):
            created = today - datetime.timedelta(days=rng.randint(5, 120))
            item = item_save(actor=None, item=CatalogueItem(
                code=f"{PREFIX}{unit.code}-{i:02d}", unit=unit, title=title, subtitle=subtitle, elements=elements,
                basis=basis, time_limit="信息形成或变更之日起20个工作日内", responsible_office="办公室", channel=channel,
                mode=mode, created_on=created if mode == Mode.PROACTIVE else None))
            if mode != Mode.PROACTIVE or item.due_on is None:
                continue
            roll = rng.random()
            if roll < 0.65:  # on time
                disclosed = created + datetime.timedelta(days=rng.randint(1, max(1, (item.due_on - created).days)))
            elif roll < 0.8 and item.due_on < today:  # late
                disclosed = min(today, item.due_on + datetime.timedelta(days=rng.randint(1, 15)))
            else:  # missing (or not yet due)
                continue
            item.disclosed_on = min(disclosed, today)
            item_save(actor=None, item=item)
