"""Democratic evaluation (集中评议, R3 and R13): the rubric as data, the evaluator panel,
single-use ballot tokens, secret ballots, the evaluation meeting and its consequences.

Secrecy (C7, R13.4): a `BallotToken` holds only the SHA-256 of the token and a `used`
flag; a `Ballot` holds no token, no evaluator, no address or user agent, only the day
it was cast, and a random UUID key, so nothing orders ballots by submission or links
one back to a token. Scores hang off the ballot by random UUIDs too.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from xingping.core.models import TimeStampedModel
from xingping.orgs.policy import ScopedQuerySet


class EvaluationState(models.TextChoices):
    DRAFT = "draft", _("In preparation")  # 准备中 (rubric editable)
    OPEN = "open", _("Voting open")  # 投票中
    CLOSED = "closed", _("Voting closed")  # 已结束


class BallotForm(models.TextChoices):
    RUBRIC = "rubric", _("Full rubric")  # 逐项评议
    OVERALL = "overall", _("One overall rating per unit")  # 总体评价


class Evaluation(TimeStampedModel):
    """A campaign's evaluation: rubric copy, scoring rules (评分细则), state of voting."""

    campaign = models.ForeignKey("campaigns.Campaign", verbose_name=_("campaign"), on_delete=models.CASCADE,
                                 related_name="evaluations")
    # The holding unit (R13.1): the city bureau holds the city's evaluation, a county bureau its own.
    holder = models.ForeignKey("orgs.OrgUnit", verbose_name=_("holding unit"), on_delete=models.PROTECT,
                               related_name="+")
    level = models.CharField(_("level"), max_length=16, default="", editable=False)  # the holder's level, for the overlap rule
    min_answered = models.PositiveSmallIntegerField(_("fewest answered ballots for a rank"), default=10)
    allow_abstain = models.BooleanField(_("\"don't know\" allowed"), default=True)
    ballot_form = models.CharField(_("ballot form"), max_length=10, choices=BallotForm.choices, default=BallotForm.RUBRIC)
    # Assignment by category: {category: [unit code, ...]}; a category not listed rates every unit.
    category_units = models.JSONField(_("units by evaluator category"), default=dict, blank=True)
    # Set once the office chose the evaluated units (evaluated_units_set): opening the root's
    # evaluation then adds no unit created since the set-up.
    units_chosen = models.BooleanField(_("evaluated units chosen by the office"), default=False)
    # Set when the figures engine failed at the last computation: the results wait (no substituted score).
    work_unavailable = models.BooleanField(_("work score unavailable"), default=False)
    state = models.CharField(_("state"), max_length=10, choices=EvaluationState.choices, default=EvaluationState.DRAFT)
    democratic_weight = models.DecimalField(_("democratic score weight"), max_digits=4, decimal_places=3, default=0.7)
    work_weight = models.DecimalField(_("work score weight"), max_digits=4, decimal_places=3, default=0.3)
    grades = models.JSONField(_("grade thresholds"), default=list)  # [{"code","label","min"}] best first
    min_group_size = models.PositiveSmallIntegerField(_("smallest group shown separately"), default=5)
    progress_every_days = models.PositiveSmallIntegerField(_("progress report every (days)"), default=15)
    meeting_title = models.CharField(_("meeting title"), max_length=200, blank=True)
    meeting_on = models.DateField(_("meeting day"), null=True, blank=True)
    meeting_place = models.CharField(_("meeting place"), max_length=200, blank=True)
    current_agenda = models.ForeignKey("AgendaItem", verbose_name=_("current agenda item"), null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="+")
    opened_at = models.DateTimeField(_("voting opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("voting closed at"), null=True, blank=True)
    consequences_applied_at = models.DateTimeField(_("consequences applied at"), null=True, blank=True)
    # Frozen when voting opens: {"items": [item pk, ...], "choices": [[value, points], ...]}.
    layout = models.JSONField(default=dict, editable=False)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.CheckConstraint(condition=models.Q(state__in=[s.value for s in EvaluationState]),
                                   name="evaluation_state_valid"),
            models.CheckConstraint(condition=models.Q(democratic_weight__gte=0, work_weight__gte=0),
                                   name="evaluation_weights_non_negative"),
            models.UniqueConstraint(fields=["campaign", "holder"], name="evaluation_one_per_holder"),
        ]

    def __str__(self):
        return str(self.meeting_title or self.campaign)

    @property
    def is_draft(self):
        return self.state == EvaluationState.DRAFT

    @property
    def is_open(self):
        return self.state == EvaluationState.OPEN

    @property
    def is_closed(self):
        return self.state == EvaluationState.CLOSED


class EvaluatedUnit(models.Model):
    """A unit on this evaluation's ballot (评议对象), in agenda order."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="units")
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("evaluated unit")
        verbose_name_plural = _("evaluated units")
        ordering = ["evaluation", "order", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["evaluation", "unit"], name="evaluated_unit_once")]

    def __str__(self):
        return str(self.unit)


class RubricArea(models.Model):
    """One of the rubric's areas (评议内容, R3: six areas)."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="areas")
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2, default=1)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("rubric area")
        verbose_name_plural = _("rubric areas")
        ordering = ["evaluation", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "code"], name="rubric_area_code_unique"),
            models.CheckConstraint(condition=models.Q(weight__gt=0), name="rubric_area_weight_positive"),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return self.name_en if get_language() == "en" and self.name_en else self.name


