"""Publicity (R4): what the units promise and tell the public.

- `ServiceCommitment` (服务承诺): per unit, a service with its promised time, content and
  basis. The unit's complaint hotline is `OrgUnit.hotline` (every unit, stations included).
- `Publication`: an open letter to society (公开信) or a news item of the 《工商简讯》
  "政风行风评议" column (unit activity news, experience, exemplary cases). Draft (unit
  staff) → submitted (the unit leader) → returned with a reason / published (the office),
  at once or at a scheduled time, optionally until an expiry. The transition table is
  `publicity/workflows.py`; the public sees an item while `publish_at <= now` and it has
  not expired (`selectors.visible_publications`), so no cron is needed.
- `PublicationVersion`: the text an item had before an edit after publication (修订); the
  public sees the latest version with "修订于 …".
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from xingping.core.models import TimeStampedModel


class ServiceCommitment(TimeStampedModel):
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("unit"), on_delete=models.CASCADE,
                             related_name="service_commitments")
    service = models.CharField(_("service"), max_length=100)  # e.g. 企业名称预先核准
    promised_time = models.CharField(_("promised time"), max_length=50)  # e.g. 3个工作日
    content = models.TextField(_("commitment"), blank=True)
    basis = models.CharField(_("basis"), max_length=300, blank=True)  # 依据: the rule behind it
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("service commitment")
        verbose_name_plural = _("service commitments")
        ordering = ["unit__path", "sort_order", "pk"]
        constraints = [models.UniqueConstraint(fields=["unit", "service"], name="commitment_service_unique")]

    def __str__(self):
        return f"{self.unit} · {self.service}"


class Kind(models.TextChoices):
    LETTER = "letter", pgettext_lazy("publication kind", "Open letter")  # 公开信
    NEWS = "news", pgettext_lazy("publication kind", "News item")  # 政风行风评议专栏稿件


class Category(models.TextChoices):
    NONE = "", pgettext_lazy("news category", "(none)")
    ACTIVITY = "activity", pgettext_lazy("news category", "Unit activity")  # 工作动态
    EXPERIENCE = "experience", pgettext_lazy("news category", "Experience")  # 经验交流
    EXEMPLARY = "exemplary", pgettext_lazy("news category", "Exemplary case")  # 典型案例


class State(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("publication state", "Draft")  # 草稿
    SUBMITTED = "submitted", pgettext_lazy("publication state", "Submitted")  # 已报送
    RETURNED = "returned", pgettext_lazy("publication state", "Returned")  # 已退回
    PUBLISHED = "published", pgettext_lazy("publication state", "Published")  # 已发布 (or scheduled)


class Publication(TimeStampedModel):
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT,
                             related_name="publications")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    category = models.CharField(_("category"), max_length=12, choices=Category.choices, blank=True, default="")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.DRAFT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=pgettext_lazy("publicity", "author"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    return_reason = models.TextField(_("reason for return"), blank=True)
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True, db_index=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    revised_at = models.DateTimeField(_("revised at"), null=True, blank=True)

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-publish_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=[k.value for k in Kind]), name="publication_kind_valid"),
            models.CheckConstraint(condition=Q(state__in=[s.value for s in State]), name="publication_state_valid"),
            models.CheckConstraint(condition=Q(kind=Kind.LETTER) | ~Q(category=""), name="publication_news_category"),
            models.CheckConstraint(condition=~Q(state=State.PUBLISHED) | Q(publish_at__isnull=False),
                                   name="publication_published_has_time"),
            models.CheckConstraint(condition=Q(expires_at__isnull=True) | Q(publish_at__isnull=True)
                                   | Q(expires_at__gt=F("publish_at")), name="publication_expiry_after_publication"),
        ]

    def __str__(self):
        return self.title


class PublicationVersion(models.Model):
    """The text of `publication` as it was before revision `number + 1` replaced it."""

    publication = models.ForeignKey(Publication, verbose_name=_("publication"), on_delete=models.CASCADE,
                                    related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    valid_from = models.DateTimeField(_("shown from"))
    replaced_at = models.DateTimeField(pgettext_lazy("publicity", "replaced at"))
    replaced_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        verbose_name = _("earlier version")
        verbose_name_plural = _("earlier versions")
        ordering = ["publication", "-number"]
        constraints = [models.UniqueConstraint(fields=["publication", "number"], name="publication_version_unique")]

    def __str__(self):
        return f"{self.title} (v{self.number})"
