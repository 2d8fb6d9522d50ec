"""Demo publicity (idempotent): a hotline for every unit that has none (stations too),
service commitments for every unit, two open letters, and news items in every state:
draft, submitted, returned, scheduled, published, expired and revised."""

import datetime

from django.utils import timezone

from xingping.orgs.models import Level, OrgUnit
from xingping.publicity.models import Category, Kind, Publication, PublicationVersion, ServiceCommitment, State

COMMITMENTS = {
    Level.CITY: [
        ("企业名称预先核准", "1个工作日", "材料齐全、符合法定形式的，当场或1个工作日内核准。", "《企业名称登记管理规定》"),
        ("企业设立登记", "3个工作日", "材料齐全的，3个工作日内作出准予登记决定并发照。", "《公司登记管理条例》"),
        ("消费投诉处理", "7个工作日受理", "接到投诉7个工作日内告知是否受理，受理后及时调解。", "《工商行政管理部门处理消费者投诉办法》"),
    ],
    Level.COUNTY: [
        ("个体工商户登记", "当场办结", "材料齐全、符合法定形式的，当场登记发照。", "《个体工商户条例》"),
        ("企业变更登记", "3个工作日", "材料齐全的，3个工作日内办结。", "《公司登记管理条例》"),
        ("消费投诉处理", "7个工作日受理", "接到投诉7个工作日内告知是否受理。", "《工商行政管理部门处理消费者投诉办法》"),
    ],
    Level.BRANCH: [
        ("企业年度报告指导", "即时", "窗口和电话即时解答年报填报问题。", "《企业信息公示暂行条例》"),
        ("消费投诉处理", "7个工作日受理", "接到投诉7个工作日内告知是否受理。", "《工商行政管理部门处理消费者投诉办法》"),
    ],
    Level.STATION: [
        ("个体工商户登记", "当场办结", "材料齐全的当场登记发照，上门服务预约次日办理。", "《个体工商户条例》"),
        ("消费纠纷调解", "3个工作日", "辖区内消费纠纷3个工作日内上门调解。", "《消费者权益保护法》"),
    ],
}

LETTERS = [
    ("XG", "致全市广大市场主体和消费者的一封公开信",
     "为进一步转变作风、优化发展环境，全市工商系统开展民主评议政风行风工作。\n"
     "欢迎社会各界通过投诉热线0712-12315、来信来访和网上投诉，对我们的工作提出意见和建议。"),
    ("XN", "孝南区工商局致辖区个体工商户的公开信",
     "我局公开服务承诺，接受社会监督。请您对窗口服务、执法行为中的不正之风及时反映。"),
]

# (unit code, title, category, status)
NEWS = [
    ("XG", "全市工商系统召开民主评议政风行风动员大会", Category.ACTIVITY, "published"),
    ("XN", "孝南区局开展“进企业、访民情”走访活动", Category.ACTIVITY, "revised"),
    ("HC", "汉川市局推行“一站式”登记服务的做法", Category.EXPERIENCE, "published"),
    ("XN01", "书院工商所耐心调解一起消费纠纷获群众点赞", Category.EXEMPLARY, "scheduled"),
    ("YC", "应城市局评议工作阶段小结", Category.ACTIVITY, "expired"),
    ("KFQ", "开发区分局走访企业座谈会（草稿）", Category.ACTIVITY, "draft"),
    ("XN02", "新华工商所窗口服务改进措施", Category.EXPERIENCE, "submitted"),
    ("HC01", "城隍工商所典型案例（待修改）", Category.EXEMPLARY, "returned"),
]


def _hotlines():
    """Fill empty hotlines: a station gets its county's exchange with its own number."""
    for i, unit in enumerate(OrgUnit.objects.exclude(level=Level.DEPARTMENT).filter(hotline="").order_by("path"), 1):
        unit.hotline = f"0712-{(2600000 + 1315 * i) % 10000000:07d}"
        unit.save(update_fields=["hotline"])


def _commitments():
    for unit in OrgUnit.objects.exclude(level=Level.DEPARTMENT).order_by("path"):
        for order, (service, promised, content, basis) in enumerate(COMMITMENTS.get(unit.level, []), start=1):
            ServiceCommitment.objects.get_or_create(unit=unit, service=service, defaults=dict(
                promised_time=promised, content=content, basis=basis, sort_order=order))


def _item(unit, kind, title, body, category, status, users, now):
    if Publication.objects.filter(unit=unit, title=title).exists():
        return
    author = users.get(f"{unit.code.lower()}_staff") or users.get("office")
    leader = users.get(f"{unit.code.lower()}_leader") or users.get("city_leader")
    office = users.get("office")
    item = Publication(unit=unit, kind=kind, title=title, body=body, category=category, author=author)
    day = datetime.timedelta(days=1)
    if status != "draft":
        item.state, item.submitted_at, item.submitted_by = State.SUBMITTED, now - 3 * day, leader
    if status == "returned":
        item.state, item.return_reason = State.RETURNED, "请补充事例的具体时间、地点和群众评价。"
        item.reviewed_at, item.reviewed_by = now - 2 * day, office
    if status in ("published", "revised", "scheduled", "expired"):
        item.state, item.reviewed_at, item.reviewed_by = State.PUBLISHED, now - 2 * day, office
        item.publish_at = {"scheduled": now + 2 * day, "expired": now - 20 * day}.get(status, now - 2 * day)
        if status == "expired":
            item.expires_at = now - 5 * day
    if status == "revised":
        item.version, item.revised_at = 2, now - day
    item.save()
    if status == "revised":
        PublicationVersion.objects.create(publication=item, number=1, title=title, body=body + "（初稿）",
                                          valid_from=item.publish_at, replaced_at=item.revised_at, replaced_by=office)


def load(ctx):
    users = ctx.get("users", {})
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    _hotlines()
    _commitments()
    units = {u.code: u for u in OrgUnit.objects.all()}
    for code, title, body in LETTERS:
        if code in units:
            _item(units[code], Kind.LETTER, title, body, "", "published", users, now)
    for code, title, category, status in NEWS:
        if code in units:
            body = f"{units[code].name}围绕民主评议政风行风工作，{title}。"
            _item(units[code], Kind.NEWS, title, body, category, status, users, now)
