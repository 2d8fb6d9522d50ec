"""Self-inspection and rectification (R9.1, R9.3, R10, R11, R12).

- `SelfAnalysis` (自我剖析材料): one per staff member per campaign; private to its author,
  the unit's leader, the campaign office and the discipline inspector.
- `Finding` (问题): a problem found, with a category (the five checks 五查, or other) and a
  source. A finding made from a visit opinion or a case keeps a loose reference
  (`source_type` + `source_id` + a stored summary), never a foreign key to those apps.
- `RectificationItem` (整改事项) with the five clears (五明确) and a class (R11.2);
  `Milestone` for planned items; `ProgressPost` (percentage, note, evidence).
- `IrregularFee` (违规收费) and its refund (R9.3).
- `InstitutionStatus` (建章立制): one row per unit and system of the nine (R12).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from xingping.core.models import TimeStampedModel
from xingping.orgs.policy import VIEW, ScopedQuerySet


class Category(models.TextChoices):
    """The five checks (五查, R10.1), each a category of finding, plus other."""

    EXECUTION = "execution", _("Poor execution")  # 执行不力
    UNCIVIL = "uncivil", _("Uncivil enforcement")  # 不文明执法
    IRREGULAR_ENFORCEMENT = "irregular_enforcement", _("Irregular enforcement")  # 执法不规范
    FINANCE = "finance", _("Irregular financial management")  # 财务管理不规范
    FEES = "fees", _("Irregular fees")  # 乱收费
    OTHER = "other", _("Other")  # 其他


FIVE_CHECKS = [c for c in Category if c != Category.OTHER]


class Source(models.TextChoices):
    SELF_INSPECTION = "self_inspection", _("Self-inspection")  # 自查
    VISIT = "visit", _("Visit opinion")  # 走访意见
    CASE = "case", _("Complaint or misconduct case")  # 投诉举报
    SPOT_CHECK = "spot_check", _("Spot check")  # 明查暗访、随机抽查
    EVALUATION = "evaluation", _("Evaluation meeting")  # 集中评议
    DEPUTIES = "deputies", _("Deputies")  # 人大代表、政协委员


class ItemClass(models.TextChoices):
    """R11.2: solvable now / hard, planned step by step / a matter of policy."""

    DEADLINE = "deadline", _("Fix by a deadline")  # 限时解决
    PLANNED = "planned", _("Planned, step by step")  # 列出整改计划，逐条整改
    POLICY = "policy", _("Policy matter for the superior")  # 请示上级


class ItemStatus(models.TextChoices):
    OPEN = "open", _("Not started")  # 未开始
    IN_PROGRESS = "in_progress", pgettext_lazy("rectification", "In progress")  # 整改中
    REPORTED = "reported", _("Awaiting confirmation")  # 已报完成，待确认
    RETURNED = "returned", pgettext_lazy("rectification", "Returned")  # 退回重改
    DONE = "done", _("Done")  # 已完成


class SystemStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")  # 未启动
    DRAFTING = "drafting", _("Drafting")  # 起草中
    ISSUED = "issued", _("Issued")  # 已印发


# ------------------------------------------------------------------ self-analysis

class SelfAnalysisQuerySet(ScopedQuerySet):
    unit_field = "unit"

    def for_user(self, user, action=VIEW):
        """A thin delegate to the rectification policy (drafts only to their author)."""
        from xingping.rectification.permissions import self_analysis_scope

        return self_analysis_scope(self, user, action)


class SelfAnalysis(TimeStampedModel):
    """自我剖析材料 (R10.2): phenomena, causes and harm, against the five checks."""

    campaign = models.ForeignKey("campaigns.Campaign", verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    checks = models.CharField(_("checks concerned"), max_length=200, blank=True)  # ";"-separated Category codes
    phenomena = models.TextField(_("phenomena"))  # 问题表现
    causes = models.TextField(_("causes"))  # 原因剖析
    harm = models.TextField(_("harm"))  # 危害认识
    measures = models.TextField(_("measures"), blank=True)  # 整改措施
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    objects = SelfAnalysisQuerySet.as_manager()

    class Meta:
        verbose_name = _("self-analysis")
        verbose_name_plural = _("self-analyses")
        ordering = ["unit__path", "author__username"]
        constraints = [models.UniqueConstraint(fields=["campaign", "author"], name="selfanalysis_one_per_author")]

    def __str__(self):
        return f"{self.author} · {self.campaign_id}"

    @property
    def check_list(self):
        return [c for c in self.checks.split(";") if c]

    def check_labels(self):
        labels = dict(Category.choices)
        return [labels.get(c, c) for c in self.check_list]


# ------------------------------------------------------------------ findings

class FindingQuerySet(ScopedQuerySet):
    pass


class Finding(TimeStampedModel):
    campaign = models.ForeignKey("campaigns.Campaign", verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("problem"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    # A loose link to the record it came from (outreach visit, case): no foreign key.
    source_type = models.CharField(_("source record type"), max_length=40, blank=True)
    source_id = models.PositiveBigIntegerField(_("source record id"), null=True, blank=True)
    source_summary = models.TextField(_("source summary"), blank=True)
    found_on = models.DateField(_("found on"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.PROTECT,
                                   related_name="+")

    objects = FindingQuerySet.as_manager()

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["-found_on", "-pk"]
        indexes = [models.Index(fields=["campaign", "unit"]), models.Index(fields=["source_type", "source_id"])]
        constraints = [
            models.CheckConstraint(condition=Q(category__in=[c.value for c in Category]), name="finding_category_valid"),
            models.CheckConstraint(condition=Q(source__in=[c.value for c in Source]), name="finding_source_valid"),
        ]

    def __str__(self):
        return self.title


# ------------------------------------------------------------------ rectification items

class ItemQuerySet(ScopedQuerySet):
    def open(self):
        return self.exclude(status=ItemStatus.DONE)

    def overdue(self, day):
        return self.open().filter(deadline__lt=day)


class RectificationItem(TimeStampedModel):
    """整改事项 with the five clears (五明确): item, method, standard, deadline, responsible."""

    finding = models.ForeignKey(Finding, verbose_name=_("finding"), on_delete=models.CASCADE, related_name="items")
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")  # = finding.unit
    item = models.CharField(pgettext_lazy("rectification", "item"), max_length=300)  # 事项
    method = models.TextField(pgettext_lazy("rectification", "method"))  # 方式
    standard = models.TextField(_("standard"))  # 标准
    deadline = models.DateField(_("deadline"))  # 时限
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("responsible person"), on_delete=models.PROTECT, related_name="+"
    )  # 责任
    item_class = models.CharField(_("class"), max_length=10, choices=ItemClass.choices, default=ItemClass.DEADLINE)
    status = models.CharField(_("status"), max_length=12, choices=ItemStatus.choices, default=ItemStatus.OPEN)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    fixed_on_creation = models.BooleanField(_("fixed while checking"), default=False)  # 边查边纠
    started_on = models.DateField(_("recorded on"))
    completed_on = models.DateField(pgettext_lazy("rectification", "completed on"), null=True, blank=True)
    days_to_fix = models.PositiveIntegerField(_("days to fix"), null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    return_reason = models.TextField(_("reason for return"), blank=True)
    # Policy matters (请示上级): the request to the superior authority and its answer.
    request_text = models.TextField(_("request to the superior"), blank=True)
    request_sent_on = models.DateField(_("request sent on"), null=True, blank=True)
    answer_text = models.TextField(_("answer of the superior"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    # Public accountability board (R11.3).
    published = models.BooleanField(_("published"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.PROTECT,
                                   related_name="+")

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("rectification item")
        verbose_name_plural = _("rectification items")
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["unit", "status"]), models.Index(fields=["deadline"])]
        constraints = [
            models.CheckConstraint(condition=Q(progress__gte=0, progress__lte=100), name="item_progress_0_100"),
            models.CheckConstraint(condition=Q(item_class__in=[c.value for c in ItemClass]), name="item_class_valid"),
            models.CheckConstraint(condition=Q(status__in=[c.value for c in ItemStatus]), name="item_status_valid"),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(completed_on__isnull=False, progress=100), name="item_done_complete"
            ),
        ]

    def __str__(self):
        return self.item

    def is_overdue(self, day):
        return self.status != ItemStatus.DONE and self.deadline < day


class Milestone(models.Model):
    """A step of a planned item (列出整改计划，逐条整改)."""

    item = models.ForeignKey(RectificationItem, verbose_name=pgettext_lazy("rectification", "item"), on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("step"), max_length=200)
    due_on = models.DateField(pgettext_lazy("rectification", "due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.title


def evidence_path(instance, filename):
    return f"rectification/{instance.item.unit_id}/{instance.item_id}/{filename}"


class ProgressPostQuerySet(ScopedQuerySet):
    unit_field = "item__unit"


class ProgressPost(models.Model):
    item = models.ForeignKey(RectificationItem, verbose_name=pgettext_lazy("rectification", "item"), on_delete=models.CASCADE, related_name="posts")
    percent = models.PositiveSmallIntegerField(_("progress (%)"))
    note = models.TextField(pgettext_lazy("rectification", "note"))
    reason = models.TextField(_("reason for going back"), blank=True)
    evidence = models.FileField(_("evidence"), upload_to=evidence_path, max_length=300, blank=True)
    evidence_name = models.CharField(_("file name"), max_length=200, blank=True)
    evidence_kind = models.CharField(_("type"), max_length=10, blank=True)
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    posted_at = models.DateTimeField(_("posted at"), auto_now_add=True)

    objects = ProgressPostQuerySet.as_manager()

    class Meta:
        verbose_name = _("progress post")
        verbose_name_plural = _("progress posts")
        ordering = ["-posted_at", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(percent__gte=0, percent__lte=100), name="post_percent_0_100")]

    def __str__(self):
        return f"{self.item_id} · {self.percent}%"


# ------------------------------------------------------------------ irregular fees

class FeeQuerySet(ScopedQuerySet):
    pass


class IrregularFee(TimeStampedModel):
    """违规收费 found and its refund (R9.3)."""

    campaign = models.ForeignKey("campaigns.Campaign", verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    finding = models.ForeignKey(Finding, verbose_name=_("finding"), null=True, blank=True, on_delete=models.SET_NULL, related_name="fees")
    description = models.CharField(_("what was charged"), max_length=200)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2)
    payer = models.CharField(_("payer"), max_length=200)
    found_on = models.DateField(_("found on"))
    refunded_amount = models.DecimalField(_("refunded (yuan)"), max_digits=12, decimal_places=2, default=0)
    refunded_on = models.DateField(_("refunded on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.PROTECT,
                                   related_name="+")

    objects = FeeQuerySet.as_manager()

    class Meta:
        verbose_name = _("irregular fee")
        verbose_name_plural = _("irregular fees")
        ordering = ["-found_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="fee_amount_positive"),
            models.CheckConstraint(
                condition=Q(refunded_amount__gte=0, refunded_amount__lte=models.F("amount")), name="fee_refund_not_above_fee"
            ),
        ]

    def __str__(self):
        return f"{self.payer} · {self.amount}"

    @property
    def outstanding(self):
        return self.amount - self.refunded_amount


# ------------------------------------------------------------------ nine systems

def system_document_path(instance, filename):
    return f"systems/{instance.campaign_id}/{instance.unit_id}/{filename}"


class InstitutionQuerySet(ScopedQuerySet):
    pass


class InstitutionStatus(TimeStampedModel):
    """One of the nine systems (九项制度, R12) for one unit: drafted, issued, the document."""

    campaign = models.ForeignKey("campaigns.Campaign", verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    code = models.SlugField(pgettext_lazy("rectification", "system"), max_length=40)  # a code of campaign.rules["nine_systems"]
    status = models.CharField(_("status"), max_length=12, choices=SystemStatus.choices, default=SystemStatus.NOT_STARTED)
    document = models.FileField(_("issued document"), upload_to=system_document_path, max_length=300, blank=True)
    document_name = models.CharField(_("file name"), max_length=200, blank=True)
    document_no = models.CharField(_("document number"), max_length=100, blank=True)  # 文号
    issued_on = models.DateField(pgettext_lazy("rectification", "issued on"), null=True, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    objects = InstitutionQuerySet.as_manager()

    class Meta:
        verbose_name = _("institution status")
        verbose_name_plural = _("nine systems")
        ordering = ["unit__path", "code"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit", "code"], name="institution_one_per_unit"),
            models.CheckConstraint(condition=Q(status__in=[c.value for c in SystemStatus]), name="institution_status_valid"),
            models.CheckConstraint(condition=~Q(status="issued") | Q(issued_on__isnull=False), name="institution_issued_dated"),
        ]

    def __str__(self):
        return f"{self.unit_id} · {self.code}"