class RubricItem(models.Model):
    """A check item (the plan's "是否…" questions, R3: 18 items)."""

    area = models.ForeignKey(RubricArea, verbose_name=_("area"), on_delete=models.CASCADE, related_name="items")
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("code"), max_length=20)
    text = models.CharField(_("text"), max_length=400)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2, default=1)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("rubric item")
        verbose_name_plural = _("rubric items")
        ordering = ["evaluation", "area__order", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "code"], name="rubric_item_code_unique"),
            models.CheckConstraint(condition=models.Q(weight__gt=0), name="rubric_item_weight_positive"),
        ]

    def __str__(self):
        return f"{self.code} {self.text}"


class RubricChoice(models.Model):
    """An answer an evaluator may give (满意 / 基本满意 / 不满意) and its points."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="choices")
    value = models.SmallIntegerField(_("value"))
    label = models.CharField(_("label"), max_length=40)
    label_en = models.CharField(_("English label"), max_length=40, blank=True)
    points = models.PositiveSmallIntegerField(_("points"))
    abstain = models.BooleanField(_("don't know (counts in no score)"), default=False)

    class Meta:
        verbose_name = _("answer choice")
        verbose_name_plural = _("answer choices")
        ordering = ["evaluation", "-value"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "value"], name="rubric_choice_value_unique"),
            models.CheckConstraint(condition=models.Q(points__lte=100), name="rubric_choice_points_max_100"),
        ]

    def __str__(self):
        return self.display_label

    @property
    def display_label(self):
        return self.label_en if get_language() == "en" and self.label_en else self.label


class EvaluatorCategory(models.TextChoices):
    REPRESENTATIVE = "representative", _("Appraisal representative")  # 行评代表
    NPC_DEPUTY = "npc_deputy", _("People's congress deputy")  # 人大代表
    CPPCC_MEMBER = "cppcc_member", _("CPPCC member")  # 政协委员
    MONITOR = "monitor", _("Conduct monitor")  # 行风监督员
    ENTERPRISE = "enterprise", _("Enterprise representative")  # 企业代表
    CITIZEN = "citizen", _("Citizen")  # 群众代表


class Evaluator(TimeStampedModel):
    """A registered evaluator (评议代表). Never linked to a ballot."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="evaluators")
    name = models.CharField(_("name"), max_length=50)
    category = models.CharField(_("category"), max_length=20, choices=EvaluatorCategory.choices)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    # Assigned one by one; when empty, the category's units (Evaluation.category_units) or all.
    units = models.ManyToManyField("orgs.OrgUnit", verbose_name=_("assigned units"), blank=True, related_name="+")

    class Meta:
        verbose_name = _("evaluator")
        verbose_name_plural = _("evaluators")
        ordering = ["evaluation", "category", "name", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(category__in=[c.value for c in EvaluatorCategory]),
                                   name="evaluator_category_valid"),
        ]

    def __str__(self):
        return self.name


class BallotToken(models.Model):
    """A single-use ballot (QR code). Only the SHA-256 of the token is kept: the sheet
    is printed when the token is issued and cannot be shown again."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="tokens")
    evaluator = models.ForeignKey(Evaluator, null=True, blank=True, on_delete=models.SET_NULL, related_name="tokens")
    category = models.CharField(_("category"), max_length=20, choices=EvaluatorCategory.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    used = models.BooleanField(_("used"), default=False)
    revoked = models.BooleanField(_("revoked"), default=False)
    issued_on = models.DateField(_("issued on"))
    units = models.JSONField(default=list, blank=True)  # the assigned units' pks, frozen at issue; [] = all

    class Meta:
        verbose_name = _("ballot token")
        verbose_name_plural = _("ballot tokens")
        constraints = [
            # A token is spent by `UPDATE … SET used = true WHERE used = false AND NOT revoked`
            # in the ballot's transaction: one row, one ballot.
            models.CheckConstraint(condition=~models.Q(used=True, revoked=True), name="token_not_used_and_revoked"),
        ]

    def __str__(self):
        return f"{self.evaluation_id}:{self.token_hash[:8]}"


class BallotSource(models.TextChoices):
    PHONE = "phone", _("Phone")  # 手机
    PAPER = "paper", _("Paper")  # 纸质


class Ballot(models.Model):
    """One cast ballot. Holds nothing linking it to a token or a person (see module doc)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    evaluation = models.ForeignKey(Evaluation, on_delete=models.PROTECT, related_name="ballots")
    category = models.CharField(_("evaluator category"), max_length=20, choices=EvaluatorCategory.choices)
    cast_on = models.DateField(_("cast on"))  # the day only
    source = models.CharField(_("source"), max_length=10, choices=BallotSource.choices, default=BallotSource.PHONE)
    nonce = models.CharField(max_length=32, unique=True)  # random; the receipt is an HMAC of it

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        ordering = ["nonce"]  # random: never by submission

    def __str__(self):
        return str(self.id)


