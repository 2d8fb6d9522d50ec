"""Cases (R5, R7.1, R9.2, R4.2, C6): one engine for complaints (投诉), reports (举报),
petitions (信访), staff-misconduct reports (反映工作人员问题), NPC deputies' suggestions
(人大代表建议), CPPCC members' proposals (政协委员提案) and questions asked at the evaluation
meeting. The kinds differ in data (workflow table, deadlines), not in code paths.

Who sees a case is decided in `cases.permissions` (scoping plus the misconduct rule).
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from xingping.core.crypto import normalise_id_number, normalise_phone
from xingping.core.fields import BlindIndexField, EncryptedTextField
from xingping.core.masking import mask_id_number, mask_phone
from xingping.orgs.policy import VIEW, ScopedQuerySet


class Kind(models.TextChoices):
    COMPLAINT = "complaint", pgettext_lazy("case kind", "Complaint")  # 投诉
    REPORT = "report", pgettext_lazy("case kind", "Report")  # 举报
    PETITION = "petition", pgettext_lazy("case kind", "Petition")  # 信访
    MISCONDUCT = "misconduct", pgettext_lazy("case kind", "Staff misconduct report")  # 反映工作人员问题
    SUGGESTION = "suggestion", pgettext_lazy("case kind", "NPC deputy's suggestion")  # 人大代表建议
    PROPOSAL = "proposal", pgettext_lazy("case kind", "CPPCC member's proposal")  # 政协委员提案
    MEETING_QUESTION = "meeting_question", pgettext_lazy("case kind", "Question at the evaluation meeting")  # 评议会提问
    DISCLOSURE_REQUEST = "disclosure_request", pgettext_lazy("case kind", "Request for disclosure")  # 依申请公开 (R8.2)


class DisclosureReply(models.TextChoices):
    """The seven replies of 政府信息公开条例 art. 36."""

    ALREADY_PUBLIC = "already_public", pgettext_lazy("disclosure reply", "Already disclosed: where to find it")  # 已主动公开
    GRANTED = "granted", pgettext_lazy("disclosure reply", "Disclosed")  # 予以公开
    REFUSED = "refused", pgettext_lazy("disclosure reply", "Not disclosed, with the reason")  # 不予公开
    NOT_EXIST = "not_exist", pgettext_lazy("disclosure reply", "The information does not exist")  # 信息不存在
    NOT_COMPETENT = "not_competent", pgettext_lazy("disclosure reply", "Another authority is responsible")  # 非本机关负责公开
    REPEATED = "repeated", pgettext_lazy("disclosure reply", "Repeated request, not handled again")  # 重复申请
    SPECIAL_LAW = "special_law", pgettext_lazy("disclosure reply", "Obtained under another law")  # 按有关法律法规办理


# The most working days of third-party consultation (art. 32) one request may record in all:
# a safety bound behind the campaign's rule `max_consult_wd` (services check the rule).
MAX_CONSULT_WD = 120

PUBLIC_KINDS = (Kind.COMPLAINT, Kind.REPORT, Kind.MISCONDUCT)
DEPUTY_KINDS = (Kind.SUGGESTION, Kind.PROPOSAL)


class Channel(models.TextChoices):
    C12315 = "12315", pgettext_lazy("case channel", "12315 platform")
    HOTLINE = "hotline", pgettext_lazy("case channel", "Hotline")  # 热线电话
    WEB = "web", pgettext_lazy("case channel", "Web form")  # 网上
    LETTER = "letter", pgettext_lazy("case channel", "Letter")  # 来信
    VISIT = "visit", pgettext_lazy("case channel", "Visit in person")  # 来访
    MEETING = "meeting", pgettext_lazy("case channel", "Meeting")  # 会议
    API = "api", pgettext_lazy("case channel", "Open311 client")


class Status(models.TextChoices):
    RECEIVED = "received", pgettext_lazy("case status", "Received")  # 已登记
    ACCEPTED = "accepted", pgettext_lazy("case status", "Accepted")  # 已受理
    REJECTED = "rejected", pgettext_lazy("case status", "Rejected")  # 不予受理
    ASSIGNED = "assigned", pgettext_lazy("case status", "Assigned")  # 已交办
    VERIFIED = "verified", pgettext_lazy("case status", "Verified")  # 已核实
    HANDLED = "handled", pgettext_lazy("case status", "Handled")  # 已处理
    REPLIED = "replied", pgettext_lazy("case status", "Replied")  # 已答复
    CLOSED = "closed", pgettext_lazy("case status", "Closed")  # 已办结
    REOPENED = "reopened", pgettext_lazy("case status", "Reopened")  # 重新办理
    # 待补正: a request for disclosure sent back to the applicant to supplement (art. 30);
    # its reply clock is stopped until the supplement arrives.
    SUPPLEMENT = "supplement", pgettext_lazy("case status", "Awaiting supplement")


# A case's kind and status labels by dict (Case.kind_label, Case.status_label): Django's
# get_FOO_display hashes every (lazy) label of the field's choices on each call, a fifth of a
# case list's server time.
KIND_LABELS = dict(Kind.choices)
STATUS_LABELS = dict(Status.choices)

# States in which the reply (or, before acceptance, the acceptance) is still owed.
OPEN_STATUSES = (Status.RECEIVED, Status.ACCEPTED, Status.REOPENED, Status.ASSIGNED, Status.VERIFIED, Status.HANDLED,
                 Status.SUPPLEMENT)
CLOSED_STATUSES = (Status.CLOSED, Status.REJECTED)


class ReplyMethod(models.TextChoices):
    FACE = "face", pgettext_lazy("reply method", "Face to face")  # 当面
    LETTER = "letter", pgettext_lazy("reply method", "Letter")  # 书面
    PHONE = "phone", pgettext_lazy("reply method", "Phone")  # 电话
    EMAIL = "email", pgettext_lazy("reply method", "E-mail")  # 电子邮件


class Outcome(models.TextChoices):
    A = "A", pgettext_lazy("outcome class", "A – solved")  # 已解决
    B = "B", pgettext_lazy("outcome class", "B – being solved")  # 正在解决
    C = "C", pgettext_lazy("outcome class", "C – planned or explained")  # 列入计划 / 说明解释


def new_tracking_code():
    """Unguessable (64 random bits from `secrets`), easy to read out on the phone: XXXX-XXXX-XXXX-XXXX."""
    raw = secrets.token_hex(8).upper()
    return "-".join(raw[i:i + 4] for i in range(0, 16, 4))


class CaseQuerySet(ScopedQuerySet):
    """Who sees a case: a thin delegate to the cases policy (`cases.permissions.case_scope`:
    scoping plus the misconduct rule, docs/cases.md "Privacy")."""

    def for_user(self, user, action=VIEW):
        from xingping.cases.permissions import case_scope

        return case_scope(self, user, action)

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def owed(self):
        """The open cases as the lists read them: a next step is owed, `next_due_on` set
        (Case.refresh_next_due), so the index (next_due_on, id, title) serves the filter and the
        order, deep pages and a queue's first page included."""
        return self.filter(next_due_on__isnull=False)


