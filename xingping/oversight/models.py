"""Oversight (R14): registers (check items, inspectors), spot-check plans with verifiable
draws (C10), inspections (明查暗访), notices (通报) and accountability records (问责).

A plan commits to its pool and its seed before the draw (pool_sha256 and seed_sha256 are
shown, the seed phrase hidden); the draw reveals the seed. A plan is drawn once: the
`Draw` is one-to-one with its plan (a database constraint, not only a check in code).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from xingping.core.models import TimeStampedModel


class PoolKind(models.TextChoices):
    UNITS = "units", pgettext_lazy("oversight", "Units")  # 单位
    ENTITIES = "entities", _("Market entities")  # 市场主体
    VISITS = "visits", _("Visit records")  # 走访记录


class CheckItem(TimeStampedModel):
    """抽查事项清单: what is checked, on what basis, how, at what default ratio."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("what is checked"), max_length=200)
    basis = models.TextField(_("basis"), blank=True)  # 抽查依据
    method = models.CharField(_("method"), max_length=200, blank=True)  # 抽查方式
    default_ratio = models.DecimalField(_("default ratio"), max_digits=4, decimal_places=3, default=0.1)
    pool_kind = models.CharField(_("pool"), max_length=10, choices=PoolKind.choices, default=PoolKind.UNITS)

    class Meta:
        verbose_name = _("check item")
        verbose_name_plural = _("check items")
        ordering = ["code"]
        constraints = [models.CheckConstraint(condition=models.Q(default_ratio__gt=0, default_ratio__lte=1),
                                              name="checkitem_ratio_in_range")]

    def __str__(self):
        return self.name


class Inspector(TimeStampedModel):
    """执法检查人员名录库: a staff member eligible to inspect, and the units declared in conflict (回避)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("staff member"), on_delete=models.PROTECT,
                                related_name="inspector_entry")
    active = models.BooleanField(_("active"), default=True)
    conflicts = models.ManyToManyField("orgs.OrgUnit", verbose_name=_("declared conflicts"), blank=True,
                                       related_name="+")
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("inspector")
        verbose_name_plural = _("inspectors")
        ordering = ["user__username"]

    def __str__(self):
        return self.user.get_full_name() or self.user.username


class PlanState(models.TextChoices):
    COMMITTED = "committed", _("Committed, not drawn")  # 已公布承诺值，待抽取
    DRAWN = "drawn", _("Drawn")  # 已抽取
    COMPLETED = "completed", pgettext_lazy("oversight", "Completed")  # 已完成


class SpotCheck(TimeStampedModel):
    """A spot-check plan (随机抽查计划): item, pool, how many, inspectors per target, commitment."""

    campaign = models.ForeignKey("campaigns.Campaign", verbose_name=_("campaign"), on_delete=models.CASCADE,
                                 related_name="spot_checks")
    title = models.CharField(_("title"), max_length=200)
    item = models.ForeignKey(CheckItem, verbose_name=_("check item"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="plans")
    pool_kind = models.CharField(_("pool"), max_length=10, choices=PoolKind.choices)
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=pgettext_lazy("oversight", "area"), on_delete=models.PROTECT, related_name="+")
    level = models.CharField(_("level"), max_length=12, blank=True)  # units pool: only this level
    date_from = models.DateField(_("from"), null=True, blank=True)  # visits pool
    date_to = models.DateField(_("to"), null=True, blank=True)
    ratio = models.DecimalField(_("ratio"), max_digits=4, decimal_places=3, null=True, blank=True)
    count = models.PositiveIntegerField(_("count"))
    inspectors_per_target = models.PositiveSmallIntegerField(_("inspectors per target"), default=0)
    pool = models.JSONField(_("pool"), default=list)  # the frozen pool IDs, sorted
    pool_sha256 = models.CharField(_("pool SHA-256"), max_length=64)
    seed_sha256 = models.CharField(_("seed SHA-256"), max_length=64)
    state = models.CharField(_("state"), max_length=10, choices=PlanState.choices, default=PlanState.COMMITTED)
    publish_within_wd = models.PositiveSmallIntegerField(_("publish results within (working days)"), default=20)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("planned by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("spot check")
        verbose_name_plural = _("spot checks")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ratio__isnull=True) | models.Q(ratio__gt=0, ratio__lte=1),
                                   name="spotcheck_ratio_in_range"),
            models.CheckConstraint(condition=models.Q(count__gt=0), name="spotcheck_count_positive"),
        ]

    def __str__(self):
        return self.title


class Draw(models.Model):
    """The draw of a plan, made once (one-to-one): the C10 record, exactly."""

    plan = models.OneToOneField(SpotCheck, verbose_name=_("spot check"), on_delete=models.CASCADE, related_name="draw")
    seed = models.CharField(_("seed"), max_length=500)
    record = models.JSONField(_("record"))
    drawn_at = models.DateTimeField(_("drawn at"), default=timezone.now)
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("drawn by"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("draw")
        verbose_name_plural = _("draws")
        ordering = ["-drawn_at", "-pk"]

    def __str__(self):
        return f"#{self.pk} {self.plan}"


class Target(models.Model):
    """One selected member of a draw, the unit it belongs to, and its drawn inspectors."""

    draw = models.ForeignKey(Draw, on_delete=models.CASCADE, related_name="targets")
    member = models.CharField(_("pool ID"), max_length=300)
    position = models.PositiveIntegerField(pgettext_lazy("oversight", "rank"))
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    visit = models.ForeignKey("outreach.Visit", verbose_name=_("visit"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    inspectors = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("inspectors"), blank=True,
                                        related_name="oversight_targets")

    class Meta:
        verbose_name = pgettext_lazy("oversight", "target")
        verbose_name_plural = _("targets")
        ordering = ["draw", "position"]
        constraints = [models.UniqueConstraint(fields=["draw", "member"], name="target_once_per_draw")]

    def __str__(self):
        return self.member


class Mode(models.TextChoices):
    OPEN = "open", _("Open inspection")  # 明查
    COVERT = "covert", _("Covert visit")  # 暗访


class Inspection(TimeStampedModel):
    """明查暗访: what an inspector saw at a target, the unit's answer, photos."""

    target = models.ForeignKey(Target, verbose_name=pgettext_lazy("oversight", "target"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="inspections")
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("unit inspected"), on_delete=models.PROTECT,
                             related_name="+")
    mode = models.CharField(_("mode"), max_length=8, choices=Mode.choices, default=Mode.OPEN)
    inspected_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    seen = models.TextField(_("what was seen"))
    answer = models.TextField(_("the unit's answer"), blank=True)
    problem_found = models.BooleanField(_("problem found"), default=False)
    published_on = models.DateField(_("results published on"), null=True, blank=True)
    finding_id = models.PositiveIntegerField(_("rectification finding"), null=True, blank=True)
    inspector = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("inspector"), on_delete=models.PROTECT,
                                  related_name="+")

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-inspected_on", "-pk"]
        constraints = [models.CheckConstraint(condition=models.Q(mode__in=["open", "covert"]), name="inspection_mode_valid")]

    def __str__(self):
        return f"{self.unit} · {self.inspected_on}"


