"""Reads for campaigns: what a unit owes, the deliverables matrix, what is overdue."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Sum, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from xingping.campaigns.models import Deliverable, MobilisationMeeting, Submission, SubmissionState, today
from xingping.orgs.models import Level, OrgUnit

# Display status of one (unit, deliverable) cell, worst first.
OVERDUE = "overdue"  # due date passed, not submitted (or returned and not resubmitted)
RETURNED = "returned"
PENDING = "pending"  # not yet due, not submitted
DRAFT = "draft"
SUBMITTED = "submitted"
ACCEPTED = "accepted"

STATUS_STYLE = {
    OVERDUE: "danger",
    RETURNED: "warning",
    PENDING: "secondary",
    DRAFT: "info",
    SUBMITTED: "primary",
    ACCEPTED: "success",
}

STATUS_LABELS = {
    OVERDUE: _("Overdue, not submitted"),  # 逾期未报
    RETURNED: _("Returned"),  # 已退回
    PENDING: _("Not yet due"),  # 未到期
    DRAFT: _("Draft"),  # 草稿
    SUBMITTED: _("Awaiting review"),  # 已报送，待审核
    ACCEPTED: _("Accepted"),  # 已通过
}
DONE_STATES = (SubmissionState.SUBMITTED, SubmissionState.ACCEPTED)


def deliverables_owed_q(unit):
    return Q(owner_unit=unit) | (Q(owner_unit__isnull=True) & Q(owner_levels__contains=unit.level))


def deliverables_for_unit(campaign, unit):
    return campaign.deliverables.filter(deliverables_owed_q(unit)).select_related("phase").order_by("due_on", "order")


def cell_status(deliverable, submission, as_of=None):
    as_of = as_of or today()
    state = submission.state if submission else None
    if state == SubmissionState.ACCEPTED:
        return ACCEPTED
    if state == SubmissionState.SUBMITTED:
        return SUBMITTED
    if deliverable.due_on < as_of:
        return OVERDUE if state != SubmissionState.RETURNED else RETURNED
    if state == SubmissionState.RETURNED:
        return RETURNED
    if state == SubmissionState.DRAFT:
        return DRAFT
    return PENDING


@dataclass
class Obligation:
    deliverable: Deliverable
    submission: Submission | None
    status: str

    @property
    def style(self):
        return STATUS_STYLE[self.status]

    @property
    def late(self):
        return bool(self.submission and self.submission.late)


def unit_obligations(campaign, unit, as_of=None):
    """What `unit` owes in `campaign`, with its submission and status (2 queries)."""
    deliverables = list(deliverables_for_unit(campaign, unit))
    subs = {
        s.deliverable_id: s
        for s in Submission.objects.filter(unit=unit, deliverable__campaign=campaign).prefetch_related("attachments")
    }
    return [Obligation(d, subs.get(d.pk), cell_status(d, subs.get(d.pk), as_of)) for d in deliverables]


def deliverables_matrix(campaign, units, as_of=None):
    """Rows of (unit, [Obligation or None per deliverable]) for the office's matrix.

    A constant number of queries whatever the number of units."""
    deliverables = list(campaign.deliverables.select_related("phase").order_by("due_on", "order"))
    units = list(units)
    subs = {
        (s.unit_id, s.deliverable_id): s
        for s in Submission.objects.filter(deliverable__campaign=campaign, unit__in=[u.pk for u in units])
    }
    rows = []
    for unit in units:
        cells = []
        for d in deliverables:
            if d.is_owed_by(unit):
                sub = subs.get((unit.pk, d.pk))
                cells.append(Obligation(d, sub, cell_status(d, sub, as_of)))
            else:
                cells.append(None)
        if any(cells):
            rows.append((unit, cells))
    return deliverables, rows


def rollup_children(deliverable, unit, as_of=None):
    """For an aggregated deliverable (逐级汇总): the units below `unit` that owe the
    deliverable it rolls up from, each with their submission and status."""
    source = deliverable.rollup_from
    if source is None:
        return []
    children = OrgUnit.objects.filter(path__startswith=unit.path).exclude(pk=unit.pk).exclude(level=Level.DEPARTMENT)
    children = [u for u in children if source.is_owed_by(u)]
    subs = {s.unit_id: s for s in Submission.objects.filter(deliverable=source, unit__in=[u.pk for u in children])}
    return [(u, Obligation(source, subs.get(u.pk), cell_status(source, subs.get(u.pk), as_of))) for u in children]


def overdue_and_upcoming(campaign, units, as_of=None, within_days=7):
    """Per unit: deliverables overdue and those due within `within_days` (for reminders)."""

    as_of = as_of or today()
    horizon = as_of + datetime.timedelta(days=within_days)
    _deliverables, rows = deliverables_matrix(campaign, units, as_of)
    result = []
    for unit, cells in rows:
        overdue = [c for c in cells if c and c.status in (OVERDUE, RETURNED) and c.deliverable.due_on < as_of]
        upcoming = [c for c in cells if c and c.status in (PENDING, DRAFT, RETURNED) and as_of <= c.deliverable.due_on <= horizon]
        if overdue or upcoming:
            result.append((unit, overdue, upcoming))
    return result


def timeline(campaign, day=None):
    """The four phases laid on the campaign window, with today's position (in %)."""
    day = day or today()
    span = max((campaign.last_day - campaign.first_day).days + 1, 1)

    def pos(d):
        return max(0.0, min(100.0, (d - campaign.first_day).days * 100.0 / span))

    phases = []
    prefetch_related_objects([campaign], "phases")  # one query for the bars and the current phase
    current = campaign.phase_on(day)
    for p in campaign.phases.all():
        phases.append({
            "phase": p,
            "left": pos(p.starts_on),
            "width": max(pos(p.ends_on + datetime.timedelta(days=1)) - pos(p.starts_on), 1.0),
            "status": p.status_on(day),
            "current": current is not None and p.pk == current.pk,
        })
    return {
        "campaign": campaign,
        "phases": phases,
        "today": day,
        "today_left": pos(day) if campaign.first_day <= day <= campaign.last_day else None,
        "current": current,
        "days_left": (campaign.last_day - day).days if day <= campaign.last_day else 0,
    }


