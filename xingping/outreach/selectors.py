"""Reads for outreach, computed in the database."""

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, F, Max, OuterRef, Q

from xingping.core.filters import date_range, text_contains
from xingping.entities.models import EntityStatus, MarketEntity
from xingping.outreach.figure_rules import rule
from xingping.outreach.models import Verification, Visit, VisitCheck
from xingping.outreach.permissions import SEE_CHECKS, policy

DEFAULT_MAX_PER_DAY = 30
DEFAULT_MAX_ENTRY_DELAY = 7
# Days after its entry a visit record may still be corrected by its recorder, unless the
# campaign's rules say otherwise (`visit_checks.correction_days`): as long as a late entry
# is tolerated (R14.3b), the same week.
DEFAULT_CORRECTION_DAYS = DEFAULT_MAX_ENTRY_DELAY

FLAGS = ("flag_per_day", "flag_before_registration", "flag_after_deregistration", "flag_future", "flag_late",
         "flag_not_confirmed")


def check_limits(campaign):
    """(visits per person per day, days allowed between a visit and its entry) from campaign.rules."""
    rules = (campaign.rules.get("visit_checks") if campaign else None) or {}
    return (int(rules.get("max_visits_per_person_per_day", DEFAULT_MAX_PER_DAY)),
            int(rules.get("max_entry_delay_days", DEFAULT_MAX_ENTRY_DELAY)))


def correction_days(campaign):
    """How many days after its entry a visit may be corrected (campaign.rules)."""
    rules = (campaign.rules.get("visit_checks") if campaign else None) or {}
    return int(rules.get("correction_days", rules.get("max_entry_delay_days", DEFAULT_CORRECTION_DAYS)))


def _flag(q):
    return ExpressionWrapper(q, output_field=BooleanField())


def with_flags(qs, campaign):
    """Annotate the automatic flags of R14.3(b) and the verification flag."""
    per_day, delay = check_limits(campaign)
    busy_day = (Visit.objects.filter(visitor=OuterRef("visitor"), visited_on=OuterRef("visited_on"))
                .values("visitor", "visited_on").annotate(n=Count("pk")).filter(n__gt=per_day))
    return qs.annotate(
        flag_per_day=Exists(busy_day),
        flag_before_registration=_flag(Q(entity__registered_on__isnull=False, visited_on__lt=F("entity__registered_on"))),
        flag_after_deregistration=_flag(Q(entity__deregistered_on__isnull=False,
                                          visited_on__gt=F("entity__deregistered_on"))),
        flag_future=_flag(Q(entry_delay__lt=0)),
        flag_late=_flag(Q(entry_delay__gt=delay)),
        flag_not_confirmed=_flag(Q(verification=Verification.NOT_CONFIRMED)),
    )


def flagged(qs, names=FLAGS):
    q = Q()
    for name in names:
        q |= Q(**{name: True})
    return qs.filter(q)


def visits_for(user):
    """The visits `user` may see, bare: what the ledger counts (no flags, no joins)."""
    return Visit.objects.for_user(user)


def visit_list(user, campaign=None):
    qs = visits_for(user).select_related("entity", "visitor", "unit", "entered_by")
    return with_flags(qs, campaign)


def my_entities(user, campaign):
    """包保: the active entities the user answers for, unvisited first. "Visited" means what
    `visit_coverage` counts: an on-site visit in the campaign window by the user's own unit
    (its staff or its departments' staff), not found "not confirmed"."""
    r = rule(campaign, "visit_coverage")
    unit = user.unit.acting_unit if user.unit_id else None
    window = Q(visits__kind=r["visit_kind"], visits__method__in=r["methods"], visits__unit=unit,
               visits__visited_on__gte=campaign.first_day, visits__visited_on__lte=campaign.last_day) & ~Q(
        visits__verification=Verification.NOT_CONFIRMED)
    return (MarketEntity.objects.filter(responsible=user, status=EntityStatus.ACTIVE)
            .annotate(last_visit=Max("visits__visited_on", filter=window),
                      penalties_count=Count("penalties", distinct=True))
            .order_by(F("last_visit").asc(nulls_first=True), "name"))


def dissatisfied_visits(user):
    return (Visit.objects.for_user(user).dissatisfied().select_related("entity", "visitor", "unit")
            .order_by("-visited_on", "-pk"))


# ------------------------------------------------------------------ confirmation by the entity visited

NEVER_CONFIRMED_MIN = 5  # a visitor with this many visits and none confirmed is flagged


def confirmation_share_by_unit(units, *, date_from=None, date_to=None):
    """Per visiting unit: visits, visits confirmed by the entity, share (in the database)."""
    qs = Visit.objects.filter(unit__in=units)
    if date_from:
        qs = qs.filter(visited_on__gte=date_from)
    if date_to:
        qs = qs.filter(visited_on__lte=date_to)
    rows = (qs.values("unit_id", "unit__code", "unit__name")
            .annotate(visits=Count("pk"), confirmed=Count("pk", filter=Q(entity_confirmation__isnull=False)))
            .order_by("unit__code"))
    return [dict(r, share=(r["confirmed"] / r["visits"]) if r["visits"] else None) for r in rows]


def visitors_never_confirmed(units, *, minimum=NEVER_CONFIRMED_MIN):
    """Visitors with at least `minimum` visits of which the entity confirmed none (a flag)."""
    return list(Visit.objects.filter(unit__in=units).values("visitor__username", "visitor__last_name", "unit__name")
                .annotate(visits=Count("pk"), confirmed=Count("pk", filter=Q(entity_confirmation__isnull=False)))
                .filter(visits__gte=minimum, confirmed=0).order_by("unit__name", "visitor__username"))


# ------------------------------------------------------------------ list filters (issue 13)

def filter_visits(qs, *, unit=None, visitor=None, q="", kind="", method="", date_from=None, date_to=None):
    """`qs` (visits) limited by the list's filters, in the database: `unit` with the units
    below it, the visitor, the entity's name or credit code, kind, method, visit dates."""
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if visitor is not None:
        qs = qs.filter(visitor=visitor)
    if q:
        qs = qs.filter(text_contains("entity__name", q) | Q(entity__uscc__startswith=q.strip().upper()))
    if kind:
        qs = qs.filter(kind=kind)
    if method:
        qs = qs.filter(method=method)
    return date_range(qs, "visited_on", date_from=date_from, date_to=date_to)


def visit_checks(user, *, unit=None, outcome=""):
    """The verification checks `user` may see, filtered by unit (and below) and outcome
    ("none": not yet called)."""
    qs = (policy.instances_user_has_permission_for(user, SEE_CHECKS, VisitCheck.objects.all())
          .select_related("visit__entity", "visit__visitor", "unit", "checked_by").order_by("outcome", "unit__path", "visit_id"))
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if outcome:
        qs = qs.filter(outcome="" if outcome == "none" else outcome)
    return qs
