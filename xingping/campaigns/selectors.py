"""Reads for campaigns: what a unit owes, the deliverables matrix, what is overdue."""

import datetime
from dataclasses import dataclass

from django.db.models import Q

from xingping.campaigns.models import Deliverable, Submission, SubmissionState, today
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
