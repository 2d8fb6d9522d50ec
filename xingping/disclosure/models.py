"""The disclosure catalogue (政务公开目录, R8.1) and the disclosures recorded against it.

One `CatalogueItem` per thing a unit must disclose, with the eight columns that market
supervision catalogues use (事项 level 1 / level 2, 公开内容要素, 依据, 时限, 主体/责任科室,
渠道和载体, 公开对象, 公开方式) plus C9's `code`, `created_on` (when the information was created or
changed), `limit_wd` (working days allowed, default 20: 政府信息公开条例 art. 26) and
`disclosed_on`. `due_on` is the `limit_wd`-th working day after `created_on` on the official
calendar with the office's overrides (C4, C6), stored so the figure is one query; it is
recomputed whenever the item changes or the office changes a holiday (disclosure/apps.py).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from xingping.orgs.models import OrgUnit

DEFAULT_LIMIT_WD = 20


class Channel(models.TextChoices):
    BOARD = "board", _("Notice board")  # 公示栏
    SCREEN = "screen", _("Electronic screen")  # 电子屏
    WEB = "web", _("Website")  # 网站
    OTHER = "other", pgettext_lazy("disclosure channel", "Other")  # 其他


class Mode(models.TextChoices):
    PROACTIVE = "proactive", _("Proactive")  # 主动公开
    ON_REQUEST = "on_request", _("On request")  # 依申请公开


class Audience(models.TextChoices):
    PUBLIC = "public", _("Society at large")  # 全社会
    SPECIFIC = "specific", _("Specific people")  # 特定群众


class CatalogueQuerySet(models.QuerySet):
    def proactive(self):
        return self.filter(mode=Mode.PROACTIVE)

    def late_or_missing(self, as_of):
        """Proactive items due by `as_of` and not disclosed by their due date."""
        return self.proactive().filter(due_on__lte=as_of).filter(
            Q(disclosed_on__isnull=True) | Q(disclosed_on__gt=F("due_on")))


class CatalogueItem(models.Model):
    code = models.CharField(_("code"), max_length=40, unique=True)
    unit = models.ForeignKey(OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="disclosure_items")
    title = models.CharField(pgettext_lazy("disclosure", "item"), max_length=200)  # 事项
    subtitle = models.CharField(_("sub-item"), max_length=200, blank=True)  # 事项
    elements = models.TextField(_("content elements"), blank=True)  # 公开内容要素
    basis = models.TextField(_("basis"), blank=True)  # 公开依据
    time_limit = models.CharField(_("time limit"), max_length=100, blank=True)  # 公开时限 (as published)
    responsible_office = models.CharField(_("responsible office"), max_length=100, blank=True)  # 主体/责任科室
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.BOARD)  # 渠道和载体
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices, default=Audience.PUBLIC)  # 公开对象
    mode = models.CharField(_("mode"), max_length=12, choices=Mode.choices, default=Mode.PROACTIVE)  # 公开方式
    created_on = models.DateField(_("information created or changed on"), null=True, blank=True)
    limit_wd = models.PositiveSmallIntegerField(_("working days allowed"), default=DEFAULT_LIMIT_WD)
    due_on = models.DateField(pgettext_lazy("disclosure", "due on"), null=True, blank=True, editable=False)
    disclosed_on = models.DateField(_("disclosed on"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = _("disclosure catalogue item")
        verbose_name_plural = _("disclosure catalogue")
        ordering = ["unit__path", "code"]
        indexes = [models.Index(fields=["mode", "unit", "created_on"], name="disclosure_item_figure")]
        constraints = [
            models.CheckConstraint(condition=Q(channel__in=[c.value for c in Channel]), name="disclosure_channel_valid"),
            models.CheckConstraint(condition=Q(mode__in=[c.value for c in Mode]), name="disclosure_mode_valid"),
            models.CheckConstraint(condition=Q(limit_wd__gte=1) & Q(limit_wd__lte=366), name="disclosure_limit_wd_range"),
            models.CheckConstraint(
                condition=Q(disclosed_on__isnull=True) | Q(created_on__isnull=True) | Q(disclosed_on__gte=F("created_on")),
                name="disclosure_not_before_created"),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"


def evidence_path(instance, filename):
    return f"disclosure/{instance.item.unit.code}/{filename}"


class Disclosure(models.Model):
    """One act of disclosure of an item, with its evidence (a photo of the board, a URL)."""

    item = models.ForeignKey(CatalogueItem, verbose_name=pgettext_lazy("disclosure", "item"), on_delete=models.CASCADE, related_name="disclosures")
    disclosed_on = models.DateField(_("disclosed on"))
    url = models.URLField(_("web address"), blank=True)
    evidence = models.FileField(_("evidence"), upload_to=evidence_path, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("disclosure")
        verbose_name_plural = _("disclosures")
        ordering = ["-disclosed_on", "-pk"]

    def __str__(self):
        return f"{self.item.code} · {self.disclosed_on:%Y-%m-%d}"
