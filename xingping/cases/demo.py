"""Demo cases: every kind in every state of its workflow, some overdue, a pending
extension, deputies' solicitations and meetings, and one case with a known tracking code
(DEMO-CASE-0000-0001) for the public lookup. Requests for disclosure in every state (待补正
included) with art. 36 reply types, one supplemented (clock restarted), one extended once
with a leader's approval and one with third-party consultation days. Idempotent: loads once."""

import datetime
import random

from django.utils import timezone

from xingping.cases import deadlines
from xingping.cases.models import (
    DEPUTY_KINDS,
    Case,
    CaseEvent,
    CaseRequest,
    Channel,
    DeputyKind,
    DeputyMeeting,
    DisclosureReply,
    Kind,
    Outcome,
    ReplyMethod,
    RequestKind,
    RequestStatus,
    Solicitation,
    Status,
)
from xingping.cases.services import misconduct_route
from xingping.cases.workflows import TABLES
from xingping.core.calendar import add_period

DEMO_TRACKING_CODE = "DEMO-CASE-0000-0001"
PREFIX = "DEMO-"
TITLES = {
    Kind.COMPLAINT: ["网购商品质量投诉", "预付卡退费纠纷", "装修合同违约投诉", "超市价格欺诈"],
    Kind.REPORT: ["无照经营举报", "虚假广告举报", "销售过期食品举报"],
    Kind.PETITION: ["市场摊位调整信访", "个体户登记遗留问题"],
    Kind.MISCONDUCT: ["办事窗口态度生硬", "吃拿卡要问题反映", "执法不规范反映"],
    Kind.SUGGESTION: ["关于优化个体工商户登记流程的建议", "关于加强农村市场监管的建议"],
    Kind.PROPOSAL: ["关于规范校园周边经营秩序的提案", "关于推进“证照分离”改革的提案"],
    Kind.MEETING_QUESTION: ["评议会提问：企业年报填报指导", "评议会提问：窗口午间服务"],
    Kind.DISCLOSURE_REQUEST: ["申请公开某企业行政处罚决定书", "申请公开2026年双随机抽查结果", "申请公开本所收费依据"],
}
PEOPLE = [("张伟", "13871234567"), ("李娜", "13907125566"), ("王芳", "15927001234"), ("刘洋", "18672345678")]
DEPUTIES = ["人大代表 陈国强", "人大代表 周晓梅", "政协委员 吴建新", "政协委员 郑丽"]


def _states(kind):
    table = TABLES[kind]
    return sorted(set(table) | {t for targets in table.values() for t in targets})