class BallotAnswers(models.Model):
    """A ballot's answers for one unit: one character per rubric item, in the item order
    frozen when voting opened (`Evaluation.layout["items"]`); the character is the index
    of the answer in `Evaluation.layout["choices"]` ("0" = the first). Keyed by (ballot,
    unit): no sequence and no order; 20 short rows per ballot instead of 360 keep the
    write that must hold the lock small when a thousand phones submit at once."""

    pk = models.CompositePrimaryKey("ballot_id", "unit_id")
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="answers")
    unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", db_index=False)
    answers = models.CharField(max_length=200)

    class Meta:
        verbose_name = _("ballot answers")
        verbose_name_plural = _("ballot answers")


class PendingBallot(models.Model):
    """A cast ballot waiting in the mixing buffer (see services/ballots.py, "Secrecy of cast
    order"): written in the transaction that spends the token, moved into Ballot and
    BallotAnswers with others of its evaluation, in random order and in one later
    transaction, once `XINGPING_BALLOT_BATCH` are waiting (and at the close). Holds the
    same as a ballot: nothing linking it to a token or a person."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="pending_ballots")
    category = models.CharField(max_length=20, choices=EvaluatorCategory.choices)
    cast_on = models.DateField()
    source = models.CharField(max_length=10, choices=BallotSource.choices, default=BallotSource.PHONE)
    nonce = models.CharField(max_length=32, unique=True)
    answers = models.TextField()  # "<unit pk>:<answers>" per unit, joined by ";"

    class Meta:
        verbose_name = _("ballot waiting to be stored")
        verbose_name_plural = _("ballots waiting to be stored")


class PaperBallot(models.Model):
    """A numbered paper ballot (纸质选票). The number identifies the sheet, never a person:
    sheets are handed out at random. It counts once two entries by different staff match."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="paper_ballots")
    number = models.PositiveIntegerField(_("number"))
    category = models.CharField(_("evaluator category"), max_length=20, choices=EvaluatorCategory.choices)
    printed_on = models.DateField(_("printed on"))
    counted = models.BooleanField(_("counted"), default=False)

    class Meta:
        verbose_name = _("paper ballot")
        verbose_name_plural = _("paper ballots")
        ordering = ["evaluation", "number"]
        constraints = [models.UniqueConstraint(fields=["evaluation", "number"], name="paper_ballot_number_once")]

    def __str__(self):
        return f"{self.number:05d}"


class PaperEntry(models.Model):
    """One member of staff's entry of a paper ballot (two must match)."""

    paper = models.ForeignKey(PaperBallot, on_delete=models.CASCADE, related_name="entries")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    scores = models.JSONField()
    entered_on = models.DateField(_("entered on"))

    class Meta:
        verbose_name = _("paper ballot entry")
        verbose_name_plural = _("paper ballot entries")
        constraints = [models.UniqueConstraint(fields=["paper", "entered_by"], name="paper_entry_once_per_person")]


# ------------------------------------------------------------------ meeting

class EvaluationScopedQuerySet(ScopedQuerySet):
    pass


