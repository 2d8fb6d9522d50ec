"""The market-entity registry (R6.1, C3): enterprises and individual businesses with their
supervising unit and responsible staff member (包保责任人), and the administrative penalties
they received (R7.2: the population of return visits)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from xingping.core.crypto import normalise_phone
from xingping.core.fields import BlindIndexField, EncryptedTextField
from xingping.core.masking import mask_phone
from xingping.orgs.policy import ScopedQuerySet
from xingping.entities import uscc as uscc_rules


def validate_uscc(value):
    message = uscc_rules.problem(value or "")
    if message:
        raise ValidationError(message)


class EntityKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise")  # 企业
    INDIVIDUAL = "individual", _("Individual business")  # 个体工商户


class EntityStatus(models.TextChoices):
    ACTIVE = "active", _("Active")  # 存续
    DEREGISTERED = "deregistered", _("Deregistered")  # 注销
    REVOKED = "revoked", _("Revoked")  # 吊销


class MarketEntityQuerySet(ScopedQuerySet):
    unit_field = "unit"

    def active(self):
        return self.filter(status=EntityStatus.ACTIVE)


class MarketEntity(models.Model):
    uscc = models.CharField(_("unified social credit code"), max_length=18, unique=True, validators=[validate_uscc])
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=EntityKind.choices, default=EntityKind.ENTERPRISE)
    status = models.CharField(_("status"), max_length=16, choices=EntityStatus.choices, default=EntityStatus.ACTIVE)
    unit = models.ForeignKey(
        "orgs.OrgUnit", verbose_name=_("supervising unit"), on_delete=models.PROTECT, related_name="entities"
    )
    # 包保: the staff member answerable for this entity
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("responsible staff member"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="entities",
    )
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    deregistered_on = models.DateField(_("deregistered on"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True, db_default="")
    # Contact phone, SM4-encrypted at rest with a blind index for exact look-ups (core/fields.py).
    phone = EncryptedTextField(_("phone"), max_length=40, blank=True, db_default="", normalise=normalise_phone,
                               mask=mask_phone)
    phone_hash = BlindIndexField(source="phone", db_default="")

    objects = MarketEntityQuerySet.as_manager()

    class Meta:
        verbose_name = _("market entity")
        verbose_name_plural = _("market entities")
        ordering = ["uscc"]
        indexes = [
            # Figures: active entities grouped by unit and kind (covering index).
            models.Index(fields=["status", "unit", "kind"], name="entity_status_unit_kind"),
            models.Index(fields=["responsible", "status"], name="entity_responsible"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=[c.value for c in EntityKind]), name="entity_kind_valid"),
            models.CheckConstraint(condition=models.Q(status__in=[c.value for c in EntityStatus]), name="entity_status_valid"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_active(self):
        return self.status == EntityStatus.ACTIVE


class PenaltyQuerySet(ScopedQuerySet):
    unit_field = "unit"


class Penalty(models.Model):
    """An administrative penalty decision (行政处罚) against an entity."""

    case_no = models.CharField(_("case number"), max_length=60, unique=True)
    entity = models.ForeignKey(MarketEntity, verbose_name=_("market entity"), on_delete=models.CASCADE, related_name="penalties")
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("deciding unit"), on_delete=models.PROTECT, related_name="penalties")
    decided_on = models.DateField(_("decided on"))

    objects = PenaltyQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative penalty")
        verbose_name_plural = _("administrative penalties")
        ordering = ["-decided_on", "case_no"]
        indexes = [
            models.Index(fields=["decided_on", "unit", "entity"], name="penalty_decided_unit"),
            models.Index(fields=["entity", "decided_on"], name="penalty_entity"),
        ]

    def __str__(self):
        return self.case_no


class ImportJobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ImportJob(models.Model):
    """A file imported from the web UI, run in the background (`xingping db_worker`)."""

    kind = models.CharField(_("kind"), max_length=20)
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=ImportJobStatus.choices, default=ImportJobStatus.QUEUED)
    total_rows = models.PositiveIntegerField(_("rows in the file"), default=0)
    rows_done = models.PositiveIntegerField(_("rows read"), default=0)
    summary = models.TextField(_("summary"), blank=True)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("started by"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.kind} · {self.original_name}"

    @property
    def percent(self):
        if self.status == ImportJobStatus.DONE:
            return 100
        if not self.total_rows:
            return 0
        return min(99, int(100 * self.rows_done / self.total_rows))

    @property
    def finished(self):
        return self.status in (ImportJobStatus.DONE, ImportJobStatus.FAILED)


class EntityTally(models.Model):
    """How many market entities each unit supervises directly, per kind and status
    (entities/tally.py): written only by the database's triggers on the registry, read by the
    visit coverage denominators (outreach/figures.py) — a few thousand rows, whatever the size
    of the registry."""

    unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False,
                             related_name="+")
    kind = models.CharField(max_length=16)
    status = models.CharField(max_length=16)
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "kind", "status"], name="entitytally_key")]