class Photo(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("photo"), upload_to="oversight/photos/%Y/%m/")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")


class NoticeKind(models.TextChoices):
    CRITICISM = "criticism", _("Criticism")  # 通报批评
    COMMENDATION = "commendation", _("Commendation")  # 通报表扬


class NoticeState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("notice", "Draft")  # 草稿
    REVIEWED = "reviewed", pgettext_lazy("notice", "Reviewed")  # 已审核
    ISSUED = "issued", pgettext_lazy("notice", "Issued")  # 已印发


class Notice(TimeStampedModel):
    """通报: a criticism or commendation, drafted, reviewed, issued internally or publicly."""

    campaign = models.ForeignKey("campaigns.Campaign", verbose_name=_("campaign"), on_delete=models.CASCADE,
                                 related_name="notices")
    kind = models.CharField(_("kind"), max_length=14, choices=NoticeKind.choices)
    state = models.CharField(_("state"), max_length=10, choices=NoticeState.choices, default=NoticeState.DRAFT)
    public = models.BooleanField(pgettext_lazy("oversight", "public"), default=False)
    issuer = models.CharField(_("issuing body"), max_length=200)  # 发文机关标志 / 落款
    number = models.CharField(_("document number"), max_length=60)  # 发文字号
    title = models.CharField(_("title"), max_length=200)
    addressee = models.CharField(pgettext_lazy("document", "addressed to"), max_length=300)  # 主送机关
    body = models.TextField(_("body"))
    issued_on = models.DateField(_("date"), null=True, blank=True)  # 成文日期
    inspection = models.ForeignKey(Inspection, verbose_name=_("inspection"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="notices")
    units = models.ManyToManyField("orgs.OrgUnit", verbose_name=_("units named"), blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("drafted by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=["criticism", "commendation"]), name="notice_kind_valid"),
            models.CheckConstraint(condition=~models.Q(state="issued") | models.Q(issued_on__isnull=False),
                                   name="notice_issued_has_date"),
        ]

    def __str__(self):
        return self.title


class Cause(models.TextChoices):
    NOT_RECTIFIED = "not_rectified", _("Failure to rectify")  # 不整改
    DEFIANCE = "defiance", _("Violating discipline against orders")  # 顶风违纪
    INTERFERENCE = "interference", _("Interfering with the evaluation")  # 干扰评议
    FALSIFICATION = "falsification", _("Falsifying or concealing")  # 弄虚作假、虚报瞒报


class Measure(models.TextChoices):
    ADMONISHMENT = "admonishment", _("Admonishment talk")  # 诫勉谈话
    CRITICISM = "criticism", _("Criticism in a notice")  # 通报批评
    ORGANISATIONAL = "organisational", _("Organisational handling")  # 组织处理
    DISCIPLINARY = "disciplinary", _("Disciplinary sanction")  # 纪律处分


class Accountability(TimeStampedModel):
    """问责: who was held accountable, for what, how, by whom, when, on what evidence."""

    person = models.CharField(_("person"), max_length=100)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("staff member"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    cause = models.CharField(_("cause"), max_length=16, choices=Cause.choices)
    measure = models.CharField(_("measure"), max_length=16, choices=Measure.choices)
    decider = models.CharField(_("decided by"), max_length=200)
    decided_on = models.DateField(_("date"))
    evidence = models.TextField(_("evidence"), blank=True)
    inspection = models.ForeignKey(Inspection, verbose_name=_("inspection"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("accountability record")
        verbose_name_plural = _("accountability records")
        ordering = ["-decided_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(cause__in=[c.value for c in Cause]), name="accountability_cause_valid"),
        ]

    def __str__(self):
        return f"{self.person} · {self.unit}"