class AgendaItem(models.Model):
    """A unit's turn at the meeting: its main leader reports (R13.2)."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="agenda")
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    speaker = models.CharField(_("reporting leader"), max_length=100, blank=True)
    title = models.CharField(_("report title"), max_length=200, blank=True)
    done = models.BooleanField(_("done"), default=False)

    objects = EvaluationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["evaluation", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["evaluation", "unit"], name="agenda_unit_once")]

    def __str__(self):
        return f"{self.order}. {self.unit}"


class MeetingQuestion(TimeStampedModel):
    """A participant's question or opinion at the meeting and the unit's answer."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="questions")
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    asked_by = models.CharField(_("asked by"), max_length=100, blank=True)
    question = models.TextField(_("question"))
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.CharField(_("answered by"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    objects = EvaluationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting question")
        verbose_name_plural = _("meeting questions")
        ordering = ["evaluation", "created_at", "pk"]

    def __str__(self):
        return self.question[:60]


# ------------------------------------------------------------------ results and consequences

class Veto(TimeStampedModel):
    """一票否决: a finding that makes a unit unqualified whatever its score."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="vetoes")
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"))
    reference = models.CharField(_("reference (e.g. case number)"), max_length=100, blank=True)
    # Proposed automatically from a verified serious misconduct case; counts once the office confirms.
    proposed = models.BooleanField(_("proposed, awaiting confirmation"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    objects = EvaluationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("veto")
        verbose_name_plural = _("vetoes")
        ordering = ["evaluation", "unit__path", "pk"]

    def __str__(self):
        return f"{self.unit}: {self.reason[:40]}"


class UnitResult(models.Model):
    """A unit's result, computed when voting closes (and again if a veto is recorded)."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="results")
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    democratic_score = models.DecimalField(_("democratic score"), max_digits=6, decimal_places=2)
    work_score = models.DecimalField(_("work score"), max_digits=6, decimal_places=2, null=True)  # null: unavailable
    score = models.DecimalField(_("composite score"), max_digits=6, decimal_places=2, null=True)
    rank = models.PositiveSmallIntegerField(_("rank"), null=True)  # null: too few answers or results waiting
    grade = models.CharField(_("grade"), max_length=20, blank=True)
    grade_label = models.CharField(_("grade"), max_length=40, blank=True)
    answered = models.PositiveIntegerField(_("answered ballots"), default=0)
    phone_ballots = models.PositiveIntegerField(_("phone ballots"), default=0)
    paper_ballots = models.PositiveIntegerField(_("paper ballots"), default=0)
    vetoed = models.BooleanField(_("vetoed"), default=False)

    objects = EvaluationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit result")
        verbose_name_plural = _("unit results")
        ordering = ["evaluation", models.F("rank").asc(nulls_last=True), "unit__path"]
        constraints = [models.UniqueConstraint(fields=["evaluation", "unit"], name="unit_result_once")]

    def __str__(self):
        return f"{self.unit} {self.score} {self.grade_label}"


class TalkState(models.TextChoices):
    PLANNED = "planned", _("Planned")  # 待谈话
    HELD = "held", _("Held")  # 已谈话


class AdmonishmentTalk(TimeStampedModel):
    """诫勉谈话 with the main leader of an unqualified unit (R13.3)."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="talks")
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("main leader"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    leader_name = models.CharField(_("main leader"), max_length=100)
    reason = models.TextField(_("reason"))
    state = models.CharField(_("state"), max_length=10, choices=TalkState.choices, default=TalkState.PLANNED)
    held_on = models.DateField(_("day of the talk"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = EvaluationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("admonishment talk")
        verbose_name_plural = _("admonishment talks")
        ordering = ["evaluation", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["evaluation", "unit"], name="talk_one_per_unit")]

    def __str__(self):
        return f"{self.unit} · {self.leader_name}"


class RectificationFollowUp(models.Model):
    """The rectification plan an unqualified unit owes and its progress-report schedule:
    a progress-report deliverable every `every_days` days until the plan is accepted."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="followups")
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey("campaigns.Deliverable", verbose_name=_("rectification plan"), on_delete=models.CASCADE,
                             related_name="+")
    every_days = models.PositiveSmallIntegerField(_("progress report every (days)"))
    reports_created = models.PositiveSmallIntegerField(_("progress reports scheduled"), default=0)
    finished_on = models.DateField(_("finished on"), null=True, blank=True)  # plan accepted

    objects = EvaluationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("rectification follow-up")
        verbose_name_plural = _("rectification follow-ups")
        ordering = ["evaluation", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["evaluation", "unit"], name="followup_one_per_unit")]

    def __str__(self):
        return f"{self.unit} · {self.plan}"


class Commendation(TimeStampedModel):
    """通报表扬 of the excellent units, drafted as a Word document (R13.3)."""

    evaluation = models.OneToOneField(Evaluation, on_delete=models.CASCADE, related_name="commendation")
    title = models.CharField(_("title"), max_length=200)
    addressee = models.CharField(pgettext_lazy("document", "addressed to"), max_length=300)
    body = models.TextField(_("body"))
    signatory = models.CharField(_("issued by"), max_length=200)
    issued_on = models.DateField(pgettext_lazy("document", "date"))
    units = models.ManyToManyField("orgs.OrgUnit", verbose_name=_("commended units"), related_name="+")

    class Meta:
        verbose_name = _("commendation notice")
        verbose_name_plural = _("commendation notices")

    def __str__(self):
        return self.title