class Case(models.Model):
    number = models.CharField(_("case number"), max_length=40, unique=True)  # natural key (C6)
    tracking_code = models.CharField(_("tracking code"), max_length=19, unique=True, default=new_tracking_code, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.C12315)
    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("campaign"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    unit = models.ForeignKey(
        "orgs.OrgUnit", verbose_name=_("handling unit"), on_delete=models.PROTECT, related_name="cases"
    )
    # 被反映单位: misconduct only — the unit whose staff the report is about.
    subject_unit = models.ForeignKey(
        "orgs.OrgUnit", verbose_name=_("unit reported on"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    accused_name = models.CharField(_("staff member reported on"), max_length=50, blank=True)
    title = models.CharField(_("subject"), max_length=200, blank=True)
    content = models.TextField(pgettext_lazy("cases", "content"), blank=True)
    named = models.BooleanField(_("named"), default=True)  # 实名 (False: anonymous)
    complainant_name = models.CharField(_("complainant"), max_length=50, blank=True)
    # Personal data, SM4-encrypted at rest with a blind index for exact look-ups (core/fields.py).
    complainant_phone = EncryptedTextField(_("complainant's phone"), max_length=30, blank=True,
                                           normalise=normalise_phone, mask=mask_phone)
    complainant_phone_hash = BlindIndexField(source="complainant_phone")
    complainant_id_number = EncryptedTextField(_("complainant's ID number"), max_length=18, blank=True, default="",
                                               normalise=normalise_id_number, mask=mask_id_number)
    complainant_id_number_hash = BlindIndexField(source="complainant_id_number")
    deputy_name = models.CharField(_("deputy or member"), max_length=50, blank=True)  # suggestions / proposals
    received_on = models.DateField(_("received on"), db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RECEIVED)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("handler"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    accept_due_on = models.DateField(_("accept by"), null=True, blank=True)
    due_on = models.DateField(pgettext_lazy("cases", "due on"), null=True, blank=True)
    next_due_on = models.DateField(_("next step due on"), null=True, blank=True)  # see refresh_next_due
    replied_on = models.DateField(_("replied on"), null=True, blank=True)
    reply_method = models.CharField(_("reply method"), max_length=10, choices=ReplyMethod.choices, blank=True)
    reply_content = models.TextField(_("reply"), blank=True)
    met_on = models.DateField(_("met in person on"), null=True, blank=True)  # 见面
    verified = models.BooleanField(_("found true"), null=True, blank=True)  # 核实属实
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    handled_on = models.DateField(_("handled on"), null=True, blank=True)  # 处理
    completed_on = models.DateField(_("completed on"), null=True, blank=True)  # 办结
    outcome = models.CharField(_("outcome class"), max_length=1, choices=Outcome.choices, blank=True)
    calendar_estimated = models.BooleanField(_("deadline counted Monday–Friday"), default=False)
    # 依申请公开 (C6): a request to supplement (补正, art. 30) restarts the clock from the day the
    # supplement arrives; one extension (art. 33) of at most 20 working days; art. 36's reply.
    supplemented_on = models.DateField(_("supplemented on"), null=True, blank=True)
    # the day the applicant was asked to supplement (the clock stops) and the day by which the
    # supplement must arrive, else the request is deemed withdrawn (视为放弃申请)
    supplement_asked_on = models.DateField(_("supplement asked on"), null=True, blank=True)
    supplement_due_on = models.DateField(_("supplement due by"), null=True, blank=True)
    extended_wd = models.PositiveSmallIntegerField(_("extension in working days"), default=0)
    # 征求第三方意见 (art. 32): working days spent consulting a third party, not counted
    consult_wd = models.PositiveSmallIntegerField(_("third-party consultation in working days"), default=0)
    disclosure_reply = models.CharField(_("reply under art. 36"), max_length=16, choices=DisclosureReply.choices, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["next_due_on", "pk"]
        indexes = [
            # the lists' order and "open" (next_due_on set); the title in it lets a subject search
            # (title LIKE '%…%', no index can seek it) read the index instead of every row
            models.Index(fields=["next_due_on", "id", "title"], name="case_next_due_title"),
            models.Index(fields=["status", "next_due_on", "id"], name="case_status_next_due"),
            models.Index(fields=["kind", "status", "next_due_on", "id"], name="case_kind_status_next_due"),
            models.Index(fields=["unit", "next_due_on", "id"], name="case_unit_next_due"),
            models.Index(fields=["unit", "kind", "received_on"], name="case_unit_kind_received"),
            models.Index(fields=["subject_unit", "kind", "received_on"], name="case_subject_received"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=[s.value for s in Status]), name="case_status_valid"),
            models.CheckConstraint(condition=Q(kind__in=[k.value for k in Kind]), name="case_kind_valid"),
            models.CheckConstraint(
                condition=~Q(kind="misconduct") | Q(subject_unit__isnull=False), name="case_misconduct_has_subject"
            ),
            models.CheckConstraint(condition=Q(extended_wd__lte=20), name="case_one_extension_of_20_wd"),
            models.CheckConstraint(condition=Q(consult_wd__lte=MAX_CONSULT_WD), name="case_consult_wd_bounded"),
            models.CheckConstraint(
                condition=Q(supplemented_on__isnull=True) | Q(supplemented_on__gte=F("received_on")),
                name="case_supplement_after_receipt",
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.title}".strip()

    @property
    def kind_label(self):
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def status_label(self):
        return STATUS_LABELS.get(self.status, self.status)

    def refresh_next_due(self):
        """Set `next_due_on`: the acceptance deadline while received, the reply deadline
        while a reply is owed, none once replied, rejected or closed. Services call it
        whenever the status or a deadline changes (it is what lists sort and filter by)."""
        if self.status == Status.SUPPLEMENT:
            # the reply clock is stopped; what is owed is the applicant's supplement by its day
            self.next_due_on = self.supplement_due_on or self.supplement_asked_on or self.received_on
        elif self.status == Status.RECEIVED:
            self.next_due_on = self.accept_due_on or self.due_on or self.received_on
        elif self.status in OPEN_STATUSES:
            # a kind without a deadline rule is owed from receipt (never silently "done")
            self.next_due_on = self.due_on or self.received_on
        else:
            self.next_due_on = None
        return self


EVENT_LABELS = {
    "create": _("Recorded"),  # 登记
    "met": _("Met in person"),  # 见面
    "transfer-requested": _("Transfer requested"),
    "transfer-approved": _("Transfer approved"),
    "transfer-refused": _("Transfer refused"),
    "extension-requested": _("Extension requested"),
    "extension-approved": _("Extension approved"),
    "extension-refused": _("Extension refused"),
    "consult": _("Third-party consultation (not counted in the time limit)"),  # 征求第三方意见
}


class CaseEvent(models.Model):
    """The history of a case (what the complainant and the handler see); each one is also
    in the audit log."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("time"), auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor_name = models.CharField(pgettext_lazy("cases", "by"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    public = models.BooleanField(default=True)  # shown on the tracking page

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.case_id} {self.action}"

    @property
    def label(self):
        if self.action in Status.values:
            return Status(self.action).label
        return EVENT_LABELS.get(self.action, self.action)


class CaseChildQuerySet(ScopedQuerySet):
    """For rows that belong to a case: visible exactly when their case is (cases policy)."""

    unit_field = "case__unit"

    def for_user(self, user, action=VIEW):
        from xingping.cases.permissions import case_child_scope

        return case_child_scope(self, user, action)


class CaseAttachment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to="cases/%Y/%m/")
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = CaseChildQuerySet.as_manager()

    def __str__(self):
        return self.name


class RequestKind(models.TextChoices):
    TRANSFER = "transfer", pgettext_lazy("case request", "Transfer to another unit")  # 转办
    EXTENSION = "extension", pgettext_lazy("case request", "Deadline extension")  # 延期


class RequestStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("case request status", "Pending")
    APPROVED = "approved", pgettext_lazy("case request status", "Approved")
    REFUSED = "refused", pgettext_lazy("case request status", "Refused")


class CaseRequest(models.Model):
    """A transfer or a deadline extension, decided by a leader (领导审批)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="requests")
    kind = models.CharField(_("request"), max_length=10, choices=RequestKind.choices)
    reason = models.TextField(_("reason"))
    target_unit = models.ForeignKey(
        "orgs.OrgUnit", verbose_name=_("transfer to"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    new_due_on = models.DateField(_("new due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=Q(status="pending"), name="case_one_pending_request"),
        ]


class HolidayOverride(models.Model):
    """A holiday or an adjusted working day the office enters for a year the official
    calendar does not know yet (or a correction)."""

    day = models.DateField(_("day"), unique=True)
    is_workday = models.BooleanField(_("working day"))
    name = models.CharField(_("name"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("holiday or adjusted working day")
        verbose_name_plural = _("holidays and adjusted working days")
        ordering = ["day"]

    def __str__(self):
        return f"{self.day} {self.name}"


class DeputyKind(models.TextChoices):
    NPC = "npc", pgettext_lazy("deputy kind", "NPC deputy")  # 人大代表
    CPPCC = "cppcc", pgettext_lazy("deputy kind", "CPPCC member")  # 政协委员


class Solicitation(models.Model):
    """A solicitation of opinions sent to a deputy or member (征求意见函、材料寄送)."""

    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    campaign = models.ForeignKey("campaigns.Campaign", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    deputy_name = models.CharField(_("deputy or member"), max_length=50)
    deputy_kind = models.CharField(_("deputy or member"), max_length=5, choices=DeputyKind.choices)
    sent_on = models.DateField(_("sent on"))
    materials = models.CharField(_("letters and materials sent"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_on", "-pk"]

    def __str__(self):
        return f"{self.deputy_name} {self.sent_on}"


class DeputyMeeting(models.Model):
    """A meeting in person with deputies or members (见面座谈) about their cases."""

    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(pgettext_lazy("cases", "held on"))
    attendees = models.CharField(_("attendees"), max_length=300)
    place = models.CharField(_("place"), max_length=100, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    cases = models.ManyToManyField(Case, verbose_name=_("cases discussed"), related_name="meetings", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"{self.held_on} {self.attendees}"


class CaseTally(models.Model):
    """How many cases entered a figure's measure on a day (cases/tally.py): written only by the
    database's triggers on cases_case, read by the case figures. `via` is the unit column the
    row counts through: "u" the handling unit, "s" the unit reported on (misconduct)."""

    via = models.CharField(max_length=1)
    unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False,
                             related_name="+")
    kind = models.CharField(max_length=20)
    named = models.BooleanField()
    year = models.PositiveSmallIntegerField()
    measure = models.CharField(max_length=10)
    span = models.CharField(max_length=1)  # "d": the cases of that day; "m": of that day's month
    day = models.DateField()
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["via", "unit", "kind", "named", "year", "measure", "span", "day"],
                                    name="casetally_key"),
        ]
        indexes = [models.Index(fields=["via", "span", "measure", "kind", "day"], name="casetally_read")]