def _fill(case, state, today, rng, handler):
    """Set the fields a case in `state` would have."""
    r = case.received_on
    span = max((today - r).days, 1)
    step = lambda k: min(r + datetime.timedelta(days=max(1, span * k // 10)), today)  # noqa: E731
    if state not in (Status.RECEIVED, Status.SUPPLEMENT):
        case.accepted_on = step(1)
    if state == Status.SUPPLEMENT:  # sent back to the applicant: the reply clock is stopped
        case.supplement_asked_on = step(1)
    if state in (Status.ASSIGNED, Status.VERIFIED, Status.HANDLED, Status.REPLIED, Status.CLOSED):
        case.handler = handler
    if state in (Status.VERIFIED, Status.HANDLED, Status.REPLIED, Status.CLOSED) and case.kind in (Kind.REPORT, Kind.MISCONDUCT):
        case.verified = state == Status.HANDLED or rng.random() < 0.6
        case.verified_on = step(4)
        if case.verified and state != Status.VERIFIED:
            case.handled_on = step(6)
    if state in (Status.REPLIED, Status.CLOSED, Status.REJECTED):
        case.replied_on = step(8)
        case.reply_method = rng.choice(ReplyMethod.values)
        case.reply_content = "经调查核实，已依法处理，并向您反馈办理结果。感谢您的监督。" if state != Status.REJECTED else "不属于本局管辖，已告知向有关部门反映。"
    if case.kind == Kind.DISCLOSURE_REQUEST and state in (Status.REPLIED, Status.CLOSED):
        case.disclosure_reply = rng.choice(DisclosureReply.values)
        case.reply_content = "经查，现将您申请的政府信息答复如下，详见书面告知书。"
    if state == Status.CLOSED:
        case.completed_on = step(9)
        if case.kind in DEPUTY_KINDS:
            case.outcome = rng.choice(Outcome.values)
    if case.kind in DEPUTY_KINDS and state in (Status.ASSIGNED, Status.REPLIED, Status.CLOSED):
        case.met_on = step(5)
    case.status = state


def _disclosure_clocks(cases, users, cal, rules, today):
    """Three open requests for disclosure whose clock moved: one supplemented (补正: restarted
    from the day the supplement arrived), one extended once by 20 working days with the unit
    leader's approval (art. 33), one with 10 working days of third-party consultation (art. 32)."""
    open_requests = [c for c in cases if c.kind == Kind.DISCLOSURE_REQUEST and c.status in (Status.ACCEPTED, Status.ASSIGNED)]
    if len(open_requests) < 3:
        return
    supplemented, extended, consulted = open_requests[:3]
    events = []
    asked = supplemented.received_on + datetime.timedelta(days=2)
    supplemented.supplement_asked_on = asked
    supplemented.supplemented_on = min(asked + datetime.timedelta(days=5), today)
    supplemented.accepted_on = supplemented.supplemented_on
    events.append(CaseEvent(case=supplemented, actor_name="演示", action=Status.SUPPLEMENT, from_status=Status.RECEIVED,
                            to_status=Status.SUPPLEMENT, reason="请补充所需信息的名称、文号或便于查询的其他特征性描述"))
    requester = users.get(f"{extended.unit.code.lower()}_staff") or users.get("office")
    leader = users.get(f"{extended.unit.code.lower()}_leader") or users.get("office")
    deadlines.compute(extended, cal, rules)
    extended.extended_wd = 20
    if requester is not None and leader is not None:
        CaseRequest.objects.create(case=extended, kind=RequestKind.EXTENSION, requested_by=requester, decided_by=leader,
                                   status=RequestStatus.APPROVED, decided_at=timezone.now(),
                                   new_due_on=cal.add_working_days(extended.due_on, 20),
                                   reason="申请公开的信息量大，需调取档案，申请延长答复期限")
    events.append(CaseEvent(case=extended, actor_name="演示", action="extension-approved", from_status=extended.status,
                            to_status=extended.status, reason="同意延长答复期限 20 个工作日"))
    consulted.consult_wd = 10
    events.append(CaseEvent(case=consulted, actor_name="演示", action="consult", from_status=consulted.status,
                            to_status=consulted.status, reason="申请公开的信息涉及第三方商业秘密，书面征求第三方意见"))
    for case in (supplemented, extended, consulted):
        deadlines.compute(case, cal, rules)
        case.save()
    CaseEvent.objects.bulk_create(events)


def demo_id_number(n):
    """A well-formed (check character right) but invented resident ID number."""
    from xingping.cases.privacy import ID_CHECK, ID_WEIGHTS

    body = f"4209021980{n % 12 + 1:02d}{n % 28 + 1:02d}{n % 1000:03d}"
    return body + ID_CHECK[sum(int(d) * w for d, w in zip(body, ID_WEIGHTS)) % 11]


def load(ctx):
    if Case.objects.filter(number__startswith=PREFIX).exists():
        return
    rng = random.Random(2026)
    today = timezone.localdate()
    units, users = ctx["units"], ctx["users"]
    stations = units["stations"]
    counties = units["counties"]
    campaign = ctx.get("campaign")
    cal = deadlines.get_calendar()
    rules = deadlines.rules_for(campaign)
    cases = []
    n = 0
    for kind, _label in Kind.choices:
        for state in _states(kind):
            for copy in range(3):
                n += 1
                if kind in DEPUTY_KINDS:
                    unit = [units["city"], *counties][(n + copy) % (1 + len(counties))]
                else:
                    unit = stations[(n * 3 + copy) % len(stations)]
                subject = None
                if kind == Kind.MISCONDUCT:
                    subject = unit if copy else counties[n % len(counties)]
                    unit = misconduct_route(subject)
                # open cases: a third received long ago (overdue), the rest recently
                age = rng.choice([70, 95, 120]) if copy == 0 else rng.randint(2, 40)
                received = today - datetime.timedelta(days=age)
                name, phone = PEOPLE[n % len(PEOPLE)]
                named = kind in DEPUTY_KINDS or n % 5 != 0
                case = Case(
                    number=f"{PREFIX}{kind[:3].upper()}-{n:04d}", kind=kind, unit=unit, subject_unit=subject,
                    received_on=received, campaign=campaign, named=named,
                    channel=Channel.MEETING if kind == Kind.MEETING_QUESTION else rng.choice(
                        [Channel.C12315, Channel.HOTLINE, Channel.WEB, Channel.LETTER, Channel.VISIT]),
                    title=rng.choice(TITLES[kind]), content="（演示数据）" + rng.choice(TITLES[kind]) + "，请依法处理。",
                    complainant_name=name if named and kind not in DEPUTY_KINDS else "",
                    complainant_phone=phone if named and kind not in DEPUTY_KINDS else "",
                    complainant_id_number=demo_id_number(n) if named and kind == Kind.COMPLAINT and n % 3 == 1 else "",
                    deputy_name=DEPUTIES[n % len(DEPUTIES)] if kind in DEPUTY_KINDS else "",
                    accused_name="某工作人员" if kind == Kind.MISCONDUCT else "",
                )
                staff = users.get(f"{unit.code.lower()}_staff") or users.get("office")
                if kind == Kind.MISCONDUCT:
                    staff = users.get(f"{unit.code.lower()}_inspector") or users.get("inspector")
                _fill(case, state, today, rng, staff)
                if case.supplement_asked_on:
                    period = deadlines.disclosure_rule(campaign).get("supplement")
                    case.supplement_due_on = add_period(cal, case.supplement_asked_on, period) if period else None
                deadlines.compute(case, cal, rules)  # also sets next_due_on from the status
                cases.append(case)
    cases[0].tracking_code = DEMO_TRACKING_CODE
    Case.objects.bulk_create(cases)
    cases = list(Case.objects.filter(number__startswith=PREFIX).order_by("pk"))
    events = []
    for case in cases:
        events.append(CaseEvent(case=case, actor_name="演示", action="create", to_status=Status.RECEIVED))
        if case.status != Status.RECEIVED:
            events.append(CaseEvent(case=case, actor_name="演示", action=case.status, from_status=Status.RECEIVED,
                                    to_status=case.status, reason=case.reply_content))
    CaseEvent.objects.bulk_create(events)

    # a pending deadline extension at a station, for its leader to decide
    open_case = next(c for c in cases if c.status == Status.ASSIGNED and c.kind == Kind.COMPLAINT)
    requester = users.get(f"{open_case.unit.code.lower()}_staff")
    if requester is not None:
        CaseRequest.objects.create(case=open_case, kind=RequestKind.EXTENSION, requested_by=requester,
                                   reason="需调取外地商家资料，申请延期", new_due_on=max(open_case.due_on or today, today) + datetime.timedelta(days=30))

    _disclosure_clocks(cases, users, cal, rules, today)

    # deputies and members: solicitations and meetings
    for i, unit in enumerate([units["city"], *counties]):
        for j, deputy in enumerate(DEPUTIES[:2]):
            Solicitation.objects.create(unit=unit, campaign=campaign, deputy_name=deputy.split(" ")[-1],
                                        deputy_kind=DeputyKind.NPC if deputy.startswith("人大") else DeputyKind.CPPCC,
                                        sent_on=today - datetime.timedelta(days=60 - i - j),
                                        materials="征求意见函、工作情况通报")
        met = [c for c in cases if c.unit_id == unit.pk and c.met_on]
        if met:
            meeting = DeputyMeeting.objects.create(unit=unit, held_on=min(c.met_on for c in met), attendees="、".join(DEPUTIES[:2]),
                                                   place="局机关会议室", notes="面商办理意见")
            meeting.cases.set(met)
    ctx["cases"] = cases