# ------------------------------------------------------------- counts in the database

def _owed_by_outer_unit(prefix=""):
    """Q: the deliverable (reached through `prefix`) is owed by the outer OrgUnit — the same
    rule as `Deliverable.is_owed_by` and `deliverables_owed_q`, for subqueries."""
    return Q(**{f"{prefix}owner_unit": OuterRef("pk")}) | Q(
        **{f"{prefix}owner_unit__isnull": True, f"{prefix}owner_levels__contains": OuterRef("level")}
    )


def _owed_count(campaign, **deliverable_filter):
    """Subquery: how many deliverables of `campaign` the outer OrgUnit owes."""
    owed = Deliverable.objects.filter(campaign=campaign, **deliverable_filter).filter(_owed_by_outer_unit())
    counted = owed.order_by().values("campaign").annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _submission_count(campaign, **submission_filter):
    """Subquery: how many submissions of the outer OrgUnit, for deliverables it owes, match
    `submission_filter` (a submission for a deliverable it no longer owes — its level
    changed, or the deliverable was re-targeted — counts for nothing)."""
    subs = Submission.objects.filter(
        _owed_by_outer_unit("deliverable__"), unit=OuterRef("pk"), deliverable__campaign=campaign, **submission_filter
    )
    counted = subs.order_by().values("unit").annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def units_with_overdue(campaign, units, as_of=None):
    """`units` annotated with `owed_due` (owed, due before `as_of`), `done_due` (of those,
    submitted or accepted) and `overdue` (the difference): one query."""
    as_of = as_of or today()
    return (
        units.exclude(level=Level.DEPARTMENT)
        .annotate(
            owed_due=_owed_count(campaign, due_on__lt=as_of),
            done_due=_submission_count(campaign, deliverable__due_on__lt=as_of, state__in=DONE_STATES),
        )
        .annotate(overdue=F("owed_due") - F("done_due"))
    )


def campaign_counts(campaign, units, as_of=None):
    """The office's figures at a glance for the units in `units` (constant queries):
    units, overdue obligations, awaiting review, returned, accepted, late."""
    units = units.exclude(level=Level.DEPARTMENT)
    subs = Submission.objects.filter(deliverable__campaign=campaign, unit__in=units.values("pk")).aggregate(
        awaiting=Count("pk", filter=Q(state=SubmissionState.SUBMITTED)),
        returned=Count("pk", filter=Q(state=SubmissionState.RETURNED)),
        accepted=Count("pk", filter=Q(state=SubmissionState.ACCEPTED)),
        late=Count("pk", filter=Q(late=True)),
    )
    overdue = units_with_overdue(campaign, units, as_of).aggregate(n=Sum("overdue"))["n"] or 0
    return {"units": units.count(), "overdue": overdue, **subs}


def to_review(campaign, user, limit=20):
    """Submissions waiting for a review that `user` can see, oldest first."""
    from xingping.orgs.policy import scope_unit

    qs = Submission.objects.for_user(user).filter(deliverable__campaign=campaign, state=SubmissionState.SUBMITTED)
    own = scope_unit(user)
    if not user.has_role("office") and own is not None:
        qs = qs.exclude(unit=own)  # a unit does not review itself
    return (
        qs
        .select_related("unit", "deliverable")
        .order_by("submitted_at", "pk")[:limit]
    )


def on_time_counts(campaign, units, as_of):
    """C4 `deliverable_on_time_rate` per unit: {unit_pk: (on time, owed)} in one query.

    owed: deliverables the unit owes with a due date on or before `as_of`; on time: of
    those, the ones whose submission is now submitted or accepted and was first
    submitted on or before the due date (local date)."""
    rows = (
        OrgUnit.objects.filter(pk__in=[u.pk for u in units])
        .annotate(
            owed=_owed_count(campaign, due_on__lte=as_of),
            on_time=_submission_count(
                campaign,
                deliverable__due_on__lte=as_of,
                state__in=DONE_STATES,
                first_submitted_at__date__lte=F("deliverable__due_on"),
            ),
        )
        .values_list("pk", "on_time", "owed")
    )
    return {pk: (num, den) for pk, num, den in rows}


def rollup_summary(children):
    """Counts by status of `rollup_children(...)` rows, and the units still missing."""
    counts = {status: 0 for status in STATUS_STYLE}
    for _unit, obligation in children:
        counts[obligation.status] += 1
    missing = [u for u, o in children if o.status not in (SUBMITTED, ACCEPTED)]
    return {"counts": counts, "missing": missing, "total": len(children)}


def meetings_for(campaign, user):
    return (
        MobilisationMeeting.objects.for_user(user)
        .filter(campaign=campaign)
        .select_related("unit")
        .prefetch_related("materials")
        .order_by("-held_on", "-pk")
    )
