"""Demo self-inspection and rectification data in every state: self-analyses submitted and
missing, findings of each of the five checks from each source, items open / in progress /
reported / returned / done / fixed while checking / overdue in all three classes, fees
refunded in full, in part and not at all, the nine systems at every stage, and a few
items on the public board. Idempotent: nothing is added when the campaign has findings."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from xingping.cases.models import Case
from xingping.outreach.models import Visit
from xingping.rectification.models import (
    Finding,
    InstitutionStatus,
    IrregularFee,
    ItemClass,
    ItemStatus,
    Milestone,
    ProgressPost,
    RectificationItem,
    SelfAnalysis,
    SystemStatus,
)

MINI_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cf00000301010018dd8db00000000049454e44ae426082"
)
MINI_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj "
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)

ANALYSES = [
    ("xn01_staff", "execution;uncivil", "对市场主体咨询有时答复不够耐心，执行上级部署存在“慢半拍”现象。",
     "宗旨意识淡化，服务意识不强，业务学习不够。", "影响工商部门形象，损害群众对行风的评价。", "加强学习，推行首问负责和一次性告知。"),
    ("xn01_leader", "execution;finance", "对所内财务报销审核把关不严，个别票据手续不全。",
     "重业务轻管理，制度执行不到位。", "存在廉政风险，影响单位公信力。", "严格执行财务制度，每月公开财务收支。"),
    ("xn_staff", "irregular_enforcement", "个别案件办理中存在程序不规范、文书制作粗糙的问题。",
     "法治观念不强，对执法程序重视不够。", "可能引发行政复议和诉讼，损害执法公信力。", "开展执法案卷评查，落实执法过错责任追究。"),
    ("xn02_staff", "uncivil", "检查中语言生硬，个别时候态度急躁。", "文明执法意识不强。", "引起当事人不满，激化矛盾。", ""),
    ("hc01_staff", "fees", "曾在登记窗口代收资料费。", "对收费政策理解不到位。", "加重市场主体负担，属违规收费。", "立即停止并退还。"),
    ("hc_staff", "execution", "对12315投诉转办件跟踪督办不及时。", "责任心不强。", "群众诉求得不到及时回应。", "建立转办件台账，按周通报。"),
]
DRAFTS = ["xn01_staff2", "kfq_staff"]  # started, not submitted

# (unit code, category, source, title, description, days ago)
FINDINGS = [
    ("XN01", "execution", "self_inspection", "对上级部署的年检工作推进迟缓", "年检进度低于全区平均水平。", 25),
    ("XN01", "uncivil", "visit", "企业反映执法人员检查时态度生硬", "走访征求意见时，两家企业反映检查人员语言生硬。", 22),
    ("XN01", "fees", "self_inspection", "登记窗口违规代收资料费", "2月至7月间代收资料费。", 20),
    ("XN02", "irregular_enforcement", "case", "群众举报个别人员越权查处", "举报反映执法人员超越管辖范围查处。", 18),
    ("XN02", "finance", "spot_check", "所内票据管理不规范", "市局随机抽查发现票据登记不全。", 16),
    ("XN", "execution", "deputies", "人大代表反映企业注册办理时限偏长", "代表座谈会提出。", 15),
    ("XN", "irregular_enforcement", "self_inspection", "行政处罚自由裁量标准不统一", "同类案件处罚幅度差异较大。", 28),
    ("HC01", "fees", "case", "投诉反映收取查询费", "12315投诉反映城隍所收取企业档案查询费。", 21),
    ("HC", "uncivil", "visit", "个体户反映办事“门难进、脸难看”", "大走访中个体工商户反映。", 19),
    ("HC", "other", "evaluation", "行风监督员建议公开办事流程", "行风监督员座谈会建议。", 10),
    ("YC", "execution", "self_inspection", "12315转办件回复超期", "自查发现6件转办件超期回复。", 24),
    ("KFQ", "finance", "self_inspection", "公务接待审批手续不全", "自查发现部分接待无审批单。", 23),
    ("KFQ01", "irregular_enforcement", "spot_check", "检查记录缺少当事人签字", "暗访发现。", 12),
]


def _file(field, name, data):
    field.save(name, ContentFile(data), save=False)


def _loose_source(model, **preferred):
    """The first record of `model` (preferably matching `preferred`), or None."""
    qs = model._default_manager.order_by("pk")
    return qs.filter(**preferred).first() or qs.first()


def load(ctx):
    campaign = ctx["campaign"]
    if Finding.objects.filter(campaign=campaign).exists():
        return
    users, today = ctx["users"], timezone.localdate()
    units = {ctx["units"]["city"].code: ctx["units"]["city"]}
    units.update({u.code: u for u in ctx["units"]["counties"] + ctx["units"]["stations"]})
    office = users["office"]

    def ago(days):
        return today - datetime.timedelta(days=days)

    def at(day):
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))

    # Self-analyses: submitted, drafts, and (everyone else) missing.
    for username, checks, phen, causes, harm, measures in ANALYSES:
        if username in users:
            author = users[username]
            SelfAnalysis.objects.create(campaign=campaign, author=author, unit=author.unit, checks=checks, phenomena=phen,
                                        causes=causes, harm=harm, measures=measures, submitted_at=at(ago(5)))
    for username in DRAFTS:
        if username in users:
            author = users[username]
            SelfAnalysis.objects.create(campaign=campaign, author=author, unit=author.unit, checks="execution",
                                        phenomena="（草稿）工作作风不够扎实。", causes="（草稿）", harm="（草稿）")

    visit = _loose_source(Visit, opinions__gt="")  # a visit with opinions
    case = _loose_source(Case, verified=True)
    findings = {}
    for code, category, source, title, description, days in FINDINGS:
        if code not in units:
            continue
        link = {}
        if source == "visit" and visit is not None:
            link = {"source_type": "visit", "source_id": visit.pk, "source_summary": f"走访意见 #{visit.pk}: {visit}"}
        elif source == "case" and case is not None:
            link = {"source_type": "case", "source_id": case.pk, "source_summary": f"案件 #{case.pk}: {case}"}
        findings[title] = Finding.objects.create(
            campaign=campaign, unit=units[code], title=title, description=description, category=category, source=source,
            found_on=ago(days), created_by=office, **link)

    def person(unit_code, kind="leader"):
        return users.get(f"{unit_code.lower()}_{kind}") or users["office"]

    def item(title, text, method, standard, deadline, status, progress, *, kind="staff", cls=ItemClass.DEADLINE,
             started=20, fixed=False, published=False, **extra):
        f = findings.get(title)
        if f is None:
            return None
        if status == ItemStatus.DONE:
            completed = ago(started) if fixed else ago(max(started - 6, 0))
            extra.update(completed_on=completed, days_to_fix=(completed - ago(started)).days,
                         confirmed_by=person(f.unit.code, "leader"))
        return RectificationItem.objects.create(
            finding=f, unit=f.unit, item=text, method=method, standard=standard, deadline=deadline,
            responsible=person(f.unit.code, kind), item_class=cls, status=status, progress=progress,
            fixed_on_creation=fixed, started_on=ago(started), created_by=office, published=published, **extra)

    def post(obj, percent, note, days, evidence=False, reason=""):
        if obj is None:
            return
        p = ProgressPost(item=obj, percent=percent, note=note, reason=reason, posted_by=obj.responsible)
        if evidence:
            _file(p.evidence, f"evidence-{obj.pk}-{percent}.png", MINI_PNG)
            p.evidence_name, p.evidence_kind = f"整改照片{percent}.png", "png"
        p.save()
        ProgressPost.objects.filter(pk=p.pk).update(posted_at=at(ago(days)))

    d = datetime.timedelta
    i = item("对上级部署的年检工作推进迟缓", "年检工作每周调度、按月通报", "建立周调度台账", "年检率达到全区平均以上",
             today + d(days=20), ItemStatus.IN_PROGRESS, 60, published=True)
    post(i, 30, "已建立周调度台账。", 15)
    post(i, 60, "年检率由62%提高到81%。", 4, evidence=True)
    i = item("企业反映执法人员检查时态度生硬", "开展文明执法专题教育", "集中培训加个别谈话", "全员参训、当事人回访满意",
             today - d(days=3), ItemStatus.IN_PROGRESS, 40, published=True)  # overdue, red
    post(i, 40, "已组织一次集中培训。", 9)
    i = item("登记窗口违规代收资料费", "停止代收资料费并清退", "当场停止，逐户退还", "全部退还并公示",
             today, ItemStatus.DONE, 100, fixed=True, started=20, published=True)
    post(i, 100, "边查边纠：已当场停止代收，并张贴公示。", 20, evidence=True)
    i = item("群众举报个别人员越权查处", "规范管辖范围，撤销越权行为", "案件复查并纠正", "越权行为全部纠正、相关人员问责",
             today + d(days=10), ItemStatus.REPORTED, 100, kind="staff")
    post(i, 50, "已完成案件复查。", 8)
    post(i, 100, "已撤销越权决定并告知当事人。", 1, evidence=True)
    i = item("所内票据管理不规范", "完善票据登记制度", "建立票据领用登记簿", "票据登记完整率100%",
             today + d(days=6), ItemStatus.RETURNED, 100, return_reason="缺少票据登记簿照片，请补充佐证材料。")
    post(i, 100, "已建立登记簿。", 3)
    i = item("人大代表反映企业注册办理时限偏长", "压缩企业注册办理时限", "分步推行并联审批", "办理时限压缩至3个工作日",
             today + d(days=40), ItemStatus.IN_PROGRESS, 30, kind="leader", cls=ItemClass.PLANNED, started=14, published=True)
    if i is not None:
        Milestone.objects.create(item=i, title="梳理办理流程，制定压缩方案", due_on=ago(4), done_on=ago(5))
        Milestone.objects.create(item=i, title="试行并联审批", due_on=today + d(days=15))
        Milestone.objects.create(item=i, title="全面推行并总结", due_on=today + d(days=38))
    post(i, 30, "压缩方案已制定。", 5)
    i = item("行政处罚自由裁量标准不统一", "细化自由裁量基准", "制定裁量基准并请示市局法规科", "全区统一适用",
             today + d(days=30), ItemStatus.OPEN, 0, kind="leader", cls=ItemClass.POLICY, started=25,
             request_text="部分裁量幅度涉及省局规定，请市局明确适用标准。", request_sent_on=ago(24),
             answer_text="请参照省局2号文件执行，市局法规科将于10月统一下发细则。", answered_on=ago(7))
    i = item("投诉反映收取查询费", "停止收取查询费并退还", "退还已收费用", "全部退还",
             today - d(days=8), ItemStatus.OPEN, 0)  # overdue and not started
    item("个体户反映办事“门难进、脸难看”", "窗口服务规范化", "推行微笑服务和首问负责", "群众满意度90%以上",
         today + d(days=25), ItemStatus.OPEN, 0)
    i = item("12315转办件回复超期", "转办件限时办结", "建立转办件台账按周督办", "回复率100%",
             today + d(days=2), ItemStatus.DONE, 100, started=22)
    post(i, 100, "6件超期件全部回复。", 16, evidence=True)
    i = item("公务接待审批手续不全", "规范公务接待审批", "补办手续、严格执行接待审批单", "接待审批单100%",
             today + d(days=12), ItemStatus.IN_PROGRESS, 70)
    post(i, 80, "已补办手续。", 6)
    post(i, 70, "复核发现2笔仍缺审批单，进度回调。", 2, reason="复核发现遗漏")
    item("检查记录缺少当事人签字", "规范现场检查记录", "现场检查记录当场签字确认", "签字率100%",
         today - d(days=1), ItemStatus.IN_PROGRESS, 50)  # overdue
    item("行风监督员建议公开办事流程", "办事流程上墙上网", "栏、屏、网同步公开", "全部公开",
         today + d(days=14), ItemStatus.OPEN, 0)

    # Irregular fees: refunded in full, in part, not yet.
    fees = [
        ("XN01", "登记窗口违规代收资料费", "代收资料费", "孝南区23户个体工商户", "1380.00", "1380.00", 20, 12),
        ("HC01", "投诉反映收取查询费", "企业档案查询费", "汉川市华宇商贸有限公司等5户", "600.00", "240.00", 21, 6),
        ("KFQ", None, "收取培训资料费", "开发区8户企业", "960.00", "0", 9, None),
    ]
    for code, title, description, payer, amount, refunded, found, refunded_days in fees:
        if code not in units:
            continue
        IrregularFee.objects.create(
            campaign=campaign, unit=units[code], finding=findings.get(title), description=description, payer=payer,
            amount=amount, refunded_amount=refunded, found_on=ago(found),
            refunded_on=ago(refunded_days) if refunded_days is not None else None, created_by=office)

    # Nine systems: issued with documents, drafting, not started.
    systems = [s["code"] for s in campaign.rules.get("nine_systems", [])]
    plan = {"XN": (4, 3), "HC": (2, 2), "YC": (0, 3), "KFQ": (1, 1), "XN01": (2, 1)}
    for code, (issued, drafting) in plan.items():
        if code not in units:
            continue
        for n, system in enumerate(systems[: issued + drafting]):
            row = InstitutionStatus(campaign=campaign, unit=units[code], code=system, updated_by=office)
            if n < issued:
                row.status, row.issued_on, row.document_no = SystemStatus.ISSUED, ago(10 - n), f"{code}发〔{today.year}〕{n + 3}号"
                _file(row.document, f"{code}-{system}.pdf", MINI_PDF)
                row.document_name = f"{system}.pdf"
            else:
                row.status = SystemStatus.DRAFTING
            row.save()
