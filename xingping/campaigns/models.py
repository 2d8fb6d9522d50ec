"""Campaigns (R2): phases with date windows, deliverables units owe, their submissions,
mobilisation meetings and study materials. Dates and rules are data, copied from a
versioned campaign template when the campaign is created (`campaigns/templates_data`)."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from xingping.core.models import TimeStampedModel
from xingping.orgs.policy import ScopedQuerySet
from xingping.core.workflow import Workflow


def today():
    return timezone.localdate()


class CampaignQuerySet(models.QuerySet):
    def current(self):
        """The campaign running today, else the newest one."""
        d = today()
        return self.filter(first_day__lte=d).order_by("-first_day").first() or self.order_by("-first_day").first()


class Campaign(TimeStampedModel):
    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    title = models.CharField(_("title"), max_length=200)
    year = models.PositiveSmallIntegerField(_("campaign year"))  # Jan 1 of it starts the clean-up windows
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    template_version = models.CharField(_("template version"), max_length=40)
    rules = models.JSONField(_("rules"), default=dict)  # targets, rubric, SLAs, scoring: a copy of the template

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("appraisal campaign")
        verbose_name_plural = _("appraisal campaigns")
        ordering = ["-first_day"]
        constraints = [models.CheckConstraint(condition=models.Q(first_day__lte=models.F("last_day")), name="campaign_window_ordered")]

    def __str__(self):
        return self.title

    @property
    def year_start(self):
        return datetime.date(self.year, 1, 1)

    def window_end(self, as_of):
        """The last day counted for figures as of `as_of` (capped at the last day)."""
        return min(as_of, self.last_day)

    def phase_on(self, day=None):
        """The one function for "which phase is it": the latest-starting phase whose window
        holds `day`; None before the first and after the last."""
        day = day or today()
        # over `phases.all()`, so that a page which prefetched the phases asks no more
        holding = [p for p in self.phases.all() if p.starts_on <= day <= p.ends_on]
        return max(holding, key=lambda p: (p.starts_on, p.order), default=None)

    def submission_workflow(self):
        return Workflow.from_data("submission", self.rules["submission_workflow"])

    def is_running(self, day=None):
        day = day or today()
        return self.first_day <= day <= self.last_day


class Phase(models.Model):
    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="phases")
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("order"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["campaign", "order"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "code"], name="phase_code_unique"),
            models.CheckConstraint(condition=models.Q(starts_on__lte=models.F("ends_on")), name="phase_window_ordered"),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name

    def status_on(self, day=None):
        day = day or today()
        if day < self.starts_on:
            return "upcoming"
        if day > self.ends_on:
            return "done"
        return "current"


class Deliverable(models.Model):
    """Something units owe upward (报送材料): owed by every unit of `owner_levels`, or by
    one `owner_unit` (e.g. an unqualified unit's rectification plan)."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="deliverables")
    code = models.SlugField(_("code"), max_length=60)
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("English title"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    phase = models.ForeignKey(Phase, verbose_name=_("phase"), null=True, blank=True, on_delete=models.SET_NULL)
    due_on = models.DateField(_("due on"))
    owner_levels = models.CharField(_("owed by levels"), max_length=100, blank=True)  # ";"-separated
    owner_unit = models.ForeignKey(
        "orgs.OrgUnit", verbose_name=_("owed by unit"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    rollup_from = models.ForeignKey(
        "self", verbose_name=_("aggregated from"), null=True, blank=True, on_delete=models.SET_NULL, related_name="rolls_up_into"
    )
    addressed_to = models.CharField(_("addressed to"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")
        ordering = ["campaign", "due_on", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["campaign", "code"], name="deliverable_code_unique")]

    def __str__(self):
        return self.display_title

    @property
    def display_title(self):
        if get_language() == "en" and self.title_en:
            return self.title_en
        return self.title

    @property
    def description_text(self):
        """The description as shown: its placeholders filled from the deliverable's data
        ("于{due}前报市局行评办" with the actual due date; campaigns/texts.py)."""
        from xingping.campaigns.texts import deliverable_text

        return deliverable_text(self)

    @property
    def levels(self):
        return [lv for lv in self.owner_levels.split(";") if lv]

    def is_owed_by(self, unit):
        if self.owner_unit_id:
            return self.owner_unit_id == unit.pk
        return unit.level in self.levels


class SubmissionState(models.TextChoices):
    DRAFT = "draft", _("Draft")  # 草稿
    SUBMITTED = "submitted", _("Submitted")  # 已报送
    RETURNED = "returned", _("Returned")  # 已退回
    ACCEPTED = "accepted", _("Accepted")  # 已通过


class SubmissionQuerySet(ScopedQuerySet):
    pass


class Submission(TimeStampedModel):
    """A unit's answer to a deliverable: draft → submitted → returned (reason) / accepted."""

    deliverable = models.ForeignKey(Deliverable, verbose_name=_("deliverable"), on_delete=models.CASCADE, related_name="submissions")
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="submissions")
    state = models.CharField(_("state"), max_length=12, choices=SubmissionState.choices, default=SubmissionState.DRAFT)
    body = models.TextField(_("content"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    late = models.BooleanField(_("late"), default=False)  # first submitted after the due date
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    return_reason = models.TextField(_("reason for return"), blank=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        constraints = [
            models.UniqueConstraint(fields=["deliverable", "unit"], name="submission_one_per_unit"),
            models.CheckConstraint(condition=models.Q(state__in=[s.value for s in SubmissionState]), name="submission_state_valid"),
        ]

    def __str__(self):
        return f"{self.unit} · {self.deliverable}"


def attachment_path(instance, filename):
    return f"submissions/{instance.submission.deliverable.campaign_id}/{instance.submission_id}/{filename}"


class AttachmentQuerySet(ScopedQuerySet):
    unit_field = "submission__unit"


class Attachment(models.Model):
    submission = models.ForeignKey(Submission, verbose_name=_("submission"), on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=200)
    content_kind = models.CharField(_("type"), max_length=10)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name


class MeetingKind(models.TextChoices):
    MOBILISATION = "mobilisation", _("Mobilisation meeting")  # 动员大会
    BRANCH = "branch", _("Party branch meeting")  # 支部会
    DISCUSSION = "discussion", _("Discussion and exchange")  # 讨论交流会
    STUDY = "study", _("Study session")  # 集中学习


class MeetingQuerySet(ScopedQuerySet):
    pass


class StudyMaterial(models.Model):
    """A document listed for study in the mobilisation phase (R2.4)."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="study_materials")
    code = models.SlugField(_("code"), max_length=60, blank=True)  # names it in `document_numbers` (template's code)
    title = models.CharField(_("title"), max_length=300)
    # 文号: a document issued under a number (e.g. 鄂办发〔2026〕19号) is `numbered`; its number is
    # given by the office when the campaign is created (or later), shown as 待补充 until then.
    numbered = models.BooleanField(_("has a document number"), default=False)
    document_number = models.CharField(_("document number"), max_length=60, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("study material")
        verbose_name_plural = _("study materials")
        ordering = ["campaign", "order", "pk"]

    def __str__(self):
        return self.display_title

    @property
    def display_title(self):
        """The title with its document number, or 待补充 where the office has not given one."""
        from xingping.campaigns.texts import material_text

        return material_text(self)


class MobilisationMeeting(TimeStampedModel):
    """A mobilisation meeting, branch meeting or discussion held by a unit (R2.4)."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="meetings")
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices)
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("held on"))
    attendance = models.PositiveIntegerField(_("attendance"))
    minutes = models.TextField(_("minutes"), blank=True)
    materials = models.ManyToManyField(StudyMaterial, verbose_name=_("materials studied"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.PROTECT,
                                   related_name="+")

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("mobilisation meeting")
        verbose_name_plural = _("mobilisation meetings")
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return self.title
