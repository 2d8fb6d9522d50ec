"""Visits and return visits with the opinion form (R6.2, R7.2), liaison help records (R7.3),
and the checks that keep the records honest (R14.3: phone verification of a sample).

A visit belongs to the *visiting unit*: the visitor's unit when the record is entered, or
its parent when the visitor sits in a department (科室/股室), because a department's staff
count as the parent's own staff (C3/C4). Figures count visits by that unit.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xingping.orgs.policy import ScopedQuerySet


class VisitKind(models.TextChoices):
    VISIT = "visit", _("Visit")  # 走访
    RETURN = "return", _("Return visit")  # 回访 (after a penalty)


class Method(models.TextChoices):
    ONSITE = "onsite", _("On site")  # 上门
    PHONE = "phone", _("Phone")  # 电话
    LETTER = "letter", _("Letter")  # 信函
    EMAIL = "email", _("E-mail")  # 电子邮件


class Satisfaction(models.IntegerChoices):
    VERY_SATISFIED = 5, _("Very satisfied")  # 非常满意
    SATISFIED = 4, _("Satisfied")  # 满意
    FAIRLY_SATISFIED = 3, _("Fairly satisfied")  # 基本满意
    DISSATISFIED = 2, _("Dissatisfied")  # 不满意
    VERY_DISSATISFIED = 1, _("Very dissatisfied")  # 非常不满意


DISSATISFIED_MAX = Satisfaction.DISSATISFIED  # 2 or less is a complaint to follow up

# The six dimensions of the opinion form (R6.2): field name, label.
DIMENSIONS = [
    ("efficiency", _("Efficiency of the office")),  # 机关效能
    ("openness", _("Openness of government affairs")),  # 政务公开
    ("lawfulness", _("Administration according to law")),  # 依法行政
    ("civility", _("Civil law enforcement")),  # 文明执法
    ("diligence", _("Diligence for the people")),  # 勤政为民
    ("ethics", _("Professional ethics")),  # 职业道德
]
DIMENSION_FIELDS = [name for name, _label in DIMENSIONS]


class Verification(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")  # 核实属实
    NOT_CONFIRMED = "not_confirmed", _("Not confirmed")  # 核实不属实
    UNREACHABLE = "unreachable", _("Unreachable")  # 无法联系


class VisitQuerySet(ScopedQuerySet):
    unit_field = "unit"

    def counting(self):
        """Visits that count for figures: not found "not confirmed" by a check."""
        return self.exclude(verification=Verification.NOT_CONFIRMED)

    def dissatisfied(self):
        q = models.Q(opinions__gt="")
        for name in DIMENSION_FIELDS:
            q |= models.Q(**{f"{name}__lte": DISSATISFIED_MAX})
        return self.filter(q)


# Short codes printed on the opinion form: no 0/O, 1/I/L, so that an entity can type one.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8


def random_confirm_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


def new_confirm_code():
    """A code no stored visit has (the field's default). There are 31^8 (8.5 × 10^11) codes:
    with 6,400,000 visits stored a random one is taken about once in 130,000 draws, often
    enough for a province to meet it, so a taken one is drawn again. The importers check a
    whole batch at once instead (`outreach.imports.VisitImport.write`)."""
    while True:
        code = random_confirm_code()
        if not Visit.objects.filter(confirm_code=code).exists():
            return code


def _dimension_field(label):
    return models.PositiveSmallIntegerField(label, choices=Satisfaction.choices, null=True, blank=True)


class Visit(models.Model):
    entity = models.ForeignKey("entities.MarketEntity", verbose_name=_("market entity"), on_delete=models.CASCADE,
                               related_name="visits")
    visitor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("visitor"), on_delete=models.PROTECT,
                                related_name="visits")
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("visiting unit"), on_delete=models.PROTECT,
                             related_name="visits")
    visited_on = models.DateField(_("visited on"))
    kind = models.CharField(_("kind"), max_length=8, choices=VisitKind.choices, default=VisitKind.VISIT)
    method = models.CharField(_("method"), max_length=8, choices=Method.choices, default=Method.ONSITE)
    efficiency = _dimension_field(_("Efficiency of the office"))
    openness = _dimension_field(_("Openness of government affairs"))
    lawfulness = _dimension_field(_("Administration according to law"))
    civility = _dimension_field(_("Civil law enforcement"))
    diligence = _dimension_field(_("Diligence for the people"))
    ethics = _dimension_field(_("Professional ethics"))
    opinions = models.TextField(_("opinions"), blank=True)  # 意见
    suggestions = models.TextField(_("suggestions"), blank=True)  # 建议
    penalties = models.ManyToManyField("entities.Penalty", verbose_name=_("penalties answered"), blank=True,
                                       related_name="return_visits")
    verification = models.CharField(_("verification"), max_length=16, choices=Verification.choices, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)
    # Days from the visit to its entry (negative: dated in the future), fixed when entered.
    entry_delay = models.IntegerField(_("days from visit to entry"), default=0)
    # 确认码: printed with a QR on the form left with the entity, which confirms the visit itself.
    confirm_code = models.CharField(_("confirmation code"), max_length=12, unique=True, default=new_confirm_code,
                                    editable=False)

    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-visited_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["entity", "visitor", "visited_on", "kind"], name="visit_natural_key"),
            models.CheckConstraint(condition=models.Q(kind__in=[c.value for c in VisitKind]), name="visit_kind_valid"),
            models.CheckConstraint(condition=models.Q(method__in=[c.value for c in Method]), name="visit_method_valid"),
        ]
        indexes = [
            # Figures: distinct (entity, unit) pairs of one kind and method, in entity order, covering.
            models.Index(fields=["kind", "method", "entity", "unit", "visited_on", "verification"],
                         name="visit_coverage_scan"),
            models.Index(fields=["entity", "unit", "kind", "method", "visited_on", "verification"], name="visit_entity_unit_kind"),
            models.Index(fields=["visitor", "visited_on"], name="visit_visitor_day"),
            models.Index(fields=["unit", "visited_on"], name="visit_unit_day"),
            # The ledger's order (newest first) read from an index instead of sorting every visit.
            models.Index(fields=["-visited_on", "-id"], name="visit_newest"),
            # The dashboard's not-confirmed count and latest five, without scanning the visits.
            models.Index(fields=["-visited_on", "-id"], name="visit_not_confirmed_newest",
                         condition=models.Q(verification="not_confirmed")),
        ]

    def __str__(self):
        return f"{self.entity} · {self.visited_on} · {self.get_kind_display()}"

    def answers(self):
        return [(label, getattr(self, name), dict(Satisfaction.choices).get(getattr(self, name)))
                for name, label in DIMENSIONS]

    @property
    def is_dissatisfied(self):
        return bool(self.opinions) or any((getattr(self, n) or 9) <= DISSATISFIED_MAX for n in DIMENSION_FIELDS)


class VisitCheck(models.Model):
    """A visit drawn for phone verification (R14.3) and the outcome of the call."""

    visit = models.OneToOneField(Visit, verbose_name=_("visit"), on_delete=models.CASCADE, related_name="verification_check")
    campaign = models.ForeignKey("campaigns.Campaign", verbose_name=_("campaign"), on_delete=models.CASCADE,
                                 related_name="visit_checks")
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("visiting unit"), on_delete=models.PROTECT, related_name="+")
    drawn_at = models.DateTimeField(_("drawn at"), default=timezone.now)
    seed = models.CharField(_("seed"), max_length=40, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Verification.choices, blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("checked by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("visit check")
        verbose_name_plural = _("visit checks")
        ordering = ["unit", "visit"]

    def __str__(self):
        return f"{self.visit} · {self.get_outcome_display() or '-'}"


class LiaisonKind(models.TextChoices):
    GOOD_DEED = "good_deed", _("Good deed")  # 做好事
    DIFFICULTY = "difficulty", _("Difficulty solved")  # 解难事
    PRACTICAL = "practical", _("Practical matter done")  # 办实事


class LiaisonRecord(models.Model):
    """Help given to an entity by its liaison (R7.3: 做好事、解难事、办实事)."""

    entity = models.ForeignKey("entities.MarketEntity", verbose_name=_("market entity"), on_delete=models.CASCADE,
                               related_name="liaison_records")
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("staff member"), on_delete=models.PROTECT,
                              related_name="+")
    kind = models.CharField(_("kind"), max_length=12, choices=LiaisonKind.choices)
    done_on = models.DateField(_("date"))
    description = models.TextField(_("what was done"))
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("liaison record")
        verbose_name_plural = _("liaison records")
        ordering = ["-done_on", "-pk"]

    def __str__(self):
        return f"{self.entity} · {self.get_kind_display()} · {self.done_on}"


class EntityConfirmation(models.Model):
    """The visited entity's own confirmation that a visit happened (one per visit: single use)."""

    visit = models.OneToOneField(Visit, verbose_name=_("visit"), on_delete=models.CASCADE, related_name="entity_confirmation")
    confirmed_at = models.DateTimeField(_("confirmed at"), default=timezone.now)
    rating = models.PositiveSmallIntegerField(_("rating"), choices=Satisfaction.choices, null=True, blank=True)
    comment = models.CharField(_("comment"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("entity confirmation")
        verbose_name_plural = _("entity confirmations")
        constraints = [models.CheckConstraint(condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                                              name="entity_confirmation_rating_1_5")]

    def __str__(self):
        return f"{self.visit} · {self.confirmed_at:%Y-%m-%d}"


# ------------------------------------------------ visit coverage maintained on write
# (outreach/coverage_tally.py): written only by the campaign signal and the database's triggers.

class CoverageRule(models.Model):
    """Which visits count for a campaign's `visit_coverage`: on or after `first_day`, of
    `visit_kind`, one row per counted method — a copy of the campaign's dates and rules that
    the triggers read, kept equal to them by the campaign's save."""

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE, related_name="+")
    first_day = models.DateField()
    visit_kind = models.CharField(max_length=8)
    method = models.CharField(max_length=8)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "method"], name="coveragerule_key")]


class CoverageFirst(models.Model):
    """The first counted visit of an entity by a unit in a campaign (the day it entered the
    unit's numerator, if the entity is in its area)."""

    entity = models.ForeignKey("entities.MarketEntity", on_delete=models.DO_NOTHING, db_constraint=False,
                               db_index=False, related_name="+")
    unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False,
                             related_name="+")
    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.DO_NOTHING, db_constraint=False,
                                 related_name="+")
    first_on = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entity", "unit", "campaign"], name="coveragefirst_key")]


class CoverageTally(models.Model):
    """How many active entities of a unit (`entity_unit`) and kind a unit first visited on a day
    (span "d"), in a month (span "m", dated the 1st) or in all (span "t"), per campaign."""

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.DO_NOTHING, db_constraint=False,
                                 db_index=False, related_name="+")
    span = models.CharField(max_length=1)
    day = models.DateField()
    unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False,
                             related_name="+")
    entity_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.DO_NOTHING, db_constraint=False,
                                    db_index=False, related_name="+")
    kind = models.CharField(max_length=16)
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "span", "day", "unit", "entity_unit", "kind"],
                                               name="coveragetally_key")]


class ReturnRule(models.Model):
    """Which visits count for a campaign's `return_visit_coverage`: penalties decided on or
    after `year_start`, return visits of `visit_kind`, one row per counted method — a copy of
    the campaign's year and rules that the triggers read, kept equal to them by its save."""

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE, related_name="+")
    year_start = models.DateField()
    visit_kind = models.CharField(max_length=8)
    method = models.CharField(max_length=8)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "method"], name="returnrule_key")]


class ReturnPair(models.Model):
    """An entity penalised in a campaign's year by a unit (acting for its departments): the
    first penalty's day and the unit's first counted return visit on or after it, if any."""

    entity = models.ForeignKey("entities.MarketEntity", on_delete=models.DO_NOTHING, db_constraint=False,
                               db_index=False, related_name="+")
    unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False,
                             related_name="+")
    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.DO_NOTHING, db_constraint=False,
                                 related_name="+")
    penalized_on = models.DateField()
    returned_on = models.DateField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entity", "unit", "campaign"], name="returnpair_key")]


class ReturnTally(models.Model):
    """How many active entities a unit first penalised (part "p") or first visited again
    after the penalty (part "r") on a day (span "d"), in a month (span "m", dated the 1st) or in
    all (span "t"), per campaign."""

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.DO_NOTHING, db_constraint=False,
                                 db_index=False, related_name="+")
    span = models.CharField(max_length=1)
    day = models.DateField()
    unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False,
                             related_name="+")
    part = models.CharField(max_length=1)
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "span", "day", "unit", "part"], name="returntally_key")]
